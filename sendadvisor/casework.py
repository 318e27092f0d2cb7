"""Keeping the deadlines stored in a case file true to the rules and bank holidays in use.

Each case records what its deadlines were worked out with (`rules.computed_with`). When the rules
or the bank-holiday list change, the deadlines of every open case are worked out again, so the
case list and the case view never disagree. Used by the command line and the app alike.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Assessment


def worked_out(circumstances: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The rows to store for these circumstances, and what they were computed with.

    The rows are every deadline and council time limit (`rules.flatten_deadlines`: those already
    done keep their `done_on`, so a service report can say which were met) and one row per
    concern with its kind and the routes open to it (`{"concern", "kind", "routes"}`), so the
    report counts them without running the rules again.
    """
    from sendadvisor import rules

    assessment = rules.assess(circumstances)
    return stored_rows(assessment), rules.computed_with(assessment)


def stored_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """What the case file keeps of an assessment (see `worked_out`): its dates, then a row per
    concern with its kind and open routes."""
    from sendadvisor import rules

    rows: list[dict[str, Any]] = [dict(row) for row in rules.flatten_deadlines(assessment)]
    rows += [
        {"concern": index, "kind": concern["kind"], "routes": [r["id"] for r in concern["routes"]]}
        for index, concern in enumerate(assessment["concerns"])
    ]
    return rows


def refresh_stale_deadlines(case_file: Any) -> int:
    """Work out again the deadlines of open cases stored with other rules or bank holidays, and
    of any case (closed ones too) whose rows were never recorded with the current storage form.

    Returns how many cases were refreshed. A stored case that the current rules refuse (for
    example facts now known to contradict each other) keeps its deadlines and is tried again next
    time; the adviser sees the problem when opening it. The dates are worked out without holding
    the case file, so each is stored only if its case still holds the circumstances read: one
    saved (or synced) meanwhile keeps its own dates, or is found stale again next time.
    """
    from sendadvisor import rules

    current = rules.computed_with()
    refreshed = []
    for case_id, circumstances in case_file.stale_cases(current):
        try:
            deadlines, _ = worked_out(copy.deepcopy(circumstances))  # kept as read
        except InputError:
            continue
        refreshed.append((case_id, deadlines, circumstances))
    if not refreshed:
        return 0
    return int(case_file.refresh_deadlines(refreshed, current))
