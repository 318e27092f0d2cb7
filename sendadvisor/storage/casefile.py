"""The encrypted case file: open safely or refuse clearly, save every change durably, keep backups.

One `CaseFile` is one open case file. Calls may come from any thread (a lock guards the main
connection). Two background threads, each with its own connection (cheap: the key is derived
once, see `cipher`), keep slow work off the caller: the autosave writer (wizard drafts) and the
backup writer (at open and after every 30 minutes of changes). SQLite's WAL lets them write and
read while the main connection is in use.
"""

from __future__ import annotations

import atexit
import contextlib
import hmac
import json
import os
import secrets
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from sqlite_utils import Database

from sendadvisor.domain.errors import InputError
from sendadvisor.storage import backups, cipher, records, schema
from sendadvisor.storage.autosave import DELETE, AutosaveWriter, Pending
from sendadvisor.storage.errors import (
    BackupFailed,
    BadBackup,
    CaseFileClosed,
    CaseFileError,
    CaseFileLocked,
    DamagedCaseFile,
    DiskFull,
    EmptyPassphrase,
    LinkedCaseFile,
    MigrationFailed,
    NewerCaseFile,
    NoCaseFile,
    NoSuchCase,
    NotACaseFile,
    ReadOnlyCaseFile,
    UnreadableCaseFile,
    WrongPassphrase,
)
from sendadvisor.storage.lock import AlreadyLocked, FileLock, identity_lock_path, lock_path
from sendadvisor.storage.records import CaseRow

NOTE_CHANNELS = ("home_visit", "phone", "email", "other")
BACKUP_INTERVAL = timedelta(minutes=30)
EXPORT_SCHEMA = "sendadvisor.case-export/1"

# Case ids: 8 characters of Crockford's base32 (no I, L, O, U), easy to read out over the phone.
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ID_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})

Clock = Callable[[], datetime]
ProblemListener = Callable[[CaseFileError], None]

# While a passphrase change is under way the old key is kept in the (re-keyed) file, so a change
# cut short by a crash can be finished at the next open: backups still under the old key are
# re-keyed then, and the entry is erased.
_REKEY_FROM = "rekey_from"


def _system_clock() -> datetime:
    # Audit entries and backups record when they happened; the deadline logic never calls this.
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def normal_case_id(case_id: str) -> str:
    """A case id as stored: upper case, with O, I and L read as 0, 1 and 1."""
    return case_id.strip().upper().translate(_ID_TYPOS)


def _new_case_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))


def _no_write_bits(path: Path) -> bool:
    # Honour a file or folder marked read-only even when running as an administrator (who the
    # operating system would let write anyway), and on Windows where the bits mirror the flag.
    return not os.stat(path).st_mode & 0o222


def _read_only(path: Path) -> bool:
    return _no_write_bits(path) or not os.access(path, os.W_OK)


def _read_only_folder(folder: Path) -> bool:
    return _no_write_bits(folder) or not os.access(folder, os.W_OK | os.X_OK)


_open_files: weakref.WeakSet[CaseFile] = weakref.WeakSet()


@atexit.register
def _close_forgotten_files() -> None:
    """Write pending autosaves of any case file still open when Python exits."""
    for case_file in list(_open_files):
        with contextlib.suppress(Exception):  # exiting anyway: nobody is left to tell
            case_file.close()


class CaseFile:
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
        clock = clock or _system_clock
        if not passphrase:
            raise EmptyPassphrase()
        if not path.exists() and not path.is_symlink():
            if not create:
                raise NoCaseFile(path)
            created = _create(path, passphrase, user, clock)
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
            _check_file(path)
            if lock is None:
                lock = _take_lock(path)
            identity = _take_identity_lock(path)
            _check_links(path)  # again: nobody else can be opening it now
        except BaseException:
            if identity is not None:
                identity.release()
            if lock is not None:
                lock.release(leave_as_found=True)
            raise
        conn = None
        fresh_sidecars = [s for s in ("-wal", "-shm") if not _sidecar(path, s).exists()]
        try:
            salt = cipher.read_head(path, cipher.SALT_BYTES)
            key = key or cipher.derive_key(passphrase, salt)
            if len(fresh_sidecars) < 2:
                # A -wal (or -shm) is there: closing a connection to the file would fold the WAL
                # into it and delete both, even when refusing. Decide on a private copy instead.
                _decide_on_copy(path, passphrase, key, salt)
                conn = cipher.connect(path, key)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            else:
                conn = _decide(path, path, passphrase, key, salt)
            db = Database(conn, execute_plugins=False)
            # Nothing has been written so far. From here on the file is ours to change.
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            cipher.tune(conn)
            backups.clean_temporaries(path)
            if schema.migrations.pending(db):
                backups.write_backup(conn, path, clock(), "before-migration")
                backups.prune(path)
                _migrate(db)
            case_file = cls(path, key, conn, lock, user, clock, identity_lock=identity, salt=salt)
        except BaseException as error:
            if conn is not None:
                conn.close()
            _remove_empty_sidecars(path, fresh_sidecars)
            identity.release()
            lock.release(leave_as_found=True)
            if isinstance(error, cipher.Error | OSError):
                raise cipher.translate(error, folder=path.parent) from error
            raise
        try:
            _tighten_permissions(path)
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
        cls, path: Path, backup: Path, *, clock: Clock | None = None, kept_as: str = "damaged"
    ) -> Path:
        """Put `backup` in the place of the (damaged) case file; returns where the old file went.

        Nothing is deleted: the old file and its WAL are kept beside it, renamed
        `<name>.<kept_as>-<time>`.
        """
        path = Path(path)
        lock = _take_lock(path)
        identity = None
        try:
            if path.exists():
                identity = _take_identity_lock(path)
            return backups.restore(path, Path(backup), (clock or _system_clock)(), kept_as)
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
        if found and all(cases is None for _, cases in found):
            raise BadBackup(
                "That passphrase opens none of this case file's backups: check it, including "
                "capital letters, and try again."
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
                f"There is no backup called {wanted}: 'sendadvisor backups list' shows them."
            )
        backup, cases = chosen[0]
        if cases is None:
            raise BadBackup(
                f"The backup {wanted} does not open whole with this passphrase, so it was not "
                "restored: choose another one."
            )
        existed = path.exists()
        kept = cls.restore_backup(path, backup.path, clock=clock, kept_as="replaced")
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
                    _bump_change_serial(self._conn)
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

    @contextmanager
    def _reading(self) -> Iterator[Database]:
        if self._closed:
            raise CaseFileClosed()
        with self._lock:
            try:
                yield self._db
            except cipher.Error as error:
                raise cipher.translate(error, folder=self.path.parent) from error

    def _log(self, db: Database, action: str, case_id: str | None = None, detail: str = "") -> None:
        db.table("audit").insert(
            {
                "at": _stamp(self._clock()),
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
                db, case_id, circumstances, deadlines, _stamp(self._clock()), computed_with
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
                db, num, circumstances, deadlines, _stamp(self._clock()), computed_with
            )
            self._log(db, "case_changed", normal_case_id(case_id))

    def stale_cases(self, computed_with: str) -> list[tuple[str, dict]]:
        """Open cases whose stored deadlines came from other rules or bank holidays: (id, circumstances)."""
        with self._transaction(changes=False) as db:
            return records.stale_cases(db, computed_with)

    def refresh_deadlines(
        self, worked_out: Sequence[tuple[str, Sequence[Mapping[str, Any]]]], computed_with: str
    ) -> None:
        """Store deadlines worked out again for these cases, in one transaction (no audit entry:
        the case did not change, only the rules or bank holidays did)."""
        with self._transaction() as db:
            for case_id, deadlines in worked_out:
                records.refresh_deadlines(db, self._num(db, case_id), deadlines, computed_with)

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
            self._log(db, "cases_exported", None, f"CSV export of {len(rows)} cases")
        return rows

    def close_case(self, case_id: str, on: date) -> None:
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("cases").update(
                num, {"closed_on": on.isoformat(), "updated_at": _stamp(self._clock())}
            )
            self._log(db, "case_closed", normal_case_id(case_id))

    def reopen_case(self, case_id: str) -> None:
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("cases").update(num, {"closed_on": None, "updated_at": _stamp(self._clock())})
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
            raise InputError("older_than_days", "cannot be negative")
        if older_than_days > 100 * 366:
            raise InputError("older_than_days", f"{older_than_days} is more than 100 years")
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
                f"{len(nums)} closed before {cutoff} ({older_than_days} days)",
            )
        self._checkpoint()
        return len(nums)

    def _erase(self, db: Database, num: int) -> None:
        case_id = db.execute("SELECT id FROM cases WHERE num = ?", [num]).fetchone()[0]
        records.delete_case_rows(db, num)
        # The wizard's drafts of this case go too.
        db.execute(
            f"DELETE FROM drafts WHERE {records.DRAFTS_OF_CASE}", records.drafts_of_case(case_id)
        )

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
            self._log(db, "case_exported", row["id"], "subject access export")
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
            raise InputError("channel", f"{channel!r} is not one of {', '.join(NOTE_CHANNELS)}")
        if not text or not text.strip():
            raise InputError("text", "a note needs some text")
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
                        "created_at": _stamp(self._clock()),
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
        self, case_id: str, *, by: str, rules_version: str, pdf_sha256: str, large_print: bool
    ) -> None:
        """Record that a letter was issued (not the letter itself: its SHA-256 identifies it)."""
        with self._transaction() as db:
            num = self._num(db, case_id)
            db.table("letters").insert(
                {
                    "case_num": num,
                    "issued_at": _stamp(self._clock()),
                    "issued_by": by,
                    "rules_version": rules_version,
                    "pdf_sha256": pdf_sha256,
                    "large_print": int(bool(large_print)),
                }
            )
            self._log(
                db, "letter_recorded", normal_case_id(case_id), "large print" if large_print else ""
            )

    def letters(self, case_id: str) -> list[dict]:
        """Letters issued, oldest first.

        Each: {"issued_at", "by", "rules_version", "pdf_sha256", "large_print"}.
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
                }
                for r in db.query("SELECT * FROM letters WHERE case_num = ? ORDER BY id", [num])
            ]

    # --- drafts (the wizard's unfinished answers) ----------------------------------------------

    def _autosaver(self) -> AutosaveWriter:
        with self._lock:
            if self._closed:
                raise CaseFileClosed()
            if self._writer is None:
                self._writer_conn = cipher.connect(self.path, self._key)
                cipher.tune(self._writer_conn)
                self._writer = AutosaveWriter(
                    self._write_drafts,
                    lambda error: cipher.translate(error, folder=self.path.parent),
                )
            return self._writer

    def _write_drafts(self, batch: Pending) -> None:
        """Runs on the autosave thread: every pending draft in one transaction."""
        conn = self._writer_conn
        assert conn is not None
        conn.execute("BEGIN IMMEDIATE")
        try:
            for key, (value, saved_at) in batch.items():
                if value is DELETE:
                    conn.execute("DELETE FROM drafts WHERE key = ?", [key])
                else:
                    conn.execute(
                        "INSERT INTO drafts (key, data, saved_at) VALUES (?, ?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET data = excluded.data, "
                        "saved_at = excluded.saved_at",
                        [key, value, saved_at],
                    )
            _bump_change_serial(conn)
            conn.execute("COMMIT")
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except cipher.Error:
                pass
            raise
        self._after_change()

    def autosave_draft(self, key: str, data: dict) -> None:
        """Queue a draft to be saved; returns at once (the writer thread saves it)."""
        # Serialised now, so later changes to `data` by the caller do not leak into this save.
        value = json.dumps(data, ensure_ascii=False)
        self._autosaver().submit(key, value, _stamp(self._clock()))

    def save_draft(self, key: str, data: dict) -> None:
        """Save a draft and wait until it is on disk."""
        self.autosave_draft(key, data)
        self.flush()

    def discard_draft(self, key: str) -> None:
        self._autosaver().submit(key, DELETE, "")
        self.flush()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every autosave is on disk; raises the writer's error if saving failed."""
        if self._writer is not None:
            self._writer.flush(timeout)

    @property
    def autosave_problem(self) -> CaseFileError | None:
        """Why the last autosave failed, if it did (the drafts are kept in memory meanwhile)."""
        return None if self._writer is None else self._writer.error

    def load_draft(self, key: str) -> dict | None:
        if self._writer is not None:
            pending = self._writer.peek(key)
            if pending is not None:
                return None if pending[0] is DELETE else json.loads(pending[0])
        with self._reading() as db:
            row = db.execute("SELECT data FROM drafts WHERE key = ?", [key]).fetchone()
        return None if row is None else json.loads(row[0])

    def drafts(self) -> list[tuple[str, dict, str]]:
        """Every draft as (key, data, saved_at), newest first, including unsaved autosaves."""
        with self._reading() as db:
            found = {
                r[0]: (r[1], r[2]) for r in db.execute("SELECT key, data, saved_at FROM drafts")
            }
        if self._writer is not None:
            for key, (value, saved_at) in self._writer.unsaved().items():
                if value is DELETE:
                    found.pop(key, None)
                else:
                    found[key] = (value, saved_at)
        rows = [(key, json.loads(value), saved_at) for key, (value, saved_at) in found.items()]
        return sorted(rows, key=lambda row: row[2], reverse=True)

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

    # --- problems in the background ----------------------------------------------------------

    def on_problem(self, listener: ProblemListener) -> None:
        """Call `listener(error)` whenever a backup fails (from whichever thread found it).

        A failure that happened before the listener was added is passed to it at once.
        """
        self._problem_listeners.append(listener)
        if self.backup_problem is not None:
            listener(self.backup_problem)

    def _report_problem(self, error: BaseException) -> None:
        problem = _backup_failure(error, self.path)
        self.backup_problem = problem
        for listener in list(self._problem_listeners):
            with contextlib.suppress(Exception):  # a listener's own bug must not stop the others
                listener(problem)

    def recent_activity(self, limit: int = 20) -> list[dict]:
        """The newest audit entries: {"at", "user", "action", "case_id", "detail"}."""
        with self._reading() as db:
            return list(
                db.query(
                    "SELECT at, user, action, case_id, detail FROM audit ORDER BY id DESC LIMIT ?",
                    [limit],
                )
            )

    def backups(self) -> list[backups.Backup]:
        """This file's backups, newest first."""
        return backups.list_backups(self.path)

    def backup_now(self, reason: str = "manual") -> Path:
        """Take a backup now and wait for it; returns its path (raises BackupFailed)."""
        with self._backup_guard:
            if self._backup_thread is not None:
                self._backup_thread.join()
            self._last_backup_at = self._clock()
            try:
                made = self._write_backup(reason)
            except (CaseFileError, cipher.Error, OSError) as error:
                self._report_problem(error)
                raise self.backup_problem from error  # type: ignore[misc]
            self.backup_problem = None
            return made

    def wait_for_backup(self, timeout: float | None = None) -> None:
        """Wait for a background backup (at open, or after 30 minutes of changes) to finish."""
        thread = self._backup_thread
        if thread is not None:
            thread.join(timeout)

    def _needs_backup(self) -> bool:
        with self._reading() as db:
            serials = dict(
                db.execute(
                    "SELECT key, value FROM meta WHERE key IN ('change_serial', 'backed_up_serial')"
                )
            )
        return serials.get("change_serial") != serials.get("backed_up_serial")

    def _after_change(self) -> None:
        if self._clock() - self._last_backup_at >= BACKUP_INTERVAL:
            self._start_backup("periodic")

    def _start_backup(self, reason: str) -> None:
        with self._backup_guard:
            if self._closed or (self._backup_thread is not None and self._backup_thread.is_alive()):
                return  # the next change asks again (the time of the last backup is unchanged)
            self._last_backup_at = self._clock()
            self._backup_thread = threading.Thread(
                target=self._background_backup,
                args=(reason,),
                name="sendadvisor-backup",
                daemon=True,
            )
            self._backup_thread.start()

    def _background_backup(self, reason: str) -> None:
        try:
            self._write_backup(reason)
            self.backup_problem = None
        # Any failure is reported to the listeners; the case file itself is unharmed.
        except BaseException as error:  # noqa: BLE001
            self._report_problem(error)

    def _write_backup(self, reason: str) -> Path:
        """Snapshot on a connection of its own, then note which change it includes."""
        conn = cipher.connect(self.path, self._key)
        try:
            cipher.tune(conn)
            made = backups.write_backup(conn, self.path, self._clock(), reason)
            copy = cipher.connect(made, self._key, read_only=True)
            try:
                serial = copy.execute(
                    "SELECT value FROM meta WHERE key = 'change_serial'"
                ).fetchone()[0]
            finally:
                copy.close()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'backed_up_serial'", [serial])
            conn.execute("COMMIT")
            backups.prune(self.path)
            return made
        finally:
            conn.close()


# --- helpers for opening ---------------------------------------------------------------------


def _bump_change_serial(conn: cipher.Connection) -> None:
    # Every saved change counts up; a backup remembers the count it holds, so an unchanged file
    # is not backed up again at the next open.
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_serial'")


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_empty_sidecars(path: Path, fresh: list[str]) -> None:
    """After a refusal, remove the empty -wal/-shm files this attempt created (we hold the lock)."""
    wal = _sidecar(path, "-wal")
    try:
        if "-wal" in fresh and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
        if "-shm" in fresh and not wal.exists():
            _sidecar(path, "-shm").unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: nothing could have been created there anyway


def _backup_failure(error: BaseException, path: Path) -> BackupFailed:
    """A backup's failure in words the adviser can act on."""
    if isinstance(error, BackupFailed):
        return error
    problem = cipher.translate(error, folder=path.parent)
    folder = backups.backups_dir(path)
    if isinstance(problem, DiskFull):
        reason = "the disk is full. Free some space so the next backup can be made."
    elif isinstance(problem, ReadOnlyCaseFile) or isinstance(error, FileExistsError):
        reason = (
            f"the backups folder {folder} cannot be written to. Ask whoever looks after the "
            "laptop to make it writable."
        )
    else:
        reason = problem.message
    return BackupFailed(reason)


def _check_links(path: Path) -> None:
    # Each name of a file gets its own -wal from SQLite: two names, two logs, a corrupted file.
    if os.stat(path).st_nlink > 1:
        raise LinkedCaseFile()


def _tighten_permissions(path: Path) -> None:
    """Make the case file, its WAL and its backups readable by their owner only (POSIX)."""
    if os.name == "nt":
        return
    folder = backups.backups_dir(path)
    wanted = [(path, 0o600), (_sidecar(path, "-wal"), 0o600), (_sidecar(path, "-shm"), 0o600)]
    if folder.is_dir():
        wanted.append((folder, 0o700))
        wanted += [(b.path, 0o600) for b in backups.list_backups(path)]
    for target, mode in wanted:
        with contextlib.suppress(OSError):  # someone else's file in a shared folder: leave it
            if os.stat(target).st_mode & 0o777 != mode:
                os.chmod(target, mode)


def _check_file(path: Path) -> None:
    """Refuse, before touching it, a file that is not a case file or cannot be written."""
    try:
        kind = cipher.sniff(path)
    except FileNotFoundError:
        raise NoCaseFile(path) from None
    except IsADirectoryError:
        raise NotACaseFile() from None
    except PermissionError:
        raise UnreadableCaseFile() from None
    except OSError as error:
        raise cipher.translate(error, folder=path.parent) from None
    if kind != "encrypted":
        raise NotACaseFile()
    if _read_only(path) or _read_only_folder(path.parent):
        raise ReadOnlyCaseFile()
    _check_links(path)


def _take_lock(path: Path) -> FileLock:
    lock = FileLock(lock_path(path))
    try:
        lock.acquire()
    except AlreadyLocked:
        raise CaseFileLocked() from None
    except OSError as error:
        raise cipher.translate(error, folder=path.parent) from None
    return lock


def _take_identity_lock(path: Path) -> FileLock:
    """The lock on the file's device and inode: the same file under another path is refused."""
    try:
        lock = FileLock(identity_lock_path(path))
        lock.acquire()
    except AlreadyLocked:
        raise CaseFileLocked() from None
    except OSError as error:
        raise cipher.translate(error, folder=path.parent) from None
    return lock


def _decide(
    target: Path, path: Path, passphrase: str, key: bytes, salt: bytes
) -> cipher.Connection:
    """A connection to `target` proven to be a whole case file of ours, or the refusal."""
    conn = _prove_key(target, path, key, passphrase, salt)
    try:
        _check_is_ours(conn, Database(conn, execute_plugins=False))
        _check_whole(conn, path, passphrase, key, salt)
    except BaseException:
        conn.close()
        raise
    return conn


def _decide_on_copy(path: Path, passphrase: str, key: bytes, salt: bytes) -> None:
    """Run every check of `_decide` on a private copy of the file and its WAL, then remove it."""
    copy = path.with_name(f".{path.name}.checking.tmp")
    wal = _sidecar(path, "-wal")
    try:
        backups.copy_private(path, copy)
        if wal.exists():
            backups.copy_private(wal, _sidecar(copy, "-wal"))
        _decide(copy, path, passphrase, key, salt).close()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                _sidecar(copy, suffix).unlink(missing_ok=True)


def _some_page_decrypts(target: Path, key: bytes) -> bool | None:
    """Whether any page of the file passes its HMAC under this key (None: cannot tell).

    Every page of a case file is authenticated with the key, so a wrong key fails every page,
    while a damaged file under the right key fails only its damaged pages.
    """
    pages = os.path.getsize(target) // cipher.PAGE_SIZE
    if pages < 2:
        return None
    try:
        conn = cipher.connect(target, key, read_only=True)
    except cipher.Error:
        return None
    try:
        failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except cipher.Error:
        return None
    finally:
        conn.close()
    return len(failures) < pages


def _prove_key(
    target: Path, path: Path, key: bytes, passphrase: str, salt: bytes
) -> cipher.Connection:
    """A connection whose key is proven to decrypt `target` (the file at `path`, or a copy)."""
    conn = cipher.connect(target, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except cipher.Error as error:
        conn.close()
        code = (cipher.error_code(error) or 0) & 0xFF
        if code == cipher.dbapi2.SQLITE_NOTADB:
            # A wrong passphrase and a damaged first page look the same to SQLite. The other
            # pages tell them apart; a one-page file is judged by whether a backup opens.
            verdict = _some_page_decrypts(target, key)
            good = _newest_good_backup(path, passphrase, key, salt)
            if verdict or (verdict is None and good is not None):
                raise _damaged(good) from None
            raise WrongPassphrase() from None
        if code == cipher.dbapi2.SQLITE_CORRUPT:
            good = _newest_good_backup(path, passphrase, key, salt)
            raise _damaged(good) from None
        raise


def _check_is_ours(conn: cipher.Connection, db: Database) -> None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
        raise NotACaseFile()
    known = schema.known_migrations()
    unknown = [name for name in schema.applied_migrations(db) if name not in known]
    if unknown:
        raise NewerCaseFile()


def _migrate(db: Database) -> None:
    """Apply pending migrations, each in its own transaction (a failed one leaves no trace)."""
    try:
        schema.migrations.apply(db)
    except (cipher.Error, OSError, CaseFileError):
        raise
    except Exception as error:
        raise MigrationFailed() from error


def _check_whole(
    conn: cipher.Connection, path: Path, passphrase: str, key: bytes, salt: bytes
) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchall()
    except cipher.Error:
        result = []
    if result != [("ok",)]:
        good = _newest_good_backup(path, passphrase, key, salt)
        raise _damaged(good)


def _newest_good_backup(
    path: Path, passphrase: str, key: bytes, salt: bytes
) -> backups.Backup | None:
    keys = {salt: key}
    for backup in backups.list_backups(path):
        try:
            backup_salt = cipher.read_head(backup.path, cipher.SALT_BYTES)
        except OSError:
            continue
        if backup_salt not in keys:
            if len(keys) >= 3:  # each new salt costs a key derivation: stop after a few
                continue
            keys[backup_salt] = cipher.derive_key(passphrase, backup_salt)
        if backups.check_backup(backup.path, keys[backup_salt]):
            return backup
    return None


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"on {local.day} {local:%B %Y} at {local:%H:%M}"


def _damaged(good: backups.Backup | None) -> DamagedCaseFile:
    """The error for a damaged file, naming the newest good backup (if any) and when it was saved."""
    if good is None:
        return DamagedCaseFile(None, None)
    return DamagedCaseFile(good.path, _when(good.saved_at))


def _create(path: Path, passphrase: str, user: str, clock: Clock) -> tuple[bytes, FileLock] | None:
    """Build a new, empty case file under a temporary name, then move it into place.

    Returns the key and the lock (still held), or None if another process created it first.
    """
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise cipher.translate(error, folder=folder) from None
    if _read_only_folder(folder):
        raise ReadOnlyCaseFile()
    lock = _take_lock(path)
    try:
        if path.exists():
            lock.release()
            return None
        salt = cipher.new_salt()
        key = cipher.derive_key(passphrase, salt)
        temporary = folder / f".{path.name}.creating.tmp"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(temporary) + suffix).unlink(missing_ok=True)
        # Made empty with owner-only access first: SQLite gives its -wal and -shm the same mode.
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        conn = cipher.connect(temporary, key, new_file_salt=salt)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            cipher.tune(conn)
            db = Database(conn, execute_plugins=False)
            schema.migrations.apply(db)
            db.table("audit").insert(
                {
                    "at": _stamp(clock()),
                    "user": user,
                    "action": "file_created",
                    "case_id": None,
                    "detail": "",
                }
            )
        finally:
            conn.close()  # checkpoints everything into the file and removes its WAL
        backups.fsync_file(temporary)
        os.replace(temporary, path)
        backups.fsync_dir(folder)
    except BaseException as error:
        # A file that could not be made leaves nothing behind (a full disk, an interruption).
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(folder / f".{path.name}.creating.tmp") + suffix).unlink(missing_ok=True)
        lock.release()
        if isinstance(error, cipher.Error | OSError):
            raise cipher.translate(error, folder=folder) from error
        raise
    return key, lock
