"""The wizard's flow without Qt: which pages and questions a case needs, typed dates, answers <-> circumstances."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from sendadvisor.domain.circumstances import (
    CONCERN_KEYS,
    MEDIATION_KEYS,
    TIMELINE_KEYS,
    parse_circumstances,
)
from sendadvisor.ui import passphrase
from sendadvisor.wizard import flow


def test_flow_and_passphrase_modules_import_no_qt():
    code = "import sys, sendadvisor.ui, sendadvisor.wizard.flow, sendadvisor.ui.passphrase; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_every_question_is_a_field_the_circumstances_accept():
    for question in flow.CONCERN_QUESTIONS:
        key = question.path.split(".")[-1]
        assert key in CONCERN_KEYS or key in MEDIATION_KEYS, question.path
    for question in flow.TIMELINE_QUESTIONS:
        assert question.path.removeprefix("timeline.") in TIMELINE_KEYS


@pytest.mark.parametrize(
    ("kind", "asked", "not_asked"),
    [
        (
            "plan_contents",
            {"sent_on", "letter_dated", "sections", "mediation.certificate_issued_on"},
            {"conduct_on", "noticed_on"},
        ),
        (
            "refuse_assessment",
            {"sent_on", "mediation.adviser_contacted_on"},
            {"sections", "board_decision_notified_on"},
        ),
        (
            "disability_discrimination",
            {"conduct_on"},
            {"sent_on", "sections", "mediation.wants_mediation"},
        ),
        (
            "permanent_exclusion",
            {"board_decision_notified_on", "school_closed"},
            {"sent_on", "mediation.concluded_on"},
        ),
        ("school_transport", {"sent_on"}, {"mediation.adviser_contacted_on", "sections"}),
        ("council_delay", {"noticed_on"}, {"sent_on", "sections"}),
        (
            "provision_not_delivered",
            {"noticed_on", "sections"},
            {"sent_on", "mediation.council_told_on"},
        ),
    ],
)
def test_a_concern_asks_only_what_its_kind_needs(kind, asked, not_asked):
    paths = {q.path for q in flow.concern_questions(kind)}
    assert asked <= paths
    assert not (not_asked & paths)
    assert flow.concern_questions(kind)[0].path == "kind"


def test_provision_not_delivered_offers_only_provision_sections():
    assert flow.sections_for("provision_not_delivered") == ("F", "G", "H1", "H2")
    assert flow.sections_for("plan_contents") == flow.PLAN_SECTIONS
    assert flow.sections_for("council_delay") == ()


def test_page_order_skips_council_dates_when_none_matter():
    assert flow.page_order("none", ["disability_discrimination"]) == [
        "family",
        "plan",
        "concern:0",
        "check",
    ]
    assert flow.page_order("final", ["plan_contents", "council_delay"]) == [
        "family",
        "plan",
        "concern:0",
        "concern:1",
        "timeline",
        "check",
    ]
    assert flow.next_page("concern:0", "none", ["sen_support"]) == "check"
    assert flow.next_page("check", "final", ["plan_contents"]) is None


def test_timeline_questions_follow_plan_stage_and_concerns():
    assert flow.timeline_question_paths("draft", []) == [
        "timeline.assessment_requested_on",
        "timeline.draft_plan_served_on",
    ]
    assert flow.timeline_question_paths("none", ["refuse_assessment"]) == [
        "timeline.assessment_requested_on"
    ]
    assert "timeline.phase_transfer_on" in flow.timeline_question_paths("final", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/11/2026", date(2026, 11, 2)),
        ("2/11/2026", date(2026, 11, 2)),
        ("2026-11-02", date(2026, 11, 2)),
        ("02.11.2026", date(2026, 11, 2)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_are_read_day_first_or_iso(text, expected):
    assert flow.parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("30/02/2026", "not a real date"),
        ("11/2026", "Type it as day/month/year"),
        ("tomorrow", "not a date"),
        ("2026-13-01", "not a real date"),
    ],
)
def test_bad_dates_are_explained(text, words):
    with pytest.raises(flow.DateTextError, match=words):
        flow.parse_date_text(text)


def test_a_fact_date_after_the_advice_is_refused_but_the_advice_date_is_not():
    as_of = date(2026, 11, 27)
    assert "after the date of the advice" in flow.check_date_text(
        "28/11/2026", as_of=as_of, past_only=True
    )
    assert flow.check_date_text("28/11/2026", as_of=as_of, past_only=False) is None
    assert flow.check_date_text("27/11/2026", as_of=as_of, past_only=True) is None


def test_rights_hint_uses_the_end_of_compulsory_school_age():
    # Born 1 May 2010: turns 16 in May 2026, so school age ends Friday 26 June 2026.
    assert flow.rights_holder(date(2010, 5, 1), date(2026, 6, 26)) == "parent"
    assert flow.rights_holder(date(2010, 5, 1), date(2026, 6, 27)) == "young_person"
    assert "26 June 2026" in flow.rights_hint(date(2010, 5, 1), date(2026, 11, 28), "Sam")
    assert flow.rights_hint(None, date(2026, 11, 28)) == ""


def _answers() -> dict:
    return {
        "as_of": "27/11/2026",
        "council": "dorset",
        "family.child_name": "Sam Smith",
        "family.address": "1 High Street\n\nDorchester\n",
        "family.child_date_of_birth": "01/05/2014",
        "ehc_plan": "final",
        "concerns.0.kind": "plan_contents",
        "concerns.0.sent_on": "02/11/2026",
        "concerns.0.sections.F": True,
        "concerns.0.sections.I": True,
        "concerns.0.conduct_on": "01/01/2026",  # left from another kind: must not leak
        "concerns.0.mediation.adviser_contacted_on": "20/11/2026",
        "concerns.0.mediation.certificate_issued_on": "2026-11-24",
        "concerns.1.kind": "disability_discrimination",
        "concerns.1.conduct_on": "13/10/2026",
        "concerns.1.sent_on": "01/10/2026",  # not asked for this kind
        "timeline.annual_review_meeting_on": "05/11/2026",
        "timeline.draft_plan_served_on": "01/01/2026",  # not asked with a final plan
    }


def test_answers_become_valid_circumstances_with_only_the_asked_facts():
    circumstances = flow.answers_to_circumstances(_answers(), 2)
    parse_circumstances(circumstances)  # the same validation the command line uses
    assert circumstances["family"]["address"] == ["1 High Street", "Dorchester"]
    first, second = circumstances["concerns"]
    assert first == {
        "kind": "plan_contents",
        "sent_on": "2026-11-02",
        "sections": ["F", "I"],
        "mediation": {
            "adviser_contacted_on": "2026-11-20",
            "wants_mediation": False,
            "certificate_issued_on": "2026-11-24",
        },
    }
    assert second == {"kind": "disability_discrimination", "conduct_on": "2026-10-13"}
    assert circumstances["timeline"] == {"annual_review_meeting_on": "2026-11-05"}


def test_a_bad_answer_names_its_widget():
    answers = _answers() | {"concerns.1.conduct_on": "31/09/2026"}
    with pytest.raises(flow.AnswerError) as caught:
        flow.answers_to_circumstances(answers, 2)
    assert caught.value.path == "concerns.1.conduct_on"
    assert "not a real date" in caught.value.message


def test_circumstances_round_trip_through_the_answers():
    circumstances = flow.answers_to_circumstances(_answers(), 2)
    answers, count = flow.circumstances_to_answers(circumstances)
    assert count == 2
    assert flow.answers_to_circumstances(answers, count) == circumstances


def test_school_closures_are_read_as_periods():
    answers = {
        "as_of": "27/11/2026",
        "concerns.0.kind": "permanent_exclusion",
        "concerns.0.board_decision_notified_on": "20/11/2026",
        "concerns.0.school_closed": "21/12/2026 - 01/01/2027\n\n05/01/2027",
    }
    concern = flow.answers_to_circumstances(answers, 1)["concerns"][0]
    assert concern["school_closed"] == [["2026-12-21", "2027-01-01"], ["2027-01-05", "2027-01-05"]]
    with pytest.raises(flow.AnswerError, match="line 1"):
        flow.answers_to_circumstances(
            answers | {"concerns.0.school_closed": "05/01/2027 - 01/01/2027"}, 1
        )


def test_field_paths_in_errors_become_widget_names():
    assert flow.widget_path("concerns[12].sent_on") == "concerns.12.sent_on"
    assert (
        flow.widget_path("concerns[0].mediation.concluded_on")
        == "concerns.0.mediation.concluded_on"
    )


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "today"), (1, "tomorrow"), (5, "in 5 days"), (-1, "yesterday"), (-3, "3 days ago")],
)
def test_days_left_in_words(days, text):
    today = date(2026, 11, 28)
    assert flow.days_left_text(date.fromordinal(today.toordinal() + days), today) == text


@pytest.mark.parametrize(
    ("phrase", "acceptable"),
    [
        ("short", False),
        ("password123", False),
        ("aaaaaaaaaaaa", False),
        ("correct horse battery", True),
        ("Kitchen-Table-42-Dorset", True),
    ],
)
def test_passphrase_strength(phrase, acceptable):
    assert passphrase.strength(phrase).acceptable is acceptable


def test_field_paths_in_rule_messages_become_question_labels():
    text = "concerns[1]: give concerns[1].conduct_on to work out this date"
    assert (
        flow.plain_field_names(text)
        == "Concern 2: give “Day of the unfair treatment” (concern 2) to work out this date"
    )
    assert "“Day of the last annual review meeting”" in flow.plain_field_names(
        "give timeline.annual_review_meeting_on"
    )
    assert flow.plain_field_names("nothing to change") == "nothing to change"


def test_every_fact_a_kinds_rules_read_is_asked() -> None:
    """The wizard's questions come from the rules: for every kind, each concern fact that a
    reachable deadline can start from, be done by, or read is a question of that kind."""
    from sendadvisor.rules.rulebook import default_rulebook, facts_for_kind

    book = default_rulebook()
    for kind, _ in flow.CONCERN_KINDS:
        asked = {q.path for q in flow.concern_questions(kind)}
        for fact in facts_for_kind(book, kind):
            paths = {"concern.decision_sent": "sent_on", "concern.decision_made": "sent_on"}
            assert paths.get(fact, fact.removeprefix("concern.")) in asked, (kind, fact)


def test_the_wizard_can_record_every_fact_the_scenarios_rely_on() -> None:
    """Cross-check with the legal scenarios: each fact a scenario's concern gives and its rules
    read can be entered in the wizard for that kind (orders come only from imported files)."""
    import json
    from pathlib import Path

    from sendadvisor.rules.rulebook import default_rulebook, facts_for_kind

    book = default_rulebook()
    for path in sorted((Path(__file__).parents[1] / "scenarios").rglob("*.json")):
        for concern in json.loads(path.read_text())["circumstances"]["concerns"]:
            kind = concern["kind"]
            read = facts_for_kind(book, kind)
            asked = {q.path for q in flow.concern_questions(kind)}
            given = {key for key in concern if key not in ("kind", "order", "mediation")}
            given |= {f"mediation.{key}" for key in concern.get("mediation", {})}
            for key in given:
                if f"concern.{key}" in read or key in ("sections", "description"):
                    assert key in asked, (path.name, kind, key)
