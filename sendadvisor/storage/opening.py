"""Opening a case file safely: the checks, locks and key proofs before anything is written.

Everything here runs before `CaseFile` exists or while it is being made: a refusal changes
nothing on disk (see docs/storage.md, "Opening").
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from sendadvisor.dates.wording import month_name
from sendadvisor.i18n import _
from sendadvisor.storage import backups, cipher, schema
from sendadvisor.storage.background import Clock, stamp
from sendadvisor.storage.errors import (
    CaseFileError,
    CaseFileLocked,
    DamagedCaseFile,
    LinkedCaseFile,
    MigrationFailed,
    NewerCaseFile,
    NoCaseFile,
    NotACaseFile,
    ReadOnlyCaseFile,
    UnreadableCaseFile,
    WrongPassphrase,
)
from sendadvisor.storage.lock import AlreadyLocked, FileLock, identity_lock_path, lock_path


def no_write_bits(path: Path) -> bool:
    # Honour a file or folder marked read-only even when running as an administrator (who the
    # operating system would let write anyway), and on Windows where the bits mirror the flag.
    return not os.stat(path).st_mode & 0o222


def read_only(path: Path) -> bool:
    return no_write_bits(path) or not os.access(path, os.W_OK)


def read_only_folder(folder: Path) -> bool:
    return no_write_bits(folder) or not os.access(folder, os.W_OK | os.X_OK)


def sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def remove_empty_sidecars(path: Path, fresh: list[str]) -> None:
    """After a refusal, remove the empty -wal/-shm files this attempt created (we hold the lock)."""
    wal = sidecar(path, "-wal")
    try:
        if "-wal" in fresh and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
        if "-shm" in fresh and not wal.exists():
            sidecar(path, "-shm").unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: nothing could have been created there anyway


def check_links(path: Path) -> None:
    # Each name of a file gets its own -wal from SQLite: two names, two logs, a corrupted file.
    if os.stat(path).st_nlink > 1:
        raise LinkedCaseFile()


def tighten_permissions(path: Path) -> None:
    """Make the case file, its WAL and its backups readable by their owner only (POSIX)."""
    if os.name == "nt":
        return
    folder = backups.backups_dir(path)
    wanted = [(path, 0o600), (sidecar(path, "-wal"), 0o600), (sidecar(path, "-shm"), 0o600)]
    if folder.is_dir():
        wanted.append((folder, 0o700))
        wanted += [(b.path, 0o600) for b in backups.list_backups(path)]
    for target, mode in wanted:
        with contextlib.suppress(OSError):  # someone else's file in a shared folder: leave it
            if os.stat(target).st_mode & 0o777 != mode:
                os.chmod(target, mode)


def check_file(path: Path) -> None:
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
    if read_only(path) or read_only_folder(path.parent):
        raise ReadOnlyCaseFile()
    check_links(path)


def take_lock(path: Path) -> FileLock:
    """The lock beside the case file: one writer at a time."""
    return _acquire(lock_path, path)


def take_identity_lock(path: Path) -> FileLock:
    """The lock on the file's device and inode: the same file under another path is refused."""
    return _acquire(identity_lock_path, path)


def _acquire(where: Callable[[Path], Path], path: Path) -> FileLock:
    try:
        lock = FileLock(where(path))
        lock.acquire()
    except AlreadyLocked:
        raise CaseFileLocked() from None
    except OSError as error:
        raise cipher.translate(error, folder=path.parent) from None
    return lock


def decide(target: Path, path: Path, passphrase: str, key: bytes, salt: bytes) -> cipher.Connection:
    """A connection to `target` proven to be a whole case file of ours, or the refusal."""
    conn = prove_key(target, path, key, passphrase, salt)
    try:
        check_is_ours(conn, Database(conn, execute_plugins=False))
        check_whole(conn, path, passphrase, key, salt)
    except BaseException:
        conn.close()
        raise
    return conn


def decide_on_copy(path: Path, passphrase: str, key: bytes, salt: bytes) -> None:
    """Run every check of `decide` on a private copy of the file and its WAL, then remove it."""
    copy = path.with_name(f".{path.name}.checking.tmp")
    wal = sidecar(path, "-wal")
    try:
        backups.copy_private(path, copy)
        if wal.exists():
            backups.copy_private(wal, sidecar(copy, "-wal"))
        decide(copy, path, passphrase, key, salt).close()
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                sidecar(copy, suffix).unlink(missing_ok=True)


def some_page_decrypts(target: Path, key: bytes) -> bool | None:
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


def prove_key(
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
            verdict = some_page_decrypts(target, key)
            good = newest_good_backup(path, passphrase, key, salt)
            if verdict or (verdict is None and good is not None):
                raise damaged(good) from None
            raise WrongPassphrase() from None
        if code == cipher.dbapi2.SQLITE_CORRUPT:
            good = newest_good_backup(path, passphrase, key, salt)
            raise damaged(good) from None
        raise


def check_is_ours(conn: cipher.Connection, db: Database) -> None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
        raise NotACaseFile()
    known = schema.known_migrations()
    unknown = [name for name in schema.applied_migrations(db) if name not in known]
    if unknown:
        raise NewerCaseFile()


def migrate(db: Database) -> None:
    """Apply pending migrations, each in its own transaction (a failed one leaves no trace)."""
    try:
        schema.migrations.apply(db)
    except (cipher.Error, OSError, CaseFileError):
        raise
    except Exception as error:
        raise MigrationFailed() from error


def _give_memory_back() -> None:
    """Hand freed memory back to the system (glibc keeps it for the process otherwise): the
    check's large page cache would stay counted against the app for the whole session."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (musl, say): the memory is reused by the process instead


def check_whole(
    conn: cipher.Connection, path: Path, passphrase: str, key: bytes, salt: bytes
) -> None:
    # quick_check visits index pages more than once; with the page cache as large as the file,
    # each page is decrypted (and its HMAC checked) once: about 0.8 s -> 0.6 s for 20,000 cases.
    # The cache goes back to its usual size, and its memory is given back, straight after.
    usual = conn.execute("PRAGMA cache_size").fetchone()[0]
    whole_file_kib = os.path.getsize(path) // 1024 + 4096
    try:
        conn.execute(f"PRAGMA cache_size = -{whole_file_kib}")
        result = conn.execute("PRAGMA quick_check").fetchall()
    except cipher.Error:
        result = []
    finally:
        conn.execute(f"PRAGMA cache_size = {int(usual)}")
        conn.execute("PRAGMA shrink_memory")
        _give_memory_back()
    if result != [("ok",)]:
        good = newest_good_backup(path, passphrase, key, salt)
        raise damaged(good)


def newest_good_backup(
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


def when(moment: datetime) -> str:
    local = moment.astimezone()
    return _("on {day} {month} {year} at {time}").format(
        day=local.day, month=month_name(local.month), year=local.year, time=f"{local:%H:%M}"
    )


def damaged(good: backups.Backup | None) -> DamagedCaseFile:
    """The error for a damaged file, naming the newest good backup (if any) and when it was saved."""
    if good is None:
        return DamagedCaseFile(None, None)
    return DamagedCaseFile(good.path, when(good.saved_at))


def create(path: Path, passphrase: str, user: str, clock: Clock) -> tuple[bytes, FileLock] | None:
    """Build a new, empty case file under a temporary name, then move it into place.

    Returns the key and the lock (still held), or None if another process created it first.
    """
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise cipher.translate(error, folder=folder) from None
    if read_only_folder(folder):
        raise ReadOnlyCaseFile()
    lock = take_lock(path)
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
                    "at": stamp(clock()),
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
