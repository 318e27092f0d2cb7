"""The one-window lock: a case file is written by one sendadvisor at a time, never silently by two.

The lock is an operating-system lock on a small empty file beside the case file
(`cases.sendadvisor.lock`). The kernel drops it when the process ends, even on a crash or a
flat battery, so a stale lock never keeps an adviser out. The file itself is never deleted:
deleting a lock file while another process is about to lock it lets two processes "hold" it.
A separate file (not the case file) is locked because closing any other handle on the case file
would silently drop SQLite's own locks on it.
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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise AlreadyLocked(str(self.path)) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


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
