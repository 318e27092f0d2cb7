"""What a person reads about a deadline, decided once for every screen, letter and terminal.

Pure Python (no Qt, no ReportLab). `deadline_view` turns one assessment entry into a
`DeadlineView`: its status in words, the day to act by (the safer day, or today once that has
gone), the time left, what to do next (including while a mediation certificate is awaited, never
"passed", send-law §7.2, and what is still possible once a family's date has passed), and how sure
the rule is. `headline` picks the family's most urgent date. The command line, the results, the
timeline picture, the case list and the letter render these; none of them computes a status or
picks a date itself. The wording lives in `resources/presentation/status.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sendadvisor import i18n
from sendadvisor.dates import format_long
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _
from sendadvisor.resources import resource_file

SCHEMA = "sendadvisor.presentation/1"
TABLES = {
    "status": (
        "upcoming",
        "today",
        "passed",
        "overdue",
        "done",
        "done_late",
        "awaiting_certificate",
    ),
    "next": (
        "certificate_overdue",
        "certificate_due",
        "certificate_unknown",
        "safer_day",
        "safer_day_gone",
    ),
    "attention": ("passed", "awaiting", "soon", "undated", "council_late", "more", "none"),
    "time_left": ("today", "tomorrow", "ahead", "yesterday", "ago"),
    "who": ("family", "council", "mediation_adviser", "health_body"),
    "who_adviser": ("family", "council", "mediation_adviser", "health_body"),
    "confidence": ("V", "S", "M"),
}
OPEN = ("upcoming", "today", "awaiting_certificate")  # something can still be done in time
GONE = ("passed", "overdue")

Entry = Mapping[str, Any]


@cache
def _words() -> dict[str, dict[str, str]]:
    import tomllib

    with open(resource_file("presentation", "status.toml"), "rb") as handle:
        data = i18n.translate_tree(tomllib.load(handle), "presentation")
    where = "presentation/status.toml"
    if data.get("schema") != SCHEMA:
        raise InputError(f"{where}: schema", _("must be {schema}").format(schema=repr(SCHEMA)))
    for key in sorted(set(data) - {"schema", *TABLES}):
        raise InputError(f"{where}: {key}", _("unknown key"))
    for table, keys in TABLES.items():
        entries = data.get(table)
        if not isinstance(entries, dict):
            raise InputError(f"{where}: {table}", _("is required"))
        for key in sorted(set(entries) ^ set(keys)):
            raise InputError(
                f"{where}: {table}.{key}", _("unknown key") if key in entries else _("missing")
            )
    return {table: data[table] for table in TABLES}


i18n.forget_on_change(_words.cache_clear)


def _long(day: str | date) -> str:
    return format_long(date.fromisoformat(day) if isinstance(day, str) else day)


def time_left(due_on: date, today: date) -> str:
    """ "in 5 days", "today", "3 days ago": words, so meaning never rests on colour alone."""
    words = _words()["time_left"]
    days = (due_on - today).days
    if days in (0, 1, -1):
        return words[{0: "today", 1: "tomorrow", -1: "yesterday"}[days]]
    return words["ahead" if days > 0 else "ago"].format(n=abs(days))


def status_words(entry: Entry) -> str:
    """ "Done on Tuesday 1 September 2026", "Waiting for the mediation certificate", "Passed"..."""
    words = _words()["status"][str(entry.get("status") or "upcoming")]
    return words.format(day=_long(entry["done_on"])) if "{day}" in words else words


def status_on(stored: str, due_on: date, who: str, today: date) -> str:
    """The status of a stored deadline on a later day, by the engine's own rule: a step done stays
    done, a certificate awaited stays awaited, else "today", "upcoming", then "passed" (the
    family's) or "overdue" (anyone else's)."""
    from sendadvisor.rules.engine import deadline_status

    if stored in ("done", "done_late"):
        return stored
    return deadline_status(due_on, today, who, awaiting=stored == "awaiting_certificate")


def _some(titles: Sequence[str]) -> str:
    words = _words()["attention"]
    first = titles[0][:1].lower() + titles[0][1:]
    return words["more"].format(what=first, n=len(titles) - 1) if len(titles) > 1 else first


def attention(
    *,
    passed: Sequence[str] = (),
    awaiting: bool = False,
    soon: tuple[str, date] | None = None,
    missing: Sequence[str] = (),
    council_late: Sequence[str] = (),
    today: date,
) -> str:
    """Why a case needs the adviser, most urgent first, in words: "Family date passed: appeal
    to the Tribunal; Council late: final EHC plan". Titles are the deadlines' own."""
    words = _words()["attention"]
    parts = []
    if passed:
        parts.append(words["passed"].format(what=_some(passed)))
    if awaiting:
        parts.append(words["awaiting"])
    if soon is not None:
        title, due = soon
        parts.append(words["soon"].format(what=_some([title]), when=time_left(due, today)))
    if missing:
        parts.append(words["undated"].format(wanted=_(" and ").join(missing)))
    if council_late:
        parts.append(words["council_late"].format(what=_some(council_late), n=len(council_late)))
    return "; ".join(parts) or words["none"]


def who_words(who: str, *, for_family: bool = False) -> str:
    """Who must act, in the family's words ("You") or the adviser's ("The family")."""
    return _words()["who" if for_family else "who_adviser"].get(who, who)


def safer_day(entry: Entry) -> str | None:
    """The last safe working day (ISO) where it comes before the legal last day, else None."""
    act_by = entry.get("act_by")
    return act_by if act_by and act_by != entry.get("due_on") else None


@dataclass(frozen=True)
class DeadlineView:
    """Everything a person reads about one date."""

    id: str
    concern: int | None  # the concern's position, or None for the council's own time limits
    title: str
    who: str
    who_words: str
    due_on: date  # the legal last day
    act_by: date  # the day to act by: the safer day, or today once that has gone
    status: str  # the contract's status
    status_words: str
    time_left: str  # "in 5 days", or the status itself for a done or awaited step
    next_steps: tuple[str, ...]
    still_possible_sources: tuple[str, ...]
    cautions: tuple[str, ...]
    adviser_notes: tuple[str, ...]
    confidence: str
    confidence_words: str
    steps: tuple[str, ...]
    sources: tuple[Mapping[str, str], ...]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_gone(self) -> bool:
        return self.status in GONE


def deadline_view(
    entry: Entry,
    siblings: Iterable[Entry] = (),
    as_of: date | None = None,
    concern: int | None = None,
) -> DeadlineView:
    """The view of one deadline on the day `as_of` (the day of the advice, or a later day when a
    saved case is looked at again: its status is then the one on that day, by the engine's rule).
    `siblings` are the other dates of the same concern (the certificate's own day)."""
    words = _words()
    due = date.fromisoformat(entry["due_on"])
    state = str(entry.get("status") or "upcoming")
    if as_of is not None:
        state = status_on(state, due, str(entry.get("who") or "family"), as_of)
    safer = safer_day(entry)
    act_by = date.fromisoformat(safer) if safer else due
    steps_now: list[str] = []
    if state == "awaiting_certificate":
        certificate = next(
            (s for s in siblings if s.get("id") == "mediation_certificate_due"), None
        )
        if certificate is None:
            steps_now.append(words["next"]["certificate_unknown"])
        else:
            key = (
                "certificate_overdue"
                if certificate.get("status") == "overdue"
                else "certificate_due"
            )
            steps_now.append(words["next"][key].format(day=_long(certificate["due_on"])))
    elif state == "passed":
        steps_now += [str(item["text"]) for item in entry.get("still_possible") or ()]
    elif safer and state in ("upcoming", "today"):
        gone = as_of is not None and act_by < as_of
        steps_now.append(
            words["next"]["safer_day_gone" if gone else "safer_day"].format(day=_long(act_by))
        )
        if gone and as_of is not None:
            act_by = as_of  # the safer day has gone: act today
    sources = []
    for item in entry.get("still_possible") or () if state == "passed" else ():
        sources += [s["label"] for s in item.get("sources") or () if s["label"] not in sources]
    status_text = status_words({**entry, "status": state})
    today = as_of or due
    left = (
        status_text
        if entry.get("done_on") or state == "awaiting_certificate"
        else time_left(due, today)
    )
    who = str(entry.get("who") or "family")
    confidence = str(entry.get("confidence") or "")
    return DeadlineView(
        id=str(entry["id"]),
        concern=concern,
        title=str(entry.get("title") or ""),
        who=who,
        who_words=who_words(who),
        due_on=due,
        act_by=act_by,
        status=state,
        status_words=status_text,
        time_left=left,
        next_steps=tuple(steps_now),
        still_possible_sources=tuple(sources),
        cautions=tuple(entry.get("cautions") or ()),
        adviser_notes=tuple(entry.get("adviser_notes") or ()),
        confidence=confidence,
        confidence_words=words["confidence"].get(confidence, ""),
        steps=tuple(entry.get("steps") or ()),
        sources=tuple(entry.get("sources") or ()),
    )


def views(assessment: Mapping[str, Any]) -> list[DeadlineView]:
    """Every deadline and council time limit of an assessment, concern by concern, then the council's."""
    as_of = date.fromisoformat(assessment["as_of"])
    result = []
    for index, concern in enumerate(assessment["concerns"]):
        result += [
            deadline_view(e, concern["deadlines"], as_of, index) for e in concern["deadlines"]
        ]
    result += [deadline_view(e, assessment["timeline"], as_of) for e in assessment["timeline"]]
    return result


def headline(assessment: Mapping[str, Any]) -> DeadlineView | None:
    """The family's most urgent date: an awaited certificate first, then the open date to act on
    soonest; None when the family has nothing open."""
    family = [v for v in views(assessment) if v.who == "family" and v.is_open]
    if not family:
        return None
    return min(family, key=lambda v: (v.status != "awaiting_certificate", v.act_by, v.due_on))
