"""The open case file, which can be locked (closed, key forgotten) and unlocked again while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # storage is imported when a file is opened, not when the window is first drawn
    from sendadvisor.storage import CaseFile


class Session:
    """Holds the one CaseFile the windows use; every page asks here rather than keeping its own."""

    def __init__(self, path: Path, case_file: "CaseFile", user: str = "adviser") -> None:
        self.path = Path(path)
        self.user = user
        self._case_file: "CaseFile | None" = case_file

    @property
    def locked(self) -> bool:
        return self._case_file is None

    @property
    def case_file(self) -> "CaseFile":
        if self._case_file is None:
            raise RuntimeError("the case file is locked")
        return self._case_file

    def lock(self) -> None:
        """Write pending autosaves, then close the file so its key leaves memory."""
        if self._case_file is None:
            return
        case_file, self._case_file = self._case_file, None
        try:
            case_file.flush()
        finally:
            case_file.close()

    def unlock(self, case_file: "CaseFile") -> None:
        self._case_file = case_file

    def close(self) -> None:
        self.lock()


def open_case_file(path: Path, passphrase: str, *, create: bool, user: str = "adviser") -> "CaseFile":
    """Open (or create) the encrypted case file; raises the storage's CaseFileError."""
    from sendadvisor.storage import CaseFile

    return CaseFile.open(Path(path), passphrase, create=create, user=user)
