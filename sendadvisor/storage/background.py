"""The case file's work off the caller's thread, and the one channel for its failures.

Two background threads, each with its own connection (cheap: the key is derived once, see
`cipher`), keep slow work off the caller: the autosave writer (wizard drafts) and the backup
writer (at open and after every 30 minutes of changes). A failure in either reaches the app
through `on_problem` listeners, whichever thread found it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from sendadvisor.i18n import _
from sendadvisor.storage import backups, cipher
from sendadvisor.storage.autosave import DELETE, AutosaveWriter, Pending
from sendadvisor.storage.errors import (
    BackupFailed,
    CaseFileClosed,
    CaseFileError,
    DiskFull,
    ReadOnlyCaseFile,
)

BACKUP_INTERVAL = timedelta(minutes=30)

Clock = Callable[[], datetime]
ProblemListener = Callable[[CaseFileError], None]


def system_clock() -> datetime:
    # Audit entries and backups record when they happened; the deadline logic never calls this.
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def bump_change_serial(conn: cipher.Connection) -> None:
    # Every saved change counts up; a backup remembers the count it holds, so an unchanged file
    # is not backed up again at the next open.
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_serial'")


def backup_failure(error: BaseException, path: Path) -> BackupFailed:
    """A backup's failure in words the adviser can act on."""
    if isinstance(error, BackupFailed):
        return error
    problem = cipher.translate(error, folder=path.parent)
    folder = backups.backups_dir(path)
    if isinstance(problem, DiskFull):
        reason = _("the disk is full. Free some space so the next backup can be made.")
    elif isinstance(problem, ReadOnlyCaseFile) or isinstance(error, FileExistsError):
        reason = _(
            "the backups folder {folder} cannot be written to. Ask whoever looks after the "
            "laptop to make it writable."
        ).format(folder=folder)
    else:
        reason = problem.message
    return BackupFailed(reason)


class BackgroundWork:
    """The drafts, backups and problem channel of a `CaseFile` (its base class)."""

    path: Path
    _key: bytes
    _db: Database
    _lock: threading.RLock
    _clock: Clock
    _closed: bool
    _writer: AutosaveWriter | None
    _writer_conn: cipher.Connection | None
    _backup_guard: threading.Lock
    _backup_thread: threading.Thread | None
    _last_backup_at: datetime
    backup_problem: CaseFileError | None
    _problem_listeners: list[ProblemListener]

    @contextmanager
    def _reading(self) -> Iterator[Database]:
        if self._closed:
            raise CaseFileClosed()
        with self._lock:
            try:
                yield self._db
            except cipher.Error as error:
                raise cipher.translate(error, folder=self.path.parent) from error

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
            bump_change_serial(conn)
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
        self._autosaver().submit(key, value, stamp(self._clock()))

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
        # What the writer holds is taken first: a draft it saves while the table is read is then
        # in one or the other (read the other way round, it could be in neither).
        unsaved = {} if self._writer is None else self._writer.unsaved()
        with self._reading() as db:
            found = {
                r[0]: (r[1], r[2]) for r in db.execute("SELECT key, data, saved_at FROM drafts")
            }
        for key, (value, saved_at) in unsaved.items():
            if value is DELETE:
                found.pop(key, None)
            else:
                found[key] = (value, saved_at)
        rows = [(key, json.loads(value), saved_at) for key, (value, saved_at) in found.items()]
        return sorted(rows, key=lambda row: row[2], reverse=True)

    # --- problems in the background ----------------------------------------------------------

    def on_problem(self, listener: ProblemListener) -> None:
        """Call `listener(error)` whenever a backup fails (from whichever thread found it).

        A failure that happened before the listener was added is passed to it at once.
        """
        self._problem_listeners.append(listener)
        if self.backup_problem is not None:
            listener(self.backup_problem)

    def _report_problem(self, error: BaseException) -> None:
        problem = backup_failure(error, self.path)
        self.backup_problem = problem
        for listener in list(self._problem_listeners):
            with contextlib.suppress(Exception):  # a listener's own bug must not stop the others
                listener(problem)

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
