"""The CSV export of cases for a service's own case system: one row per case, a header row, UTF-8.

Pure Python: takes the case file's `ExportRow`s and returns the CSV text. Readable columns come
first; the last column holds the circumstances JSON exactly as stored, so no field is ever lost,
whatever a future version adds. A readable cell that a spreadsheet would run as a formula (it
starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe; the JSON column is
never changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sendadvisor.i18n import N_

# (column, what it holds): the README and docs/cli.md document the same list; what a column
# holds is marked for the catalogue, for any screen or help that shows it.
COLUMNS = (
    ("case_id", N_("the case id, e.g. 7KM39QX2")),
    ("created_at", N_("when the case was recorded (UTC)")),
    ("updated_at", N_("when it last changed (UTC)")),
    ("closed_on", N_("the day it closed (empty while open)")),
    ("child_name", "family.child_name"),
    ("child_date_of_birth", "family.child_date_of_birth"),
    ("parent_name", "family.parent_name"),
    ("address", N_("family.address, its lines joined by commas")),
    ("school", "family.school_name"),
    ("council", "council"),
    ("ehc_plan", "ehc_plan"),
    ("appellant", "appellant"),
    ("as_of", N_("the day the advice was given")),
    ("concern_kinds", N_("each concern's kind, in order, separated by spaces")),
    ("routes", N_("the routes open to any concern, separated by spaces")),
    ("next_deadline", N_("the next open deadline's id")),
    ("next_deadline_on", N_("its last day")),
    ("overdue_council_limits", N_("how many council time limits have passed undone")),
    ("notes", N_("how many contact notes (their text: `cases export ID --everything`)")),
    ("letters", N_("how many letters were issued")),
    ("circumstances_json", N_("the full circumstances JSON as stored")),
)
HEADER = tuple(name for name, _ in COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if part)
    return "" if value is None else str(value)


def _unique(words: Iterable[str]) -> str:
    return " ".join(dict.fromkeys(word for word in words if word))


def csv_row(row: Any) -> list[str]:
    """One case's cells, in HEADER order."""
    data = json.loads(row.circumstances)
    family = data.get("family") or {}
    concerns = [c for c in data.get("concerns") or [] if isinstance(c, dict)]
    following = (row.next_deadline or "").split(" ")
    readable = [
        row.id,
        row.created_at,
        row.updated_at,
        row.closed_on,
        _text(family.get("child_name")),
        _text(family.get("child_date_of_birth")),
        _text(family.get("parent_name")),
        _text(family.get("address")),
        _text(family.get("school_name") or family.get("school")),
        _text(data.get("council")),
        _text(data.get("ehc_plan")),
        _text(data.get("appellant")),
        _text(data.get("as_of")),
        " ".join(str(c.get("kind") or "") for c in concerns),
        _unique((row.routes or "").split()),
        following[1] if len(following) > 1 else "",
        following[0],
        row.overdue_council,
        row.notes,
        row.letters,
    ]
    return [_safe(cell) for cell in readable] + [row.circumstances]


def cases_csv(rows: Iterable[Any]) -> str:
    """The CSV text: the header row, then one row per case (RFC 4180: CRLF, quoted as needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(csv_row(row) for row in rows)
    return buffer.getvalue()
