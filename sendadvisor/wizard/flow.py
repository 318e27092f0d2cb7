"""The case wizard's questions and page order as plain data and functions, testable without Qt.

The wizard widgets only display what this module decides: which pages a case needs, which
questions each concern kind asks, how typed dates are read, and how the answers become a
`sendadvisor.circumstances/1` dict (and back again, for editing a saved or imported case).
The words it shows (labels, help, names of choices) come from `resources/ui/questions.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sendadvisor.dates.wording import format_short
from sendadvisor.domain import circumstances as contract
from sendadvisor.domain.circumstances import end_of_compulsory_school_age
from sendadvisor.i18n import _
from sendadvisor.wizard.questions import load_wording

SCHEMA = contract.SCHEMA

# Every word the wizard shows comes from resources/ui/questions.toml, so a service can edit it;
# the identifiers come from the contract, so each one is offered exactly once and in its order.
# They are read when this module is first imported, after the language is chosen at start-up
# (app.configure_core).
_WORDS = load_wording()

PLAN_SECTIONS: tuple[str, ...] = contract.SECTIONS

# What each plan section holds, so the adviser can tick the right boxes while the family talks.
SECTION_LABELS: dict[str, str] = {
    section: _WORDS.name("sections", section) for section in PLAN_SECTIONS
}

EHC_PLAN_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (state, _WORDS.name("ehc_plan", state)) for state in contract.EHC_PLAN_STATES
)

APPELLANT_CHOICES: tuple[tuple[str | None, str], ...] = tuple(
    (appellant, _WORDS.name("appellant", appellant)) for appellant in (None, *contract.APPELLANTS)
)

SCHOOL_TYPE_CHOICES: tuple[tuple[str | None, str], ...] = tuple(
    (kind, _WORDS.name("school_type", kind)) for kind in (None, *contract.SCHOOL_TYPES)
)

CONCERN_KINDS: tuple[tuple[str, str], ...] = tuple(
    (kind, _WORDS.name("concern_kinds", kind)) for kind in contract.CONCERN_KINDS
)

SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "plan_contents": PLAN_SECTIONS,
    # Only provision can go undelivered: special educational, health and social care provision.
    "provision_not_delivered": contract.PROVISION_SECTIONS,
    # The Tribunal's recommendations are about health (C, G) and social care (D, H1, H2).
    "recommendations_not_followed": ("C", "D", "G", "H1", "H2"),
}


@dataclass(frozen=True)
class Question:
    """One input of the wizard: `path` is its circumstances path (and the widget's objectName)."""

    path: str
    label: str
    kind: str  # date | choice | yes_no | text | lines | ranges | sections
    help: str = ""
    past_only: bool = True  # a fact date that cannot be after the day of the advice


def _ask(page: str, path: str, kind: str, *, past_only: bool = True) -> Question:
    """A question with its label and help text from the wording file (`page` is its table there)."""
    label, help_text = _WORDS.question(page, path)
    return Question(path, label, kind, help_text, past_only=past_only)


FAMILY_QUESTIONS: tuple[Question, ...] = (
    _ask("family_page", "as_of", "date", past_only=False),
    _ask("family_page", "council", "choice"),
    _ask("family_page", "family.parent_name", "text"),
    _ask("family_page", "family.address", "lines"),
    _ask("family_page", "family.child_name", "text"),
    _ask("family_page", "family.child_date_of_birth", "date"),
    _ask("family_page", "family.school_name", "text"),
    _ask("family_page", "family.school_type", "choice"),
    _ask("family_page", "appellant", "choice"),
)

PLAN_QUESTIONS: tuple[Question, ...] = (_ask("plan_page", "ehc_plan", "choice"),)

# Every question a concern can ask, in the order shown; `concern_questions` picks the ones a kind needs.
CONCERN_QUESTIONS: tuple[Question, ...] = (
    _ask("concern_page", "kind", "choice"),
    _ask("concern_page", "description", "lines"),
    _ask("concern_page", "sent_on", "date"),
    _ask("concern_page", "letter_dated", "date"),
    _ask("concern_page", "sections", "sections"),
    _ask("concern_page", "conduct_on", "date"),
    _ask("concern_page", "noticed_on", "date"),
    _ask("concern_page", "received_on", "date"),
    _ask("concern_page", "board_decision_notified_on", "date"),
    _ask("concern_page", "school_closed", "ranges"),
    _ask("concern_page", "mediation.adviser_contacted_on", "date"),
    _ask("concern_page", "mediation.wants_mediation", "yes_no"),
    _ask("concern_page", "mediation.council_told_on", "date"),
    _ask("concern_page", "mediation.concluded_on", "date"),
    _ask("concern_page", "mediation.certificate_issued_on", "date"),
    _ask("concern_page", "mediation.council_told_adviser_on", "date"),
    _ask("concern_page", "mediation.health_body_told_on", "date"),
)

TIMELINE_QUESTIONS: tuple[Question, ...] = (
    _ask("timeline_page", "timeline.assessment_requested_on", "date"),
    _ask("timeline_page", "timeline.draft_plan_served_on", "date"),
    _ask("timeline_page", "timeline.reassessment_requested_on", "date"),
    _ask("timeline_page", "timeline.annual_review_meeting_on", "date"),
    _ask("timeline_page", "timeline.amendment_notice_sent_on", "date"),
    _ask("timeline_page", "timeline.phase_transfer_on", "date", past_only=False),
    _ask("timeline_page", "timeline.phase_transfer_to", "choice"),
)

PHASE_TRANSFER_CHOICES: tuple[tuple[str | None, str], ...] = tuple(
    (place, _WORDS.name("phase_transfer", place)) for place in (None, *contract.PHASE_TRANSFERS)
)

# Which council process dates matter at each stage of the plan (SEND Regs 2014 regs 4-5, 10, 13,
# 13(1)(a), 20, 22, 25): asking for the others would only slow the adviser down.
_TIMELINE_BY_PLAN: dict[str, tuple[str, ...]] = {
    "none": (),
    "assessment_requested": ("timeline.assessment_requested_on",),
    "being_assessed": ("timeline.assessment_requested_on",),
    "draft": ("timeline.assessment_requested_on", "timeline.draft_plan_served_on"),
    "final": (
        "timeline.reassessment_requested_on",
        "timeline.annual_review_meeting_on",
        "timeline.amendment_notice_sent_on",
        "timeline.phase_transfer_on",
        "timeline.phase_transfer_to",
    ),
}
_TIMELINE_BY_KIND: dict[str, tuple[str, ...]] = {
    "refuse_assessment": ("timeline.assessment_requested_on",),
    "refuse_plan": ("timeline.assessment_requested_on",),
    "refuse_reassessment": ("timeline.reassessment_requested_on",),
    "refuse_amendment": ("timeline.annual_review_meeting_on", "timeline.amendment_notice_sent_on"),
    "council_delay": tuple(q.path for q in TIMELINE_QUESTIONS),
}


# A fact the rules read, as the wizard's question path (a decision is asked as its sending day
# and, failing that, the date printed on the letter).
_FACT_QUESTIONS = {
    "concern.decision_sent": ("sent_on", "letter_dated"),
    "concern.decision_made": ("sent_on", "letter_dated"),
}


def concern_questions(kind: str | None) -> list[Question]:
    """The questions, in order, that a concern of this kind needs (always its kind first): the
    facts that the rules reachable from the kind can read (rules.facts_for_kind)."""
    wanted = {"kind", "description"}
    if kind:
        from sendadvisor.rules.rulebook import default_rulebook, facts_for_kind

        for fact in facts_for_kind(default_rulebook(), kind):
            wanted.update(_FACT_QUESTIONS.get(fact, (fact.removeprefix("concern."),)))
    if any(path.startswith("mediation.") for path in wanted):
        wanted.add("mediation.wants_mediation")
    return [q for q in CONCERN_QUESTIONS if q.path in wanted]


def asks_about_mediation(kind: str | None) -> bool:
    """Whether a concern of this kind can need a mediation certificate or mediation dates."""
    return any(q.path.startswith("mediation.") for q in concern_questions(kind))


def sections_for(kind: str | None) -> tuple[str, ...]:
    """The plan sections a concern of this kind can be about."""
    return SECTION_KINDS.get(kind or "", ())


def timeline_question_paths(ehc_plan: str | None, kinds: list[str | None]) -> list[str]:
    """The council process dates worth asking about for this plan stage and these concerns."""
    wanted = set(_TIMELINE_BY_PLAN.get(ehc_plan or "", ()))
    for kind in kinds:
        wanted.update(_TIMELINE_BY_KIND.get(kind or "", ()))
    return [q.path for q in TIMELINE_QUESTIONS if q.path in wanted]


def page_order(ehc_plan: str | None, kinds: list[str | None]) -> list[str]:
    """The wizard's pages for this case: family, plan, each concern, council dates if any, check."""
    pages = ["family", "plan"] + [f"concern:{i}" for i in range(max(1, len(kinds)))]
    if timeline_question_paths(ehc_plan, kinds):
        pages.append("timeline")
    pages.append("check")
    return pages


def next_page(current: str, ehc_plan: str | None, kinds: list[str | None]) -> str | None:
    """The page after `current`, or None when `current` is the last."""
    pages = page_order(ehc_plan, kinds)
    position = pages.index(current) if current in pages else len(pages) - 1
    return pages[position + 1] if position + 1 < len(pages) else None


# --- dates as typed ---------------------------------------------------------------------------

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})\s*$")
# "3 Nov 2026", "3 November 2026", "3rd Nov 26"
_DAY_MONTH_NAME = re.compile(
    r"^\s*(\d{1,2})(?:st|nd|rd|th)?\s*[ .\-/]?\s*([A-Za-z]{3,9})\.?\s*[ .\-/,]?\s*(\d{4}|\d{2})\s*$"
)
_MONTHS = (
    "january february march april may june july august september october november december".split()  # not for people
)


def _year(text: str) -> int:
    """A two-digit year: "26" is 2026, "98" is 1998 (a young person's birth year)."""
    if len(text) != 2:
        return int(text)
    return int(text) + (1900 if int(text) > 60 else 2000)


def _month(name: str) -> int | None:
    name = name.lower()
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(name) and (len(name) >= 3 or name == month):
            return number
    return None


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateTextError(ValueError):
    """Typed text that is not a usable date; str() is a plain-English sentence."""


def parse_date_text(text: str) -> date | None:
    """Read a date typed as dd/mm/yyyy (UK order) or ISO yyyy-mm-dd; blank gives None."""
    if not text.strip():
        return None
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    named = _DAY_MONTH_NAME.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dmy:
        day, month, year = int(dmy.group(1)), int(dmy.group(2)), _year(dmy.group(3))
    elif named and _month(named.group(2)):
        day, month, year = int(named.group(1)), _month(named.group(2)) or 0, _year(named.group(3))
    else:
        raise DateTextError(
            _("“{text}” is not a date. Type it as day/month/year, for example 02/11/2026.").format(
                text=text.strip()
            )
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(_("{text} is not a real date.").format(text=text.strip())) from None


def format_date_text(value: date | str | None) -> str:
    """A date as the wizard shows it: dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def check_date_text(
    text: str, *, as_of: date | None, past_only: bool, birth: bool = False
) -> str | None:
    """The message to show beside a date field, or None when the text is fine. A date of
    `birth` must come before the day of the advice."""
    try:
        value = parse_date_text(text)
    except DateTextError as error:
        return str(error)
    if birth and value is not None and as_of is not None and value >= as_of:
        return _("A date of birth must be before the date of the advice ({day}).").format(
            day=format_date_text(as_of)
        )
    if value is not None and past_only and as_of is not None and value > as_of:
        return _(
            "This is after the date of the advice ({day}). It must already have happened."
        ).format(day=format_date_text(as_of))
    return None


# --- who holds the rights -----------------------------------------------------------------------


def rights_holder(date_of_birth: date | None, as_of: date | None) -> str | None:
    """`young_person` once past compulsory school age, `parent` before; None if unknown."""
    if date_of_birth is None or as_of is None:
        return None
    return "young_person" if as_of > end_of_compulsory_school_age(date_of_birth) else "parent"


def rights_hint(date_of_birth: date | None, as_of: date | None, child_name: str = "") -> str:
    """One plain sentence saying who holds the rights, for beside the date of birth."""
    holder = rights_holder(date_of_birth, as_of)
    if holder is None:
        return ""
    who = child_name.strip() or _("The young person")
    ends = end_of_compulsory_school_age(date_of_birth)  # type: ignore[arg-type]
    if holder == "young_person":
        return _(
            "{who} is over compulsory school age (since {day}), so they hold the rights themselves."
        ).format(who=who, day=format_short(ends))
    return _("The parent holds the rights until {day}, when compulsory school age ends.").format(
        day=format_short(ends)
    )


# --- answers <-> circumstances ------------------------------------------------------------------


class AnswerError(ValueError):
    """An answer that cannot become circumstances; `path` is the widget's objectName."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def widget_path(field: str) -> str:
    """A field as error messages spell it (`concerns[0].sent_on`) as the widget's name (`concerns.0.sent_on`)."""
    return re.sub(r"\[(\d+)\]", r".\1", field)


def answers_to_circumstances(answers: dict[str, Any], concern_count: int) -> dict:
    """Build circumstances from the wizard's answers (path -> typed text, bool or identifier).

    Only the questions that each concern's kind asks are read, so an answer left behind after the
    kind was changed never leaks into the case. Raises AnswerError naming the path of a bad answer.
    """
    read = _Answers(answers)
    result: dict[str, Any] = {"schema": SCHEMA, "as_of": read.day("as_of")}
    if answers.get("council"):
        result["council"] = answers["council"]
    family = _family(read)
    if family:
        result["family"] = family
    for key in ("appellant", "ehc_plan"):
        if answers.get(key):
            result[key] = answers[key]
    if read.text("summary"):
        result["summary"] = read.text("summary")
    kinds = [answers.get(f"concerns.{index}.kind") for index in range(concern_count)]
    result["concerns"] = [_concern(read, index, kind) for index, kind in enumerate(kinds)]
    timeline = _timeline(read, answers.get("ehc_plan"), kinds)
    if timeline:
        result["timeline"] = timeline
    return result


class _Answers:
    """The wizard's answers, read as trimmed text or as ISO dates (AnswerError naming a bad one)."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def get(self, path: str) -> Any:
        return self.answers.get(path)

    def text(self, path: str) -> str:
        value = self.answers.get(path)
        return value.strip() if isinstance(value, str) else ""

    def day(self, path: str) -> str | None:
        try:
            value = parse_date_text(self.text(path))
        except DateTextError as error:
            raise AnswerError(path, str(error)) from None
        return value.isoformat() if value else None


def _family(read: _Answers) -> dict[str, Any]:
    """The `family` part: names, address, date of birth and school, each only when answered."""
    family: dict[str, Any] = {}
    for key in ("parent_name", "child_name", "school_name"):
        if read.text(f"family.{key}"):
            family[key] = read.text(f"family.{key}")
    address = [line.strip() for line in read.text("family.address").splitlines() if line.strip()]
    if address:
        family["address"] = address
    born = read.day("family.child_date_of_birth")
    if born:
        family["child_date_of_birth"] = born
    if read.get("family.school_type"):
        family["school_type"] = read.get("family.school_type")
    return family


def _concern(read: _Answers, index: int, kind: str | None) -> dict[str, Any]:
    """One concern: its kind and the answers to the questions that kind asks (none other)."""
    prefix = f"concerns.{index}."
    concern: dict[str, Any] = {"kind": kind}
    mediation: dict[str, Any] = {}
    for question in concern_questions(kind):
        if question.path == "kind":
            continue
        path = prefix + question.path
        if question.kind == "sections":
            _put(concern, "sections", _sections(read, path, kind))
        elif question.kind == "ranges":
            _put(concern, "school_closed", _read_ranges(path, read.text(path)) or None)
        elif question.path.startswith("mediation."):
            _put(mediation, question.path.removeprefix("mediation."), _answer(read, question, path))
        else:
            _put(concern, question.path, _answer(read, question, path))
    if _says_something(mediation):
        concern["mediation"] = mediation
    return concern


def _put(into: dict[str, Any], key: str, value: Any) -> None:
    """Record an answer; None is a question left blank."""
    if value is not None:
        into[key] = value


def _sections(read: _Answers, path: str, kind: str | None) -> list[str] | None:
    """The plan sections ticked for a concern of this kind, in the plan's order (None: none)."""
    return [s for s in sections_for(kind) if read.get(f"{path}.{s}")] or None


def _answer(read: _Answers, question: Question, path: str) -> Any:
    """A yes/no, text or date answer as the circumstances hold it (None: left blank; a yes/no is
    never blank)."""
    if question.kind == "yes_no":
        return bool(read.get(path))
    if question.kind == "lines":
        return read.text(path) or None
    return read.day(path)


def _says_something(mediation: dict[str, Any]) -> bool:
    """An unticked "wants mediation" on its own says nothing; keep mediation only with a fact in it."""
    return any(key != "wants_mediation" for key in mediation) or bool(
        mediation.get("wants_mediation")
    )


def _timeline(read: _Answers, ehc_plan: str | None, kinds: list[str | None]) -> dict[str, Any]:
    """The council's process dates worth asking for this plan stage and these concerns."""
    timeline: dict[str, Any] = {}
    for path in timeline_question_paths(ehc_plan, kinds):
        value = read.get(path) if path == "timeline.phase_transfer_to" else read.day(path)
        if value:
            timeline[path.removeprefix("timeline.")] = value
    return timeline


def _read_ranges(path: str, text: str) -> list[list[str]]:
    ranges = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = re.split(r"\s+(?:-|–|to)\s+", line.strip())
        if len(parts) == 1:
            parts = parts * 2  # a single closed day
        if len(parts) != 2:
            raise AnswerError(
                path,
                _("line {number}: write a period as first day - last day.").format(number=number),
            )
        try:
            first, last = (parse_date_text(part) for part in parts)
        except DateTextError as error:
            raise AnswerError(
                path, _("line {number}: {problem}").format(number=number, problem=error)
            ) from None
        if first is None or last is None or last < first:
            raise AnswerError(
                path, _("line {number}: the last day comes before the first.").format(number=number)
            )
        ranges.append([first.isoformat(), last.isoformat()])
    return ranges


def circumstances_to_answers(circumstances: dict) -> tuple[dict[str, Any], int]:
    """The wizard answers that show these circumstances, and how many concerns they have."""
    answers: dict[str, Any] = {"as_of": format_date_text(circumstances.get("as_of"))}
    for key in ("council", "appellant", "ehc_plan"):
        if circumstances.get(key):
            answers[key] = circumstances[key]
    family = circumstances.get("family") or {}
    if circumstances.get("summary"):
        answers["summary"] = circumstances["summary"]
    for key in ("parent_name", "child_name", "school_name"):
        answers[f"family.{key}"] = family.get(key) or ""
    answers["family.address"] = "\n".join(family.get("address") or [])
    answers["family.child_date_of_birth"] = format_date_text(family.get("child_date_of_birth"))
    if family.get("school_type"):
        answers["family.school_type"] = family["school_type"]
    concerns = circumstances.get("concerns") or [{}]
    for index, concern in enumerate(concerns):
        prefix = f"concerns.{index}."
        for key, value in concern.items():
            if key == "sections":
                for section in value:
                    answers[f"{prefix}sections.{section}"] = True
            elif key == "school_closed":
                answers[prefix + key] = "\n".join(
                    f"{format_date_text(first)} - {format_date_text(last)}" for first, last in value
                )
            elif key == "mediation":
                for sub, sub_value in (value or {}).items():
                    path = f"{prefix}mediation.{sub}"
                    answers[path] = (
                        sub_value if isinstance(sub_value, bool) else format_date_text(sub_value)
                    )
            elif key.endswith("_on") or key == "letter_dated":
                answers[prefix + key] = format_date_text(value)
            else:
                answers[prefix + key] = value
    for key, value in (circumstances.get("timeline") or {}).items():
        if value:
            answers[f"timeline.{key}"] = (
                value if key == "phase_transfer_to" else format_date_text(value)
            )
    return answers, len(concerns)


def kind_label(kind: str | None) -> str:
    """The plain-English description of a concern kind, in the language in use now (the
    wizard's own choices are read once, when it is built)."""
    words = load_wording()
    if kind in contract.CONCERN_KINDS:
        return words.name("concern_kinds", kind)
    return words.name("concern_kinds", None)


def days_left_text(due_on: date | None, today: date) -> str:
    """'in 5 days', 'today', '3 days ago' (presentation.time_left), or nothing without a date."""
    from sendadvisor.presentation import time_left

    return "" if due_on is None else time_left(due_on, today)


_FIELD_IN_TEXT = re.compile(
    r"\b(?:concerns\[(\d+)\]\.)?((?:mediation\.|timeline\.|family\.)?[a-z_]+_(?:on|dated))\b"
)
_CONCERN_PREFIX = re.compile(r"^concerns\[(\d+)\]:\s*")


def field_label(field: str) -> str:
    """The wizard's question for a field named as in a message (`concerns[0].sent_on`), or the
    field itself when no question asks it."""
    labels = {q.path: q.label for q in (*FAMILY_QUESTIONS, *TIMELINE_QUESTIONS, *CONCERN_QUESTIONS)}
    match = _FIELD_IN_TEXT.fullmatch(field)
    path = match.group(2) if match else field
    return labels.get(path, field)


def plain_field_names(text: str) -> str:
    """Replace field paths in a message (`concerns[1].conduct_on`) with the wizard's question labels."""
    labels = {q.path: q.label for q in (*FAMILY_QUESTIONS, *TIMELINE_QUESTIONS, *CONCERN_QUESTIONS)}
    text = _CONCERN_PREFIX.sub(
        lambda m: _("Concern {number}: ").format(number=int(m.group(1)) + 1), text
    )

    def label(match: re.Match) -> str:
        index, path = match.group(1), match.group(2)
        if path not in labels:
            return match.group(0)
        where = _(" (concern {number})").format(number=int(index) + 1) if index is not None else ""
        return f"“{labels[path]}”{where}"

    return _FIELD_IN_TEXT.sub(label, text)
