"""Keeping the deadlines stored in a case file true to the rules and bank holidays in use.

Each case records what its deadlines were worked out with (`rules.computed_with`). When the rules
or the bank-holiday list change, the deadlines of every open case are worked out again, so the
case list and the case view never disagree. Used by the command line and the app alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import DeadlineRow


def worked_out(circumstances: dict[str, Any]) -> tuple[list[DeadlineRow], str]:
    """The deadlines to store for these circumstances, and what they were computed with."""
    from sendadvisor import rules

    assessment = rules.assess(circumstances)
    return rules.flatten_deadlines(assessment), rules.computed_with(assessment)


def refresh_stale_deadlines(case_file: Any) -> int:
    """Work out again the deadlines of open cases stored with other rules or bank holidays.

    Returns how many cases were refreshed. A stored case that the current rules refuse (for
    example facts now known to contradict each other) keeps its deadlines and is tried again next
    time; the adviser sees the problem when opening it.
    """
    from sendadvisor import rules

    current = rules.computed_with()
    refreshed = []
    for case_id, circumstances in case_file.stale_cases(current):
        try:
            deadlines, _ = worked_out(circumstances)
        except InputError:
            continue
        refreshed.append((case_id, deadlines))
    if refreshed:
        case_file.refresh_deadlines(refreshed, current)
    return len(refreshed)
