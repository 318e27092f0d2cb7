"""Turns an assessment and a family's circumstances into the letter's parts (pure Python, no layout)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sendadvisor.councils import Contact, Council
from sendadvisor.dates import format_long
from sendadvisor.domain.circumstances import Circumstances, parse_circumstances
from sendadvisor.i18n import N_, _
from sendadvisor.letters.model import (
    Block,
    Bullets,
    CalendarEntry,
    Callout,
    ContactCard,
    DeadlineRow,
    DeadlineTable,
    EasyPoint,
    EasyRead,
    EasySection,
    Group,
    Heading,
    LetterContent,
    Lines,
    PageBreak,
    Para,
    Run,
    Text,
    plain,
    strong,
    text_of,
)
from sendadvisor.letters.wording import Wording, load_wording, runs_of
from sendadvisor.presentation import (
    GONE,
    OPEN,
    DeadlineView,
    headline,
    safer_day,
    status_words,
    views,
    who_words,
)
from sendadvisor.rules.rulebook import CONTACT_ROLES as CONTACT_ORDER  # the order contacts print in
from sendadvisor.rules.rulebook import RouteRule, RuleBook, default_rulebook

NBSP = "\u00a0"

ALWAYS_CONTACTS = ("sendiass", "sen_team")
ACTIVE = OPEN  # dates the family can still meet, including while a certificate is awaited
FACT_DATES = (
    "sent_on",
    "letter_dated",
    "conduct_on",
    "noticed_on",
    "board_decision_notified_on",
)
# The words that show the letter uses a term a parent may not know (explained once, at the top).
TERM_WORDS = {
    "ehc_plan": N_("EHC plan"),
    "send_tribunal": N_("Tribunal"),
    "mediation_certificate": N_("mediation certificate"),
    "senco": N_("SENCO"),
}


def full_date(value: str | date) -> str:
    """ "Monday 4 January 2027", with the day, month and year held together on one line."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    weekday, rest = format_long(day).split(" ", 1)
    return f"{weekday} {rest.replace(' ', NBSP)}"


def date_without_weekday(value: str | date) -> str:
    """ "1 May 2014": for a date of birth, where a weekday means nothing."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_long(day).split(" ", 1)[1].replace(" ", NBSP)


def build_letter_content(
    circumstances: Mapping[str, Any] | Circumstances,
    assessment: Mapping[str, Any],
    *,
    council: Council,
    adviser_name: str,
    service_name: str,
    issued_on: date,
    note: str | None = None,
    wording: Wording | None = None,
    rulebook: RuleBook | None = None,
    appendix: bool = True,
) -> LetterContent:
    """The family letter's parts for these circumstances and their assessment.

    `note` is the adviser's own summary of what the family said, printed as written (escaped);
    it defaults to the circumstances' `summary`. `wording` defaults to the shipped
    `resources/letters/wording.toml`; `rulebook` (each route's next step and contacts) the
    shipped rules. `appendix` adds, after the sign-off, how each date was worked out and the
    law behind each date and step (the only place the letter cites the law). Raises InputError
    if the circumstances are not valid.
    """
    builder = _builder(
        circumstances,
        assessment,
        council,
        wording,
        rulebook,
        adviser_name,
        service_name,
        issued_on,
        note,
    )
    builder.with_appendix = appendix
    return builder.build()


def _builder(
    circumstances: Mapping[str, Any] | Circumstances,
    assessment: Mapping[str, Any],
    council: Council,
    wording: Wording | None,
    rulebook: RuleBook | None,
    adviser_name: str = "",
    service_name: str = "",
    issued_on: date | None = None,
    note: str | None = None,
) -> _Builder:
    """The builder every family output starts from: the circumstances checked (InputError if
    not valid), the shipped wording and rules unless others are given, the day of the advice
    as the day of issue and the circumstances' summary as the note unless given."""
    parsed = (
        circumstances
        if isinstance(circumstances, Circumstances)
        else parse_circumstances(dict(circumstances))
    )
    builder = _Builder(
        parsed,
        assessment,
        council,
        adviser_name,
        service_name,
        issued_on or parsed.as_of,
        parsed.summary if note is None else note,
        wording or load_wording(),
    )
    builder.use_rules(rulebook or default_rulebook())
    return builder


# The circumstances' fields that say which case this is (not when the advice was given), hashed
# into each calendar event's UID so a re-issued file updates its events rather than adding more.
IDENTITY_FIELDS = ("parent_name", "child_name", "child_date_of_birth")


def case_identity(circumstances: Circumstances) -> str:
    """A short, stable, non-reversible name for a case: SHA-256 of the family's identity fields,
    the council and each concern's kind and decision date (never `as_of`)."""
    family = circumstances.raw.get("family") or {}
    concerns = [
        [c.get("kind"), c.get("sent_on") or c.get("letter_dated") or c.get("conduct_on")]
        for c in circumstances.raw.get("concerns") or []
    ]
    identity = {
        "family": {key: family.get(key) for key in IDENTITY_FIELDS},
        "council": circumstances.raw.get("council"),
        "concerns": concerns,
    }
    encoded = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:24]


def build_calendar_entries(
    circumstances: Mapping[str, Any] | Circumstances,
    assessment: Mapping[str, Any],
    *,
    council: Council,
    wording: Wording | None = None,
    rulebook: RuleBook | None = None,
) -> tuple[CalendarEntry, ...]:
    """One entry per family date still open (upcoming, today, or awaiting the certificate), on
    its day to act by as the presentation model gives it; no council time limits."""
    builder = _builder(circumstances, assessment, council, wording, rulebook, note="")
    case = case_identity(builder.parsed)
    entries = []
    concerns = list(assessment.get("concerns") or [])
    for view in views(assessment):
        if view.concern is None or view.who != "family" or not view.is_open:
            continue
        entry = next(
            d for d in concerns[view.concern].get("deadlines") or [] if d.get("id") == view.id
        )
        entries.append(builder.calendar_entry(case, view, entry))
    return tuple(entries)


def build_easy_read(
    circumstances: Mapping[str, Any] | Circumstances,
    assessment: Mapping[str, Any],
    *,
    council: Council,
    adviser_name: str,
    service_name: str,
    issued_on: date,
    wording: Wording | None = None,
    rulebook: RuleBook | None = None,
) -> EasyRead:
    """The easy-read letter's points: who it is for, the next three things to do with their
    dates (the most urgent date first, as presentation.headline picks it), and who to call."""
    builder = _builder(
        circumstances,
        assessment,
        council,
        wording,
        rulebook,
        adviser_name,
        service_name,
        issued_on,
        note="",
    )
    return builder.easy_read()


class _Builder:
    """Holds what every part of the letter needs, and builds the parts in reading order."""

    def __init__(
        self,
        parsed: Circumstances,
        assessment: Mapping[str, Any],
        council: Council,
        adviser_name: str,
        service_name: str,
        issued_on: date,
        note: str | None,
        words: Wording,
    ) -> None:
        self.parsed = parsed
        circumstances = parsed.raw
        self.route_rules: dict[str, RouteRule] = {}
        self.deadline_actions: dict[str, str] = {}
        self.with_appendix = True
        self.contacts_checked_on: date | None = None
        self.circ = circumstances
        self.assessment = assessment
        self.council = council
        self.words = words
        self.issued_on = issued_on
        self.note = (note or "").strip()
        self.adviser_name = adviser_name.strip() or words.plain("defaults.adviser_name")
        sendiass = council.contact("sendiass")
        self.service_name = service_name.strip() or (sendiass.name if sendiass else council.name)
        self.family: Mapping[str, Any] = circumstances.get("family") or {}
        # The rights pass to the young person after compulsory school age; the parser works this
        # out from the date of birth when the adviser did not say.
        self.young_person = parsed.appellant == "young_person"
        child_name = _clean(self.family.get("child_name"))
        if self.young_person:
            child, childs = _("you"), _("your")
        elif child_name:
            child, childs = child_name, _possessive(child_name)
        else:
            child, childs = _("your child"), _("your child's")
        self.values = {
            "child": child,
            "childs": childs,
            "council": council.name,
            "sendiass": _contact_name(council, "sendiass", council.name),
            "mediation_service": _contact_name(council, "mediation", _("the mediation service")),
            "disagreement_service": _contact_name(
                council, "disagreement_resolution", _("the disagreement resolution service")
            ),
            "service_name": self.service_name,
            "adviser_name": self.adviser_name,
        }
        self.concerns_in: list[Mapping[str, Any]] = list(circumstances.get("concerns") or [])
        self.concerns_out: list[Mapping[str, Any]] = list(assessment.get("concerns") or [])
        self.rows = self._deadline_rows()

    # -- helpers -------------------------------------------------------------------------------

    def say(self, key: str, **values: str) -> Text:
        return self.words.runs(key, **{**self.values, **values})

    def said(self, key: str, **values: str) -> str:
        return text_of(self.say(key, **values))

    def labelled(self, label_key: str, text: str | Text) -> Para:
        body = plain(text) if isinstance(text, str) else text
        return Para(strong(self.said(label_key)) + plain(" ") + body)

    def concern_label(self, index: int) -> str:
        kind = self._kind(index)
        key = f"concerns.{kind}.label"
        return self.said(key) if self.words.has(key) else kind.replace("_", " ")

    def _kind(self, index: int) -> str:
        if index < len(self.concerns_out) and self.concerns_out[index].get("kind"):
            return str(self.concerns_out[index]["kind"])
        if index < len(self.concerns_in):
            return str(self.concerns_in[index].get("kind", "concern"))
        return "concern"

    def deadline_title(self, entry: Mapping[str, Any]) -> str:
        title = _clean(entry.get("title"))
        if title:
            return title
        key = f"deadline_titles.{entry.get('id')}"
        if self.words.has(key):
            return self.said(key)
        return str(entry.get("id", "")).replace("_", " ").capitalize()

    def calendar_entry(
        self, case: str, view: DeadlineView, entry: Mapping[str, Any]
    ) -> CalendarEntry:
        """A family date as a calendar event: what to do, the working, and whom to call."""
        lines: list[str] = []
        label = self.said("calendar.what_to_do")
        for rid in entry.get("routes") or ():
            rule = self.route_rules.get(str(rid))
            if rule is not None:
                declined = self._declined_mediation(view.concern or 0) and rule.next_step_declined
                template = rule.next_step_declined if declined else rule.next_step
                lines.append(f"{label} {text_of(runs_of(template, self.values))}")
        lines += view.next_steps
        if view.act_by != view.due_on:
            lines.append(self.said("most_important.last_day", date=full_date(view.due_on)))
        lines += [self.said("calendar.working"), *view.steps]
        sendiass = self.council.contact("sendiass")
        if sendiass is not None:
            ways = [w for w in (sendiass.phone, sendiass.email) if w]
            lines.append(self.said("calendar.contact", name=sendiass.name, ways=", ".join(ways)))
        title = self.said("calendar.title", action=self._action(view), what=view.title or view.id)
        return CalendarEntry(
            uid=f"{case}-{view.concern}-{view.id}@sendadvisor",
            title=title,
            act_by=view.act_by.isoformat(),
            due_on=view.due_on.isoformat(),
            description=tuple(" ".join(line.replace(NBSP, " ").split()) for line in lines),
        )

    def easy_read(self) -> EasyRead:
        say = self.say
        about: list[EasyPoint] = []
        name = _clean(self.family.get("child_name" if self.young_person else "parent_name"))
        if name:
            about.append(EasyPoint("person", (say("easy_read.for_name", name=name),)))
        about.append(
            EasyPoint("talk", (say("easy_read.we_talked", date=full_date(self.issued_on)),))
        )
        about.append(EasyPoint("paper", (say("easy_read.about"),)))
        open_views = {
            (v.concern, v.id): v
            for v in views(self.assessment)
            if v.who == "family" and v.is_open and v.concern is not None
        }
        first = headline(self.assessment)
        things: list[tuple[int, EasyPoint]] = []
        for index, concern in enumerate(self.concerns_out):
            deadlines = {d.get("id"): d for d in concern.get("deadlines") or []}
            for route in concern.get("routes") or []:
                rid = str(route.get("id", ""))
                rule = self.route_rules.get(rid)
                deadline = self._route_deadline(rid, deadlines)
                if deadline and deadline.get("status") in ("done", *GONE):
                    continue  # already done, or its time has gone: not a next thing to do
                view = open_views.get((index, str(deadline.get("id")))) if deadline else None
                title = _clean(route.get("title")) or (rule.title if rule else rid)
                lines: list[Text] = [strong(title)]
                if view is not None:
                    lines.append(say("easy_read.do_it_by", date=full_date(view.act_by)))
                if rule is not None:
                    declined = self._declined_mediation(index) and rule.next_step_declined
                    step = text_of(
                        runs_of(
                            rule.next_step_declined if declined else rule.next_step, self.values
                        )
                    )
                    lines += [plain(s) for s in _sentences(step)[:2]]
                urgent = view is not None and first is not None and view.id == first.id
                things.append(
                    (0 if urgent else 1, EasyPoint("calendar" if view else "star", tuple(lines)))
                )
        things.sort(key=lambda pair: pair[0])  # stable: the most urgent first, then in order
        todo = [point for _urgency, point in things[:3]]
        if not todo:
            todo = [EasyPoint("star", (say("easy_read.nothing_to_do"),))]
        call: list[EasyPoint] = []
        sendiass = self.council.contact("sendiass")
        if sendiass is not None:
            lines = [say("easy_read.call", name=sendiass.name)]
            if sendiass.phone:
                lines.append(strong(sendiass.phone.replace(" ", NBSP)))
            if sendiass.email:
                lines.append(plain(sendiass.email))
            call.append(EasyPoint("phone", tuple(lines)))
        call.append(EasyPoint("tick", (say("easy_read.help"),)))
        return EasyRead(
            title=self.said("easy_read.title"),
            service_name=self.service_name,
            page_label=self.words.texts["document.page_label"],
            sections=(
                EasySection("", tuple(about)),
                EasySection(self.said("easy_read.next_heading"), tuple(todo)),
                EasySection(self.said("easy_read.call_heading"), tuple(call)),
            ),
        )

    # -- the parts, in reading order -----------------------------------------------------------

    def build(self) -> LetterContent:
        blocks: list[Block] = []
        blocks += self.opening()
        blocks += self.most_important()
        rest: list[Block] = []
        rest += self.told_us()
        rest += self.routes()
        rest += self.deadlines()
        rest += self.late()
        rest += self.cautions()
        rest += self.contacts()
        rest += self.closing()
        blocks += self.terms(blocks + rest)
        blocks += rest
        if self.with_appendix:
            blocks += self.appendix()
        return LetterContent(
            title=self.words.plain("document.title"),
            subject=self.words.plain("document.subject"),
            service_name=self.service_name,
            page_label=self.words.texts["document.page_label"],
            blocks=tuple(blocks),
        )

    def opening(self) -> list[Block]:
        visit = full_date(self.issued_on)
        # Who wrote the letter is in the sign-off and on every page's footer.
        blocks: list[Block] = []
        parent = _clean(self.family.get("parent_name"))
        child_name = _clean(self.family.get("child_name"))
        addressee = child_name if self.young_person else parent
        address = [_clean(line) for line in self.family.get("address") or []]
        block = [plain(line) for line in [addressee, *address] if line]
        about: list[Text] = [self.say("opening.date_line", visit_date=visit)]
        if child_name and not self.young_person:
            about.append(self.say("opening.child_line", child_name=child_name))
        dob = self.family.get("child_date_of_birth")
        if dob:
            about.append(
                self.say("opening.child_dob_line", date_of_birth=date_without_weekday(dob))
            )
        school = _clean(self.family.get("school_name"))
        if school:
            about.append(self.say("opening.school_line", school_name=school))
        # The address on the left, the date and whom the letter is about on the right.
        blocks.append(Lines(tuple(block), beside=tuple(about)) if block else Lines(tuple(about)))
        if addressee:
            greeting = self.say("opening.greeting", name=addressee)
        elif self.young_person:
            greeting = self.say("opening.greeting_young_person_no_name")
        else:
            greeting = self.say("opening.greeting_no_name")
        blocks.append(Para(greeting, style="lead"))
        blocks.append(Para(self.say("opening.intro", visit_date=visit)))
        return blocks

    def terms(self, blocks: list[Block]) -> list[Block]:
        """Each term a parent may not know that the letter uses, explained once, before its use
        in the letter's body (the box above names no term)."""
        text = LetterContent("", "", "", "", tuple(blocks)).plain_text()
        used = [key for key, word in TERM_WORDS.items() if _(word) in text]
        if not used:
            return []
        return [Bullets(tuple(self.say(f"terms.{key}") for key in used))]

    def told_us(self) -> list[Block]:
        sentences: list[Text] = []
        plan = self.circ.get("ehc_plan")
        if plan and self.words.has(f"told_us.ehc_plan.{plan}"):
            sentences.append(self.say(f"told_us.ehc_plan.{plan}"))
        for concern in self.concerns_in:
            kind = concern.get("kind", "")
            key = f"concerns.{kind}.told_us"
            if self.words.has(key):
                sentences.append(self.say(key, sections=self._sections(concern.get("sections"))))
            else:
                sentences.append(self.say("told_us.no_detail"))
            for fact in FACT_DATES:
                if concern.get(fact) and not (fact == "letter_dated" and concern.get("sent_on")):
                    sentences.append(self.say(f"told_us.{fact}", date=full_date(concern[fact])))
            # The mediation dates are in the dates table and in how each date was worked out.
        if not self.concerns_in:
            sentences.append(self.say("told_us.no_detail"))
        blocks: list[Block] = [Heading(self.said("told_us.heading"))]
        blocks.append(Para(_join_sentences(sentences)))
        # The adviser's own words, kept as typed (the renderer escapes them).
        if self.note:
            blocks.append(Para(plain(self.note)))
        for concern in self.concerns_in:
            description = (concern.get("description") or "").strip()
            if description:
                blocks.append(Para(plain(description)))
        return blocks

    def _sections(self, sections: Iterable[str] | None) -> str:
        named = [
            self.said(f"plan_sections.{s}")
            if self.words.has(f"plan_sections.{s}")
            else f"section {s}"
            for s in sections or ()
        ]
        return _and_list(named) if named else self.said("told_us.no_sections")

    def most_important(self) -> list[Block]:
        """The family's most urgent date, as presentation.headline picks it: the day to act by,
        with the law's own last day beside it when that is later."""
        first = headline(self.assessment)
        if first is None:
            if any(r.state == "passed" for _entry, r in self.rows):
                return [Callout((self.say("most_important.all_passed"),))]
            return []
        if first.status == "awaiting_certificate":
            return [Callout((self.say("most_important.awaiting"),))]
        lines: list[Text] = [
            self.say(
                "most_important.line", action=self._action(first), date=full_date(first.act_by)
            )
        ]
        if first.act_by.isoformat() == self.assessment.get("as_of"):
            lines.append(self.say("most_important.today"))
        if first.act_by != first.due_on:
            lines.append(self.say("most_important.last_day", date=full_date(first.due_on)))
        else:
            lines.append(self.say("most_important.on_last_day"))
        if first.id == "tribunal_appeal":  # said here, by the date, rather than under "Please note"
            lines[-1] += plain(" ") + self.say("most_important.by_5pm")
        return [Callout(tuple(lines))]

    def use_rules(self, book: RuleBook) -> None:
        """Each route's next step and contacts, and each family deadline's headline verb."""
        self.route_rules = {rule.id: rule for rule in book.routes}
        self.deadline_actions = {rule.id: rule.action for rule in book.deadlines if rule.action}

    def _action(self, first: DeadlineView) -> str:
        """What the family does, from the deadline's own file ("Send your appeal")."""
        action = self.deadline_actions.get(first.id)
        if action:
            return action
        what = self.deadline_title({"id": first.id, "title": first.title})
        return self.said("most_important.actions.other", what=what)

    def routes(self) -> list[Block]:
        blocks: list[Block] = [
            Heading(self.said("routes.heading")),
            Para(self.say("routes.intro"), style="lead"),
        ]
        for index, concern in enumerate(self.concerns_out):
            if len(self.concerns_out) > 1:
                label = self.concern_label(index)
                blocks.append(Heading(self.said("routes.concern_heading", label=label), level=2))
            routes = concern.get("routes") or []
            if not routes:
                blocks.append(Para(self.say("routes.no_routes")))
            deadlines = {d.get("id"): d for d in concern.get("deadlines") or []}
            for number, route in enumerate(routes, start=1):
                blocks.append(self._route(number, route, deadlines, index))
        return blocks

    def _declined_mediation(self, index: int) -> bool:
        """The family told the mediation adviser it does not want mediation (for this concern)."""
        concerns = self.circ.get("concerns") or []
        mediation = (concerns[index].get("mediation") or {}) if index < len(concerns) else {}
        return mediation.get("wants_mediation") is False

    def _route(
        self, number: int, route: Mapping[str, Any], deadlines: Mapping[str, Any], index: int
    ) -> Para:
        rid = str(route.get("id", ""))
        rule = self.route_rules.get(rid)
        title = _clean(route.get("title")) or (rule.title if rule else rid)
        heading = self.said("routes.step_heading", number=str(number), title=title)
        deadline = self._route_deadline(rid, deadlines)
        if deadline and deadline.get("done_on"):
            # Done: the step's name and the day it was done; what to do would only repeat it.
            done = self.say("routes.last_day_done", date=full_date(deadline["done_on"]))
            return Para(strong(heading) + plain(" ") + done)
        # The step's name, what it is, then what to do, in one paragraph; why the route is open
        # (the assessment's reason) is in the appendix, with the law.
        body: Text = strong(heading) + plain(" " + _clean(route.get("summary")))
        if rule is not None:
            declined = self._declined_mediation(index) and rule.next_step_declined
            template = rule.next_step_declined if declined else rule.next_step
            body += (plain(" ") if body else ()) + strong(self.said("routes.next_label"))
            body += plain(" ") + runs_of(template, self.values)
        # The route's cautions belong with its step, unless the step is declined.
        if not (rule is not None and rule.next_step_declined and self._declined_mediation(index)):
            for caution in route.get("cautions") or []:
                if _clean(caution):
                    body += plain(" " + _clean(caution))
        # Its last day on a line of its own, in the same paragraph: a long step may then run
        # on to the next page instead of leaving a gap, and its last day stays with it.
        last: Text = ()
        if deadline and deadline.get("due_on"):
            when = full_date(deadline["due_on"])
            status = deadline.get("status")
            if status == "awaiting_certificate":
                last = self.say("routes.last_day_awaiting", date=when)
            elif status in GONE:
                last = self.say("routes.last_day_passed", date=when)
            elif status == "today":
                last = self.say("routes.last_day_today", date=when)
            else:
                last = self.say("routes.last_day", date=when)
                if safer_day(deadline):
                    last += plain(" ") + self.say(
                        "routes.act_by", act_by=full_date(deadline["act_by"])
                    )
        if last:
            body += plain("\n") + last
        return Para(body)

    @staticmethod
    def _route_deadline(rid: str, deadlines: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The family's own date for a route (the deadline whose rule names the route)."""
        return next(
            (
                d
                for d in deadlines.values()
                if d.get("who") == "family" and rid in (d.get("routes") or ())
            ),
            None,
        )

    def _deadline_rows(self) -> list[tuple[Mapping[str, Any], DeadlineRow]]:
        entries: list[tuple[int | None, Mapping[str, Any]]] = []
        for index, concern in enumerate(self.concerns_out):
            entries += [(index, d) for d in concern.get("deadlines") or []]
        entries += [(None, d) for d in self.assessment.get("timeline") or []]
        several = len(self.concerns_out) > 1
        rows = []
        for concern_index, entry in entries:
            if not entry.get("due_on"):
                continue
            # A date the family has already met (e.g. the adviser was contacted) is shown as done.
            state = str(entry.get("status") or "upcoming")
            what: Text = strong(self.deadline_title(entry))
            if safer_day(entry) and state in ("upcoming", "today"):
                what += plain("\n") + self.say(
                    "deadlines.act_by", act_by=full_date(entry["act_by"])
                )
            if several and concern_index is not None:
                what += plain("\n") + self.say(
                    "deadlines.about", label=self.concern_label(concern_index)
                )
            row = DeadlineRow(
                due_on=str(entry["due_on"]),
                date_text=full_date(entry["due_on"]),
                what=what,
                who=who_words(str(entry.get("who") or ""), for_family=True),
                state=state,
                mark=None if state == "upcoming" else status_words(entry),
            )
            rows.append((entry, row))
        # Most urgent first: what can still be done, by date; then what has gone, by date.
        rows.sort(key=lambda pair: (pair[1].state in GONE, pair[1].due_on))
        return rows

    def deadlines(self) -> list[Block]:
        blocks: list[Block] = [Heading(self.said("deadlines.heading"))]
        if not self.rows:
            blocks.append(Para(self.say("deadlines.no_deadline")))
            return blocks
        active = tuple(row for _entry, row in self.rows if row.state not in GONE)
        gone = tuple(row for _entry, row in self.rows if row.state in GONE)
        if not active:
            blocks.append(Para(self.say("deadlines.all_passed"), style="lead"))
        blocks.append(
            DeadlineTable(
                columns=(
                    self.said("deadlines.column_date"),
                    self.said("deadlines.column_what"),
                    self.said("deadlines.column_who"),
                ),
                rows=active,
                passed_heading=self.said("deadlines.passed_heading"),
                passed_rows=gone,
            )
        )
        # Once a family's own date has passed, what can still be done ("passed" is never the last word).
        still = _unique(
            _clean(item.get("text"))
            for entry, row in self.rows
            if row.state == "passed"
            for item in entry.get("still_possible") or ()
            if _clean(item.get("text"))
        )
        if still:
            blocks += [
                Heading(self.said("deadlines.still_possible_heading"), level=2),
                Para(self.say("deadlines.still_possible_intro")),
                Bullets(tuple(plain(text) for text in still)),
            ]
        return blocks

    def late(self) -> list[Block]:
        # The late dates themselves are in the table (marked Overdue): a short part says what to do.
        if not any(
            row.state == "overdue" and entry.get("who") == "council" for entry, row in self.rows
        ):
            return []
        return [
            Heading(self.said("late.heading"), level=2),
            Para(self.say("late.intro") + plain(" ") + self.say("late.what_you_can_do")),
        ]

    def cautions(self) -> list[Block]:
        notes: list[Text] = []
        family_active = [e for e, r in self.rows if r.state in ACTIVE and e.get("who") == "family"]
        first = headline(self.assessment)
        in_box = first is not None and first.id == "tribunal_appeal"
        if not in_box and any(e.get("id") == "tribunal_appeal" for e in family_active):
            notes.append(self.say("cautions.received"))
        unsure = _unique(
            self.deadline_title(e)
            for e, r in self.rows
            if e.get("confidence") == "M" and r.state in ACTIVE
        )
        if unsure:
            notes.append(self.say("cautions.less_sure", titles=_and_list(unsure)))
        # The rules' own cautions and warnings, in the rules' words (they own the law; the
        # concern's list already holds its routes' cautions).
        # A route's own cautions are printed with its step, so they are left out here.
        with_steps = {
            _clean(c)
            for concern in self.concerns_out
            for route in concern.get("routes") or []
            for c in route.get("cautions") or []
        }
        for concern in self.concerns_out:
            notes += [
                plain(_clean(c))
                for c in concern.get("cautions") or []
                if _clean(c) and _clean(c) not in with_steps
            ]
        for entry, row in self.rows:
            if row.state in GONE or row.state == "done":
                continue
            for caution in entry.get("cautions") or []:
                if _clean(caution):
                    notes.append(
                        self.say(
                            "cautions.deadline_caution",
                            what=self.deadline_title(entry),
                            caution=_clean(caution),
                        )
                    )
        notes += [
            plain(_clean(w["text"]))
            for w in self.assessment.get("warnings") or []
            if isinstance(w, Mapping) and _clean(w.get("text"))
        ]
        unique = _unique_texts(notes)
        if not unique:
            return []
        return [Heading(self.said("cautions.heading")), Bullets(tuple(unique))]

    def contacts(self) -> list[Block]:
        wanted = set(ALWAYS_CONTACTS)
        for concern in self.concerns_out:
            for route in concern.get("routes") or []:
                rule = self.route_rules.get(str(route.get("id")))
                wanted.update(rule.contacts if rule else ())
        if any(r.state == "overdue" and e.get("who") == "council" for e, r in self.rows):
            wanted.update(("complaints", "lgsco"))
        cards: list[tuple[Contact, list[str]]] = []
        for role in CONTACT_ORDER:
            contact = self.council.contact(role)
            if role not in wanted or contact is None:
                continue
            for existing, roles in cards:
                if existing is contact:  # one service doing two jobs gets one card
                    roles.append(role)
                    break
            else:
                cards.append((contact, [role]))
        blocks: list[Block] = [
            Heading(self.said("contacts.heading")),
        ]
        checked = {contact.last_checked for contact, _role in cards}
        one_day = len(checked) == 1
        for contact, roles in cards:
            blocks.append(self._card(contact, roles, with_checked=not one_day))
        # When every contact was checked on one day, that day is said once, in the appendix.
        self.contacts_checked_on = checked.pop() if one_day else None
        return blocks

    def _card(self, contact: Contact, roles: list[str], *, with_checked: bool) -> ContactCard:
        # What it does: one sentence a role, in one paragraph.
        about = _join_sentences(
            [
                self.say(f"contacts.roles.{role}")
                for role in roles
                if self.words.has(f"contacts.roles.{role}")
            ]
        )
        # Phone, email and website, each labelled; the layout puts them on one line if they fit.
        ways = tuple(
            strong(label) + plain(" " + value)
            for label, value in (
                (
                    f"{contact.phone_label}:",
                    contact.phone.replace(" ", NBSP) if contact.phone else "",
                ),
                (self.said("contacts.email_label"), contact.email or ""),
                (self.said("contacts.web_label"), contact.web or ""),
            )
            if value
        )
        details: list[Text] = []
        if contact.address:
            details.append(
                strong(self.said("contacts.address_label"))
                + plain(" " + ", ".join(contact.address))
            )
        if contact.hours:
            details.append(strong(self.said("contacts.hours_label")) + plain(" " + contact.hours))
        if contact.find_it:
            details.append(plain(contact.find_it))
        if with_checked:
            details.append(self.say("contacts.checked", date=full_date(contact.last_checked)))
        return ContactCard(name=contact.name, about=about, ways=ways, details=tuple(details))

    def closing(self) -> list[Block]:
        # One group, so the sign-off never sits alone at the top of a page.
        return [
            Group(
                (
                    Para(self.say("closing.text")),
                    Para(self.say("closing.sign_off"), style="lead"),
                    Lines((plain(self.adviser_name), plain(self.service_name))),
                )
            )
        ]

    def appendix(self) -> list[Block]:
        if not self.rows:
            return []
        # On a page of its own, so the family can keep the letter and set the working aside.
        blocks: list[Block] = [
            PageBreak(),
            Heading(self.said("appendix.heading")),
            Para(self.say("appendix.intro")),
        ]
        for entry, row in self.rows:
            parts: list[Block] = [
                Heading(
                    self.said(
                        "appendix.item_heading", what=self.deadline_title(entry), date=row.date_text
                    ),
                    level=3,
                )
            ]
            steps = [plain(s) for s in entry.get("steps") or [] if _clean(s)]
            if steps:
                parts.append(Bullets(tuple(steps)))
            sources = [_source(s) for s in entry.get("sources") or []]
            sources = [s for s in sources if s]
            if sources:
                parts.append(Para(strong(self.said("appendix.sources_label"))))
                parts.append(Bullets(tuple(plain(s) for s in _unique(sources))))
            blocks.append(Group(tuple(parts)))
        blocks += self._why_routes()
        if self.contacts_checked_on is not None:
            when = full_date(self.contacts_checked_on)
            blocks.append(Para(self.say("contacts.checked_all", date=when)))
        version = str(self.assessment.get("rules_version") or "")
        if version:
            blocks.append(
                Para(
                    self.say(
                        "appendix.version",
                        visit_date=full_date(self.issued_on),
                        rules_version=version,
                    )
                )
            )
        return blocks

    def _why_routes(self) -> list[Block]:
        """Why each step is open (the assessment's reason) and the law behind it."""
        blocks: list[Block] = []
        for concern in self.concerns_out:
            for route in concern.get("routes") or []:
                rule = self.route_rules.get(str(route.get("id", "")))
                title = _clean(route.get("title")) or (rule.title if rule else "")
                reason = _clean(route.get("reason"))
                sources = _unique(s for s in map(_source, route.get("sources") or []) if s)
                if not reason and not sources:
                    continue
                parts: list[Block] = [
                    Para(self.say("appendix.why_item", title=title, reason=reason))
                ]
                if sources:
                    parts.append(Bullets(tuple(plain(s) for s in sources)))
                blocks.append(Group(tuple(parts)))
        if blocks:
            blocks.insert(0, Heading(self.said("appendix.why_heading"), level=2))
        return blocks


def _clean(value: Any) -> str:
    """User or rules text as one tidy line: None and non-text give ""."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _sentences(text: str) -> list[str]:
    """A paragraph as its sentences (split after . ! ? followed by a space)."""
    import re

    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _possessive(name: str) -> str:
    return f"{name}'s"


def _contact_name(council: Council, role: str, fallback: str) -> str:
    contact = council.contact(role)
    return contact.name if contact else fallback


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _join_sentences(sentences: list[Text]) -> Text:
    out: list[Run] = []
    for sentence in sentences:
        if out:
            out.append(Run(" "))
        out.extend(sentence)
    return tuple(out)


def _source(source: Any) -> str:
    if isinstance(source, Mapping):
        label, url = _clean(source.get("label")), _clean(source.get("url"))
        return f"{label}: {url}" if label and url else label or url
    return _clean(source)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _unique_texts(texts: list[Text]) -> list[Text]:
    seen: set[str] = set()
    out = []
    for text in texts:
        key = " ".join(text_of(text).split()).casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(text)
    return out
