"""The SQL of the case file: cases with their deadlines, the case list and full-text search.

These functions take a `sqlite_utils.Database` and never commit: the caller (CaseFile) owns the
transaction. They work the same on an unencrypted connection, which the benchmark uses as its floor.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

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
    family_passed: tuple[str, ...] = ()  # the family's deadlines gone by (not done, not awaited)
    next_family_id: str | None = None  # the family's next open date (an awaited one included)
    next_family_on: date | None = None
    next_family_status: str = ""
    council_overdue: tuple[str, ...] = ()  # the ids counted in overdue_council
    family_dates: int = 0  # how many family dates could be worked out
    undated_circumstances: str | None = None  # the JSON, only for an open case with none


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
    """The deadline rows to store; a concern's row (`{"concern", "kind", "routes"}`, from
    `casework.worked_out`) is skipped here and stored by `_concern_rows`."""
    rows = []
    for index, entry in enumerate(deadlines):
        if "kind" in entry:
            continue
        where = f"deadlines[{index}]"
        for key in ("id", "due_on", "who"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise InputError(f"{where}.{key}", _("is missing"))
        due = _iso_day(entry["due_on"], f"{where}.due_on")
        done = entry.get("done_on")
        concern = entry.get("concern")
        rows.append(
            {
                "case_num": case_num,
                "concern": concern if isinstance(concern, int) else None,
                "id": entry["id"],
                "due_on": due,  # ISO text compares in date order in SQL
                "who": entry["who"],
                "status": entry.get("status") or "",
                "done_on": _iso_day(done, f"{where}.done_on") if done else None,
            }
        )
    return rows


def _iso_day(value: Any, where: str) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(where, _("{value} is not a date").format(value=value)) from None


def _concern_rows(case_num: int, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each concern's kind and the routes open to it (space-separated ids), for the report."""
    concerns = []
    for index, entry in enumerate(rows):
        if "kind" not in entry:
            continue
        where = f"deadlines[{index}]"
        if not isinstance(entry.get("concern"), int) or not isinstance(entry["kind"], str):
            raise InputError(f"{where}.kind", _("needs its concern's number and kind"))
        routes = entry.get("routes") or []
        concerns.append(
            {
                "case_num": case_num,
                "concern": entry["concern"],
                "kind": entry["kind"],
                "routes": " ".join(str(route) for route in routes),
            }
        )
    return concerns


def new_uuid() -> str:
    """The UUID that keys a case or note in the service register (sendadvisor/register)."""
    return str(uuid.uuid4())


def to_json(circumstances: dict[str, Any]) -> str:
    return json.dumps(circumstances, ensure_ascii=False, separators=(",", ":"))


def insert_case(
    db: Database,
    case_id: str,
    circumstances: dict[str, Any],
    deadlines: Sequence[Mapping[str, Any]],
    now: str,
    computed_with: str = "",
    case_uuid: str | None = None,
) -> int:
    """Insert a case and its deadlines; returns its row number. `case_uuid` is given for a case
    that came from the service register, which already has one."""
    row = {
        "id": case_id,
        "uuid": case_uuid or new_uuid(),
        **case_columns(circumstances),
        "circumstances": to_json(circumstances),
        "created_at": now,
        "updated_at": now,
        "computed_with": computed_with,
    }
    num = db.table("cases").insert(row).last_pk
    assert isinstance(num, int)
    _store_rows(db, num, deadlines)
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
    _deadline_rows(num, deadlines)  # validate before changing anything
    _concern_rows(num, deadlines)
    db.table("cases").update(
        num,
        {
            **case_columns(circumstances),
            "circumstances": to_json(circumstances),
            "updated_at": now,
            "computed_with": computed_with,
        },
    )
    replace_deadlines(db, num, deadlines)


def _store_rows(db: Database, num: int, rows: Sequence[Mapping[str, Any]]) -> None:
    db.table("deadlines").insert_all(_deadline_rows(num, rows))
    db.table("concerns").insert_all(_concern_rows(num, rows))


def replace_deadlines(db: Database, num: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace a case's stored deadlines and concern rows (`casework.worked_out`)."""
    _deadline_rows(num, rows)  # validate before changing anything
    _concern_rows(num, rows)
    db.execute("DELETE FROM deadlines WHERE case_num = ?", [num])
    db.execute("DELETE FROM concerns WHERE case_num = ?", [num])
    _store_rows(db, num, rows)


def stale_cases(db: Database, computed_with: str) -> list[tuple[str, dict[str, Any]]]:
    """Open cases whose deadlines were worked out with other rules or bank holidays, and any case
    (closed ones too) never worked out in the current storage form (`computed_with` empty)."""
    # The check runs at every open: it scans only the index cases_by_computed_with (migration
    # 0006; named, or SQLite's OR-optimisation reads every open case's row to test it); the
    # circumstances are read only for the cases found.
    where = "(closed_on IS NULL AND computed_with != ?) OR computed_with = ''"  # not for people
    sql = f"SELECT num FROM cases INDEXED BY cases_by_computed_with WHERE {where}"
    nums = [num for (num,) in db.execute(sql, [computed_with])]
    stale = []
    for num in nums:
        case_id, text = db.execute(
            "SELECT id, circumstances FROM cases WHERE num = ?", [num]
        ).fetchone()
        stale.append((case_id, json.loads(text)))
    return stale


def refresh_deadlines(
    db: Database,
    num: int,
    deadlines: Sequence[Mapping[str, Any]],
    computed_with: str,
    worked_from: dict[str, Any] | None = None,
) -> bool:
    """Store deadlines worked out again (the case itself and its change time are untouched).

    With `worked_from` (the circumstances the deadlines were worked out from, read earlier
    without holding the file), nothing is stored when the case holds other circumstances now:
    it was saved or synced meanwhile, with its own dates or to be found stale again. Returns
    whether the deadlines were stored."""
    if worked_from is not None:
        row = db.execute("SELECT circumstances FROM cases WHERE num = ?", [num]).fetchone()
        if row is None or _canonical(json.loads(row[0])) != _canonical(worked_from):
            return False
    db.execute("UPDATE cases SET computed_with = ? WHERE num = ?", [computed_with, num])
    replace_deadlines(db, num, deadlines)
    return True


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def case_num(db: Database, case_id: str) -> int | None:
    row = db.execute("SELECT num FROM cases WHERE id = ?", [case_id]).fetchone()
    return None if row is None else int(row[0])


def case_num_by_uuid(db: Database, case_uuid: str) -> int | None:
    row = db.execute("SELECT num FROM cases WHERE uuid = ?", [case_uuid]).fetchone()
    return None if row is None else int(row[0])


def erase_case(db: Database, num: int) -> str:
    """Erase a family: the case, everything recorded about it and the wizard's drafts of it.
    Returns its case id."""
    case_id = str(db.execute("SELECT id FROM cases WHERE num = ?", [num]).fetchone()[0])
    delete_case_rows(db, num)
    db.execute(f"DELETE FROM drafts WHERE {DRAFTS_OF_CASE}", drafts_of_case(case_id))
    return case_id


def delete_case_rows(db: Database, num: int) -> None:
    """Remove a case and everything recorded about it (full-text entries go with their rows)."""
    for table in ("deadlines", "concerns", "notes", "letters"):
        db.execute(f"DELETE FROM {table} WHERE case_num = ?", [num])
    db.execute("DELETE FROM cases WHERE num = ?", [num])


# The wizard's drafts of one case: keyed by the case id or "case-<id>" (the app's editing drafts),
# or naming the case in their data.
DRAFTS_OF_CASE = "key IN (?, ?) OR json_extract(data, '$.case_id') = ?"  # not for people


def drafts_of_case(case_id: str) -> list[str]:
    """The parameters for DRAFTS_OF_CASE."""
    return [case_id, f"case-{case_id}", case_id]


_TOKEN = re.compile(r"\w+", re.UNICODE)


def _word_query(word: str) -> str:
    """One typed word as an FTS5 term. The index splits names at punctuation ("O'Connor" is
    "o connor", "St Mary's" is "st mary s"), so a word typed without it also matches as two
    adjacent words split anywhere inside it: "oconnor" finds "o connor", "marys" "mary s"."""
    term = f'"{word}"*'
    if len(word) < 3 or len(word) > 24:
        return term
    splits = [f'"{word[:at]} {word[at:]}"*' for at in range(1, len(word))]
    return "(" + " OR ".join([term, *splits]) + ")"


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word typed as a prefix ("sam smi" finds Sam Smith), with
    or without its apostrophes and punctuation ("oconnor" finds O'Connor)."""
    # Apostrophes inside a word join it ("o'connor" is "oconnor"), as an adviser may type either.
    words = _TOKEN.findall(re.sub(r"(?<=\w)['’](?=\w)", "", text))
    if not words:
        return None
    # Each word quoted, so FTS5 operators (AND, NEAR, -, ^, ...) typed by an adviser are just words.
    return " AND ".join(_word_query(word) for word in words)


# The next deadline is found as the smallest "due_on id status" text, so ties on a day are
# broken by id and one index lookup gives both. ISO dates compare correctly as text. A deadline
# counts as gone once its day is before today and it was neither done nor is a certificate awaited
# (presentation.status_on says the same in words). Deadlines already done are stored for the
# service report only: the list ignores them. The circumstances are read only for open cases with
# no family date at all, so the list can say which fact is missing.
_LIST_SQL = """
SELECT id, child_name, school, latest_concern, closed_on, updated_at, next, passed, next_family,
  late, family_dates,
  CASE WHEN family_dates = 0 AND closed_on IS NULL
       THEN (SELECT circumstances FROM cases WHERE num = x.num) END
FROM (
SELECT c.num, c.id, c.child_name, c.school, c.latest_concern, c.closed_on, c.updated_at,
  (SELECT min(d.due_on || ' ' || d.id || ' ' || d.status) FROM deadlines d
     WHERE d.case_num = c.num AND d.status NOT IN ('done', 'done_late')
       AND (d.due_on >= :today OR d.status = 'awaiting_certificate')) AS next,
  (SELECT group_concat(d.id, ' ') FROM deadlines d
     WHERE d.case_num = c.num AND d.who = 'family' AND d.due_on < :today
       AND d.status NOT IN ('done', 'done_late', 'awaiting_certificate')) AS passed,
  (SELECT min(d.due_on || ' ' || d.id || ' ' || d.status) FROM deadlines d
     WHERE d.case_num = c.num AND d.who = 'family' AND d.status NOT IN ('done', 'done_late')
       AND (d.due_on >= :today OR d.status = 'awaiting_certificate')) AS next_family,
  (SELECT group_concat(d.id, ' ') FROM deadlines d
     WHERE d.case_num = c.num AND d.who != 'family' AND d.due_on < :today
       AND d.status NOT IN ('done', 'done_late')) AS late,
  (SELECT count(*) FROM deadlines d WHERE d.case_num = c.num AND d.who = 'family'
     AND d.status NOT IN ('done', 'done_late')) AS family_dates
FROM cases c {join}
WHERE (:include_closed OR c.closed_on IS NULL)
) AS x
ORDER BY {order}
{limit}
"""

_BY_DATE = "next IS NULL, next, child_name, id"  # not for people
# Urgent families first: a family date gone, a certificate awaited, a family date within 14
# days, no family date worked out at all (a fact is missing), a council limit overdue; closed last.
_BY_URGENCY = (
    """closed_on IS NOT NULL,
  CASE WHEN passed IS NOT NULL THEN 0
       WHEN next_family LIKE '% awaiting_certificate' THEN 1
       WHEN next_family < :soon THEN 2
       WHEN family_dates = 0 THEN 3
       WHEN late IS NOT NULL THEN 4
       ELSE 5 END,
  """  # not for people (SQL)
    + _BY_DATE
)
SOON_DAYS = 14  # a family date this close counts as urgent

_HITS = """
JOIN (SELECT rowid AS num FROM cases_fts WHERE cases_fts MATCH :query
      UNION
      SELECT n.case_num FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid
      WHERE notes_fts MATCH :query) AS hits ON hits.num = c.num
"""  # not for people (SQL)


def _split_next(text: str | None) -> tuple[date | None, str | None, str]:
    """ "2026-12-15 tribunal_appeal upcoming" -> (the day, the id, the status)."""
    if not text:
        return None, None, ""
    on, next_id, status = (text.split(" ") + ["", "", ""])[:3]
    return date.fromisoformat(on), next_id or None, status


def list_rows(
    db: Database,
    search: str | None,
    *,
    today: date,
    include_closed: bool,
    limit: int | None,
    by_urgency: bool = False,
) -> list[CaseRow]:
    """The case list, soonest next deadline first (or most urgent first); with `search`, only
    matching cases or notes."""
    params: dict[str, Any] = {
        "today": today.isoformat(),
        "soon": date.fromordinal(today.toordinal() + SOON_DAYS + 1).isoformat(),
        "include_closed": int(include_closed),
    }
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
        limit_sql = "LIMIT :limit"  # not for people
    order = _BY_URGENCY if by_urgency else _BY_DATE
    sql = _LIST_SQL.format(join=join, limit=limit_sql, order=order)
    day = date.fromisoformat
    rows = []
    # Plain tuples rather than sqlite-utils' dicts: the full list of 20,000 cases is 30% faster.
    for (
        case_id,
        child,
        school,
        concern,
        closed_on,
        updated_at,
        following,
        passed,
        next_family,
        late,
        family_dates,
        undated,
    ) in db.execute(sql, params):
        next_on, next_id, next_status = _split_next(following)
        family_on, family_id, family_status = _split_next(next_family)
        late_ids = tuple(late.split(" ")) if late else ()
        rows.append(
            CaseRow(
                id=case_id,
                child_name=child or "",
                school=school or "",
                latest_concern=concern or "",
                next_deadline_id=next_id,
                next_deadline_on=next_on,
                overdue_council=len(late_ids),
                closed_on=day(closed_on) if closed_on else None,
                updated_at=updated_at,
                next_deadline_status=next_status,
                family_passed=tuple(passed.split(" ")) if passed else (),
                next_family_id=family_id,
                next_family_on=family_on,
                next_family_status=family_status,
                council_overdue=late_ids,
                family_dates=int(family_dates),
                undated_circumstances=undated,
            )
        )
    return rows


# --- the service report and the CSV export ----------------------------------------------------

# A case counts in a period when it was open at some time in it: recorded on or before its last
# day and not closed before its first. `created_at` is a UTC timestamp ("2026-11-28T09:00:00+00:00"),
# so "on or before the last day" is "before the next day" as text. The unary + keeps SQLite on the
# index cases_by_period (which covers both columns) rather than reading the cases themselves.
_IN_PERIOD = "c.created_at < :after AND (+c.closed_on IS NULL OR +c.closed_on >= :from)"
_EARLIEST = "0000-01-01"


@dataclass(frozen=True)
class ReportRows:
    """What the case file holds for a service report over a period, before any counting."""

    opened: int  # cases recorded in the period
    closed: int  # cases closed in the period
    open_in_period: int  # cases open at some time in the period
    not_worked_out: int  # of those, cases whose concerns and routes the rules could not give
    concerns: list[tuple[str, str]]  # (kind, space-separated route ids) of those cases
    # (id, who, status, due_on, done_on) of every deadline due in the period, any case
    deadlines: list[tuple[str, str, str, str, str | None]]


def _period(first: date | None, last: date) -> dict[str, str]:
    return {
        "from": first.isoformat() if first else _EARLIEST,
        "to": last.isoformat(),
        "after": date.fromordinal(last.toordinal() + 1).isoformat(),
    }


def report_rows(db: Database, first: date | None, last: date) -> ReportRows:
    """The rows a service report counts, for the period from `first` (or the start) to `last`."""
    period = _period(first, last)

    def count(sql: str) -> int:
        return int(db.execute(sql, period).fetchone()[0])

    return ReportRows(
        opened=count(
            "SELECT count(*) FROM cases c WHERE c.created_at >= :from AND c.created_at < :after"
        ),
        closed=count(
            "SELECT count(*) FROM cases c INDEXED BY cases_by_period "
            "WHERE c.closed_on BETWEEN :from AND :to"
        ),
        open_in_period=count(f"SELECT count(*) FROM cases c WHERE {_IN_PERIOD}"),
        not_worked_out=count(
            f"SELECT count(*) FROM cases c WHERE {_IN_PERIOD} AND "
            "NOT EXISTS (SELECT 1 FROM concerns k WHERE k.case_num = c.num)"
        ),
        concerns=list(
            db.execute(
                "SELECT k.kind, k.routes FROM concerns k JOIN cases c ON c.num = k.case_num "
                f"WHERE {_IN_PERIOD}",
                period,
            )
        ),
        deadlines=list(
            db.execute(
                "SELECT id, who, status, due_on, done_on FROM deadlines "
                "WHERE due_on BETWEEN :from AND :to",
                period,
            )
        ),
    )


@dataclass(frozen=True)
class ExportRow:
    """One case as the CSV export writes it: what is stored, plus its next open deadline."""

    id: str
    created_at: str
    updated_at: str
    closed_on: str | None
    circumstances: str  # the JSON exactly as stored
    routes: str  # the routes open to any of its concerns, space-separated, in concern order
    next_deadline: str | None  # "due_on id status", as in the case list
    overdue_council: int
    notes: int
    letters: int


_EXPORT_SQL = f"""
SELECT c.id, c.created_at, c.updated_at, c.closed_on, c.circumstances,
  (SELECT group_concat(routes, ' ') FROM
     (SELECT k.routes FROM concerns k WHERE k.case_num = c.num ORDER BY k.concern)),
  (SELECT min(d.due_on || ' ' || d.id || ' ' || d.status) FROM deadlines d
     WHERE d.case_num = c.num AND d.status NOT IN ('done', 'done_late')
       AND (d.due_on >= :today OR d.status = 'awaiting_certificate')),
  (SELECT count(*) FROM deadlines d WHERE d.case_num = c.num AND d.who != 'family'
     AND d.due_on < :today AND d.status NOT IN ('done', 'done_late')),
  (SELECT count(*) FROM notes n WHERE n.case_num = c.num),
  (SELECT count(*) FROM letters l WHERE l.case_num = c.num)
FROM cases c
WHERE {_IN_PERIOD}
ORDER BY c.num
"""


def export_rows(db: Database, first: date | None, last: date, *, today: date) -> list[ExportRow]:
    """Every case open at some time in the period, oldest first, for the CSV export."""
    params = {**_period(first, last), "today": today.isoformat()}
    return [ExportRow(*row) for row in db.execute(_EXPORT_SQL, params)]
