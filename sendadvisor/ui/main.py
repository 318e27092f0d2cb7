"""Start the desktop app: fonts and locale, unlock the case file, then the main window.

This is the only module of the app that reads the clock; everything below is given `today`.
Set SENDADVISOR_STARTUP_PROBE=1 to print when the first window is painted and when the case
list is ready, then quit (used by bench/bench_app.py to time the real start-up).
"""

from __future__ import annotations

import getpass
import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from sendadvisor.settings import load_settings
from sendadvisor.ui import theme
from sendadvisor.ui.session import Session, open_case_file
from sendadvisor.ui.unlock_dialog import UnlockDialog


def today() -> date:
    """The clock, read here and passed down as a function so a long session stays right after midnight."""
    return date.today()


class _PaintProbe(QObject):
    """Prints `<what>` on stdout once the watched window has been painted (start-up timing)."""

    def __init__(self, widget: QWidget, what: str, then_quit: bool = False) -> None:
        super().__init__(widget)
        self.what = what
        self.then_quit = then_quit
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Report after this paint has finished, not before it starts.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(self.what, flush=True)
        if self.then_quit:
            QApplication.quit()


def _probing() -> bool:
    return os.environ.get("SENDADVISOR_STARTUP_PROBE") == "1"


def unlock(path: Path, user: str, reason: str = ""):
    """The opened CaseFile, from SENDADVISOR_PASSPHRASE or the unlock dialog; None if the adviser quits."""
    from sendadvisor.storage import CaseFileError

    passphrase = os.environ.get("SENDADVISOR_PASSPHRASE")
    if passphrase:
        try:
            return open_case_file(path, passphrase, create=not path.exists(), user=user)
        except CaseFileError as error:
            reason = error.message
    dialog = UnlockDialog(path, user=user, reason=reason)
    if _probing():
        _PaintProbe(dialog, "painted", then_quit=True)
    return dialog.case_file if dialog.exec() == QDialog.DialogCode.Accepted else None


def run_app(data: str | None) -> int:
    """Open the app on `data` (or the default case file); returns when the main window closes."""
    from sendadvisor import app as composition
    from sendadvisor.ui.main_window import MainWindow

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("sendadvisor")
    qt_app.setApplicationDisplayName("sendadvisor")
    theme.apply(qt_app)
    settings_path = composition.default_settings_file()
    settings = load_settings(settings_path)
    path = Path(data).expanduser() if data else composition.default_case_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    user = settings.adviser_name or getpass.getuser()

    case_file = unlock(path, user)
    if case_file is None:
        return 0
    if _probing():
        print("unlocked", flush=True)
    session = Session(path, case_file, user=user)
    try:
        window = MainWindow(session, settings, settings_path, today)
        if _probing():
            _PaintProbe(window, "painted")
            _PaintProbe(window.list_page.table.viewport(), "list", then_quit=True)
        window.show()
        window.refresh_list()
        status = qt_app.exec()
        if _probing():
            _print_peak_memory()
        return status
    finally:
        session.close()


def _print_peak_memory() -> None:
    try:
        import resource
    except ImportError:  # not on Windows
        return
    # ru_maxrss is in kilobytes on Linux.
    print(f"maxrss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
