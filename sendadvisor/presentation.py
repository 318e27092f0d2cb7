"""What a person reads about a deadline, decided once for every screen, letter and terminal.

Pure Python (no Qt, no ReportLab): the status in words, the safer day to act by, and what to do
next, including while a mediation certificate is awaited (never "passed", send-law §7.2) and
once a family's deadline has passed (what is still possible, from the rules). The wording lives
in `resources/presentation/status.toml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from sendadvisor.dates import format_long
from sendadvisor.domain.errors import InputError
from sendadvisor.resources import resource_file

SCHEMA = "sendadvisor.presentation/1"
STATUSES = ("upcoming", "today", "passed", "overdue", "done", "done_late", "awaiting_certificate")
NEXT_KEYS = ("certificate_overdue", "certificate_due", "certificate_unknown", "safer_day", "safer_day_gone")
OPEN = ("upcoming", "today", "awaiting_certificate")  # something can still be done in time
GONE = ("passed", "overdue")

Entry = Mapping[str, Any]


@cache
def _words() -> dict[str, dict[str, str]]:
    import tomllib

    path = resource_file("presentation", "status.toml")
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    where = "presentation/status.toml"
    if data.get("schema") != SCHEMA:
        raise InputError(f"{where}: schema", f"must be {SCHEMA!r}")
    for table, keys in (("status", STATUSES), ("next", NEXT_KEYS)):
        entries = data.get(table)
        if not isinstance(entries, dict):
            raise InputError(f"{where}: {table}", "is required")
        for key in set(entries) ^ set(keys):
            raise InputError(f"{where}: {table}.{key}", "unknown key" if key in entries else "missing")
    for key in set(data) - {"schema", "status", "next"}:
        raise InputError(f"{where}: {key}", "unknown key")
    return {"status": data["status"], "next": data["next"]}


def _day(iso: str) -> str:
    return format_long(date.fromisoformat(iso))


def status(entry: Entry) -> str:
    """The contract's status of an entry (a done step is done whatever its date)."""
    return str(entry.get("status") or "upcoming")


def status_words(entry: Entry) -> str:
    """"Done on Tuesday 1 September 2026", "Waiting for the mediation certificate", "Passed"..."""
    words = _words()["status"][status(entry)]
    return words.format(day=_day(entry["done_on"])) if "{day}" in words else words


def is_open(entry: Entry) -> bool:
    return status(entry) in OPEN


def is_gone(entry: Entry) -> bool:
    return status(entry) in GONE


def safer_day(entry: Entry) -> str | None:
    """The last safe working day (ISO) where it comes before the legal last day, else None."""
    act_by = entry.get("act_by")
    return act_by if act_by and act_by != entry.get("due_on") else None


def headline_day(entry: Entry) -> str:
    """The day a person should act by (ISO): the safer day where there is one."""
    return safer_day(entry) or str(entry["due_on"])


def next_steps(entry: Entry, siblings: Iterable[Entry] = (), as_of: str | None = None) -> list[str]:
    """What to do now about this deadline, in plain English (empty when the date says it all).

    `siblings` are the other deadlines of the same concern (the certificate's own due day);
    `as_of` is the day of the advice, for a safer day that has already gone.
    """
    words = _words()["next"]
    state = status(entry)
    if state == "awaiting_certificate":
        certificate = next((s for s in siblings if s.get("id") == "mediation_certificate_due"), None)
        if certificate is None:
            return [words["certificate_unknown"]]
        key = "certificate_overdue" if status(certificate) == "overdue" else "certificate_due"
        return [words[key].format(day=_day(certificate["due_on"]))]
    if state == "passed":
        return [str(item["text"]) for item in entry.get("still_possible") or ()]
    safer = safer_day(entry)
    if safer and state in ("upcoming", "today"):
        gone = as_of is not None and safer < as_of
        return [words["safer_day_gone" if gone else "safer_day"].format(day=_day(safer))]
    return []


def still_possible_sources(entry: Entry) -> list[Mapping[str, str]]:
    """The sources behind what is still possible once a deadline has passed."""
    seen: list[Mapping[str, str]] = []
    for item in entry.get("still_possible") or ():
        for source in item.get("sources") or ():
            if source not in seen:
                seen.append(source)
    return seen
