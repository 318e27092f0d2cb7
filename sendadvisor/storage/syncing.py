"""The case file's side of the service register's sync: what changed here, and applying what
changed elsewhere (sendadvisor/register/sync.py decides; this only reads and writes the file).

A `SyncBatch` works inside one transaction of the case file (`CaseFile.sync_batch()`), so what
it reads and what it writes are consistent even while the app saves a case at the same moment.
Each record travels as plain JSON-ready data (`data`):

* case: {"case_id", "created_at", "closed_on", "circumstances"}
* note: {"case_id", "contact_on", "channel", "text", "user", "created_at"}
* letter: {"case_id", "issued_at", "issued_by", "rules_version", "pdf_sha256", "large_print"}
* audit: {"at", "user", "action", "case_id", "detail"} (never a family's details)

A case whose row is gone but which is still waiting in `sync_outbox` was erased here: it
travels as a tombstone (data None).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from sendadvisor.storage import records
from sendadvisor.storage.schema import NEW_UUID_SQL

KINDS = ("case", "note", "letter", "audit")

_NOTE_COLUMNS = ("contact_on", "channel", "text", "user", "created_at")
_LETTER_COLUMNS = ("issued_at", "issued_by", "rules_version", "pdf_sha256", "large_print")
_AUDIT_COLUMNS = ("at", "user", "action", "case_id", "detail")


class CaseIdTaken(Exception):
    """A case from the register has the id of a different family here (about one chance in 10^7
    for a service of 10,000 cases): it is not applied, and the sync says so."""

    def __init__(self, case_id: str) -> None:
        super().__init__(case_id)
        self.case_id = case_id


@dataclass(frozen=True)
class Outgoing:
    """A record changed here since it last reached the register."""

    uuid: str
    kind: str
    serial: int  # counts changes, so a change made during the push is not forgotten
    changed_at: str
    case_uuid: str | None
    base_version: int  # the register's version this change was made on (0: new)
    data: dict[str, Any] | None  # None: erased here (a tombstone)
    blocked: bool = False  # a case with conflicts waiting for the adviser is not pushed


@dataclass(frozen=True)
class LocalCase:
    """A case as this file holds it, with the base of the three-way merge."""

    uuid: str
    data: dict[str, Any]
    base_version: int
    base_data: dict[str, Any] | None
    pending: bool  # changed here since the base


@dataclass(frozen=True)
class StoredConflict:
    case_uuid: str
    case_id: str
    field: str
    path: list[str | int]
    mine: dict[str, Any]  # {"value": ...}, or {} when the field is absent on that side
    theirs: dict[str, Any]
    theirs_by: str
    theirs_at: str


class SyncBatch:
    """Reads and writes of one sync step, inside one case-file transaction."""

    def __init__(self, db: Database, user: str, now: str) -> None:
        self._db = db
        self._user = user
        self._now = now
        self.erased = 0  # cases erased in this batch (the caller empties the WAL afterwards)

    # --- settings ----------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", [key])
        else:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def device(self) -> str:
        """This case file's own UUID: which copy of the records wrote a change."""
        return self._meta("sync_device") or ""

    def mark(self) -> str:
        """Where the last pull ended (the register's snapshot; '0' before the first)."""
        return self._meta("sync_mark") or "0"

    def set_mark(self, mark: str) -> None:
        self._set_meta("sync_mark", mark)

    def setting(self, key: str) -> str | None:
        """A remembered sync setting, e.g. the register's DSN for the app (never a password)."""
        return self._meta(f"sync_{key}")

    def set_setting(self, key: str, value: str | None) -> None:
        self._set_meta(f"sync_{key}", value)

    # --- what goes out -----------------------------------------------------------------------

    def outgoing(self, after: int = 0, limit: int = 1000) -> tuple[list[Outgoing], int]:
        """Up to `limit` changed records after position `after` in the outbox, and the position
        to ask from next time (pages keep a large first sync's memory and locks small)."""
        if after == 0:
            for table in ("cases", "notes"):
                # A row inserted without a UUID (by hand, not by sendadvisor) gets one now; the
                # trigger on its uuid column then puts it in the outbox.
                self._db.execute(f"UPDATE {table} SET uuid = {NEW_UUID_SQL} WHERE uuid IS NULL")
        rows = self._db.execute(
            "SELECT rowid, uuid, kind, serial, changed_at FROM sync_outbox WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?",
            [after, limit],
        ).fetchall()
        found: list[Outgoing] = []
        orphans: list[str] = []
        for _, uuid, kind, serial, changed_at in rows:
            item = self._outgoing(uuid, kind, serial, changed_at)
            if item is None:
                orphans.append(uuid)
            else:
                found.append(item)
        # A note or letter whose case was erased here went with it: the case's tombstone erases
        # it in the register too.
        self.clear_pending(orphans)
        return found, (rows[-1][0] if rows else after)

    def _outgoing(self, uuid: str, kind: str, serial: int, changed_at: str) -> Outgoing | None:
        db = self._db
        if kind == "case":
            row = db.execute(
                "SELECT id, created_at, closed_on, circumstances FROM cases WHERE uuid = ?", [uuid]
            ).fetchone()
            base = db.execute("SELECT version FROM sync_base WHERE uuid = ?", [uuid]).fetchone()
            version = int(base[0]) if base else 0
            if row is None:
                return Outgoing(uuid, kind, serial, changed_at, uuid, version, None)
            blocked = db.execute(
                "SELECT 1 FROM sync_conflicts WHERE case_uuid = ? LIMIT 1", [uuid]
            ).fetchone()
            return Outgoing(
                uuid,
                kind,
                serial,
                changed_at,
                uuid,
                version,
                _case_data(row),
                blocked=blocked is not None,
            )
        if kind == "audit":
            row = db.execute(
                f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit WHERE uuid = ?", [uuid]
            ).fetchone()
            if row is None:
                return None
            return Outgoing(
                uuid, kind, serial, changed_at, None, 0, dict(zip(_AUDIT_COLUMNS, row, strict=True))
            )
        table, columns = (
            ("notes", _NOTE_COLUMNS) if kind == "note" else ("letters", _LETTER_COLUMNS)
        )
        row = db.execute(
            f"SELECT c.uuid, c.id, {', '.join('r.' + c for c in columns)} FROM {table} r "
            "JOIN cases c ON c.num = r.case_num WHERE r.uuid = ?",
            [uuid],
        ).fetchone()
        if row is None:
            return None
        data = {"case_id": row[1], **dict(zip(columns, row[2:], strict=True))}
        return Outgoing(uuid, kind, serial, changed_at, row[0], 0, data)

    def pushed(self, uuid: str, serial: int, version: int, data: dict[str, Any] | None) -> None:
        """The register accepted this change as `version`: it is the new base; the record stops
        waiting unless it changed again meanwhile (its serial moved on)."""
        if data is not None and "circumstances" in data:
            self._set_base(uuid, version, data)
        self._db.execute("DELETE FROM sync_outbox WHERE uuid = ? AND serial = ?", [uuid, serial])

    def clear_pending(self, uuids: Iterable[str]) -> None:
        self._db.conn.executemany("DELETE FROM sync_outbox WHERE uuid = ?", [[u] for u in uuids])

    # --- what comes in -----------------------------------------------------------------------

    def cases(self, uuids: Sequence[str]) -> dict[str, LocalCase]:
        """These cases as held here (absent: not here)."""
        found: dict[str, LocalCase] = {}
        for uuid, case_id, created, closed, text, version, base, pending in self._rows_for(
            "SELECT c.uuid, c.id, c.created_at, c.closed_on, c.circumstances, b.version, "
            "b.data, o.uuid IS NOT NULL FROM cases c "
            "LEFT JOIN sync_base b ON b.uuid = c.uuid "
            "LEFT JOIN sync_outbox o ON o.uuid = c.uuid WHERE c.uuid IN ({marks})",
            uuids,
        ):
            found[uuid] = LocalCase(
                uuid,
                _case_data((case_id, created, closed, text)),
                int(version or 0),
                json.loads(base) if base else None,
                bool(pending),
            )
        return found

    def base_versions(self, uuids: Sequence[str]) -> dict[str, int]:
        """The register version each of these cases was last synced at (absent: never)."""
        found: dict[str, int] = {}
        for uuid, version in self._rows_for(
            "SELECT uuid, version FROM sync_base WHERE uuid IN ({marks})", uuids
        ):
            found[uuid] = int(version)
        return found

    def erased_here(self, uuids: Sequence[str]) -> set[str]:
        """Which of these cases were erased here and wait to tell the register (tombstones)."""
        sql = (
            "SELECT o.uuid FROM sync_outbox o LEFT JOIN cases c ON c.uuid = o.uuid "
            "WHERE o.kind = 'case' AND c.num IS NULL AND o.uuid IN ({marks})"
        )
        return {uuid for (uuid,) in self._rows_for(sql, uuids)}

    def present(self, kind: str, uuids: Sequence[str]) -> set[str]:
        """Which of these notes, letters or audit entries this file already holds."""
        table = {"note": "notes", "letter": "letters", "audit": "audit"}[kind]
        sql = f"SELECT uuid FROM {table} WHERE uuid IN ({{marks}})"  # one of three names
        return {uuid for (uuid,) in self._rows_for(sql, uuids)}

    def _rows_for(self, sql: str, uuids: Sequence[str]) -> Iterator[tuple]:
        """The rows of `sql` for these uuids, its `{marks}` filled with one ? a uuid, a chunk
        at a time (SQLite limits how many ? one statement may have)."""
        for chunk in _chunks(uuids):
            yield from self._db.execute(sql.format(marks=", ".join("?" * len(chunk))), list(chunk))

    def store_case(
        self,
        uuid: str,
        data: dict[str, Any],
        *,
        base_version: int,
        base_data: dict[str, Any],
        pending: bool,
    ) -> None:
        """Hold `data` as the case (inserted if new); `base_*` is the register's version it was
        merged with; `pending` keeps it waiting to be pushed (the merge kept changes of ours)."""
        circumstances = data.get("circumstances") or {}
        num = records.case_num_by_uuid(self._db, uuid)
        if num is None:
            case_id = str(data.get("case_id") or "")
            if records.case_num(self._db, case_id) is not None:
                raise CaseIdTaken(case_id)
            num = records.insert_case(
                self._db, case_id, circumstances, [], str(data.get("created_at")), "", uuid
            )
        else:
            # Worked out again (computed_with '') the next time stale cases are refreshed.
            records.update_case(self._db, num, circumstances, [], self._now, "")
        self._db.execute(
            "UPDATE cases SET closed_on = ? WHERE num = ? AND closed_on IS NOT ?",
            [data.get("closed_on"), num, data.get("closed_on")],
        )
        self._set_base(uuid, base_version, base_data)
        if not pending:
            self.clear_pending([uuid])

    def erase_case(self, uuid: str) -> str | None:
        """Erase a family the register says was erased elsewhere; returns its case id."""
        num = records.case_num_by_uuid(self._db, uuid)
        if num is not None:
            case_id = records.erase_case(self._db, num)
            self.erased += 1
        else:
            case_id = None
        # Nothing to tell the register: the tombstone came from it.
        self.clear_pending([uuid])
        self._db.execute("DELETE FROM sync_base WHERE uuid = ?", [uuid])
        return case_id

    def add_record(self, kind: str, uuid: str, case_uuid: str | None, data: dict[str, Any]) -> bool:
        """Hold a note, letter or audit entry made elsewhere; False when its case is not here."""
        db = self._db
        if kind == "audit":
            db.table("audit").insert({**{c: data.get(c) for c in _AUDIT_COLUMNS}, "uuid": uuid})
        else:
            num = records.case_num_by_uuid(db, case_uuid or "")
            if num is None:
                return False
            table, columns = (
                ("notes", _NOTE_COLUMNS) if kind == "note" else ("letters", _LETTER_COLUMNS)
            )
            db.table(table).insert(
                {**{c: data.get(c) for c in columns}, "case_num": num, "uuid": uuid}
            )
        self.clear_pending([uuid])
        return True

    def _set_base(self, uuid: str, version: int, data: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO sync_base (uuid, version, data) VALUES (?, ?, ?) "
            "ON CONFLICT (uuid) DO UPDATE SET version = excluded.version, data = excluded.data",
            [uuid, version, json.dumps(data, ensure_ascii=False, separators=(",", ":"))],
        )

    # --- conflicts ---------------------------------------------------------------------------

    def set_conflicts(
        self,
        case_uuid: str,
        found: Sequence[tuple[str, list[str | int], dict, dict]],
        by: str,
        at: str,
    ) -> None:
        """Replace a case's conflicts with these (field, path, mine, theirs) found now."""
        self._db.execute("DELETE FROM sync_conflicts WHERE case_uuid = ?", [case_uuid])
        self._db.conn.executemany(
            "INSERT INTO sync_conflicts (case_uuid, field, path, mine, theirs, theirs_by, "
            "theirs_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [case_uuid, field, json.dumps(path), json.dumps(mine), json.dumps(theirs), by, at]
                for field, path, mine, theirs in found
            ],
        )

    def conflicts(self) -> list[StoredConflict]:
        """Every conflict waiting for the adviser, by case id then field."""
        return [
            StoredConflict(
                case_uuid,
                case_id,
                field,
                json.loads(path),
                json.loads(mine),
                json.loads(theirs),
                by,
                at,
            )
            for case_uuid, case_id, field, path, mine, theirs, by, at in self._db.execute(
                "SELECT k.case_uuid, c.id, k.field, k.path, k.mine, k.theirs, k.theirs_by, "
                "k.theirs_at FROM sync_conflicts k JOIN cases c ON c.uuid = k.case_uuid "
                "ORDER BY c.id, k.field"
            )
        ]

    def resolve(self, conflict: StoredConflict, data: dict[str, Any], detail: str) -> None:
        """The adviser chose: `data` is the case with the chosen value; the audit trail records
        the choice (the field and which side, never the value)."""
        num = records.case_num_by_uuid(self._db, conflict.case_uuid)
        if num is None:
            return
        self._db.execute(
            "DELETE FROM sync_conflicts WHERE case_uuid = ? AND field = ?",
            [conflict.case_uuid, conflict.field],
        )
        records.update_case(self._db, num, data.get("circumstances") or {}, [], self._now, "")
        self._db.execute(
            "UPDATE cases SET closed_on = ? WHERE num = ?", [data.get("closed_on"), num]
        )
        self.log("sync_conflict_resolved", conflict.case_id, detail)

    def log(self, action: str, case_id: str | None = None, detail: str = "") -> None:
        self._db.table("audit").insert(
            {
                "at": self._now,
                "user": self._user,
                "action": action,
                "case_id": case_id,
                "detail": detail,
            }
        )


def _case_data(row: Sequence[Any]) -> dict[str, Any]:
    case_id, created_at, closed_on, text = row
    return {
        "case_id": case_id,
        "created_at": created_at,
        "closed_on": closed_on,
        "circumstances": json.loads(text),
    }


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
