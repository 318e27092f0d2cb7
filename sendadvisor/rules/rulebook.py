"""The rules' types (routes, deadlines, the rule book) and the rule book in use.

The rules are data in `resources/rules/` (one TOML file per route and per deadline), read by the
strict loader in `sendadvisor.rules.loader`, or, at most starts, from the checked plain-data cache
(`sendadvisor.rules.cache`), so that `assess` does not even import the loader.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Confidence, Who

from sendadvisor import i18n
from sendadvisor.resources import resource_file

ROUTE_IDS = (
    "talk_informally",
    "disagreement_resolution",
    "mediation",
    "mediation_advice",
    "tribunal_appeal",
    "extended_appeal",
    "request_assessment",
    "school_complaint",
    "council_complaint",
    "social_care_complaint",
    "nhs_complaint",
    "ombudsman_lgsco",
    "ombudsman_phso",
    "secretary_of_state",
    "disability_discrimination_claim",
    "exclusion_review",
    "transport_review",
    "judicial_review",
)
DEADLINE_IDS = (
    "mediation_adviser_contact",
    "mediation_certificate_due",
    "mediation_held_by",
    "tribunal_appeal",
    "disability_discrimination_claim",
    "exclusion_review",
    "ombudsman_lgsco",
    "nhs_complaint",
    "ombudsman_phso",
    "judicial_review",
    "transport_review",
)
TIMELINE_IDS = (
    "council_assessment_decision",
    "council_no_plan_notice",
    "council_final_plan",
    "draft_plan_comments",
    "council_reassessment_decision",
    "annual_review_decision",
    "amended_plan_final",
    "phase_transfer_plan",
)
# Extensions to the contract's lists: the council's duties after a Tribunal order, an unopposed
# appeal or a mediation agreement (SEND Regs 2014, regs 42, 44 and 45).
ORDER_DEADLINE_IDS = (
    "order_notify_assessment",
    "order_no_plan_decision",
    "order_draft_plan",
    "order_final_plan",
    "order_amended_plan",
    "order_reconsider",
    "agreement_action",
    "agreement_icb_notice",
    # Health-only mediation: the council tells the integrated care board (SEND Regs 2014, reg 36).
    "mediation_icb_notice",
)
WHO = ("family", "council", "mediation_adviser", "health_body")
WARNING_IDS = (
    "missing_fact",
    "letter_date_used",
    "school_closures_unknown",
    "appellant_worked_out",
    "holidays_beyond_data",
    "phase_transfer_after_move",
    "phase_transfer_between_post16",
)
CONFIDENCE = ("V", "S", "M")
METHODS = {
    # method name: the parameters it takes
    "tribunal_appeal": {"months", "certificate_months"},
    "months_after": {"months", "roll"},
    "months_beginning_with": {"months"},
    "weeks_after": {"weeks"},
    "days_after": {"days"},
    "days_beginning_with": {"days"},
    "working_days_after": {"days"},
    "school_days_after": {"days"},
    "mediation_certificate": {"days"},
    "amended_plan_final": {"decision_weeks", "weeks"},
    "phase_transfer": {"school", "post16", "between_post16_months"},
    "mediation_arranged": {"days", "notice_days"},
    "order_weeks": {"weeks"},
}
# How a last day that is not a working day moves: not at all (statutory limits), to the next
# working day, or to the next day the court office is open (CPR r.2.8(5)).
# Facts a method reads beyond its rule's `start` (so the wizard knows to ask for them).
METHOD_FACTS = {
    "tribunal_appeal": (
        "concern.mediation.adviser_contacted_on",
        "concern.mediation.certificate_issued_on",
        "concern.mediation.concluded_on",
        "concern.mediation.council_told_adviser_on",
        "concern.letter_dated",
    ),
    "mediation_certificate": (
        "concern.mediation.concluded_on",
        "concern.mediation.council_told_adviser_on",
        "concern.mediation.adviser_contacted_on",
        "concern.mediation.wants_mediation",
    ),
    "mediation_arranged": (
        "concern.mediation.council_told_on",
        "concern.mediation.health_body_told_on",
    ),
    "school_days_after": ("concern.school_closed",),
}
ROLLS = ("none", "next_working_day", "court_office")


class Source(NamedTuple):
    label: str
    url: str


class StillPossible(NamedTuple):
    """What a family can still do once its own deadline has passed."""

    text: str
    kinds: tuple[str, ...]  # only for these concern kinds (all when empty)
    sources: tuple[Source, ...]


class Change(NamedTuple):
    """A rule's values from a day on: new parameters or sources, or its repeal (OpenFisca-style)."""

    on: date
    params: dict[str, Any] | None
    sources: tuple[Source, ...]
    repealed: bool


class Clause(NamedTuple):
    """One situation in which a route is open."""

    kinds: tuple[str, ...]
    conditions: tuple[str, ...]
    reason: str
    needs_mediation_certificate: bool | None
    sources: tuple[Source, ...]


class RouteRule(NamedTuple):
    id: str
    title: str  # the one title, on screen, in the letter and on the command line
    summary: str
    next_step: str  # what the letter tells the family to do (may name the local services)
    next_step_declined: str  # said instead when the family declined mediation ("" when none)
    contacts: tuple[str, ...]  # the contact roles the letter prints for this route
    rank: int
    confidence: Confidence
    applies_from: date
    last_checked: date
    cautions: tuple[str, ...]
    adviser_notes: tuple[str, ...]
    sources: tuple[Source, ...]
    clauses: tuple[Clause, ...]
    file: str


class DeadlineRule(NamedTuple):
    id: str
    scope: str  # "concern" (family deadlines per concern) or "timeline" (the council's process)
    title: str
    who: Who
    method: str
    params: dict[str, Any]
    start: tuple[str, ...]
    routes: tuple[str, ...]
    stages: tuple[str, ...]
    unless_kinds: tuple[str, ...]
    order_kinds: tuple[str, ...]
    unless_facts: tuple[str, ...]
    done: tuple[str, ...]
    done_by_kinds: tuple[
        str, ...
    ]  # a concern of this kind is the council's decision: its day marks this done
    when: tuple[str, ...]  # conditions on the concern (as in a route's open_when)
    start_cautions: dict[str, str]  # a caution for the family when counting from this start fact
    still_possible: tuple[StillPossible, ...]
    changes: tuple[Change, ...]
    warn_if_missing: bool
    warn_if_given: tuple[str, ...]
    confidence: Confidence
    applies_from: date
    last_checked: date
    cautions: tuple[str, ...]
    adviser_notes: tuple[str, ...]
    sources: tuple[Source, ...]
    file: str
    action: str | None = None  # a family deadline's headline verb: "Send your appeal"


class RuleBook(NamedTuple):
    version: str  # computed from the rules' content: the latest day checked and a content hash
    timeline_every_stage_for: tuple[str, ...]
    routes: tuple[RouteRule, ...]
    deadlines: tuple[DeadlineRule, ...]
    kinds: dict[str, str]
    facts: dict[str, str]
    fact_names: dict[str, str]  # each fact as a noun phrase, for what a missing fact would give
    fact_kinds: dict[str, tuple[str, ...]]  # the concern kinds a fact can belong to (absent: any)
    warnings: dict[str, str]
    wording: dict[str, str]


# The contact roles a route can send a family to (the councils' and national contacts files).
CONTACT_ROLES = (
    "sendiass",
    "sen_team",
    "mediation",
    "disagreement_resolution",
    "complaints",
    "send_tribunal",
    "lgsco",
    "phso",
)
# What a letter's sentences about the family may name besides its own words: the local services.
LETTER_PLACEHOLDERS = frozenset(
    {"child", "childs", "council", "sendiass", "mediation_service", "disagreement_service"}
)


def rule_in_force(rule: DeadlineRule, day: date) -> DeadlineRule | None:
    """The rule with the values in force on `day` (the day its period starts from), or None when
    the rule did not yet apply or had been repealed by then."""
    if day < rule.applies_from:
        return None
    for change in rule.changes:
        if day < change.on:
            break
        if change.repealed:
            return None
        rule = rule._replace(
            params=change.params if change.params is not None else rule.params,
            sources=change.sources or rule.sources,
        )
    return rule


def facts_for_kind(book: RuleBook, kind: str) -> set[str]:
    """Every concern fact the rules reachable from a concern kind can read: the facts of the
    deadlines of each route that can open for it, and `concern.sections` where a clause depends
    on the plan's sections. The wizard asks exactly these (one owner: the rules)."""
    reachable = [
        (route, clause) for route in book.routes for clause in route.clauses if kind in clause.kinds
    ]
    route_ids = {route.id for route, _clause in reachable}
    from sendadvisor.rules.conditions import SECTION_CONDITIONS

    facts: set[str] = set()
    if any(
        name.removeprefix("not ") in SECTION_CONDITIONS
        for _route, c in reachable
        for name in c.conditions
    ):
        facts.add("concern.sections")
    for rule in book.deadlines:
        if rule.scope != "concern" or not route_ids.intersection(rule.routes) or rule.order_kinds:
            continue
        facts.update(rule.start, rule.done, rule.unless_facts, rule.start_cautions)
        facts.update(METHOD_FACTS.get(rule.method, ()))
    return {
        name
        for name in facts
        if name.startswith("concern.") and kind in book.fact_kinds.get(name, (kind,))
    }


def load_rulebook(folder: str | os.PathLike[str]) -> RuleBook:
    """Read and check every rules file under `folder` (see `sendadvisor.rules.loader`)."""
    from sendadvisor.rules.loader import load_rulebook as load

    return load(folder)


_cache_file: list[str] = []


def use_cache_file(path: str | os.PathLike[str]) -> None:
    """Keep a parsed copy of the rules in `path` (chosen by the composition root) for fast starts."""
    _cache_file[:] = [os.fspath(path)]
    default_rulebook.cache_clear()


def load_rulebook_cached(
    folder: str | os.PathLike[str], cache_file: str | os.PathLike[str]
) -> RuleBook:
    """load_rulebook through the plain-data (JSON) cache in sendadvisor.rules.cache."""
    from sendadvisor.rules import cache as rules_cache

    return rules_cache.load_rulebook_cached(folder, cache_file)


@cache
def default_rulebook() -> RuleBook:  # forgotten when the language changes (see below)
    """The rules shipped in resources/rules (loaded once per process, from the cache when set)."""
    if _cache_file:
        return load_rulebook_cached(resource_file("rules"), _cache_file[0])
    return load_rulebook(resource_file("rules"))


i18n.forget_on_change(default_rulebook.cache_clear)
