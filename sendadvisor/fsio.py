"""Writing files safely: the one helper through which sendadvisor writes every file it hands out.

`write_atomically` writes a temporary file in the target's own folder, flushes it to the disk and
renames it over the target, so a full disk or a crash leaves either the old file or the new one,
never half a letter; the file is made readable by its owner only (0600 on POSIX), because letters
and exports hold a family's personal details. Temporary names carry no personal data.

Letters made only to be previewed or opened in a viewer live in a private temporary folder named
after this process (`private_temp_folder`); it is removed when the letter is done with, at exit,
and, after a crash, by `sweep_stale_temp_folders` at the next start.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable

TEMP_PREFIX = ".sendadvisor-"
TEMP_SUFFIX = ".tmp"
PRIVATE_FOLDER_PREFIX = "sendadvisor-letter-"
FILE_MODE = 0o600


def _folder_of(path: str) -> str:
    return os.path.dirname(path) or "."


def check_output_path(
    path: str | os.PathLike[str],
    *,
    field: str = "-o",
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Refuse, before any work, an output that is not a plain file we may replace: a folder, a
    FIFO, a device, one of the input files, or a place in a folder that is missing or read-only."""
    path = os.fspath(path)
    if not path:
        raise InputError(field, _("give a file name such as letter.pdf"))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise InputError(
            field,
            _("cannot use {path} ({reason})").format(path=path, reason=error.strerror or error),
        ) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(
                field,
                _("{path} is a folder; give a file name such as letter.pdf").format(path=path),
            )
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                field,
                _(
                    "{path} is not an ordinary file (a pipe or a device); give a file name "
                    "such as letter.pdf, or - for standard output"
                ).format(path=path),
            )
        for source in inputs:
            source = os.fspath(source)
            if source == "-":
                continue
            try:
                if os.path.samestat(info, os.stat(source)):
                    raise InputError(
                        field,
                        _("{path} is the input file; give a different name for the output").format(
                            path=path
                        ),
                    )
            except OSError:
                continue
    folder = _folder_of(path)
    if not os.path.isdir(folder):
        raise InputError(field, _("the folder {folder} does not exist").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            field,
            _("cannot write in the folder {folder} (permission denied)").format(folder=folder),
        )


def write_atomically(
    path: str | os.PathLike[str], data: bytes | str, *, mode: int = FILE_MODE
) -> None:
    """Write `data` to `path` all at once: temporary file in the same folder, fsync, rename.

    Text is written as UTF-8. An existing target that is not an ordinary file (a folder, a pipe, a
    device) is refused with IsADirectoryError or FileExistsError rather than replaced; an existing
    symbolic link is replaced by the file, its target left alone. On any failure the temporary file
    is removed and the target is as it was.
    """
    import tempfile

    path = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, _("Is a folder"), path)
        raise FileExistsError(17, _("Not an ordinary file"), path)
    folder = _folder_of(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); a folder cannot be opened for syncing on Windows."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftover_temporaries(
    folder: str | os.PathLike[str], *, older_than_seconds: float = 3600
) -> None:
    """Remove this helper's temporary files left in `folder` by a crash (only old ones, so a
    write in progress in another process is never disturbed)."""
    import time

    folder = os.fspath(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    limit = time.time() - older_than_seconds
    for name in names:
        if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
            full = os.path.join(folder, name)
            try:
                if os.lstat(full).st_mtime < limit:
                    os.unlink(full)
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------
# Private temporary folders for letters that are only previewed or opened in a viewer.


def private_temp_folder() -> str:
    """A new folder (0700) in the system's temporary folder, named after this process only."""
    import tempfile

    return tempfile.mkdtemp(prefix=f"{PRIVATE_FOLDER_PREFIX}{os.getpid()}-")


def remove_folder(folder: str | os.PathLike[str]) -> None:
    """Delete a private temporary folder and everything in it; a missing folder is fine."""
    import shutil

    shutil.rmtree(os.fspath(folder), ignore_errors=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no cheap check: such folders are left to their age (see below)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def sweep_stale_temp_folders(
    *, older_than_seconds: float = 86400, temp_dir: str | None = None
) -> list[str]:
    """Remove private letter folders left by a sendadvisor that crashed: those whose process has
    gone, or (where that cannot be told) that are older than a day. Returns what was removed."""
    import tempfile
    import time

    base = temp_dir or tempfile.gettempdir()
    try:
        names = os.listdir(base)
    except OSError:
        return []
    removed = []
    for name in names:
        if not name.startswith(PRIVATE_FOLDER_PREFIX):
            continue
        full = os.path.join(base, name)
        pid_text = name[len(PRIVATE_FOLDER_PREFIX) :].split("-", 1)[0]
        try:
            info = os.lstat(full)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            continue
        if pid_text == str(os.getpid()):
            continue
        # A name without a process number was made by an older sendadvisor, which never cleaned up.
        stale = not (pid_text.isascii() and pid_text.isdigit()) or not _process_alive(int(pid_text))
        if stale or info.st_mtime < time.time() - older_than_seconds:
            remove_folder(full)
            removed.append(full)
    return removed
