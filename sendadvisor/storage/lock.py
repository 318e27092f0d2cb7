"""The one-window lock: a case file is written by one sendadvisor at a time, never silently by two.

The lock is an operating-system lock on a small empty file beside the case file
(`cases.sendadvisor.lock`), present only while the case file is open. The kernel drops the lock
when the process ends, even on a crash or a flat battery, so a stale lock file never keeps an
adviser out. A separate file (not the case file) is locked because closing any other handle on
the case file would silently drop SQLite's own locks on it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class AlreadyLocked(Exception):
    """Another process (or another CaseFile in this one) holds the lock."""


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


class FileLock:
    """An exclusive, non-blocking lock held from `acquire()` until `release()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyLocked; an OSError means the folder cannot be written."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                raise AlreadyLocked(str(self.path)) from None
            # The holder before us may have removed the file between our open and our lock: then
            # we locked a file nobody else can see. Lock the file that is at the path now.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            _unlock(fd)
            os.close(fd)

    def release(self) -> None:
        """Remove the lock file (where the system allows it) and drop the lock."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if REMOVABLE_WHILE_OPEN:
                    # Removed while still locked, so nobody can lock it in between; anyone who
                    # opened it just before finds it gone and makes a new one (see acquire).
                    self.path.unlink(missing_ok=True)
            except OSError:
                pass
            finally:
                _unlock(fd)
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


# Windows cannot delete a file that is open, so there the lock file stays (empty) between uses.
REMOVABLE_WHILE_OPEN = sys.platform != "win32"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        # flock belongs to this open file description, so a second CaseFile in the same process
        # is refused as well (fcntl/POSIX locks would let one process lock twice).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
