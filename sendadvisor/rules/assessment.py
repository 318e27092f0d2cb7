"""The assessment (`sendadvisor.assessment/1`, the contract's section 3) as types.

The engine builds these; their JSON form (`json.dumps` of the dicts) is the one serialisation.
TypedDicts rather than dataclasses: the assessment is the contract's JSON, renderers and stored
cases read it as such, and no conversion step can drift from it. mypy checks every key.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

Who = Literal["family", "council", "mediation_adviser", "health_body"]
Status = Literal[
    "upcoming", "today", "passed", "overdue", "done", "done_late", "awaiting_certificate"
]
Confidence = Literal["V", "S", "M"]


class SourceRef(TypedDict):
    label: str
    url: str


class StillPossible(TypedDict):
    """Something a family can still do once its own deadline has passed."""

    text: str
    sources: list[SourceRef]


class RouteResult(TypedDict):
    id: str
    needs_mediation_certificate: NotRequired[bool]  # on tribunal_appeal only
    title: str
    summary: str
    reason: str
    sources: list[SourceRef]
    confidence: Confidence
    cautions: list[str]
    adviser_notes: list[str]


class DeadlineResult(TypedDict):
    id: str
    due_on: str  # ISO date: the last day on which the act is in time
    act_by: str  # ISO date: the last safe working day (the same as due_on where it does not differ)
    who: Who
    status: Status
    title: str
    routes: list[str]  # the routes this date belongs to
    steps: list[str]
    sources: list[SourceRef]
    confidence: Confidence
    cautions: list[str]
    adviser_notes: list[str]
    done_on: NotRequired[str]
    still_possible: NotRequired[list[StillPossible]]  # once a family's date has passed


class ConcernResult(TypedDict):
    kind: str
    title: str
    routes: list[RouteResult]
    deadlines: list[DeadlineResult]
    cautions: list[str]


class WarningResult(TypedDict):
    id: str
    text: str
    field: NotRequired[str]
    concern: NotRequired[int]


class Assessment(TypedDict):
    schema: str
    as_of: str
    rules_version: str
    bank_holidays: str  # which bank-holiday list the dates were worked out with
    appellant: str
    concerns: list[ConcernResult]
    timeline: list[DeadlineResult]
    warnings: list[WarningResult]


class DeadlineRow(TypedDict):
    """One date as the case file stores it (`flatten_deadlines`)."""

    concern: int | None
    id: str
    due_on: str
    who: str
    status: str
    done_on: NotRequired[str]
