"""The open case file, which can be locked (closed, key forgotten) and unlocked again while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox

from sendadvisor.i18n import _

if TYPE_CHECKING:  # storage is imported when a file is opened, not when the window is first drawn
    from sendadvisor.storage import CaseFile, CaseFileError


class Problems(QObject):
    """The one channel through which background work (a backup that could not be written) reaches
    the adviser: reported from any thread, shown on the GUI thread."""

    reported = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.window: QMainWindow | None = None
        self.told = False  # the message box is shown once a session; the status bar every time
        self.pending: str | None = None
        self.reported.connect(self._show)

    def report(self, error: CaseFileError) -> None:
        self.reported.emit(error.message)  # queued to the GUI thread when sent from another

    def show_in(self, window: QMainWindow) -> None:
        """Show problems in this window's status bar, and once a session in a message (a problem
        reported before there was a window is shown as soon as the window is shown)."""
        self.window = window
        if self.pending is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: self._show(self.pending) if self.pending else None)

    @Slot(str)
    def _show(self, message: str) -> None:
        if self.window is None:
            self.pending = message
            return
        self.pending = None
        self.window.statusBar().showMessage(message)
        if not self.told:
            self.told = True
            QMessageBox.warning(self.window, _("The backup was not made"), message)


class Session:
    """Holds the one CaseFile the windows use; every page asks here rather than keeping its own."""

    def __init__(self, path: Path, case_file: CaseFile, user: str = "adviser") -> None:
        self.path = Path(path)
        self.user = user
        self._case_file: CaseFile | None = case_file
        self.problems = Problems()
        case_file.on_problem(self.problems.report)

    @property
    def locked(self) -> bool:
        return self._case_file is None

    @property
    def case_file(self) -> CaseFile:
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
            case_file.close()  # a failed close-time backup is reported through `problems`

    def unlock(self, case_file: CaseFile) -> None:
        self._case_file = case_file
        case_file.on_problem(self.problems.report)

    def close(self) -> None:
        self.lock()


def open_case_file(path: Path, passphrase: str, *, create: bool, user: str = "adviser") -> CaseFile:
    """Open (or create) the encrypted case file; raises the storage's CaseFileError."""
    from sendadvisor.storage import CaseFile

    return CaseFile.open(Path(path), passphrase, create=create, user=user)
