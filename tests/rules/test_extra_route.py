"""Adding a route needs resource files only: an extra route in a copy of the rules is seen on the
command line, in the letter and on the results screen, with its own title, reason, next step and
contact."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sendadvisor.cli.assess import render_text
from sendadvisor.councils import load_council
from sendadvisor.domain.circumstances import parse_circumstances
from sendadvisor.domain.errors import InputError
from sendadvisor.letters import build_letter_content
from sendadvisor.resources import resource_path
from sendadvisor.rules import assess
from sendadvisor.rules.rulebook import load_rulebook

EXTRA = """id = "local_panel"
rank = 35
title = "Ask the local SEN support panel"
summary = "A panel of local headteachers looks at the support a school gives and can suggest changes."
next_step = "Ask {sendiass} to put your case to the panel."
contacts = ["sendiass"]
confidence = "S"
applies_from = "2014-09-01"
last_checked = "2026-11-30"
cautions = ["The panel does not stop any time limit."]

[[sources]]
label = "Example council SEN support panel terms of reference"
url = "https://www.example.org/panel"

[[open_when]]
kinds = ["sen_support"]
reason = "The school's support for {child} is what you disagree with."
"""
CASE = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "ehc_plan": "none",
    "family": {"parent_name": "Alex Smith", "child_name": "Sam Smith"},
    "concerns": [{"kind": "sen_support"}],
}


def _rules_with_extra(tmp_path: Path, text: str = EXTRA) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    (folder / "routes" / "local_panel.toml").write_text(text)
    return folder


def test_an_extra_route_reaches_the_command_line_and_the_letter(tmp_path: Path) -> None:
    book = load_rulebook(_rules_with_extra(tmp_path))
    assessment = assess(CASE, rulebook=book)
    assert "local_panel" in [r["id"] for r in assessment["concerns"][0]["routes"]]
    cli = render_text(assessment)
    assert "Ask the local SEN support panel" in cli
    assert "The school's support for your child is what you disagree with." in cli
    circumstances = parse_circumstances(CASE)
    letter = build_letter_content(
        circumstances,
        assessment,
        council=load_council("dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=date(2026, 11, 27),
        rulebook=book,
    ).plain_text()
    assert "Ask the local SEN support panel" in letter
    assert "A panel of local headteachers" in letter
    assert (
        "What to do: Ask Dorset SENDIASS (SEND Information, Advice and Support Service) to put your case to the panel."
        in letter
    )
    assert "The panel does not stop any time limit." in letter


def test_an_extra_route_reaches_the_results_screen(tmp_path: Path, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from sendadvisor.ui.results_view import ResultsView

    book = load_rulebook(_rules_with_extra(tmp_path))
    assessment = assess(CASE, rulebook=book)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_assessment(CASE, assessment, date(2026, 11, 27))
    texts = " ".join(label.text() for label in view.findChildren(QLabel))
    assert "Ask the local SEN support panel" in texts


def test_an_extra_route_is_checked_as_strictly_as_the_shipped_ones(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"local_panel.toml: next_step: unknown placeholder \{panel\}"
    ):
        load_rulebook(_rules_with_extra(tmp_path, EXTRA.replace("{sendiass}", "{panel}")))
    with pytest.raises(InputError, match=r"local_panel.toml: contacts: 'panel' is not one of"):
        load_rulebook(_rules_with_extra(tmp_path / "b", EXTRA.replace('["sendiass"]', '["panel"]')))
    with pytest.raises(InputError, match=r"is not an identifier"):
        load_rulebook(
            _rules_with_extra(tmp_path / "c", EXTRA.replace('"local_panel"', '"Local Panel"'))
        )


def _rules_with_appeal_action(tmp_path: Path, line: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    appeal = folder / "deadlines" / "tribunal_appeal.toml"
    text = "\n".join(
        row for row in appeal.read_text().splitlines() if not row.startswith("action =")
    )
    appeal.write_text(text.replace('who = "family"', f'{line}\nwho = "family"', 1) + "\n")
    return folder


def test_a_family_deadline_says_what_the_family_does_in_its_own_file(tmp_path: Path) -> None:
    """The letter's headline verb is the deadline's own `action`: changing the file changes it."""
    from sendadvisor.letters import render_letter

    book = load_rulebook(_rules_with_appeal_action(tmp_path, 'action = "Post your appeal form"'))
    data = {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-11-27",
        "ehc_plan": "final",
        "family": {"parent_name": "Alex Smith", "child_name": "Sam Smith"},
        "concerns": [
            {
                "kind": "plan_contents",
                "sections": ["F"],
                "sent_on": "2026-11-02",
                "mediation": {
                    "adviser_contacted_on": "2026-11-20",
                    "wants_mediation": False,
                    "certificate_issued_on": "2026-11-24",
                },
            }
        ],
    }
    circumstances = parse_circumstances(data)
    content = build_letter_content(
        circumstances,
        assess(circumstances, rulebook=book),
        council=load_council("dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=date(2026, 11, 27),
        rulebook=book,
    )
    text = content.plain_text()
    assert "Post your appeal form by" in text and "Send your appeal by" not in text
    assert render_letter(content)[:4] == b"%PDF"


def test_a_family_deadline_without_an_action_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        load_rulebook(_rules_with_appeal_action(tmp_path, ""))
    assert "tribunal_appeal.toml: action" in str(refused.value)
