"""Rotating backups of a case file: encrypted snapshots beside it, kept by age, checked before use.

A backup is made with `VACUUM INTO`, which writes a consistent, encrypted copy (same key and salt,
so the same passphrase opens it) while other connections keep writing. It is written under a
temporary name, flushed to disk and only then renamed, so a crash never leaves a half backup that
looks whole. Which backups are kept: the 5 newest, the newest of each of the last 7 days that have
one, and the newest of each of the last 4 weeks that have one (about a month of history), but
none saved more than `MAX_AGE` before the newest: so a family erased from the case file is gone
from every backup at most 35 days after its last backup was made, however rarely the file is used.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sendadvisor.storage import cipher

KEEP_NEWEST = 5
KEEP_DAYS = 7
KEEP_WEEKS = 4
MAX_AGE = timedelta(days=35)

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.backup$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    saved_at: datetime  # UTC
    reason: str  # "open", "periodic", "before-migration", "before-restore"


def backups_dir(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".backups")


def list_backups(case_path: Path) -> list[Backup]:
    """The backups of this case file, newest first."""
    folder = backups_dir(case_path)
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        found.append((at, int(match["n"] or 0), Backup(entry, at, match["reason"])))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for _, _, backup in found]


def to_keep(backups: list[Backup]) -> set[Path]:
    """The backups the rotation keeps (see the module docstring); `backups` newest first."""
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    days: list[object] = []
    weeks: list[object] = []
    for backup in backups:
        day = backup.saved_at.date()
        week = day.isocalendar()[:2]
        if day not in days and len(days) < KEEP_DAYS:
            days.append(day)
            keep.add(backup.path)
        if week not in weeks and len(weeks) < KEEP_WEEKS:
            weeks.append(week)
            keep.add(backup.path)
    if backups:  # the age limit: erasures reach every backup within MAX_AGE (the newest stays)
        oldest_allowed = backups[0].saved_at - MAX_AGE
        keep = {b.path for b in backups[1:] if b.path in keep and b.saved_at >= oldest_allowed}
        keep.add(backups[0].path)
    return keep


def prune(case_path: Path) -> None:
    backups = list_backups(case_path)
    keep = to_keep(backups)
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)


def clean_temporaries(case_path: Path) -> None:
    """Remove half-written backups (and their journals) left by a crash; only the lock holder
    calls this."""
    folder = backups_dir(case_path)
    if folder.is_dir():
        for entry in [*folder.glob(".*.tmp"), *folder.glob(".*.tmp-*")]:
            entry.unlink(missing_ok=True)


def make_folder(case_path: Path) -> Path:
    """The backups folder, made if needed, readable by its owner only (POSIX)."""
    folder = backups_dir(case_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def new_private_file(path: Path) -> None:
    """An empty file only its owner can read (SQLite writes into it, keeping the mode)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def copy_private(source: Path, target: Path) -> None:
    """Copy a file into a new file only its owner can read, flushed to the disk."""
    with (
        open(source, "rb") as reading,
        open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as writing,
    ):
        shutil.copyfileobj(reading, writing, 1024 * 1024)
        writing.flush()
        os.fsync(writing.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; its renames are journaled.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def write_backup(conn: cipher.Connection, case_path: Path, at: datetime, reason: str) -> Path:
    """Snapshot the database behind `conn` into a new backup file; returns its path.

    The caller prunes old backups (`prune`) once it has read what it needs from the new one.
    """
    folder = make_folder(case_path)
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    stem = case_path.stem or "cases"
    # Two backups in one second (before a migration, then at open) are numbered so the later
    # one sorts as newer; numbering past every existing one keeps that true after pruning.
    same_second = [
        int(m["n"] or 0) for m in map(_NAME.match, os.listdir(folder)) if m and m["stamp"] == stamp
    ]
    n = max(same_second) + 1 if same_second else 0
    final = folder / (
        f"{stem}-{stamp}-{n}-{reason}.backup" if n else f"{stem}-{stamp}-{reason}.backup"
    )
    temporary = folder / f".{final.name}.tmp"
    temporary.unlink(missing_ok=True)
    try:
        new_private_file(temporary)  # VACUUM INTO accepts an empty file, and keeps its mode
        conn.execute("VACUUM INTO ?", [str(temporary)])
        fsync_file(temporary)
        os.replace(temporary, final)
        fsync_dir(folder)
    except BaseException:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return final


def opens_with(path: Path, key: bytes) -> bool:
    """Whether this key decrypts the backup's first page (cheaper than `check_backup`)."""
    try:
        conn = cipher.connect(path, key, read_only=True)
    except cipher.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except cipher.Error:
        return False
    finally:
        conn.close()


def rekey(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a backup under a new key: on a copy, renamed over it, so a crash leaves the old
    one or the new one, never half of each."""
    temporary = path.with_name(f".{path.name}.rekey.tmp")
    try:
        copy_private(path, temporary)
        conn = cipher.connect(temporary, old_key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cipher.rekey(conn, new_key)
        finally:
            conn.close()
        fsync_file(temporary)
        os.replace(temporary, path)
        fsync_dir(path.parent)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)


def count_cases(path: Path, key: bytes) -> int | None:
    """How many cases the backup holds, or None if it does not open whole with this key."""
    if not check_backup(path, key):
        return None
    conn = cipher.connect(path, key, read_only=True)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except cipher.Error:
        return None
    finally:
        conn.close()


def check_backup(path: Path, key: bytes) -> bool:
    """Whether this backup opens with the key and passes SQLite's quick check."""
    try:
        conn = cipher.connect(path, key, read_only=True)
    except cipher.Error:
        return False
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        return rows == [("ok",)]
    except cipher.Error:
        return False
    finally:
        conn.close()


def restore(case_path: Path, backup: Path, at: datetime, kept_as: str = "damaged") -> Path:
    """Put a backup in the case file's place; the old file is kept beside it, renamed.

    Returns where the old file now is. The caller holds the case file's lock.
    """
    stamp = at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    kept = case_path.with_name(f"{case_path.name}.{kept_as}-{stamp}")
    n = 1
    while kept.exists():  # never replace a file kept by an earlier restore in the same second
        n += 1
        kept = case_path.with_name(f"{case_path.name}.{kept_as}-{stamp}-{n}")
    temporary = case_path.with_name(f".{case_path.name}.restoring.tmp")
    copy_private(backup, temporary)
    for suffix in ("", "-wal", "-shm"):
        source = case_path.with_name(case_path.name + suffix)
        if source.exists():
            os.replace(source, kept.with_name(kept.name + suffix))
    os.replace(temporary, case_path)
    fsync_dir(case_path.parent)
    return kept
