"""The pure content builder: what the letter says, in what order, before any layout."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from letters_support import CASES, all_deadlines, load_case, long_date, normalise

from sendadvisor.councils import load_council
from sendadvisor.domain.circumstances import parse_circumstances
from sendadvisor.letters import build_letter_content, full_date
from sendadvisor.letters.model import Callout, DeadlineTable, LetterContent, text_of
from sendadvisor.rules import assess


def content_for(case: str | dict[str, Any], **kwargs: Any) -> tuple[LetterContent, dict[str, Any]]:
    data = load_case(case) if isinstance(case, str) else case
    circumstances = parse_circumstances(data)
    assessment = assess(circumstances)
    options = {"adviser_name": "Jo Adviser", "service_name": "Dorset SENDIASS", **kwargs}
    content = build_letter_content(
        circumstances,
        assessment,
        council=load_council("dorset"),
        issued_on=circumstances.as_of,
        **options,
    )
    return content, assessment


def blocks_of(content: LetterContent, kind: type) -> list[Any]:
    return [b for b in content.blocks if isinstance(b, kind)]


def test_building_the_content_does_not_import_reportlab() -> None:
    code = (
        "import sys, json\n"
        "from sendadvisor.letters import build_letter_content\n"
        "from sendadvisor.councils import load_council\n"
        "from sendadvisor.rules import assess\n"
        f"data = json.load(open({str(CASES / 'plan_contents.json')!r}))\n"
        "from datetime import date\n"
        "build_letter_content(data, assess(data), council=load_council('dorset'), adviser_name='A',\n"
        "                     service_name='S', issued_on=date(2026, 11, 27))\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.stdout.strip() == "[]"


def test_full_dates_keep_day_month_and_year_together() -> None:
    assert normalise(full_date("2027-01-04")) == "Monday 4 January 2027"
    assert full_date(date(2026, 12, 24)) == "Thursday 24\u00a0December\u00a02026"


def test_every_deadline_of_the_assessment_is_in_the_table_most_urgent_first() -> None:
    content, assessment = content_for("plan_contents")
    (table,) = blocks_of(content, DeadlineTable)
    shown = [normalise(r.date_text) for r in table.rows + table.passed_rows]
    expected = sorted(all_deadlines(assessment), key=lambda d: d["due_on"])
    assert sorted(shown) == sorted(long_date(d["due_on"]) for d in expected)
    active = [r.due_on for r in table.rows]
    assert active == sorted(active)
    assert all(r.state in ("overdue", "passed") for r in table.passed_rows)
    assert all(r.state not in ("overdue", "passed") for r in table.rows)


def test_a_deadline_already_met_is_marked_done_and_is_not_the_most_important_date() -> None:
    content, assessment = content_for("plan_contents")
    contact = next(d for d in all_deadlines(assessment) if d["id"] == "mediation_adviser_contact")
    assert contact.get("done_on") == "2026-11-20"
    (table,) = blocks_of(content, DeadlineTable)
    row = next(r for r in table.rows if r.due_on == contact["due_on"])
    assert row.state == "done" and normalise(row.mark or "") == "Done on Friday 20 November 2026"
    (callout,) = blocks_of(content, Callout)
    appeal = next(d for d in all_deadlines(assessment) if d["id"] == "tribunal_appeal")
    assert long_date(appeal["due_on"]) in normalise(text_of(callout.lines[0]))


def test_overdue_council_limits_get_their_own_part_with_what_to_do() -> None:
    content, assessment = content_for("plan_contents")
    text = normalise(content.plain_text())
    overdue = [d for d in assessment["timeline"] if d["status"] == "overdue"]
    assert overdue
    # The late dates are in the table, marked Overdue; the short part after it says what to do.
    (table,) = blocks_of(content, DeadlineTable)
    marked = [r for r in table.passed_rows if normalise(r.mark or "") == "Overdue"]
    assert len(marked) == len(overdue)
    assert "When the council is late" in text
    assert "time limits marked Overdue in the table" in text
    assert "Local Government and Social Care Ombudsman" in text


def test_when_every_family_date_has_passed_the_letter_says_so_first() -> None:
    content, _ = content_for("refuse_assessment_passed")
    (callout,) = blocks_of(content, Callout)
    assert "have passed" in text_of(callout.lines[0])
    (table,) = blocks_of(content, DeadlineTable)
    assert not table.rows and table.passed_rows
    assert all(normalise(r.mark or "") == "Passed" for r in table.passed_rows)


def test_a_case_with_no_deadline_says_what_to_do_when_a_decision_arrives() -> None:
    content, assessment = content_for("sen_support_no_deadline")
    assert not all_deadlines(assessment)
    assert not blocks_of(content, DeadlineTable) and not blocks_of(content, Callout)
    text = normalise(content.plain_text())
    assert "There are no dates to meet at the moment" in text
    assert "decision letter" in text
    assert "How we worked out your dates" not in text


def test_a_young_person_is_written_to_directly() -> None:
    content, assessment = content_for("young_person_two_concerns")
    assert assessment["appellant"] == "young_person"
    text = normalise(content.plain_text())
    assert "Dear Ali Khan," in text
    assert "there is no EHC plan for you" in text
    assert "About: Ali Khan" not in text  # the letter is to them, not about them
    # Two concerns: each deadline says which concern it is about.
    (table,) = blocks_of(content, DeadlineTable)
    assert all("About " in text_of(r.what) for r in table.rows + table.passed_rows)


def test_only_the_details_given_are_printed() -> None:
    data = load_case("plan_contents")
    data["family"] = {"child_name": "Sam Smith"}
    content, _ = content_for(data)
    text = content.plain_text()
    assert "Dear parent or carer," in text
    assert "Alex" not in text and "High Street" not in text and "Date of birth" not in text
    assert "About: Sam Smith" in text


def test_user_text_is_kept_exactly_as_typed_for_the_renderer_to_escape() -> None:
    data = load_case("plan_contents")
    data["summary"] = 'Mum said <b>no</b> & <a href="https://example.org">see this</a>'
    content, _ = content_for(data)
    assert 'Mum said <b>no</b> & <a href="https://example.org">see this</a>' in content.plain_text()


def test_the_adviser_and_service_default_sensibly() -> None:
    content, _ = content_for("plan_contents", adviser_name=" ", service_name="")
    text = content.plain_text()
    assert "Your SENDIASS adviser" in text
    assert content.service_name == load_council("dorset").contact("sendiass").name  # type: ignore[union-attr]


def test_contacts_match_the_routes_and_name_dorset() -> None:
    content, _ = content_for("plan_contents")
    text = normalise(content.plain_text())
    for expected in (
        "sendiass@dorsetcc.gov.uk",
        "07748 624609",
        "Global Mediation",
        "0800 064 4488",
        "send@justice.gov.uk",
    ):
        assert expected in text
    # Global Mediation does two jobs in Dorset but gets one card.
    assert text.count("Phone: 0800 064 4488") == 1
    no_tribunal, _ = content_for("sen_support_no_deadline")
    assert "send@justice.gov.uk" not in no_tribunal.plain_text()


def test_document_properties_hold_nothing_personal() -> None:
    content, _ = content_for("plan_contents")
    for personal in ("Sam", "Alex", "Smith", "Jo Adviser", "High Street"):
        assert personal not in content.title and personal not in content.subject


def test_every_shipped_case_builds(tmp_path: Path) -> None:
    for path in sorted(CASES.glob("*.json")):
        content, _ = content_for(json.loads(path.read_text(encoding="utf-8")))
        assert content.blocks, path.name


@pytest.mark.parametrize("status", ["passed", "today"])
def test_route_last_day_wording_follows_the_status(status: str) -> None:
    """Hand-made assessment (statuses the real cases may not reach on their as_of)."""
    circumstances = parse_circumstances(load_case("refuse_assessment_passed"))
    assessment = {
        "schema": "sendadvisor.assessment/1",
        "as_of": "2026-11-27",
        "rules_version": "test",
        "concerns": [
            {
                "kind": "refuse_assessment",
                "routes": [{"id": "tribunal_appeal", "reason": "Because.", "sources": []}],
                "deadlines": [
                    {
                        "id": "tribunal_appeal",
                        "due_on": "2026-11-27",
                        "who": "family",
                        "routes": ["tribunal_appeal"],
                        "status": status,
                        "steps": [],
                        "sources": [],
                    }
                ],
                "cautions": [],
            }
        ],
        "timeline": [],
        "warnings": [],
    }
    content = build_letter_content(
        circumstances,
        assessment,
        council=load_council("dorset"),
        adviser_name="A",
        service_name="S",
        issued_on=date(2026, 11, 27),
    )
    text = normalise(content.plain_text())
    if status == "today":
        assert "Today, Friday 27 November 2026, is the last day." in text
        assert "That is today." in text
    else:
        assert "The last day was Friday 27 November 2026. It has passed." in text


def test_mediation_next_step_follows_what_the_family_chose() -> None:
    data = json.loads((Path(__file__).parents[2] / "examples" / "plan-contents.json").read_text())
    declined, _ = content_for(data)
    declined_text = normalise(declined.plain_text())
    assert "You told the mediation adviser you do not want mediation" in declined_text
    assert "Tell Global Mediation and the council you want mediation" not in declined_text
    data["concerns"][0]["mediation"] = {
        "adviser_contacted_on": "2026-11-20",
        "wants_mediation": True,
    }
    wanted, _ = content_for(data)
    wanted_text = normalise(wanted.plain_text())
    assert "Tell Global Mediation and the council you want mediation" in wanted_text
    assert "do not want mediation" not in wanted_text
