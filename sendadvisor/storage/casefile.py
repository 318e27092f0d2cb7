"""The encrypted case file: open safely or refuse clearly, save every change durably, keep backups.

One `CaseFile` is one open case file. Calls may come from any thread (a lock guards the main
connection). This module holds opening, closing and the records (cases, notes, letters, the
audit trail, the passphrase); the checks before a file is opened are in `opening`, and the work
off the caller's thread (autosaved drafts, backups, the channel for their failures) in
`background`. SQLite's WAL lets the background threads write and read while the main connection
is in use.
"""

from __future__ import annotations

import atexit
import contextlib
import hmac
import json
import secrets
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _
from sendadvisor.storage import backups, cipher, opening, records, schema
from sendadvisor.storage.autosave import AutosaveWriter
from sendadvisor.storage.background import (
    BackgroundWork,
    Clock,
    ProblemListener,
    bump_change_serial,
    stamp,
    system_clock,
)
from sendadvisor.storage.errors import (
    BadBackup,
    CaseFileClosed,
    CaseFileError,
    EmptyPassphrase,
    NoCaseFile,
    NoSuchCase,
    WrongPassphrase,
)
from sendadvisor.storage.lock import FileLock
from sendadvisor.storage.records import CaseRow
from sendadvisor.storage.schema import NEW_UUID_SQL
from sendadvisor.storage.syncing import SyncBatch

NOTE_CHANNELS = ("home_visit", "phone", "email", "other")
EXPORT_SCHEMA = "sendadvisor.case-export/1"

# Case ids: 8 characters of Crockford's base32 (no I, L, O, U), easy to read out over the phone.
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ID_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


# While a passphrase change is under way the old key is kept in the (re-keyed) file, so a change
# cut short by a crash can be finished at the next open: backups still under the old key are
# re-keyed then, and the entry is erased.
_REKEY_FROM = "rekey_from"


def normal_case_id(case_id: str) -> str:
    """A case id as stored: upper case, with O, I and L read as 0, 1 and 1."""
    return case_id.strip().upper().translate(_ID_TYPOS)


def _new_case_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _letter in range(8))


_open_files: weakref.WeakSet[CaseFile] = weakref.WeakSet()


def _new_sync_device(path: Path, key: bytes) -> None:
    """Give a restored case file a sync device id of its own (see CaseFile.restore_backup)."""
    conn = cipher.connect(path, key)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"UPDATE meta SET value = {NEW_UUID_SQL} WHERE key = 'sync_device'")
        conn.execute("COMMIT")
    finally:
        conn.close()


@atexit.register
def _close_forgotten_files() -> None:
    """Write pending autosaves of any case file still open when Python exits."""
    for case_file in list(_open_files):
        with contextlib.suppress(Exception):  # exiting anyway: nobody is left to tell
            case_file.close()


class CaseFile(BackgroundWork):
    """An open, unlocked case file. Create with `CaseFile.open(...)`; close with `close()`."""

    def __init__(
        self,
        path: Path,
        key: bytes,
        conn: cipher.Connection,
        lock: FileLock,
        user: str,
        clock: Clock,
        *,
        identity_lock: FileLock | None = None,
        salt: bytes = b"",
    ) -> None:
        self.path = path
        self.user = user
        self._key = key
        self._salt = salt or cipher.read_head(path, cipher.SALT_BYTES)
        self._identity_lock = identity_lock
        self._conn = conn
        self._db = Database(conn, execute_plugins=False)
        self._lock = threading.RLock()  # guards the main connection
        self._file_lock = lock
        self._clock = clock
        self._closed = False
        self._writer: AutosaveWriter | None = None
        self._writer_conn: cipher.Connection | None = None
        self._backup_guard = threading.Lock()
        self._backup_thread: threading.Thread | None = None
        self._last_backup_at = clock()
        self.backup_problem: CaseFileError | None = None  # why the last backup failed, if it did
        self._problem_listeners: list[ProblemListener] = []
        _open_files.add(self)

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        *,
        create: bool = False,
        user: str = "adviser",
        clock: Clock | None = None,
    ) -> CaseFile:
        """Unlock the case file at `path` (creating it if asked), or raise a CaseFileError.

        A refusal changes nothing in the case file. `clock` gives the time for audit entries and
        backup names (the system clock by default).
        """
        path = Path(path)
        clock = clock or system_clock
        if not passphrase:
            raise EmptyPassphrase()
        if not path.exists() and not path.is_symlink():
            if not create:
                raise NoCaseFile(path)
            created = opening.create(path, passphrase, user, clock)
            if created is not None:
                key, lock = created
                return cls._unlock(path, passphrase, user, clock, lock=lock, key=key)
        return cls._unlock(path, passphrase, user, clock)

    @classmethod
    def _unlock(
        cls,
        path: Path,
        passphrase: str,
        user: str,
        clock: Clock,
        *,
        lock: FileLock | None = None,
        key: bytes | None = None,
    ) -> CaseFile:
        identity = None
        try:
            opening.check_file(path)
            if lock is None:
                lock = opening.take_lock(path)
            identity = opening.take_identity_lock(path)
            opening.check_links(path)  # again: nobody else can be opening it now
        except BaseException:
            if identity is not None:
                identity.release()
            if lock is not None:
                lock.release(leave_as_found=True)
            raise
        conn = None
        fresh_sidecars = [s for s in ("-wal", "-shm") if not opening.sidecar(path, s).exists()]
        try:
            salt = cipher.read_head(path, cipher.SALT_BYTES)
            key = key or cipher.derive_key(passphrase, salt)
            if len(fresh_sidecars) < 2:
                # A -wal (or -shm) is there: closing a connection to the file would fold the WAL
                # into it and delete both, even when refusing. Decide on a private copy instead.
                opening.decide_on_copy(path, passphrase, key, salt)
                conn = cipher.connect(path, key)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            else:
                conn = opening.decide(path, path, passphrase, key, salt)
            db = Database(conn, execute_plugins=False)
            # Nothing has been written so far. From here on the file is ours to change.
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            cipher.tune(conn)
            backups.clean_temporaries(path)
            if schema.migrations.pending(db):
                backups.write_backup(conn, path, clock(), "before-migration")
                backups.prune(path)
                opening.migrate(db)
            case_file = cls(path, key, conn, lock, user, clock, identity_lock=identity, salt=salt)
        except BaseException as error:
            if conn is not None:
                conn.close()
            opening.remove_empty_sidecars(path, fresh_sidecars)
            identity.release()
            lock.release(leave_as_found=True)
            if isinstance(error, cipher.Error | OSError):
                raise cipher.translate(error, folder=path.parent) from error
            raise
        try:
            opening.tighten_permissions(path)
            case_file._finish_rekey()
            case_file._audit("file_opened", changes=False)
            existing = backups.list_backups(path)
            if case_file._needs_backup() or not existing:
                case_file._start_backup("open")
            else:
                case_file._last_backup_at = existing[0].saved_at
        except BaseException:
            case_file.close()
            raise
        return case_file

    @classmethod
    def restore_backup(
        cls,
        path: Path,
        backup: Path,
        *,
        clock: Clock | None = None,
        kept_as: str = "damaged",
        key: bytes | None = None,
    ) -> Path:
        """Put `backup` in the place of the (damaged) case file; returns where the old file went.

        Nothing is deleted: the old file and its WAL are kept beside it, renamed
        `<name>.<kept_as>-<time>`. With the backup's `key`, the restored file also gets a sync
        device id of its own: the register then treats it as another copy of the records (its
        changes are merged, never taken as the newest state of this file).
        """
        path = Path(path)
        lock = opening.take_lock(path)
        identity = None
        try:
            if path.exists():
                identity = opening.take_identity_lock(path)
            kept = backups.restore(path, Path(backup), (clock or system_clock)(), kept_as)
            if key is not None:
                _new_sync_device(path, key)
            return kept
        except OSError as error:
            raise cipher.translate(error, folder=path.parent) from error
        finally:
            if identity is not None:
                identity.release()
            lock.release()

    @classmethod
    def backups_of(cls, path: Path, passphrase: str) -> list[tuple[backups.Backup, int | None]]:
        """Each backup of the case file, newest first, with how many cases it holds (None when it
        does not open whole with this passphrase). Works when the case file itself is damaged.

        Raises BadBackup when there are backups and this passphrase opens none of them.
        """
        keys: dict[bytes, bytes] = {}
        found: list[tuple[backups.Backup, int | None]] = []
        for backup in backups.list_backups(Path(path)):
            try:
                salt = cipher.read_head(backup.path, cipher.SALT_BYTES)
            except OSError:
                found.append((backup, None))
                continue
            if salt not in keys:
                keys[salt] = cipher.derive_key(passphrase, salt)
            found.append((backup, backups.count_cases(backup.path, keys[salt])))
        if found and all(cases is None for _backup, cases in found):
            raise BadBackup(
                _(
                    "That passphrase opens none of this case file's backups: check it, including "
                    "capital letters, and try again."
                )
            )
        return found

    @classmethod
    def restore_named(
        cls, path: Path, name: str, passphrase: str, *, clock: Clock | None = None
    ) -> tuple[backups.Backup, int, Path | None]:
        """Put the backup called `name` in the case file's place, once it is known to open whole
        with this passphrase; the current file is kept beside it, renamed.

        Returns the backup, how many cases it holds, and where the replaced file went (None when
        there was no case file).
        """
        path = Path(path)
        wanted = Path(name).name
        chosen = [pair for pair in cls.backups_of(path, passphrase) if pair[0].path.name == wanted]
        if not chosen:
            raise BadBackup(
                _(
                    "There is no backup called {name}: 'sendadvisor backups list' shows them."
                ).format(name=wanted)
            )
        backup, cases = chosen[0]
        if cases is None:
            raise BadBackup(
                _(
                    "The backup {name} does not open whole with this passphrase, so it was not "
                    "restored: choose another one."
                ).format(name=wanted)
            )
        existed = path.exists()
        key = cipher.derive_key(passphrase, cipher.read_head(backup.path, cipher.SALT_BYTES))
        kept = cls.restore_backup(path, backup.path, clock=clock, kept_as="replaced", key=key)
        return backup, cases, kept if existed else None

    # --- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Write pending autosaves, back up the session's changes, and release the file."""
        if self._closed:
            return
        try:
            if self._writer is not None:
                self._writer.stop(timeout=30.0)
        finally:
            with self._backup_guard:
                thread = self._backup_thread
                if thread is not None:
                    thread.join()
                try:
                    # The session's work goes into a backup now, not only at the next open.
                    if self._needs_backup():
                        self._write_backup("close")
                except (CaseFileError, cipher.Error, OSError) as error:
                    # The case file itself is saved; only this extra copy failed.
                    self._report_problem(error)
                self._closed = True
            _open_files.discard(self)
            if self._writer_conn is not None:
                self._writer_conn.close()
            with self._lock:
                # The last connection to close checkpoints the WAL into the file and removes it.
                self._conn.close()
            if self._identity_lock is not None:
                self._identity_lock.release()
            self._file_lock.release()
            self._key = b""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, changes: bool = True) -> Iterator[Database]:
        """One write transaction on the main connection: all of it reaches the disk, or none."""
        if self._closed:
            raise CaseFileClosed()
        with self._lock:
            try:
                # IMMEDIATE takes the write lock now, so a busy background writer makes us wait
                # (busy_timeout) rather than fail half way.
                self._conn.execute("BEGIN IMMEDIATE")
            except cipher.Error as error:
                raise cipher.translate(error, folder=self.path.parent) from error
            try:
                yield self._db
                if changes:
                    bump_change_serial(self._conn)
                self._conn.execute("COMMIT")  # synchronous=FULL: on disk when this returns
            except BaseException as error:
                try:
                    self._conn.execute("ROLLBACK")
                except cipher.Error:
                    pass  # the failed COMMIT may already have ended the transaction
                if isinstance(error, cipher.Error | OSError):
                    raise cipher.translate(error, folder=self.path.parent) from error
                raise
        if changes:
            self._after_change()

    def _log(self, db: Database, action: str, case_id: str | None = None, detail: str = "") -> None:
        db.table("audit").insert(
            {
                "at": stamp(self._clock()),
                "user": self.user,
                "action": action,
                "case_id": case_id,
                "detail": detail,
            }
        )

    def _audit(
        self, action: str, case_id: str | None = None, detail: str = "", *, changes: bool = True
    ) -> None:
        with self._transaction(changes=changes) as db:
            self._log(db, action, case_id, detail)

    def _num(self, db: Database, case_id: str) -> int:
        num = records.case_num(db, normal_case_id(case_id))
        if num is None:
            raise NoSuchCase(case_id)
        return num

    # --- cases -------------------------------------------------------------------------------

    def add_case(
        self, circumstances: dict, deadlines: Sequence[Mapping[str, Any]], computed_with: str = ""
    ) -> str:
        """Save a new case with its deadlines; returns its id once it is durably on disk.
        `computed_with` names the rules and bank holidays the deadlines came from."""
        with self._transaction() as db:
            case_id = _new_case_id()
            while records.case_num(db, case_id) is not None:  # one chance in a trillion
                case_id = _new_case_id()
            records.insert_case(
                db, case_id, circumstances, deadlines, stamp(self._clock()), computed_with
            )
            self._log(db, "case_added", case_id)
        return case_id

    def save_case(
        self,
        case_id: str,
        circumstances: dict,
        deadlines: Sequence[Mapping[str, Any]],
        computed_with: str = "",
    ) -> None:
        """Replace a case's circumstances and deadlines in one transaction."""
        with self._transaction() as db:
            num = self._num(db, case_id)
            records.update_case(
                db, num, circumstances, deadlines, stamp(self._clock()), computed_with
            )
            self._log(db, "case_changed", normal_case_id(case_id))

    def stale_cases(self, computed_with: str) -> list[tuple[str, dict]]:
        """Open cases whose stored deadlines came from other rules or bank holidays: (id, circumstances)."""
        with self._transaction(changes=False) as db:
            return records.stale_cases(db, computed_with)

    def refresh_deadlines(
        self,
        worked_out: Sequence[
            tuple[str, Sequence[Mapping[str, Any]]]
            | tuple[str, Sequence[Mapping[str, Any]], dict[str, Any]]
        ],
        computed_with: str,
    ) -> int:
        """Store deadlines worked out again for these cases, in one transaction (no audit entry:
        the case did not change, only the rules or bank holidays did). An entry may name the
        circumstances its deadlines were worked out from: a case that holds others now (saved
        or synced meanwhile), or is gone, is left as it is. Returns how many were stored."""
        stored = 0
        with self._transaction() as db:
            for case_id, deadlines, *worked_from in worked_out:
                num = records.case_num(db, normal_case_id(case_id))
                if num is None:
                    if not worked_from:
                        raise NoSuchCase(case_id)
                    continue  # erased meanwhile
                stored += records.refresh_deadlines(
                    db, num, deadlines, computed_with, worked_from[0] if worked_from else None
                )
        return stored

    def get_case(self, case_id: str, *, for_export: bool = False) -> dict:
        """The case: {"id", "circumstances", "closed_on", "created_at", "updated_at"}.

        The audit log records who opened it (or exported it, with `for_export`).
        """
        with self._transaction(changes=False) as db:
            num = self._num(db, case_id)
            row = next(db.query("SELECT * FROM cases WHERE num = ?", [num]))
            self._log(db, "case_exported" if for_export else "case_opened", row["id"])
        return {
            "id": row["id"],
            "circumstances": json.loads(row["circumstances"]),
            "closed_on": row["closed_on"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }

    def list_cases(
        self,
        search: str | None = None,
        *,
        today: date,
        include_closed: bool = False,
        limit: int | None = None,
        by_urgency: bool = False,
    ) -> list[CaseRow]:
        """The case list (soonest next deadline first, or most urgent first), optionally only
        cases matching `search`."""
        with self._reading() as db:
            return records.list_rows(
                db,
                search,
                today=today,
                include_closed=include_closed,
                limit=limit,
                by_urgency=by_urgency,
            )

    def report_rows(self, first: date | None, last: date) -> records.ReportRows:
        """What a service report over the period counts (no names, no free text)."""
        with self._reading() as db:
            return records.report_rows(db, first, last)

    def export_rows(
        self, first: date | None, last: date, *, today: date
    ) -> list[records.ExportRow]:
        """Every case open at some time in the period, for the CSV export; the audit log
        records the export (how many cases, never who)."""
        with self._transaction(changes=False) as db:
            rows = records.export_rows(db, first, last, today=today)
            # The audit log's details are a record, stored and synced as written (not translated).
            detail = f"CSV export of {len(rows)} cases"  # not for people
            self._log(db, "cases_exported", None, detail)
        return rows

    def close_case(self, case_id: str, on: date) -> None:
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("cases").update(
                num, {"closed_on": on.isoformat(), "updated_at": stamp(self._clock())}
            )
            self._log(db, "case_closed", normal_case_id(case_id))

    def reopen_case(self, case_id: str) -> None:
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("cases").update(num, {"closed_on": None, "updated_at": stamp(self._clock())})
            self._log(db, "case_reopened", normal_case_id(case_id))

    def delete_case(self, case_id: str) -> None:
        """Erase one family entirely; the audit log keeps that it happened, not the data."""
        self.flush()  # a pending autosave must not bring a draft back after the deletion
        with self._transaction() as db:
            num = self._num(db, case_id)
            self._erase(db, num)
            self._log(db, "case_deleted", normal_case_id(case_id))
        self._checkpoint()

    def purge_closed(self, *, older_than_days: int, today: date) -> int:
        """Erase every case closed more than `older_than_days` ago; returns how many."""
        if older_than_days < 0:
            raise InputError("older_than_days", _("cannot be negative"))
        if older_than_days > 100 * 366:
            raise InputError(
                "older_than_days",
                _("{days} is more than 100 years").format(days=older_than_days),
            )
        cutoff = (today - timedelta(days=older_than_days)).isoformat()
        self.flush()
        with self._transaction() as db:
            nums = [
                row[0]
                for row in db.execute(
                    "SELECT num FROM cases WHERE closed_on IS NOT NULL AND closed_on < ?", [cutoff]
                )
            ]
            for num in nums:
                self._erase(db, num)
            # Which cases went is not recorded: only that the retention rule ran, and its effect.
            self._log(
                db,
                "closed_cases_purged",
                None,
                f"{len(nums)} closed before {cutoff} ({older_than_days} days)",  # not for people
            )
        self._checkpoint()
        return len(nums)

    def _erase(self, db: Database, num: int) -> None:
        records.erase_case(db, num)  # the wizard's drafts of this case go too

    def _checkpoint(self) -> None:
        # Copy the WAL into the file and empty it, so erased pages no longer linger in the WAL.
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except cipher.Error:
                pass  # a reader (a running backup) may hold old pages; the next checkpoint will

    def export_case(self, case_id: str) -> dict:
        """Everything held about one family (a subject access request), as JSON-ready data."""
        with self._transaction(changes=False) as db:
            num = self._num(db, case_id)
            row = next(db.query("SELECT * FROM cases WHERE num = ?", [num]))
            self._log(db, "case_exported", row["id"], "subject access export")  # not for people
            deadlines = list(
                db.query(
                    "SELECT concern, id, due_on, who, status FROM deadlines WHERE case_num = ? "
                    "ORDER BY due_on, id",
                    [num],
                )
            )
            audit = list(
                db.query(
                    "SELECT at, user, action, detail FROM audit WHERE case_id = ? ORDER BY id",
                    [row["id"]],
                )
            )
            drafts = [
                {"key": d["key"], "data": json.loads(d["data"]), "saved_at": d["saved_at"]}
                for d in db.query(
                    f"SELECT * FROM drafts WHERE {records.DRAFTS_OF_CASE}",
                    records.drafts_of_case(row["id"]),
                )
            ]
        return {
            "schema": EXPORT_SCHEMA,
            "case_id": row["id"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "closed_on": row["closed_on"],
            "circumstances": json.loads(row["circumstances"]),
            "deadlines": deadlines,
            "notes": self.notes(row["id"]),
            "letters": self.letters(row["id"]),
            "drafts": drafts,
            "audit": audit,
        }

    # --- notes and letters -------------------------------------------------------------------

    def add_note(self, case_id: str, on: date, channel: str, text: str) -> str:
        """Record one contact with the family; returns the note's id."""
        if channel not in NOTE_CHANNELS:
            raise InputError(
                "channel",
                _("{channel} is not one of {choices}").format(
                    channel=repr(channel), choices=", ".join(NOTE_CHANNELS)
                ),
            )
        if not text or not text.strip():
            raise InputError("text", _("a note needs some text"))
        with self._transaction() as db:
            num = self._num(db, case_id)
            note_id = (
                db.table("notes")
                .insert(
                    {
                        "case_num": num,
                        "contact_on": on.isoformat(),
                        "channel": channel,
                        "text": text.strip(),
                        "user": self.user,
                        "created_at": stamp(self._clock()),
                        "uuid": records.new_uuid(),
                    }
                )
                .last_pk
            )
            self._log(db, "note_added", normal_case_id(case_id))
        return str(note_id)

    def notes(self, case_id: str) -> list[dict]:
        """Contact notes, oldest first: {"id", "on", "channel", "text", "user", "created_at"}."""
        with self._reading() as db:
            num = self._num(db, case_id)
            return [
                {
                    "id": str(n["id"]),
                    "on": n["contact_on"],
                    "channel": n["channel"],
                    "text": n["text"],
                    "user": n["user"],
                    "created_at": n["created_at"],
                }
                for n in db.query(
                    "SELECT * FROM notes WHERE case_num = ? ORDER BY contact_on, id", [num]
                )
            ]

    def record_letter(
        self,
        case_id: str,
        *,
        by: str,
        rules_version: str,
        pdf_sha256: str,
        large_print: bool,
        path: str | None = None,
    ) -> None:
        """Record that a letter was issued (not the letter itself: its SHA-256 identifies it),
        and where it was saved on this computer (None: printed or opened only)."""
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("letters").insert(
                {
                    "case_num": num,
                    "issued_at": stamp(self._clock()),
                    "issued_by": by,
                    "rules_version": rules_version,
                    "pdf_sha256": pdf_sha256,
                    "large_print": int(bool(large_print)),
                    "path": path,
                }
            )
            self._log(
                db,
                "letter_recorded",
                normal_case_id(case_id),
                "large print" if large_print else "",  # not for people (the audit's record)
            )

    def letters(self, case_id: str) -> list[dict]:
        """Letters issued, oldest first.

        Each: {"issued_at", "by", "rules_version", "pdf_sha256", "large_print", "path"} (`path`:
        where it was last saved on this computer, or None).
        """
        with self._reading() as db:
            num = self._num(db, case_id)
            return [
                {
                    "issued_at": r["issued_at"],
                    "by": r["issued_by"],
                    "rules_version": r["rules_version"],
                    "pdf_sha256": r["pdf_sha256"],
                    "large_print": bool(r["large_print"]),
                    "path": r["path"],
                }
                for r in db.query("SELECT * FROM letters WHERE case_num = ? ORDER BY id", [num])
            ]

    def letter_saved(self, case_id: str, pdf_sha256: str, path: str) -> None:
        """Remember where a letter already recorded (printed, or saved elsewhere) was saved now."""
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.execute(
                "UPDATE letters SET path = ? WHERE id = (SELECT max(id) FROM letters "
                "WHERE case_num = ? AND pdf_sha256 = ?)",
                [path, num, pdf_sha256],
            )

    # --- the service register ------------------------------------------------------------------

    @contextmanager
    def sync_batch(self, *, changes: bool = True) -> Iterator[SyncBatch]:
        """One step of a sync with the service register, in one transaction of this file
        (`sendadvisor.register.sync` decides what to read and write)."""
        with self._transaction(changes=changes) as db:
            batch = SyncBatch(db, self.user, stamp(self._clock()))
            yield batch
        if batch.erased:
            self._checkpoint()  # erased families' pages leave the WAL now, as on delete_case

    # --- passphrase, audit, backups ----------------------------------------------------------

    def is_passphrase(self, passphrase: str) -> bool:
        """Whether `passphrase` is the one this file is open with (to confirm a change)."""
        return hmac.compare_digest(cipher.derive_key(passphrase, self._salt), self._key)

    def change_passphrase(self, new_passphrase: str, *, current: str | None = None) -> None:
        """Re-encrypt the file and every backup under a key from the new passphrase.

        With `current`, refuse (WrongPassphrase) unless it is the passphrase in use. Cut short by
        a crash, the change is finished at the next open (see `_finish_rekey`).
        """
        if not new_passphrase:
            raise EmptyPassphrase()
        if current is not None and not self.is_passphrase(current):
            raise WrongPassphrase()
        with self._lock:  # no new autosave writer can start meanwhile (it would use the old key)
            if self._writer is not None:
                self._writer.stop(timeout=30.0)
                self._writer = None
            if self._writer_conn is not None:
                self._writer_conn.close()
                self._writer_conn = None
            with self._backup_guard:
                if self._backup_thread is not None:
                    self._backup_thread.join()
                new_key = cipher.derive_key(new_passphrase, self._salt)
                with self._transaction(changes=False):
                    self._conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        [_REKEY_FROM, self._key.hex()],
                    )
                try:
                    cipher.rekey(self._conn, new_key)  # one transaction: all pages, or none
                except cipher.Error as error:
                    raise cipher.translate(error, folder=self.path.parent) from error
                self._key = new_key
                self._checkpoint()  # pages under the old key leave the file and the WAL now
                self._finish_rekey()
        self._audit("passphrase_changed", changes=False)

    def _finish_rekey(self) -> None:
        """Re-key the backups still under the old key of a passphrase change, then forget it."""
        with self._reading() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", [_REKEY_FROM]).fetchone()
        if row is None:
            return
        old_key = bytes.fromhex(row[0])
        if old_key != self._key:
            for backup in backups.list_backups(self.path):
                if backups.opens_with(backup.path, self._key):
                    continue
                try:
                    backups.rekey(backup.path, old_key, self._key)
                except (cipher.Error, OSError) as error:
                    if not backups.opens_with(backup.path, old_key):
                        continue  # under neither key (damaged): nothing to re-key
                    raise cipher.translate(error, folder=self.path.parent) from error
        with self._transaction(changes=False):
            self._conn.execute("DELETE FROM meta WHERE key = ?", [_REKEY_FROM])
        self._checkpoint()  # secure_delete zeroed the old key's page; now it leaves the WAL too

    def recent_activity(self, limit: int = 20) -> list[dict]:
        """The newest audit entries: {"at", "user", "action", "case_id", "detail"}."""
        with self._reading() as db:
            return list(
                db.query(
                    "SELECT at, user, action, case_id, detail FROM audit ORDER BY id DESC LIMIT ?",
                    [limit],
                )
            )
