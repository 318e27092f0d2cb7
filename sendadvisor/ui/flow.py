"""The case wizard's questions and page order as plain data and functions, testable without Qt.

The wizard widgets only display what this module decides: which pages a case needs, which
questions each concern kind asks, how typed dates are read, and how the answers become a
`sendadvisor.circumstances/1` dict (and back again, for editing a saved or imported case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sendadvisor.domain.circumstances import end_of_compulsory_school_age

SCHEMA = "sendadvisor.circumstances/1"

PLAN_SECTIONS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")

# What each plan section holds, so the adviser can tick the right boxes while the family talks.
SECTION_LABELS: dict[str, str] = {
    "A": "A: the child's views, interests and hopes",
    "B": "B: special educational needs",
    "C": "C: health needs",
    "D": "D: social care needs",
    "E": "E: outcomes",
    "F": "F: special educational provision",
    "G": "G: health provision",
    "H1": "H1: social care provision (Children Act)",
    "H2": "H2: other social care provision",
    "I": "I: the school or setting named",
    "J": "J: personal budget",
    "K": "K: advice and information gathered",
}

EHC_PLAN_CHOICES: tuple[tuple[str, str], ...] = (
    ("none", "No EHC plan, and no assessment asked for"),
    ("assessment_requested", "An EHC needs assessment has been asked for"),
    ("being_assessed", "The council is carrying out an assessment"),
    ("draft", "The council has sent a draft plan"),
    ("final", "There is a final EHC plan"),
)

APPELLANT_CHOICES: tuple[tuple[str | None, str], ...] = (
    (None, "Work it out from the date of birth"),
    ("parent", "The parent or carer"),
    ("young_person", "The young person (over compulsory school age)"),
)

CONCERN_KINDS: tuple[tuple[str, str], ...] = (
    ("refuse_assessment", "The council refused to carry out an EHC needs assessment"),
    ("refuse_plan", "The council assessed, then decided not to issue an EHC plan"),
    ("plan_contents", "The family disagrees with what the final EHC plan says"),
    ("refuse_reassessment", "The council refused a re-assessment"),
    ("refuse_amendment", "After a review, the council decided not to change the plan"),
    ("cease_plan", "The council decided to stop (cease) the plan"),
    ("provision_not_delivered", "Help written in the plan is not being given"),
    ("sen_support", "No plan: disagreement with the school about the support it gives"),
    ("disability_discrimination", "The school treated the child unfairly because of disability"),
    ("permanent_exclusion", "The child was permanently excluded"),
    ("school_transport", "The council refused help with school travel"),
    ("council_delay", "The council missed a legal time limit or handled things badly"),
    ("order_not_complied", "The council did not do what a tribunal order or mediation agreement said"),
    ("recommendations_not_followed", "Health or social care did not follow the tribunal's recommendations"),
)

# Council decisions that can be appealed to the SEND Tribunal (CFA 2014 s.51(2)(a)-(f)); only
# these ask about mediation, because only they need a mediation certificate (HESC r.20).
APPEALABLE_KINDS = frozenset(
    {"refuse_assessment", "refuse_plan", "plan_contents", "refuse_reassessment", "refuse_amendment", "cease_plan"}
)
# Decisions whose time limits run from when the written decision was sent (HESC r.20; DfE
# travel guidance for the transport review).
DECISION_KINDS = APPEALABLE_KINDS | {"school_transport"}
# Matters whose complaint limits run from when the family first knew (LGA 1974 s.26B; SI 2009/309).
COMPLAINT_KINDS = frozenset(
    {"provision_not_delivered", "sen_support", "council_delay", "order_not_complied", "recommendations_not_followed"}
)
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "plan_contents": PLAN_SECTIONS,
    # Only provision can go undelivered: special educational, health and social care provision.
    "provision_not_delivered": ("F", "G", "H1", "H2"),
}


@dataclass(frozen=True)
class Question:
    """One input of the wizard: `path` is its circumstances path (and the widget's objectName)."""

    path: str
    label: str
    kind: str  # date | choice | yes_no | text | lines | ranges | sections
    help: str = ""
    past_only: bool = True  # a fact date that cannot be after the day of the advice


FAMILY_QUESTIONS: tuple[Question, ...] = (
    Question("as_of", "Date of this advice", "date", "Usually today.", past_only=False),
    Question("council", "Council", "choice", "The council whose decision or services this is about."),
    Question("family.parent_name", "Parent or carer's name", "text", "Used to address the letter."),
    Question("family.address", "Address for the letter", "lines", "One line of the address on each line."),
    Question("family.child_name", "Child or young person's name", "text"),
    Question("family.child_date_of_birth", "Child's date of birth", "date",
             "Tells us whether the young person holds the rights themselves."),
    Question("family.school_name", "School or setting", "text"),
    Question("appellant", "Who holds the rights", "choice"),
    Question("summary", "What the family told you, in a sentence or two", "lines", "This goes in the letter."),
)

PLAN_QUESTIONS: tuple[Question, ...] = (
    Question("ehc_plan", "Where things are with the EHC plan", "choice"),
)

# Every question a concern can ask, in the order shown; `concern_questions` picks the ones a kind needs.
CONCERN_QUESTIONS: tuple[Question, ...] = (
    Question("kind", "What the family is unhappy about", "choice"),
    Question("description", "The concern in the family's words", "lines"),
    Question("sent_on", "Day the council sent its decision letter", "date",
             "The day it was posted or emailed. Time limits run from this day, not from when it arrived."),
    Question("letter_dated", "Date printed on the decision letter", "date",
             "Only if the sending day is not known. The dates will be worked out from it, with a warning."),
    Question("sections", "Sections of the plan in dispute", "sections"),
    Question("conduct_on", "Day of the unfair treatment", "date",
             "If it went on over a period, the last day of it."),
    Question("noticed_on", "Day the family first knew about it", "date"),
    Question("board_decision_notified_on", "Day the parent was told the governors will not reinstate", "date"),
    Question("school_closed", "Days the school is closed (holidays, training days)", "ranges",
             "One period on each line, for example 21/12/2026 - 01/01/2027. Needed to count school days."),
    Question("mediation.adviser_contacted_on", "Day the family contacted the mediation adviser", "date"),
    Question("mediation.wants_mediation", "The family wants mediation", "yes_no"),
    Question("mediation.council_told_on", "Day the family told the council it wants mediation", "date"),
    Question("mediation.concluded_on", "Day mediation finished", "date"),
    Question("mediation.certificate_issued_on", "Day the mediation certificate was issued", "date"),
    Question("mediation.council_told_adviser_on",
             "Day the council told the mediation adviser it cannot arrange mediation within 30 days", "date"),
)

TIMELINE_QUESTIONS: tuple[Question, ...] = (
    Question("timeline.assessment_requested_on", "Day the council received the request for an assessment", "date"),
    Question("timeline.draft_plan_served_on", "Day the council sent the draft plan", "date"),
    Question("timeline.reassessment_requested_on", "Day the council received the request for a re-assessment", "date"),
    Question("timeline.annual_review_meeting_on", "Day of the last annual review meeting", "date"),
    Question("timeline.amendment_notice_sent_on", "Day the council sent its proposed changes to the plan", "date"),
    Question("timeline.phase_transfer_on", "Day the child moves to the next school or college", "date",
             "Usually in September. The plan must name the new place in good time.", past_only=False),
    Question("timeline.phase_transfer_to", "Moving to", "choice"),
)

PHASE_TRANSFER_CHOICES: tuple[tuple[str | None, str], ...] = (
    (None, "Not moving soon"),
    ("school", "A school (for example primary to secondary)"),
    ("post16", "A post-16 place (from secondary school)"),
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


def concern_questions(kind: str | None) -> list[Question]:
    """The questions, in order, that a concern of this kind needs (always its kind first)."""
    wanted = {"kind", "description"}
    if kind in DECISION_KINDS:
        wanted |= {"sent_on", "letter_dated"}
    if kind in APPEALABLE_KINDS:
        wanted |= {q.path for q in CONCERN_QUESTIONS if q.path.startswith("mediation.")}
    if kind in SECTION_KINDS:
        wanted.add("sections")
    if kind in COMPLAINT_KINDS:
        wanted.add("noticed_on")
    if kind == "disability_discrimination":
        wanted |= {"conduct_on", "noticed_on"}
    if kind == "permanent_exclusion":
        # A disability claim about the exclusion runs from the exclusion itself (EqA Sch 17 para 4).
        wanted |= {"board_decision_notified_on", "school_closed", "conduct_on"}
    return [q for q in CONCERN_QUESTIONS if q.path in wanted]


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

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class DateTextError(ValueError):
    """Typed text that is not a usable date; str() is a plain-English sentence."""


def parse_date_text(text: str) -> date | None:
    """Read a date typed as dd/mm/yyyy (UK order) or ISO yyyy-mm-dd; blank gives None."""
    if not text.strip():
        return None
    iso = _ISO.match(text)
    dmy = _DMY.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dmy:
        day, month, year = (int(part) for part in dmy.groups())
    else:
        raise DateTextError(f"“{text.strip()}” is not a date. Type it as day/month/year, for example 02/11/2026.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"{text.strip()} is not a real date.") from None


def format_date_text(value: date | str | None) -> str:
    """A date as the wizard shows it: dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def check_date_text(text: str, *, as_of: date | None, past_only: bool) -> str | None:
    """The message to show beside a date field, or None when the text is fine."""
    try:
        value = parse_date_text(text)
    except DateTextError as error:
        return str(error)
    if value is not None and past_only and as_of is not None and value > as_of:
        return f"This is after the date of the advice ({format_date_text(as_of)}). It must already have happened."
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
    who = child_name.strip() or "The young person"
    ends = end_of_compulsory_school_age(date_of_birth)  # type: ignore[arg-type]
    if holder == "young_person":
        return f"{who} is over compulsory school age (since {_long(ends)}), so they hold the rights themselves."
    return f"The parent holds the rights until {_long(ends)}, when compulsory school age ends."


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


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

    def text(path: str) -> str:
        value = answers.get(path)
        return value.strip() if isinstance(value, str) else ""

    def day(path: str) -> str | None:
        try:
            value = parse_date_text(text(path))
        except DateTextError as error:
            raise AnswerError(path, str(error)) from None
        return value.isoformat() if value else None

    result: dict[str, Any] = {"schema": SCHEMA, "as_of": day("as_of")}
    if answers.get("council"):
        result["council"] = answers["council"]
    family = {}
    for key in ("parent_name", "child_name", "school_name"):
        if text(f"family.{key}"):
            family[key] = text(f"family.{key}")
    address = [line.strip() for line in text("family.address").splitlines() if line.strip()]
    if address:
        family["address"] = address
    if day("family.child_date_of_birth"):
        family["child_date_of_birth"] = day("family.child_date_of_birth")
    if family:
        result["family"] = family
    if answers.get("appellant"):
        result["appellant"] = answers["appellant"]
    if answers.get("ehc_plan"):
        result["ehc_plan"] = answers["ehc_plan"]
    if text("summary"):
        result["summary"] = text("summary")

    concerns = []
    kinds = []
    for index in range(concern_count):
        prefix = f"concerns.{index}."
        kind = answers.get(prefix + "kind")
        kinds.append(kind)
        concern: dict[str, Any] = {"kind": kind}
        mediation: dict[str, Any] = {}
        for question in concern_questions(kind):
            path = prefix + question.path
            if question.path == "kind":
                continue
            if question.kind == "sections":
                chosen = [s for s in sections_for(kind) if answers.get(f"{path}.{s}")]
                if chosen:
                    concern["sections"] = chosen
                continue
            if question.kind == "ranges":
                ranges = _read_ranges(path, text(path))
                if ranges:
                    concern["school_closed"] = ranges
                continue
            if question.kind == "yes_no":
                value: Any = bool(answers.get(path))
            elif question.kind == "lines":
                value = text(path)
                if not value:
                    continue
            else:
                value = day(path)
                if value is None:
                    continue
            if question.path.startswith("mediation."):
                mediation[question.path.removeprefix("mediation.")] = value
            else:
                concern[question.path] = value
        # An unticked "wants mediation" on its own says nothing; keep mediation only with a fact in it.
        if any(key != "wants_mediation" for key in mediation) or mediation.get("wants_mediation"):
            concern["mediation"] = mediation
        concerns.append(concern)
    result["concerns"] = concerns

    timeline = {}
    for path in timeline_question_paths(answers.get("ehc_plan"), kinds):
        value = answers.get(path) if path == "timeline.phase_transfer_to" else day(path)
        if value:
            timeline[path.removeprefix("timeline.")] = value
    if timeline:
        result["timeline"] = timeline
    return result


def _read_ranges(path: str, text: str) -> list[list[str]]:
    ranges = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = re.split(r"\s+(?:-|–|to)\s+", line.strip())
        if len(parts) == 1:
            parts = parts * 2  # a single closed day
        if len(parts) != 2:
            raise AnswerError(path, f"line {number}: write a period as first day - last day.")
        try:
            first, last = (parse_date_text(part) for part in parts)
        except DateTextError as error:
            raise AnswerError(path, f"line {number}: {error}") from None
        if first is None or last is None or last < first:
            raise AnswerError(path, f"line {number}: the last day comes before the first.")
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
                    answers[path] = sub_value if isinstance(sub_value, bool) else format_date_text(sub_value)
            elif key.endswith("_on") or key == "letter_dated":
                answers[prefix + key] = format_date_text(value)
            else:
                answers[prefix + key] = value
    for key, value in (circumstances.get("timeline") or {}).items():
        if value:
            answers[f"timeline.{key}"] = value if key == "phase_transfer_to" else format_date_text(value)
    return answers, len(concerns)


def kind_label(kind: str | None) -> str:
    """The plain-English description of a concern kind."""
    return dict(CONCERN_KINDS).get(kind or "", "Not chosen yet")


def days_left_text(due_on: date | None, today: date) -> str:
    """'in 5 days', 'today', '3 days ago': words, so the meaning never rests on colour alone."""
    if due_on is None:
        return ""
    days = (due_on - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return "yesterday" if days == -1 else f"{-days} days ago"


_FIELD_IN_TEXT = re.compile(r"\b(?:concerns\[(\d+)\]\.)?((?:mediation\.|timeline\.|family\.)?[a-z_]+_(?:on|dated))\b")
_CONCERN_PREFIX = re.compile(r"^concerns\[(\d+)\]:\s*")


def plain_field_names(text: str) -> str:
    """Replace field paths in a message (`concerns[1].conduct_on`) with the wizard's question labels."""
    labels = {q.path: q.label for q in (*FAMILY_QUESTIONS, *TIMELINE_QUESTIONS, *CONCERN_QUESTIONS)}
    text = _CONCERN_PREFIX.sub(lambda m: f"Concern {int(m.group(1)) + 1}: ", text)

    def label(match: re.Match) -> str:
        index, path = match.group(1), match.group(2)
        if path not in labels:
            return match.group(0)
        where = f" (concern {int(index) + 1})" if index is not None else ""
        return f"“{labels[path]}”{where}"

    return _FIELD_IN_TEXT.sub(label, text)
