"""The letter's wording file: complete for every identifier, and checked when a service edits it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sendadvisor.domain.circumstances import CONCERN_KINDS
from sendadvisor.letters.wording import WordingError, load_wording, wording_file
from sendadvisor.resources import resource_path
from sendadvisor.rules.rulebook import (
    DEADLINE_IDS,
    ORDER_DEADLINE_IDS,
    ROUTE_IDS,
    TIMELINE_IDS,
    default_rulebook,
)


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = wording_file().read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "wording.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shipped_wording_loads() -> None:
    wording = load_wording()
    assert wording.plain("document.title")


def test_every_rules_identifier_has_wording() -> None:
    """A route, deadline or concern the rules can produce must never reach a family as a bare id."""
    wording = load_wording()
    rules = resource_path("rules")
    route_files = {p.stem for p in (rules / "routes").glob("*.toml")}
    deadline_files = {p.stem for p in (rules / "deadlines").glob("*.toml")}
    timeline_files = {p.stem for p in (rules / "timeline").glob("*.toml")}
    assert route_files <= set(ROUTE_IDS)
    assert deadline_files <= set(DEADLINE_IDS + ORDER_DEADLINE_IDS)
    assert timeline_files <= set(TIMELINE_IDS)
    # Each route's title, summary and next step, and each deadline's title, live with the rule.
    book = default_rulebook()
    for route in book.routes:
        assert route.title and route.summary and route.next_step, route.id
    for entry in book.deadlines:
        assert entry.title, entry.id
    for kind in CONCERN_KINDS:
        assert wording.has(f"concerns.{kind}.label") and wording.has(f"concerns.{kind}.told_us"), (
            kind
        )


def test_concern_kinds_match_the_validator() -> None:
    from sendadvisor.domain import circumstances

    assert set(CONCERN_KINDS) == set(circumstances.CONCERN_KINDS)


def test_ehc_plan_is_explained_exactly_once() -> None:
    texts = load_wording().texts.values()
    assert sum(t.count("Education, Health and Care plan") for t in texts) == 1


def test_no_capitals_for_emphasis() -> None:
    """RNIB clear print: bold, not capitals (acronyms like SEND and EHC are allowed)."""
    for key, text in load_wording().texts.items():
        shouting = [
            w for w in re.findall(r"\b[A-Z]{5,}\b", text) if w not in {"SENDIASS", "SENCO", "HMCTS"}
        ]
        assert not shouting, (key, shouting)


def test_an_unknown_placeholder_is_refused_naming_the_key(tmp_path: Path) -> None:
    path = edited(tmp_path, 'greeting = "Dear {name},"', 'greeting = "Dear {parent},"')
    with pytest.raises(WordingError) as raised:
        load_wording(path)
    assert str(raised.value).startswith(
        "letters/wording.toml: opening.greeting: unknown placeholder {parent}"
    )


def test_the_document_title_cannot_hold_personal_details(tmp_path: Path) -> None:
    """The title becomes PDF metadata, which travels with the file: no child's name in it."""
    path = edited(
        tmp_path, 'title = "Your options and important dates"', 'title = "Options for {child}"'
    )
    with pytest.raises(WordingError, match="document.title: unknown placeholder"):
        load_wording(path)


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, "[closing]\n", '[closing]\ntext2 = "extra"\n')
    with pytest.raises(WordingError, match="closing.text2: unknown key"):
        load_wording(path)


def test_a_missing_sentence_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, 'sign_off = "Yours sincerely,"\n', "")
    with pytest.raises(WordingError, match="closing.sign_off: missing"):
        load_wording(path)


def test_an_unclosed_bold_mark_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, 'today = "**That is today.**"', 'today = "**That is today."')
    with pytest.raises(WordingError, match=r"most_important.today: has a \*\* without"):
        load_wording(path)


def test_bold_marks_become_runs_and_values_are_never_parsed() -> None:
    wording = load_wording()
    runs = wording.runs("routes.last_day", date="**not bold** <b>")
    assert [r.bold for r in runs] == [True]
    assert runs[0].text == "Last day: **not bold** <b>."


def test_an_edit_is_seen_without_restarting(tmp_path: Path) -> None:
    path = edited(tmp_path, 'sign_off = "Yours sincerely,"', 'sign_off = "Best wishes,"')
    assert load_wording(path).plain("closing.sign_off") == "Best wishes,"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Best wishes,", "With best wishes,"),
        encoding="utf-8",
    )
    import os

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_wording(path).plain("closing.sign_off") == "With best wishes,"
