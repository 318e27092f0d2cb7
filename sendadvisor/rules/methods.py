"""How each kind of deadline is counted (the `method` named in a rules file), with its working.

Every method returns the last day on which the act is in time and the plain-English steps that
led to it, or None when a fact it needs is missing. The wording of each step lives in
`resources/rules/rulebook.toml` under [wording].
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sendadvisor.dates import WorkingCalendar, add_months, format_long
from sendadvisor.dates.months import corresponding_date_clamped, months_beginning_with
from sendadvisor.dates.wording import format_short, month_name
from sendadvisor.domain.circumstances import Circumstances, Concern
from sendadvisor.i18n import _, ngettext
from sendadvisor.rules.rulebook import DeadlineRule, RuleBook

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Who


class Outcome:
    """A computed date and how it was worked out.

    `due_on` is None when the facts rule the date out (its warnings say why); `who` overrides the
    rule's when the law moves the duty (health-only mediation); `awaiting_certificate` marks an
    appeal that cannot be out of time because its certificate is still awaited (send-law §7.2).
    """

    def __init__(
        self,
        due_on: date | None,
        steps: list[str],
        act_by: date | None = None,
        warnings: list[tuple[str, str]] | None = None,
        who: Who | None = None,
        awaiting_certificate: bool = False,
    ) -> None:
        self.due_on = due_on
        self.steps = steps
        self.act_by = act_by
        self.warnings = warnings or []  # (warning id, field path); wording in rulebook [warnings]
        self.who = who
        self.awaiting_certificate = awaiting_certificate


def fact_value(name: str, circumstances: Circumstances, concern: Concern | None) -> Any:
    """The value of a named fact (`concern.sent_on`, `timeline.annual_review_meeting_on`...)."""
    scope, _dot, rest = name.partition(".")
    if scope == "timeline":
        return getattr(circumstances.timeline, rest)
    if concern is None:
        return None
    if rest == "decision_sent":
        return concern.sent_on or concern.letter_dated
    if rest == "decision_made":  # the earliest sign of the decision itself (judicial review)
        return min(
            (d for d in (concern.letter_dated, concern.sent_on) if d is not None), default=None
        )
    if rest.startswith("mediation."):
        return getattr(concern.mediation, rest.removeprefix("mediation."))
    if rest.startswith("order."):
        return getattr(concern.order, rest.removeprefix("order."))
    return getattr(concern, rest)


def fact_field(name: str, concern: Concern | None) -> str:
    """The input field that gives a fact, for messages (`concerns[0].sent_on`)."""
    scope, _dot, rest = name.partition(".")
    if scope == "timeline" or concern is None:
        return name
    return f"{concern.path}.{'sent_on' if rest in ('decision_sent', 'decision_made') else rest}"


class Working:
    """Builds the steps of one deadline from the rulebook's wording."""

    def __init__(self, book: RuleBook, calendar: WorkingCalendar) -> None:
        self.book = book
        self.calendar = calendar
        self.steps: list[str] = []
        self.needs_certificate = False  # set for an appeal that needs a mediation certificate

    def say(self, key: str, **values: Any) -> None:
        text = {k: format_long(v) if isinstance(v, date) else v for k, v in values.items()}
        self.steps.append(self.book.wording[key].format(**text))

    def months(self, start: date, n: int, label: str) -> date:
        """n months after start (corresponding date, month-end fallback), explained."""
        result = add_months(start, n)
        self.say(
            "months_after",
            n=n,
            unit=ngettext("month", "months", n),
            label=label,
            start=start,
            result=result,
        )
        if corresponding_date_clamped(start, n):
            missing = f"{start.day} {month_name(result.month)} {result.year}"
            self.say("month_end", missing=missing, result=result)
        return result

    def no_roll(self, day: date) -> date | None:
        """For limits set by statute, which do not move: the last working day on or before."""
        why = self.calendar.why_not_working(day)
        if why is None:
            return None
        safe = self.calendar.previous_working_day(day)
        self.say("no_roll", day=day, why=why, safe=safe)
        return safe

    def roll(self, day: date, wording: str = "next_working_day") -> date:
        why = self.calendar.why_not_working(day)
        if why is None:
            return day
        result = self.calendar.next_working_day(day)
        self.say(wording, day=day, why=why, result=result)
        self.skipped(day + timedelta(days=1), result)
        return result

    def skipped(self, first: date, result: date) -> None:
        """Name the bank holidays passed over on the way to `result` (weekends need no saying)."""
        day = first
        while day < result:
            why = self.calendar.why_not_working(day)
            if why is not None and day.weekday() < 5:
                self.say("skipped_holiday", day=day, why=why)
            day += timedelta(days=1)


Method = Callable[[Working, DeadlineRule, Circumstances, Concern | None], Outcome | None]


def _start(
    rule: DeadlineRule, circumstances: Circumstances, concern: Concern | None, book: RuleBook
):
    """The first of the rule's start facts that is known: (name, day, label), or None."""
    for name in rule.start:
        value = fact_value(name, circumstances, concern)
        if value is not None:
            if (
                name in ("concern.decision_sent", "concern.decision_made")
                and concern is not None
                and (concern.sent_on is None or value != concern.sent_on)
            ):
                return name, value, book.facts["concern.letter_dated"]
            return name, value, book.facts[name]
    return None


def _letter_date_warning(concern: Concern | None, name: str) -> list[tuple[str, str]]:
    if name == "concern.decision_sent" and concern is not None and concern.sent_on is None:
        return [("letter_date_used", f"{concern.path}.letter_dated")]
    return []


def months_after(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    found = _start(rule, c, k, w.book)
    if found is None:
        return None
    name, start, label = found
    due = w.months(start, rule.params["months"], label)
    act_by = None
    roll = rule.params.get("roll", "none")
    if roll == "next_working_day":
        due = w.roll(due)
    elif roll == "court_office":
        due = w.roll(due, "court_office")
    else:
        act_by = w.no_roll(due)
    if name == "concern.decision_sent" and k is not None and k.sent_on is None:
        w.say("letter_date_used", start=start)
    return Outcome(due, w.steps, act_by, _letter_date_warning(k, name))


def months_beginning(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    found = _start(rule, c, k, w.book)
    if found is None:
        return None
    name, start, label = found
    n = rule.params["months"]
    due = months_beginning_with(start, n)
    w.say("months_beginning_with", n=n, start=start, label=label, result=due)
    return Outcome(due, w.steps, w.no_roll(due), _letter_date_warning(k, name))


def _plain_days(days_per_unit: int, key: str, offset: int = 0) -> Method:
    def method(
        w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
    ) -> Outcome | None:
        found = _start(rule, c, k, w.book)
        if found is None:
            return None
        name, start, label = found
        n = rule.params["weeks" if key == "weeks_after" else "days"]
        due = start + timedelta(days=n * days_per_unit + offset)
        w.say(key, n=n, start=start, label=label, result=due)
        return Outcome(due, w.steps, None, _letter_date_warning(k, name))

    return method


def working_days_after(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    found = _start(rule, c, k, w.book)
    if found is None:
        return None
    name, start, label = found
    n = rule.params["days"]
    due = w.calendar.add_working_days(start, n)
    w.say("working_days_after", n=n, start=start, label=label, result=due)
    return Outcome(due, w.steps, None, _letter_date_warning(k, name))


def school_days_after(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    found = _start(rule, c, k, w.book)
    if found is None or k is None:
        return None
    _start_name, start, label = found
    n = rule.params["days"]
    closed = list(k.school_closed or ())
    due = w.calendar.add_open_days(start, n, closed)
    closures = ""
    if closed:
        closures = (
            " ("
            + "; ".join(
                format_short(a)
                if a == b
                else _("{first} to {last}").format(first=format_short(a), last=format_short(b))
                for a, b in closed
            )
            + ")"
        )
    w.say("school_days_after", n=n, start=start, label=label, result=due, closures=closures)
    # Post on a working day whose second working day after is still in time.
    post = w.calendar.previous_working_day(due)
    while w.calendar.add_working_days(post, 2) > due:
        post = w.calendar.previous_working_day(post - timedelta(days=1))
    w.say("post_first_class", post=post)
    warnings = []
    if k.school_closed is None:
        warnings.append(("school_closures_unknown", f"{k.path}.school_closed"))
    return Outcome(due, w.steps, None, warnings)


def mediation_certificate(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    if k is None:
        return None
    m = k.mediation
    if m.concluded_on is not None:
        start, label = m.concluded_on, w.book.facts["concern.mediation.concluded_on"]
    elif m.council_told_adviser_on is not None:
        start, label = (
            m.council_told_adviser_on,
            w.book.facts["concern.mediation.council_told_adviser_on"],
        )
    elif m.adviser_contacted_on is not None and m.wants_mediation is False:
        start, label = (
            m.adviser_contacted_on,
            w.book.facts["concern.mediation.adviser_contacted_on"],
        )
    else:
        return None
    n = rule.params["days"]
    due = w.calendar.add_working_days(start, n)
    w.say("working_days_after", n=n, start=start, label=label, result=due)
    return Outcome(due, w.steps)


def appeal_date(
    w: Working,
    decision: date,
    decision_label: str,
    certificate: date | None,
    months: int,
    certificate_months: int,
) -> date:
    """HESC r.20(1)(c) then r.12(3)(a) and r.12(2): the day the Tribunal must receive the appeal."""
    base = w.months(decision, months, decision_label)
    if certificate is not None:
        later = add_months(certificate, certificate_months)
        w.say("certificate_limb", start=certificate, result=later)
        if corresponding_date_clamped(certificate, certificate_months):
            w.say(
                "month_end",
                missing=f"{certificate.day} {month_name(later.month)} {later.year}",
                result=later,
            )
        if later > base:
            base = later
            w.say("certificate_later", result=base)
        else:
            w.say("certificate_not_later")
    calendar = w.calendar
    if (base.month, base.day) >= (12, 25) or (base.month, base.day) == (1, 1):
        new_year = date(base.year + (1 if base.month == 12 else 0), 1, 1)
        due = calendar.first_working_day_after(new_year)
        w.say("christmas", day=base, result=due)
        w.skipped(new_year + timedelta(days=1), due)
    elif base.month == 8:
        due = calendar.first_working_day_after(date(base.year, 8, 31))
        w.say("august", day=base, result=due)
        w.skipped(date(base.year, 9, 1), due)
    else:
        due = w.roll(base)
    return due


def tribunal_appeal(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    found = _start(rule, c, k, w.book)
    if found is None or k is None:
        return None
    name, decision, label = found
    months, certificate_months = rule.params["months"], rule.params["certificate_months"]
    certificate = k.mediation.certificate_issued_on
    due = appeal_date(w, decision, label, certificate, months, certificate_months)
    act_by = None
    if k.sent_on is None:
        w.say("letter_date_used", start=decision)
    elif k.letter_dated is not None and k.letter_dated < k.sent_on:
        shadow = Working(w.book, w.calendar)
        safe = appeal_date(shadow, k.letter_dated, label, certificate, months, certificate_months)
        if safe < due:
            act_by = safe
            w.say("letter_date_safe", letter=k.letter_dated, safe=safe)
    awaiting = False
    if certificate is None and w.needs_certificate:
        m = k.mediation
        contacted = m.adviser_contacted_on
        in_time = contacted is not None and contacted <= add_months(decision, months)
        # Mediation held or refused by the council shows the adviser was contacted.
        awaiting = in_time or (
            contacted is None and (m.concluded_on or m.council_told_adviser_on) is not None
        )
        if awaiting:
            w.say("certificate_awaited")
        w.say("certificate_pending")
        certificate_rule = next(r for r in w.book.deadlines if r.id == "mediation_certificate_due")
        expected = mediation_certificate(Working(w.book, w.calendar), certificate_rule, c, k)
        if expected is not None:
            estimate = appeal_date(
                Working(w.book, w.calendar),
                decision,
                label,
                expected.due_on,
                months,
                certificate_months,
            )
            w.say("certificate_estimate", cert=expected.due_on, result=estimate)
    w.say("five_pm")
    return Outcome(
        due, w.steps, act_by, _letter_date_warning(k, name), awaiting_certificate=awaiting
    )


def amended_plan_final(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    weeks = timedelta(weeks=rule.params["weeks"])
    notice = c.timeline.amendment_notice_sent_on
    if notice is not None:
        due = notice + weeks
        w.say("amended_from_notice", start=notice, result=due)
        return Outcome(due, w.steps)
    meeting = c.timeline.annual_review_meeting_on
    if meeting is None:
        return None
    notice_due = meeting + timedelta(weeks=rule.params["decision_weeks"])
    due = notice_due + weeks
    w.say("amended_from_meeting", start=meeting, notice=notice_due, result=due)
    return Outcome(due, w.steps)


def phase_transfer(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    """SEND Regs 2014, reg 18: before 15 February (31 March from secondary school to post-16) in
    the year of the move, or at least 5 months before a move between post-16 institutions."""
    move, to = c.timeline.phase_transfer_on, c.timeline.phase_transfer_to
    if move is None or to is None:
        return None
    warnings: list[tuple[str, str]] = []
    due = None
    if to != "between_post16":
        month, day = (int(part) for part in rule.params[to].split("-"))
        fixed = date(move.year, month, day)
        due = fixed - timedelta(days=1)
        if due < move:
            w.say("phase_transfer", fixed=f"{day} {month_name(month)}", year=move.year, result=due)
        elif to == "post16":
            # A move to post-16 before 31 March is not the move from secondary school in
            # September: it can only be a move between post-16 institutions at another time.
            w.say("phase_transfer_not_fixed", fixed=f"{day} {month_name(month)}")
            warnings.append(("phase_transfer_between_post16", "timeline.phase_transfer_to"))
            due = None
        else:  # a review after the move it prepares for is never a valid deadline
            return Outcome(
                None,
                w.steps,
                warnings=[("phase_transfer_after_move", "timeline.phase_transfer_to")],
            )
    if due is None:
        n = rule.params["between_post16_months"]
        due = add_months(move, -n)
        w.say(
            "months_before",
            n=n,
            label=w.book.facts["timeline.phase_transfer_on"],
            start=move,
            result=due,
        )
    notice = due - timedelta(weeks=8)
    w.say("phase_transfer_back", notice=notice, meeting=notice - timedelta(weeks=4))
    return Outcome(due, w.steps, warnings=warnings)


def mediation_arranged(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    """Mediation within 30 days (SEND Regs 2014, regs 36 and 37): arranged by the council from the
    day it was told, or, for health provision alone, by the integrated care board from the day the
    council told it (the council has 3 working days to do so)."""
    from sendadvisor.rules.conditions import health_only

    if k is None or k.mediation.council_told_on is None:
        return None
    n, told = rule.params["days"], k.mediation.council_told_on
    if not health_only(k):
        due = told + timedelta(days=n)
        w.say(
            "days_after",
            n=n,
            start=told,
            label=w.book.facts["concern.mediation.council_told_on"],
            result=due,
        )
        return Outcome(due, w.steps)
    start = k.mediation.health_body_told_on
    if start is None:
        start = w.calendar.add_working_days(told, rule.params["notice_days"])
        w.say("health_body_latest", n=rule.params["notice_days"], start=told, result=start)
        label = w.book.wording["health_body_latest_label"]
    else:
        label = w.book.facts["concern.mediation.health_body_told_on"]
    due = start + timedelta(days=n)
    w.say("days_after", n=n, start=start, label=label, result=due)
    return Outcome(due, w.steps, who="health_body")


def order_weeks(
    w: Working, rule: DeadlineRule, c: Circumstances, k: Concern | None
) -> Outcome | None:
    """Weeks that depend on what the Tribunal ordered or the council conceded (regs 44 and 45)."""
    if k is None or k.order.made_on is None or k.order.kind not in rule.params["weeks"]:
        return None
    n = rule.params["weeks"][k.order.kind]
    due = k.order.made_on + timedelta(weeks=n)
    w.say(
        "weeks_after",
        n=n,
        start=k.order.made_on,
        label=w.book.facts["concern.order.made_on"],
        result=due,
    )
    return Outcome(due, w.steps)


METHODS: dict[str, Method] = {
    "order_weeks": order_weeks,
    "tribunal_appeal": tribunal_appeal,
    "months_after": months_after,
    "months_beginning_with": months_beginning,
    "weeks_after": _plain_days(7, "weeks_after"),
    "days_after": _plain_days(1, "days_after"),
    "days_beginning_with": _plain_days(1, "days_beginning_with", offset=-1),
    "working_days_after": working_days_after,
    "school_days_after": school_days_after,
    "mediation_certificate": mediation_certificate,
    "amended_plan_final": amended_plan_final,
    "phase_transfer": phase_transfer,
    "mediation_arranged": mediation_arranged,
}
