"""Stored deadlines follow the rules and bank holidays in use: each case records what its dates
were worked out with, and they are worked out again when either changes (the law right
everywhere, point 11); an awaited certificate leads the case list whatever its date (point 1)."""

from __future__ import annotations

from datetime import date

from sendadvisor import casework, rules
from sendadvisor.storage import CaseFile

AWAITING = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-30",
    "ehc_plan": "final",
    "family": {"child_name": "Sam Waiting"},
    "concerns": [
        {
            "kind": "plan_contents",
            "sections": ["F"],
            "sent_on": "2026-09-01",
            "mediation": {"adviser_contacted_on": "2026-10-20", "wants_mediation": True},
        }
    ],
}


def _stored(case_file: CaseFile, case_id: str) -> list[tuple]:
    with case_file._transaction(changes=False) as db:  # the rows exactly as stored
        return list(
            db.execute(
                "SELECT d.id, d.due_on, d.status FROM deadlines d JOIN cases c ON c.num = d.case_num "
                "WHERE c.id = ? ORDER BY d.id",
                [case_id],
            )
        )


def test_a_case_saved_with_other_rules_is_worked_out_again(case_file: CaseFile) -> None:
    deadlines, current = casework.worked_out(AWAITING)
    assert current == rules.computed_with()
    # As an older version would have stored it: a wrong date, under another rules version.
    stale = [dict(d, due_on="2026-10-30") if "due_on" in d else d for d in deadlines]
    case_id = case_file.add_case(AWAITING, stale, "2026.11.1|2028-12-31-00000000")
    assert case_file.stale_cases(current) == [(case_id, AWAITING)]
    assert casework.refresh_stale_deadlines(case_file) == 1
    assert _stored(case_file, case_id) == sorted(
        (d["id"], d["due_on"], d["status"]) for d in deadlines if "due_on" in d
    )
    assert case_file.stale_cases(current) == []
    assert casework.refresh_stale_deadlines(case_file) == 0  # nothing left to do


def test_an_awaited_certificate_leads_the_case_list_after_its_date(case_file: CaseFile) -> None:
    deadlines, current = casework.worked_out(AWAITING)
    case_id = case_file.add_case(AWAITING, deadlines, current)
    [row] = case_file.list_cases(today=date(2026, 11, 30))
    assert row.id == case_id
    # The appeal's 2-month date (2 November) has gone by, but it is awaited, not passed.
    assert (row.next_deadline_id, row.next_deadline_on) == ("tribunal_appeal", date(2026, 11, 2))
    assert row.next_deadline_status == "awaiting_certificate"
