"""The rules engine: circumstances in, the `sendadvisor.assessment/1` dict out.

Routes are opened by the clauses in `resources/rules/routes/`; each open route brings the
deadlines in `resources/rules/deadlines/` that name it; the council's own time limits come from
`resources/rules/timeline/`. Dates are decided by the facts; `as_of` only decides the status.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sendadvisor.dates import BankHolidays, WorkingCalendar, format_long
from sendadvisor.domain.circumstances import Circumstances, Concern, parse_circumstances
from sendadvisor.i18n import N_, _, ngettext
from sendadvisor.rules.conditions import EDUCATION, HEALTH, NEEDS_CERTIFICATE, SOCIAL_CARE, holds
from sendadvisor.rules.holidays import default_bank_holidays
from sendadvisor.rules.methods import METHODS, Working, fact_field, fact_value
from sendadvisor.rules.rulebook import (
    DeadlineRule,
    RouteRule,
    RuleBook,
    Source,
    default_rulebook,
    rule_in_force,
)

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import (
        Assessment,
        ConcernResult,
        DeadlineResult,
        DeadlineRow,
        RouteResult,
        SourceRef,
        Status,
        WarningResult,
    )

ASSESSMENT_SCHEMA = "sendadvisor.assessment/1"
UNVERIFIED = N_(
    "This rule is sendadvisor's reading of the law and has not been confirmed in the legislation "
    "itself. Check it before relying on it."
)


def _words(sections: list[str]) -> str:
    if not sections:
        return ""
    joined = (
        sections[0]
        if len(sections) == 1
        else _("{sections} and {last}").format(sections=", ".join(sections[:-1]), last=sections[-1])
    )
    return ngettext("section {sections}", "sections {sections}", len(sections)).format(
        sections=joined
    )


def _reason_values(circumstances: Circumstances, concern: Concern) -> dict[str, str]:
    appeal = [s for s in concern.sections if s in EDUCATION]
    child = _("the young person") if circumstances.appellant == "young_person" else _("your child")
    return {
        "child": child,
        "Child": child[0].upper() + child[1:],
        "childs": _("{child}'s").format(child=child),
        "sections_words": _words(list(concern.sections)),
        "appeal_sections_words": _words(appeal),
        "appeal_sections_verb": ngettext("says", "say", len(appeal)),
        "certificate_sections_words": _words(
            [s for s in concern.sections if s in NEEDS_CERTIFICATE]
        ),
        "care_sections_words": _words([s for s in concern.sections if s in HEALTH | SOCIAL_CARE]),
    }


def _sources(*groups: tuple[Source, ...]) -> list[SourceRef]:
    seen: set[tuple[str, str]] = set()
    result: list[SourceRef] = []
    for group in groups:
        for source in group:
            if (source.label, source.url) not in seen:
                seen.add((source.label, source.url))
                result.append({"label": source.label, "url": source.url})
    return result


def _open_route(
    rule: RouteRule, circumstances: Circumstances, concern: Concern
) -> RouteResult | None:
    decided = fact_value("concern.decision_sent", circumstances, concern)
    if decided is not None and decided < rule.applies_from:
        return None
    for clause in rule.clauses:
        if concern.kind in clause.kinds and all(
            holds(n, circumstances, concern) for n in clause.conditions
        ):
            values = _reason_values(circumstances, concern)
            route: RouteResult = {
                "id": rule.id,
                "title": rule.title,
                "summary": rule.summary.format(**values),
                "reason": clause.reason.format(**values),
                "sources": _sources(clause.sources, rule.sources),
                "confidence": rule.confidence,
                "cautions": list(rule.cautions),
                "adviser_notes": list(rule.adviser_notes)
                + ([_(UNVERIFIED)] if rule.confidence == "M" else []),
            }
            if rule.id == "tribunal_appeal":
                route["needs_mediation_certificate"] = bool(clause.needs_mediation_certificate)
            return route
    return None


def deadline_status(
    due: date, as_of: date, who: str, done_on: date | None = None, awaiting: bool = False
) -> Status:
    """The contract's status: done (done_late for others' limits met after the last day), a pending
    certificate (never "passed", send-law §7.2), else by the day."""
    if done_on is not None:
        return "done_late" if who != "family" and done_on > due else "done"
    if awaiting:
        return "awaiting_certificate"
    if due == as_of:
        return "today"
    if due > as_of:
        return "upcoming"
    return "passed" if who == "family" else "overdue"


class _Assessor:
    def __init__(
        self, circumstances: Circumstances, book: RuleBook, holidays: BankHolidays
    ) -> None:
        self.c = circumstances
        self.book = book
        self.calendar = WorkingCalendar(holidays)
        self.warnings: list[WarningResult] = []

    def warn(
        self, warning_id: str, field: str | None = None, concern: int | None = None, **values: str
    ) -> None:
        """Add a warning worded by the rulebook's [warnings] table (each at most once)."""
        # Words, not field paths: the field itself travels in the entry's `field` for programs.
        where = ""
        if concern is not None:
            where = _("Concern {number} ({kind}): ").format(
                number=concern + 1, kind=self.book.kinds[self.c.concerns[concern].kind]
            )
        text = self.book.warnings[warning_id].format(where=where, **values)
        entry: WarningResult = {"id": warning_id, "text": text}
        if field:
            entry["field"] = field
        if concern is not None:
            entry["concern"] = concern
        if entry not in self.warnings:
            self.warnings.append(entry)

    def decided_by_concern(self, rule: DeadlineRule) -> tuple[bool, date | None]:
        """For a council limit met by a decision the family brings as a concern: whether such a
        concern exists, and the day its decision was sent (None when not known, or when it came
        before the limit's own start, so it cannot be the decision the limit asks for)."""
        found = False
        start = next(
            (fact_value(n, self.c, None) for n in rule.start if fact_value(n, self.c, None)), None
        )
        for concern in self.c.concerns:
            if concern.kind in rule.done_by_kinds:
                found = True
                day = fact_value("concern.decision_sent", self.c, concern)
                if day is not None and (start is None or day >= start):
                    return True, day
        return found, None

    def deadline(
        self, rule: DeadlineRule, concern: Concern | None, needs_certificate: bool = False
    ) -> DeadlineResult | None:
        if any(fact_value(name, self.c, concern) is not None for name in rule.unless_facts):
            return None
        if concern is not None and not all(holds(n, self.c, concern) for n in rule.when):
            return None
        decided, decided_on = self.decided_by_concern(rule)
        if decided and decided_on is None:
            return None  # the council decided, on a day not given: nothing to show or chase
        start = next((n for n in rule.start if fact_value(n, self.c, concern) is not None), None)
        if start is not None:
            in_force = rule_in_force(rule, fact_value(start, self.c, concern))
            if in_force is None:
                return None
            rule = in_force
        working = Working(self.book, self.calendar)
        working.needs_certificate = needs_certificate
        outcome = METHODS[rule.method](working, rule, self.c, concern)
        index = concern.number if concern is not None else None
        if outcome is not None and outcome.due_on is None:
            for warning_id, field in outcome.warnings:
                self.warn(warning_id, field=field, concern=index)
            return None
        if outcome is None:
            given = any(
                fact_value(name, self.c, concern) is not None for name in rule.warn_if_given
            )
            if (rule.warn_if_missing or given) and rule.start:
                title = (
                    rule.title
                    if rule.title[1:2].isupper()
                    else rule.title[:1].lower() + rule.title[1:]
                )
                self.warn(
                    "missing_fact",
                    field=fact_field(rule.start[0], concern),
                    concern=index,
                    wanted=" or ".join(self.book.fact_names[name] for name in rule.start),
                    title=title,
                )
            return None
        for warning_id, field in outcome.warnings:
            self.warn(warning_id, field=field, concern=index)
        due = outcome.due_on
        assert due is not None  # None was handled above
        who = outcome.who or rule.who
        steps = list(outcome.steps)
        cautions = list(rule.cautions)
        if start in rule.start_cautions:
            cautions.insert(0, rule.start_cautions[start])
        done_on = self.done_on(rule, concern, due, decided_on, steps)
        status = deadline_status(due, self.c.as_of, who, done_on, outcome.awaiting_certificate)
        entry: DeadlineResult = {
            "id": rule.id,
            "due_on": due.isoformat(),
            "act_by": (outcome.act_by or due).isoformat(),
            "who": who,
            "status": status,
            "title": rule.title,
            "routes": list(rule.routes),  # the routes this date belongs to
            "steps": steps,
            "sources": _sources(rule.sources),
            "confidence": rule.confidence,
            "cautions": cautions,
            "adviser_notes": list(rule.adviser_notes)
            + ([_(UNVERIFIED)] if rule.confidence == "M" else []),
        }
        if done_on is not None:
            entry["done_on"] = done_on.isoformat()
        if status == "passed":
            kind = concern.kind if concern is not None else None
            entry["still_possible"] = [
                {"text": item.text, "sources": _sources(item.sources)}
                for item in rule.still_possible
                if not item.kinds or kind in item.kinds
            ]
        return entry

    def done_on(
        self,
        rule: DeadlineRule,
        concern: Concern | None,
        due: date,
        decided_on: date | None,
        steps: list[str],
    ) -> date | None:
        """The day the act was done, if the facts show it (its step added to the working)."""
        for position, name in enumerate(rule.done):
            done = fact_value(name, self.c, concern)
            if done is None:
                continue
            # The first fact is the act itself; later ones only show it happened by then.
            key = "done" if position == 0 else "done_by"
            if position == 0 and done > due:
                key = "done_late"
            steps.append(self.book.wording[key].format(day=format_long(done)))
            return done
        if decided_on is not None:
            key = "done_late" if decided_on > due else "done"
            steps.append(self.book.wording[key].format(day=format_long(decided_on)))
        return decided_on

    def concern(self, concern: Concern) -> ConcernResult:
        routes = [r for r in (_open_route(rule, self.c, concern) for rule in self.book.routes) if r]
        open_ids = {r["id"] for r in routes}
        needs_certificate = any(r.get("needs_mediation_certificate") for r in routes)
        deadlines = []
        for rule in self.book.deadlines:
            if rule.order_kinds and concern.order.kind not in rule.order_kinds:
                continue
            if rule.scope == "concern" and open_ids.intersection(rule.routes):
                entry = self.deadline(rule, concern, needs_certificate)
                if entry is not None:
                    deadlines.append(entry)
        deadlines.sort(key=lambda d: d["due_on"])
        cautions: list[str] = []
        for route in routes:
            for caution in route["cautions"]:
                if caution not in cautions:
                    cautions.append(caution)
        return {
            "kind": concern.kind,
            "title": self.book.kinds[concern.kind],
            "routes": routes,
            "deadlines": deadlines,
            "cautions": cautions,
        }

    def timeline(self) -> list[DeadlineResult]:
        kinds = {k.kind for k in self.c.concerns}
        every_stage = bool(kinds.intersection(self.book.timeline_every_stage_for))
        entries = []
        for rule in self.book.deadlines:
            if rule.scope != "timeline":
                continue
            if (
                self.c.ehc_plan is not None
                and rule.stages
                and self.c.ehc_plan not in rule.stages
                and not every_stage
            ):
                continue
            if kinds.intersection(rule.unless_kinds):
                continue
            entry = self.deadline(rule, None)
            if entry is not None:
                entries.append(entry)
        entries.sort(key=lambda d: d["due_on"])
        return entries

    def run(self) -> Assessment:
        concerns = [self.concern(k) for k in self.c.concerns]
        timeline = self.timeline()
        if self.c.appellant_worked_out and self.c.appellant == "young_person":
            self.warn("appellant_worked_out", field="appellant")
        if self.calendar.beyond_horizon:
            self.warn("holidays_beyond_data", horizon=format_long(self.calendar.holidays.horizon))
        return {
            "schema": ASSESSMENT_SCHEMA,
            "as_of": self.c.as_of.isoformat(),
            "rules_version": self.book.version,
            "bank_holidays": holidays_id(self.calendar.holidays),
            "appellant": self.c.appellant,
            "concerns": concerns,
            "timeline": timeline,
            "warnings": self.warnings,
        }


def assess(
    data: dict[str, Any] | Circumstances,
    *,
    rulebook: RuleBook | None = None,
    holidays: BankHolidays | None = None,
) -> Assessment:
    """Every open route and every deadline for the circumstances (validated first)."""
    circumstances = data if isinstance(data, Circumstances) else parse_circumstances(data)
    return _Assessor(
        circumstances, rulebook or default_rulebook(), holidays or default_bank_holidays()
    ).run()


def holidays_id(holidays: BankHolidays) -> str:
    """Which bank-holiday list a date was worked out with: its reach and a hash of its days."""
    import zlib  # a name for the list, not a guard: hashlib costs milliseconds at every start

    crc = zlib.crc32(",".join(sorted(d.isoformat() for d in holidays.days)).encode())
    return f"{holidays.horizon.isoformat()}-{crc:08x}"


def computed_with(assessment: Assessment | None = None) -> str:
    """The rules version and bank-holiday list behind an assessment's dates (by default, those in
    use now), as stored with a case's deadlines: when either changes, they are worked out again."""
    if assessment is None:
        return f"{default_rulebook().version}|{holidays_id(default_bank_holidays())}"
    return f"{assessment['rules_version']}|{assessment['bank_holidays']}"


def flatten_deadlines(assessment: Assessment) -> list[DeadlineRow]:
    """Every deadline and council time limit as one flat list, as the case file stores them (the
    case list reads the next one and those overdue; a step already done keeps its `done_on`, for
    the service report, and the list ignores it)."""
    entries: list[tuple[int | None, DeadlineResult]] = [
        (index, entry)
        for index, concern in enumerate(assessment["concerns"])
        for entry in concern["deadlines"]
    ]
    entries += [(None, entry) for entry in assessment["timeline"]]
    rows: list[DeadlineRow] = []
    for index, entry in entries:
        row: DeadlineRow = {
            "concern": index,
            "id": entry["id"],
            "due_on": entry["due_on"],
            "who": entry["who"],
            "status": entry["status"],
        }
        if "done_on" in entry:
            row["done_on"] = entry["done_on"]
        rows.append(row)
    return rows
