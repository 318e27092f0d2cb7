"""The one-window lock: a case file is written by one sendadvisor at a time, never silently by two.

Two operating-system locks are held while a case file is open, each on a small empty file:

* `cases.sendadvisor.lock` beside the case file, named after its path (it also guards creating a
  file that does not exist yet);
* a lock named after the file's identity, its device and inode number, in a per-user folder of
  the system's temporary folder. The same file reached by another path (a bind mount, a hard link
  made while it was open) has the same identity, so it is refused however it is named.

The kernel drops both locks when the process ends, even on a crash or a flat battery, so a stale
lock file never keeps an adviser out. Separate files (not the case file) are locked because
closing any other handle on the case file would silently drop SQLite's own locks on it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from sendadvisor.i18n import _


class AlreadyLocked(Exception):
    """Another process (or another CaseFile in this one) holds the lock."""


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


def identity_lock_path(case_path: Path) -> Path:
    """The lock file for this case file's identity (device and inode), whatever path reaches it.

    Raises OSError if the file is missing, or PermissionError if the per-user lock folder is not
    this user's own (someone else made it first).
    """
    info = os.stat(case_path)
    owner = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"sendadvisor-locks-{owner}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    seen = os.lstat(folder)
    if (
        not os.path.isdir(folder)
        or os.path.islink(folder)
        or (hasattr(os, "getuid") and seen.st_uid != owner)
    ):
        raise PermissionError(13, _("the lock folder belongs to someone else"), str(folder))
    return folder / f"{info.st_dev:x}-{info.st_ino:x}.lock"


class FileLock:
    """An exclusive, non-blocking lock held from `acquire()` until `release()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._found = False  # the lock file was there before (left by a crash)

    def acquire(self) -> None:
        """Take the lock or raise AlreadyLocked; an OSError means the folder cannot be written."""
        self._found = self.path.exists()
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

    def release(self, *, leave_as_found: bool = False) -> None:
        """Remove the lock file (where the system allows it) and drop the lock.

        `leave_as_found` (after a refusal) keeps a lock file that was already there, so a refused
        open leaves the folder exactly as it was.
        """
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if REMOVABLE_WHILE_OPEN and not (leave_as_found and self._found):
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
