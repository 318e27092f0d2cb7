"""One meaning, shown three ways: every scenario through the command line's text, the screen's
model (sendadvisor.presentation, which the results view renders) and the letter's text gives the
same deadlines, dates, statuses and headline day; none of them shows identifiers or programmer
notation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sendadvisor import presentation
from sendadvisor.cli.assess import render_text
from sendadvisor.councils import load_council
from sendadvisor.dates import format_long
from sendadvisor.domain.circumstances import parse_circumstances
from sendadvisor.letters import build_letter_content, full_date
from sendadvisor.rules import assess

SCENARIOS = [
    p
    for p in sorted((Path(__file__).parent / "scenarios").rglob("*.json"))
    if "error" not in json.loads(p.read_text())["expect"]
]
# Identifiers and programmer notation: a field path, a snake_case word, Python's None.
PROGRAMMER = re.compile(r"concerns\[|\b[a-z]+(?:_[a-z0-9]+)+\b|\bNone\b")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _letter_text(data: dict, assessment: dict) -> str:
    circumstances = parse_circumstances(data)
    content = build_letter_content(
        circumstances,
        assessment,
        council=load_council(circumstances.council or "dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
    )
    return _plain(content.plain_text())


def _without_urls(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


@pytest.mark.parametrize("path", SCENARIOS, ids=[f"{p.parent.name}/{p.stem}" for p in SCENARIOS])
def test_the_command_line_the_screen_model_and_the_letter_agree(path: Path) -> None:
    data = json.loads(path.read_text())["circumstances"]
    assessment = assess(data)
    cli = _plain(render_text(assessment))
    letter = _letter_text(data, assessment)
    views = presentation.views(assessment)
    for view in views:
        # The same date and the same status in words, wherever the date is shown.
        assert f"{format_long(view.due_on)}: {view.title}" in cli, view.id
        if view.status != "upcoming":
            assert (
                f"{format_long(view.due_on)}: {view.title} ({view.who_words}) <- {view.status_words.upper()}"
                in cli
            )
        row = f"{_plain(full_date(view.due_on))} {view.status_words if view.status != 'upcoming' else ''}".strip()
        assert row in letter, (view.id, row)
    first = presentation.headline(assessment)
    if first is not None and first.status != "awaiting_certificate":
        assert f"Most urgent: {first.title}: act by {format_long(first.act_by)}" in cli
        # The letter's box leads with what to do and the day to act by ("Send your appeal by ...").
        assert f" by {_plain(full_date(first.act_by))}." in letter
    elif first is not None:
        assert "waiting for the mediation certificate" in cli
        assert "waiting for the mediation certificate" in letter
    for name, text in (("command line", cli), ("letter", letter)):
        found = sorted(set(PROGRAMMER.findall(_without_urls(text))))
        assert not found, f"{name} shows programmer text: {found}"


def test_the_results_screen_renders_the_same_model(qtbot) -> None:
    from datetime import date

    from PySide6.QtWidgets import QLabel

    from sendadvisor.ui.results_view import ResultsView

    for path in SCENARIOS:
        data = json.loads(path.read_text())["circumstances"]
        assessment = assess(data)
        view = ResultsView()
        qtbot.addWidget(view)
        view.show_assessment(data, assessment, date.fromisoformat(assessment["as_of"]))
        labels = {label.objectName(): label.text() for label in view.findChildren(QLabel)}
        screen = _plain(" ".join(labels.values()))
        for item in presentation.views(assessment):
            key = "timeline" if item.concern is None else str(item.concern)
            name = f"deadline.{key}.{item.id}"
            assert labels[name + ".due_on"] == format_long(item.due_on), path.stem
            if item.status in ("done", "done_late", "awaiting_certificate"):
                assert labels[name + ".left"] == item.status_words, path.stem
            elif item.is_gone:
                assert labels[name + ".left"].startswith(item.status_words), path.stem
        found = sorted(set(PROGRAMMER.findall(_without_urls(re.sub(r"<[^>]+>", " ", screen)))))
        assert not found, f"{path.stem}: the results screen shows programmer text: {found}"
        view.deleteLater()


@pytest.mark.parametrize("later", [0, 1, 14, 45])
def test_a_stored_status_on_a_later_day_is_the_engines(later: int) -> None:
    """The case list's status of a saved deadline on a later day (presentation.status_on) is
    what the engine gives when the same case is assessed on that day."""
    from datetime import date, timedelta

    compared = 0
    for path in SCENARIOS:
        data = json.loads(path.read_text())["circumstances"]
        then = assess(parse_circumstances(data))
        day = date.fromisoformat(data["as_of"]) + timedelta(days=later)
        now = assess(parse_circumstances({**data, "as_of": day.isoformat()}))
        again = {(d["id"], d["due_on"]): d for c in now["concerns"] for d in c["deadlines"]}
        for concern in then["concerns"]:
            for deadline in concern["deadlines"]:
                fresh = again.get((deadline["id"], deadline["due_on"]))
                if fresh is None or deadline["due_on"] is None:
                    continue
                due = date.fromisoformat(deadline["due_on"])
                shown = presentation.status_on(deadline["status"], due, deadline["who"], day)
                assert shown == fresh["status"], (path.name, deadline["id"])
                compared += 1
    assert compared > 50
