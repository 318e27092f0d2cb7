"""The family's circumstances (`sendadvisor.circumstances/1`): strict validation into frozen data.

Every problem is reported as one `InputError` naming the field, in the contract's path style
(`concerns[0].sent_on`). Unknown fields are errors, so a typo never silently drops a fact.

Fields added to contract version 1 (extensions; never renamed):
- `family.school_name` (string): the child's school or setting, for the case list and letter.
- `summary` (string): what the family told the adviser, in a sentence or two, for the letter.
- `concerns[i].description` (string): the adviser's note of this concern in the family's words.
- `concerns[i].mediation.council_told_adviser_on` (date): the council told the mediation adviser
  it cannot arrange mediation within 30 days, so a certificate is due within 3 working days.
- `concerns[i].order` (for `order_not_complied`): `made_on` (the date of the Tribunal order, of the
  mediation agreement, or of the council's notice that it will not oppose an appeal), `kind` (one
  of ORDER_KINDS) and `unopposed` (true when the council conceded the appeal).
- `timeline.phase_transfer_on` (date, may be in the future): the day the child moves to the next
  phase of education; with `timeline.phase_transfer_to`: `school`, `post16` (secondary school to
  post-16) or `between_post16` (from one post-16 institution to another).
- `concerns[i].received_on` (date): the day the family received the decision (school transport
  reviews count from receipt).
- `concerns[i].mediation.health_body_told_on` (date): the day the council told the integrated care
  board that the family wants mediation about health provision.
- `family.school_type`: one of SCHOOL_TYPES (the Ombudsman can look at exclusion panels of
  maintained schools and pupil referral units, not academies).
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NamedTuple

from sendadvisor.domain.errors import InputError
from sendadvisor.domain.limits import check_year, parse_json, read_text
from sendadvisor.i18n import N_, _

SCHEMA = "sendadvisor.circumstances/1"

# The current SEND framework (Children and Families Act 2014, Part 3) began on 1 September 2014.
FRAMEWORK_START = date(2014, 9, 1)

CONCERN_KINDS = (
    "refuse_assessment",
    "refuse_plan",
    "plan_contents",
    "refuse_reassessment",
    "refuse_amendment",
    "cease_plan",
    "provision_not_delivered",
    "sen_support",
    "disability_discrimination",
    "permanent_exclusion",
    "school_transport",
    "council_delay",
    "order_not_complied",
    "recommendations_not_followed",
)
EHC_PLAN_STATES = ("none", "assessment_requested", "being_assessed", "draft", "final")
APPELLANTS = ("parent", "young_person")
SECTIONS = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
PROVISION_SECTIONS = ("F", "G", "H1", "H2")
PHASE_TRANSFERS = ("school", "post16", "between_post16")
SCHOOL_TYPES = (
    "maintained",
    "pupil_referral_unit",
    "academy",
    "independent",
    "college",
    "early_years",
    "other",
)
ORDER_KINDS = (
    "assess",  # assess or re-assess (reg 44(2)(b))
    "make_plan",  # make and maintain a plan (reg 44(2)(c))
    "remit",  # reconsider (reg 44(2)(d))
    "amend_needs_provision",  # amend sections B or F (reg 44(2)(e))
    "amend_placement",  # change the school or type named in section I (reg 44(2)(f))
    "continue_and_amend",  # a cease appeal won, with amendments
    "agreement_not_appealable",  # a mediation agreement on something that cannot be appealed (reg 42(3))
    "agreement_icb_notify",  # the ICB must tell the council of an agreement (reg 42(4))
)
ORDER_KEYS = ("made_on", "kind", "unopposed")

# Kinds that need an EHC plan to exist; stated plan states that contradict them are an error.
KINDS_NEEDING_PLAN = (
    "plan_contents",
    "refuse_reassessment",
    "refuse_amendment",
    "cease_plan",
    "provision_not_delivered",
)
STATES_WITHOUT_PLAN = ("none", "assessment_requested", "being_assessed")
# Kinds that contradict a plan's stage (send-law §7.8): what the adviser should choose instead.
CONTRADICTIONS = {
    ("plan_contents", "draft"): N_(
        "the plan is only a draft, and the right to appeal its contents starts when it is finalised "
        "(Children and Families Act 2014, s.51(3)); record comments on the draft instead, or set ehc_plan to final"
    ),
    ("refuse_assessment", "final"): N_(
        "a final plan exists, so a refusal to assess is a refusal to re-assess: choose refuse_reassessment "
        "(Children and Families Act 2014, s.51(2)(d))"
    ),
    ("refuse_assessment", "draft"): N_(
        "a draft plan exists, so the council has already assessed: check the plan's stage, or choose "
        "refuse_reassessment"
    ),
}
# Part 3 rights belong to children and young people under 25 (Children and Families Act 2014, s.83(2)).
AGE_LIMIT = 25

TOP_KEYS = (
    "schema",
    "as_of",
    "council",
    "family",
    "appellant",
    "ehc_plan",
    "concerns",
    "timeline",
    "summary",
)
FAMILY_KEYS = (
    "parent_name",
    "address",
    "child_name",
    "child_date_of_birth",
    "school_name",
    "school_type",
)
CONCERN_KEYS = (
    "kind",
    "sent_on",
    "letter_dated",
    "sections",
    "conduct_on",
    "noticed_on",
    "mediation",
    "board_decision_notified_on",
    "school_closed",
    "description",
    "order",
    "received_on",
)
MEDIATION_KEYS = (
    "adviser_contacted_on",
    "wants_mediation",
    "council_told_on",
    "concluded_on",
    "certificate_issued_on",
    "council_told_adviser_on",
    "health_body_told_on",
)
TIMELINE_KEYS = (
    "assessment_requested_on",
    "draft_plan_served_on",
    "reassessment_requested_on",
    "annual_review_meeting_on",
    "amendment_notice_sent_on",
    "phase_transfer_on",
    "phase_transfer_to",
)


# NamedTuples rather than dataclasses: immutable all the same, and much cheaper to import, which
# matters for `sendadvisor assess` (budget: 4x a bare Python start).


class Family(NamedTuple):
    parent_name: str | None = None
    address: tuple[str, ...] = ()
    child_name: str | None = None
    child_date_of_birth: date | None = None
    school_name: str | None = None
    school_type: str | None = None


class Mediation(NamedTuple):
    adviser_contacted_on: date | None = None
    wants_mediation: bool | None = None
    council_told_on: date | None = None
    concluded_on: date | None = None
    certificate_issued_on: date | None = None
    council_told_adviser_on: date | None = None
    health_body_told_on: date | None = None


class Order(NamedTuple):
    made_on: date | None = None
    kind: str | None = None
    unopposed: bool = False


class Concern(NamedTuple):
    number: int  # its position in the input's list (0-based); not `index`, tuple's own method
    kind: str
    sent_on: date | None = None
    letter_dated: date | None = None
    sections: tuple[str, ...] = ()
    conduct_on: date | None = None
    noticed_on: date | None = None
    mediation: Mediation = Mediation()
    board_decision_notified_on: date | None = None
    school_closed: tuple[tuple[date, date], ...] | None = None
    description: str | None = None
    order: Order = Order()
    received_on: date | None = None

    @property
    def path(self) -> str:
        return f"concerns[{self.number}]"


class Timeline(NamedTuple):
    assessment_requested_on: date | None = None
    draft_plan_served_on: date | None = None
    reassessment_requested_on: date | None = None
    annual_review_meeting_on: date | None = None
    amendment_notice_sent_on: date | None = None
    phase_transfer_on: date | None = None
    phase_transfer_to: str | None = None


class Circumstances(NamedTuple):
    as_of: date
    concerns: tuple[Concern, ...]
    raw: dict[str, Any]  # the validated input, as given
    council: str | None = None
    family: Family = Family()
    appellant: str = "parent"
    appellant_worked_out: bool = False
    ehc_plan: str | None = None
    timeline: Timeline = Timeline()
    summary: str | None = None


# ---------------------------------------------------------------------------------------------
# Small typed readers. Each takes the containing dict, the key and the dotted path for messages.


def _suggest(value: str, choices: tuple[str, ...]) -> str:
    """ " (did you mean X?)" for a near miss; difflib is imported only when there is a mistake."""
    import difflib

    close = difflib.get_close_matches(value, choices, n=1)
    return _(" (did you mean {name}?)").format(name=close[0]) if close else ""


def _check_keys(data: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
    for key in data:
        if key not in allowed:
            where = f"{path}.{key}" if path else key
            raise InputError(
                where, _("unknown field{hint}").format(hint=_suggest(str(key), allowed))
            )


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(path, _("must be an object ({...})"))
    return value


def _text(data: dict[str, Any], key: str, path: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{path}{key}", _("must be text"))
    value = value.strip()
    return value or None


def _choice(data: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if value not in choices:
        hint = _suggest(str(value), choices)
        raise InputError(
            f"{path}{key}",
            _("{value} is not one of {choices}{hint}").format(
                value=repr(value), choices=", ".join(choices), hint=hint
            ),
        )
    return str(value)


def parse_date(value: Any, where: str) -> date:
    """An ISO `YYYY-MM-DD` string as a date, or an InputError saying what is wrong with it."""
    if not isinstance(value, str):
        raise InputError(
            where, _("{value} is not a date; write it as YYYY-MM-DD").format(value=repr(value))
        )
    parts = value.split("-")
    # ASCII digits only: str.isdigit() and int() also accept other scripts' digits (２０２６).
    if (
        len(parts) != 3
        or [len(p) for p in parts] != [4, 2, 2]
        or not all(p.isascii() and p.isdigit() for p in parts)
    ):
        raise InputError(
            where, _("{value} is not a date in the form YYYY-MM-DD").format(value=value)
        )
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InputError(where, _("{value} is not a real date").format(value=value)) from None
    return check_year(day, where)


def _date(data: dict[str, Any], key: str, path: str) -> date | None:
    value = data.get(key)
    return None if value is None else parse_date(value, f"{path}{key}")


def _past(day: date | None, where: str, as_of: date, what: str) -> date | None:
    """A fact that has already happened: not after as_of, not before the 2014 framework."""
    if day is None:
        return None
    if day > as_of:
        raise InputError(
            where,
            _("{day} is after as_of ({as_of}); {what} cannot be in the future").format(
                day=day.isoformat(), as_of=as_of.isoformat(), what=what
            ),
        )
    if day < FRAMEWORK_START:
        raise InputError(
            where,
            _(
                "{day} is before 1 September 2014, when the current SEND law began; "
                "sendadvisor does not cover the old law"
            ).format(day=day.isoformat()),
        )
    return day


# ---------------------------------------------------------------------------------------------


def _parse_family(value: Any, as_of: date) -> Family:
    data = _object(value, "family")
    _check_keys(data, FAMILY_KEYS, "family")
    address = data.get("address")
    if address is None:
        lines: tuple[str, ...] = ()
    elif isinstance(address, list) and all(isinstance(line, str) for line in address):
        lines = tuple(line.strip() for line in address if line.strip())
    else:
        raise InputError("family.address", _("must be a list of lines of text"))
    born = _date(data, "child_date_of_birth", "family.")
    if born is not None:
        if born > as_of:
            raise InputError(
                "family.child_date_of_birth",
                _(
                    "{born} is after as_of ({as_of}); a date of birth cannot be in the future"
                ).format(born=born.isoformat(), as_of=as_of.isoformat()),
            )
        if age_on(born, as_of) >= AGE_LIMIT:
            raise InputError(
                "family.child_date_of_birth",
                _(
                    "{born} makes the young person {limit} or over on {as_of}; "
                    "the SEND rights in the Children and Families Act 2014 end at 25 (s.83(2))"
                ).format(born=born.isoformat(), limit=AGE_LIMIT, as_of=as_of.isoformat()),
            )
    return Family(
        parent_name=_text(data, "parent_name", "family."),
        address=lines,
        child_name=_text(data, "child_name", "family."),
        child_date_of_birth=born,
        school_name=_text(data, "school_name", "family."),
        school_type=_choice(data, "school_type", "family.", SCHOOL_TYPES),
    )


def _parse_mediation(value: Any, path: str, as_of: date) -> Mediation:
    data = _object(value, path)
    _check_keys(data, MEDIATION_KEYS, path)
    prefix = f"{path}."
    wants = data.get("wants_mediation")
    if wants is not None and not isinstance(wants, bool):
        raise InputError(f"{prefix}wants_mediation", _("must be true or false"))

    def past(key: str, what: str) -> date | None:
        return _past(_date(data, key, prefix), f"{prefix}{key}", as_of, what)

    mediation = Mediation(
        adviser_contacted_on=past("adviser_contacted_on", _("contacting the mediation adviser")),
        wants_mediation=wants,
        council_told_on=past("council_told_on", _("telling the council")),
        concluded_on=past("concluded_on", _("the end of mediation")),
        certificate_issued_on=past("certificate_issued_on", _("a certificate's issue")),
        council_told_adviser_on=past(
            "council_told_adviser_on", _("the council telling the adviser")
        ),
        health_body_told_on=past("health_body_told_on", _("the council telling the health body")),
    )
    return mediation


def _in_order(prefix: str, steps: list[tuple[str, date | None, str | None]]) -> None:
    """Refuse a later step of a process dated before the step it follows (a typo in a date)."""
    (_key, first, what), (key, then, _what) = steps
    if first is not None and then is not None and then < first:
        raise InputError(
            f"{prefix}{key}",
            _("{then} is before {what} ({first})").format(
                then=then.isoformat(), what=what, first=first.isoformat()
            ),
        )


def _parse_closures(value: Any, where: str) -> tuple[tuple[date, date], ...]:
    if not isinstance(value, list):
        raise InputError(where, _("must be a list of [first, last] date pairs"))
    periods = []
    for i, pair in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise InputError(here, _("must be a pair [first, last]"))
        first, last = parse_date(pair[0], f"{here}[0]"), parse_date(pair[1], f"{here}[1]")
        if last < first:
            raise InputError(
                here,
                _("ends ({last}) before it begins ({first})").format(
                    last=last.isoformat(), first=first.isoformat()
                ),
            )
        periods.append((first, last))
    return tuple(sorted(periods))


def _parse_concern(value: Any, index: int, as_of: date) -> Concern:
    path = f"concerns[{index}]"
    data = _object(value, path)
    _check_keys(data, CONCERN_KEYS, path)
    prefix = f"{path}."
    kind = _choice(data, "kind", prefix, CONCERN_KINDS)
    if kind is None:
        raise InputError(
            f"{prefix}kind", _("is required: one of {kinds}").format(kinds=", ".join(CONCERN_KINDS))
        )

    def past(key: str, what: str) -> date | None:
        return _past(_date(data, key, prefix), f"{prefix}{key}", as_of, what)

    sections_value = data.get("sections")
    sections: tuple[str, ...] = ()
    if sections_value is not None:
        if not isinstance(sections_value, list):
            raise InputError(f"{prefix}sections", _('must be a list such as ["F", "I"]'))
        allowed = PROVISION_SECTIONS if kind == "provision_not_delivered" else SECTIONS
        for section in sections_value:
            if section not in allowed:
                raise InputError(
                    f"{prefix}sections",
                    _("{section} is not a plan section here; use any of {sections}").format(
                        section=repr(section), sections=" ".join(allowed)
                    ),
                )
        sections = tuple(s for s in SECTIONS if s in sections_value)
    if kind in ("plan_contents", "provision_not_delivered") and not sections:
        choices = PROVISION_SECTIONS if kind == "provision_not_delivered" else SECTIONS
        raise InputError(
            f"{prefix}sections",
            _(
                "is needed for {kind}: say which sections of the plan ({sections}) this is about"
            ).format(kind=kind, sections=" ".join(choices)),
        )

    mediation = Mediation()
    if data.get("mediation") is not None:
        mediation = _parse_mediation(data["mediation"], f"{prefix}mediation", as_of)

    closures = None
    if data.get("school_closed") is not None:
        closures = _parse_closures(data["school_closed"], f"{prefix}school_closed")

    order = Order()
    if data.get("order") is not None:
        order_data = _object(data["order"], f"{prefix}order")
        _check_keys(order_data, ORDER_KEYS, f"{prefix}order")
        unopposed = order_data.get("unopposed", False)
        if not isinstance(unopposed, bool):
            raise InputError(f"{prefix}order.unopposed", _("must be true or false"))
        order = Order(
            made_on=_past(
                _date(order_data, "made_on", f"{prefix}order."),
                f"{prefix}order.made_on",
                as_of,
                _("the order or agreement"),
            ),
            kind=_choice(order_data, "kind", f"{prefix}order.", ORDER_KINDS),
            unopposed=unopposed,
        )
        if (order.made_on is None) != (order.kind is None):
            missing = "kind" if order.kind is None else "made_on"
            raise InputError(
                f"{prefix}order.{missing}", _("is needed with the other order details")
            )

    concern = Concern(
        number=index,
        kind=kind,
        sent_on=past("sent_on", _("sending the decision")),
        letter_dated=past("letter_dated", _("the date on the letter")),
        sections=sections,
        conduct_on=past("conduct_on", _("the act complained of")),
        noticed_on=past("noticed_on", _("first knowing of the matter")),
        mediation=mediation,
        board_decision_notified_on=past("board_decision_notified_on", _("the board's decision")),
        school_closed=closures,
        description=_text(data, "description", prefix),
        order=order,
        received_on=past("received_on", _("receiving the decision")),
    )
    sent = concern.sent_on
    if sent is not None and concern.received_on is not None and concern.received_on < sent:
        raise InputError(
            f"{prefix}received_on",
            _("{day} is before the decision was sent ({sent})").format(
                day=concern.received_on.isoformat(), sent=sent.isoformat()
            ),
        )
    for key in MEDIATION_KEYS:
        if key == "wants_mediation":
            continue
        day = getattr(mediation, key)
        if sent is not None and day is not None and day < sent:
            raise InputError(
                f"{prefix}mediation.{key}",
                _("{day} is before the decision was sent ({sent})").format(
                    day=day.isoformat(), sent=sent.isoformat()
                ),
            )
    _in_order(
        f"{prefix}mediation.",
        [
            (
                "council_told_on",
                mediation.council_told_on,
                _("the council was told the family wanted mediation"),
            ),
            ("concluded_on", mediation.concluded_on, None),
        ],
    )
    _in_order(
        f"{prefix}mediation.",
        [
            (
                "adviser_contacted_on",
                mediation.adviser_contacted_on,
                _("the mediation adviser was contacted"),
            ),
            ("certificate_issued_on", mediation.certificate_issued_on, None),
        ],
    )
    _in_order(
        f"{prefix}mediation.",
        [
            (
                "council_told_on",
                mediation.council_told_on,
                _("the council was told the family wanted mediation"),
            ),
            ("health_body_told_on", mediation.health_body_told_on, None),
        ],
    )
    return concern


def _parse_timeline(value: Any, as_of: date) -> Timeline:
    data = _object(value, "timeline")
    _check_keys(data, TIMELINE_KEYS, "timeline")

    def past(key: str, what: str) -> date | None:
        return _past(_date(data, key, "timeline."), f"timeline.{key}", as_of, what)

    timeline = Timeline(
        assessment_requested_on=past("assessment_requested_on", _("a request")),
        draft_plan_served_on=past("draft_plan_served_on", _("serving the draft plan")),
        reassessment_requested_on=past("reassessment_requested_on", _("a request")),
        annual_review_meeting_on=past("annual_review_meeting_on", _("a meeting that has happened")),
        amendment_notice_sent_on=past("amendment_notice_sent_on", _("sending a notice")),
        # The move to the next school is normally in the future: no past-date check.
        phase_transfer_on=_date(data, "phase_transfer_on", "timeline."),
        phase_transfer_to=_choice(data, "phase_transfer_to", "timeline.", PHASE_TRANSFERS),
    )
    if timeline.phase_transfer_on and not timeline.phase_transfer_to:
        raise InputError(
            "timeline.phase_transfer_to",
            _("is needed with phase_transfer_on: {choices}").format(
                choices=", ".join(PHASE_TRANSFERS)
            ),
        )
    _in_order(
        "timeline.",
        [
            (
                "annual_review_meeting_on",
                timeline.annual_review_meeting_on,
                _("the annual review meeting"),
            ),
            ("amendment_notice_sent_on", timeline.amendment_notice_sent_on, None),
        ],
    )
    _in_order(
        "timeline.",
        [
            (
                "assessment_requested_on",
                timeline.assessment_requested_on,
                _("the request for an assessment"),
            ),
            ("draft_plan_served_on", timeline.draft_plan_served_on, None),
        ],
    )
    return timeline


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def end_of_compulsory_school_age(born: date) -> date:
    """The last Friday in June of the school year (September to August) in which the child turns 16."""
    sixteenth_year = born.year + 16
    # A birthday from 1 September falls in the school year that ends the following summer.
    school_year_end = sixteenth_year + 1 if (born.month, born.day) >= (9, 1) else sixteenth_year
    day = date(school_year_end, 6, 30)
    while day.weekday() != 4:
        day = day.replace(day=day.day - 1)
    return day


def parse_circumstances(data: Any) -> Circumstances:
    """Validate a circumstances dict; raise InputError naming the first field that is wrong."""
    data = _object(data, "circumstances")
    _check_keys(data, TOP_KEYS, "")
    if data.get("schema") != SCHEMA:
        raise InputError(
            "schema",
            _("must be exactly {schema} (found {found})").format(
                schema=repr(SCHEMA), found=repr(data.get("schema"))
            ),
        )
    if data.get("as_of") is None:
        raise InputError("as_of", _("is required: the day the advice is given, as YYYY-MM-DD"))
    as_of = parse_date(data["as_of"], "as_of")
    if as_of < FRAMEWORK_START:
        raise InputError(
            "as_of",
            _("{day} is before 1 September 2014, when the current SEND law began").format(
                day=as_of.isoformat()
            ),
        )

    council = data.get("council")
    if council is not None and (
        not isinstance(council, str)
        or not council
        or not all(c.isalnum() or c in "-_" for c in council)
    ):
        raise InputError(
            "council",
            _("{council} is not a council name such as 'dorset'").format(council=repr(council)),
        )

    family = _parse_family(data["family"], as_of) if data.get("family") is not None else Family()
    appellant = _choice(data, "appellant", "", APPELLANTS)
    worked_out = False
    if appellant is None:
        appellant = "parent"
        if family.child_date_of_birth is not None:
            worked_out = True
            if as_of > end_of_compulsory_school_age(family.child_date_of_birth):
                appellant = "young_person"

    ehc_plan = _choice(data, "ehc_plan", "", EHC_PLAN_STATES)

    concerns_value = data.get("concerns")
    if not isinstance(concerns_value, list) or not concerns_value:
        raise InputError("concerns", _("is required: a list of at least one concern"))
    concerns = tuple(_parse_concern(c, i, as_of) for i, c in enumerate(concerns_value))
    for concern in concerns:
        if ehc_plan in STATES_WITHOUT_PLAN and concern.kind in KINDS_NEEDING_PLAN:
            raise InputError(
                f"{concern.path}.kind",
                _("{kind} needs an EHC plan, but ehc_plan is {state}").format(
                    kind=concern.kind, state=repr(ehc_plan)
                ),
            )
        contradiction = CONTRADICTIONS.get((concern.kind, ehc_plan or ""))
        if contradiction:
            raise InputError(
                f"{concern.path}.kind",
                _("{kind} with ehc_plan {state}: {contradiction}").format(
                    kind=concern.kind, state=repr(ehc_plan), contradiction=_(contradiction)
                ),
            )

    timeline = (
        _parse_timeline(data["timeline"], as_of) if data.get("timeline") is not None else Timeline()
    )

    return Circumstances(
        as_of=as_of,
        concerns=concerns,
        council=council,
        family=family,
        appellant=appellant,
        appellant_worked_out=worked_out,
        ehc_plan=ehc_plan,
        timeline=timeline,
        summary=_text(data, "summary", ""),
        raw=data,
    )


def read_case_json(path: str) -> dict[str, Any]:
    """Read circumstances JSON from a file, or from standard input when path is `-`."""
    name = _("standard input") if path == "-" else path
    try:
        if path == "-":
            text = read_text(sys.stdin, name)
        else:
            with open(path, encoding="utf-8") as handle:
                text = read_text(handle, name)
    except FileNotFoundError:
        raise InputError(path, _("no such file")) from None
    except IsADirectoryError:
        raise InputError(path, _("is a folder, not a case file")) from None
    except PermissionError:
        raise InputError(path, _("cannot be read (permission denied)")) from None
    except UnicodeDecodeError:
        raise InputError(name, _("is not a text file (expected UTF-8 JSON)")) from None
    except OSError as error:
        raise InputError(
            path, _("cannot be read ({reason})").format(reason=error.strerror or error)
        ) from None
    if not text.strip():
        raise InputError(name, _("is empty; expected the circumstances as JSON"))
    data = parse_json(text, name)  # limits on size, depth, text and numbers (domain/limits.py)
    if not isinstance(data, dict):
        raise InputError(name, _("must hold a JSON object with the circumstances"))
    return data
