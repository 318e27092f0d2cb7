"""The SQL of the case file: cases with their deadlines, the case list and full-text search.

These functions take a `sqlite_utils.Database` and never commit: the caller (CaseFile) owns the
transaction. They work the same on an unencrypted connection, which the benchmark uses as its floor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from sendadvisor.domain.errors import InputError

# The dates of a concern that say when it arose; the newest decides the case's "latest concern".
_CONCERN_DATES = (
    "sent_on",
    "letter_dated",
    "conduct_on",
    "noticed_on",
    "board_decision_notified_on",
)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: str
    child_name: str
    school: str
    latest_concern: str  # a concern kind identifier, e.g. "plan_contents"
    next_deadline_id: str | None
    next_deadline_on: date | None
    overdue_council: int  # council (and other bodies') time limits already passed
    closed_on: date | None
    updated_at: str
    next_deadline_status: str = ""  # as stored: "awaiting_certificate" whatever the date


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(part) for part in value if part)
    return str(value)


def latest_concern(circumstances: dict[str, Any]) -> str:
    """The kind of the concern that arose last (by its dates); the last listed when undated."""
    concerns = [c for c in circumstances.get("concerns") or [] if isinstance(c, dict)]
    if not concerns:
        return ""

    def arose(item: tuple[int, dict[str, Any]]) -> tuple[str, int]:
        index, concern = item
        days = [str(concern[k]) for k in _CONCERN_DATES if concern.get(k)]
        return (max(days) if days else "", index)

    return str(max(enumerate(concerns), key=arose)[1].get("kind") or "")


def case_columns(circumstances: dict[str, Any]) -> dict[str, str]:
    """The searchable and listed columns taken from the circumstances."""
    family = circumstances.get("family") or {}
    return {
        "child_name": _text(family.get("child_name")),
        "parent_name": _text(family.get("parent_name")),
        "school": _text(family.get("school_name") or family.get("school")),
        "address": _text(family.get("address")),
        "latest_concern": latest_concern(circumstances),
    }


def _deadline_rows(case_num: int, deadlines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for index, entry in enumerate(deadlines):
        where = f"deadlines[{index}]"
        for key in ("id", "due_on", "who"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise InputError(f"{where}.{key}", "is missing")
        try:
            due = date.fromisoformat(entry["due_on"])
        except ValueError:
            raise InputError(f"{where}.due_on", f"{entry['due_on']} is not a date") from None
        concern = entry.get("concern")
        rows.append(
            {
                "case_num": case_num,
                "concern": concern if isinstance(concern, int) else None,
                "id": entry["id"],
                "due_on": due.isoformat(),  # ISO text compares in date order in SQL
                "who": entry["who"],
                "status": entry.get("status") or "",
            }
        )
    return rows


def to_json(circumstances: dict[str, Any]) -> str:
    return json.dumps(circumstances, ensure_ascii=False, separators=(",", ":"))


def insert_case(
    db: Database,
    case_id: str,
    circumstances: dict[str, Any],
    deadlines: Sequence[Mapping[str, Any]],
    now: str,
    computed_with: str = "",
) -> int:
    """Insert a case and its deadlines; returns its row number."""
    row = {
        "id": case_id,
        **case_columns(circumstances),
        "circumstances": to_json(circumstances),
        "created_at": now,
        "updated_at": now,
        "computed_with": computed_with,
    }
    num = db.table("cases").insert(row).last_pk
    assert isinstance(num, int)
    db.table("deadlines").insert_all(_deadline_rows(num, deadlines))
    return num


def update_case(
    db: Database,
    num: int,
    circumstances: dict[str, Any],
    deadlines: Sequence[Mapping[str, Any]],
    now: str,
    computed_with: str = "",
) -> None:
    """Replace a case's circumstances and deadlines."""
    rows = _deadline_rows(num, deadlines)  # validate before changing anything
    db.table("cases").update(
        num,
        {
            **case_columns(circumstances),
            "circumstances": to_json(circumstances),
            "updated_at": now,
            "computed_with": computed_with,
        },
    )
    replace_deadlines(db, num, rows)


def replace_deadlines(db: Database, num: int, rows: list[dict[str, Any]]) -> None:
    db.execute("DELETE FROM deadlines WHERE case_num = ?", [num])
    db.table("deadlines").insert_all(rows)


def stale_cases(db: Database, computed_with: str) -> list[tuple[str, dict[str, Any]]]:
    """Open cases whose deadlines were worked out with other rules or bank holidays."""
    sql = "SELECT id, circumstances FROM cases WHERE closed_on IS NULL AND computed_with != ?"
    return [(case_id, json.loads(text)) for case_id, text in db.execute(sql, [computed_with])]


def refresh_deadlines(
    db: Database, num: int, deadlines: Sequence[Mapping[str, Any]], computed_with: str
) -> None:
    """Store deadlines worked out again (the case itself and its change time are untouched)."""
    rows = _deadline_rows(num, deadlines)
    db.execute("UPDATE cases SET computed_with = ? WHERE num = ?", [computed_with, num])
    replace_deadlines(db, num, rows)


def case_num(db: Database, case_id: str) -> int | None:
    row = db.execute("SELECT num FROM cases WHERE id = ?", [case_id]).fetchone()
    return None if row is None else int(row[0])


def delete_case_rows(db: Database, num: int) -> None:
    """Remove a case and everything recorded about it (full-text entries go with their rows)."""
    for table in ("deadlines", "notes", "letters"):
        db.execute(f"DELETE FROM {table} WHERE case_num = ?", [num])
    db.execute("DELETE FROM cases WHERE num = ?", [num])


# The wizard's drafts of one case: keyed by the case id or "case-<id>" (the app's editing drafts),
# or naming the case in their data.
DRAFTS_OF_CASE = "key IN (?, ?) OR json_extract(data, '$.case_id') = ?"


def drafts_of_case(case_id: str) -> list[str]:
    """The parameters for DRAFTS_OF_CASE."""
    return [case_id, f"case-{case_id}", case_id]


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word typed as a prefix ("sam smi" finds Sam Smith)."""
    words = _TOKEN.findall(text)
    if not words:
        return None
    # Each word quoted, so FTS5 operators (AND, NEAR, -, ^, ...) typed by an adviser are just words.
    return " ".join(f'"{word}"*' for word in words)


# The next deadline is found as the smallest "due_on id" text, so ties on a day are broken by id
# and one index lookup gives both. ISO dates compare correctly as text.
_LIST_SQL = """
SELECT c.id, c.child_name, c.school, c.latest_concern, c.closed_on, c.updated_at,
  (SELECT min(d.due_on || ' ' || d.id || ' ' || d.status) FROM deadlines d
     WHERE d.case_num = c.num AND (d.due_on >= :today OR d.status = 'awaiting_certificate')) AS next,
  (SELECT count(*) FROM deadlines d
     WHERE d.case_num = c.num AND d.who != 'family' AND d.due_on < :today) AS overdue
FROM cases c {join}
WHERE (:include_closed OR c.closed_on IS NULL)
ORDER BY next IS NULL, next, c.child_name, c.id
{limit}
"""

_HITS = """
JOIN (SELECT rowid AS num FROM cases_fts WHERE cases_fts MATCH :query
      UNION
      SELECT n.case_num FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
      WHERE notes_fts MATCH :query) AS hits ON hits.num = c.num
"""


def list_rows(
    db: Database, search: str | None, *, today: date, include_closed: bool, limit: int | None
) -> list[CaseRow]:
    """The case list, soonest next deadline first; with `search`, only matching cases or notes."""
    params: dict[str, Any] = {"today": today.isoformat(), "include_closed": int(include_closed)}
    join = ""
    if search is not None and search.strip():
        query = fts_query(search)
        if query is None:  # only punctuation typed: nothing can match
            return []
        params["query"] = query
        join = _HITS
    limit_sql = ""
    if limit is not None:
        params["limit"] = max(0, int(limit))
        limit_sql = "LIMIT :limit"
    sql = _LIST_SQL.format(join=join, limit=limit_sql)
    day = date.fromisoformat
    rows = []
    # Plain tuples rather than sqlite-utils' dicts: the full list of 20,000 cases is 30% faster.
    for case_id, child, school, concern, closed_on, updated_at, following, overdue in db.execute(
        sql, params
    ):
        next_on, next_id, next_status = (
            (following.split(" ") + ["", "", ""])[:3] if following else ("", "", "")
        )
        rows.append(
            CaseRow(
                id=case_id,
                child_name=child or "",
                school=school or "",
                latest_concern=concern or "",
                next_deadline_id=next_id or None,
                next_deadline_on=day(next_on) if next_on else None,
                overdue_council=int(overdue),
                closed_on=day(closed_on) if closed_on else None,
                updated_at=updated_at,
                next_deadline_status=next_status,
            )
        )
    return rows
