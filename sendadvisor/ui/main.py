"""Start the desktop app: fonts and locale, unlock the case file, then the main window.

This is the only module of the app that reads the clock; everything below is given `today`.
The unlock dialog is shown before the case file, rules and main window code are imported; they
load while the adviser types the passphrase. Set SENDADVISOR_STARTUP_PROBE=1 to print `painted`
(first window), `unlocked` and `list` (case list painted) as they happen, then quit: used by
bench/bench_app.py to time the real start-up.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from sendadvisor.i18n import N_, _
from sendadvisor.ui import theme
from sendadvisor.ui.session import Session, open_case_file
from sendadvisor.ui.unlock_dialog import UnlockDialog


def today() -> date:
    """The clock, read here and passed down as a function so a long session stays right after midnight."""
    return date.today()


class _AfterFirstPaint(QObject):
    """Calls `then()` once the watched widget has finished its first paint."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint has finished, not before it starts
        return False


def _probing() -> bool:
    return os.environ.get("SENDADVISOR_STARTUP_PROBE") == "1"


def _report(
    what: str, *, close: QWidget | None = None, quit_app: bool = False
) -> Callable[[], None]:
    def report() -> None:
        print(what, flush=True)
        if close is not None:  # a dialog runs its own event loop, which quit() does not end
            close.close()
        if quit_app:
            QApplication.quit()

    return report


def _load_the_rest() -> None:
    """Import what comes after unlocking (case file, rules, main window), while the adviser types."""
    import sendadvisor.rules  # noqa: F401
    import sendadvisor.settings  # noqa: F401
    import sendadvisor.storage  # noqa: F401
    import sendadvisor.ui.main_window  # noqa: F401


# The activity log names the adviser (Tools > Settings), never the computer's login name.
UNNAMED_ADVISER = N_("Adviser (name not set in Settings)")


def unlock(path: Path, audit_user: Callable[[], str], reason: str = ""):
    """The opened CaseFile, from SENDADVISOR_PASSPHRASE or the unlock dialog; None if the adviser quits.

    `audit_user` (the name for the audit log) is asked for only when the file is opened, so
    reading the settings does not delay the first window.
    """
    from sendadvisor.app import environment_secret

    passphrase = environment_secret("SENDADVISOR_PASSPHRASE")  # and out of the environment for good
    if passphrase:
        from sendadvisor.storage import CaseFileError

        try:
            return open_case_file(path, passphrase, create=not path.exists(), user=audit_user())
        except CaseFileError as error:
            reason = error.message

    def opener(at: Path, typed: str, *, create: bool, user: str):  # noqa: ARG001 (replaced below)
        return open_case_file(at, typed, create=create, user=audit_user())

    dialog = UnlockDialog(path, reason=reason, opener=opener)
    _AfterFirstPaint(dialog, _report("painted", close=dialog) if _probing() else _load_the_rest)
    return dialog.case_file if dialog.exec() == QDialog.DialogCode.Accepted else None


def run_app(data: str | None) -> int:
    """Open the app on `data` (or the default case file); returns when the main window closes."""
    from sendadvisor import app as composition
    from sendadvisor.fsio import sweep_stale_temp_folders

    sweep_stale_temp_folders()  # letters a crashed session left for the preview or the viewer
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)  # instance() is typed as the base QCoreApplication
    qt_app.setApplicationName("sendadvisor")
    qt_app.setApplicationDisplayName("sendadvisor")
    theme.apply(qt_app)
    settings_path = composition.default_settings_file()
    path = Path(data).expanduser() if data else composition.default_case_file()
    path.parent.mkdir(parents=True, exist_ok=True)

    def adviser() -> str:
        from sendadvisor.settings import load_settings

        return load_settings(settings_path).adviser_name or _(UNNAMED_ADVISER)

    case_file = unlock(path, adviser)
    if case_file is None:
        return 0
    from sendadvisor.settings import load_settings

    settings = load_settings(settings_path)
    if _probing():
        print("unlocked", flush=True)
    # The rules need the adviser's holiday list and cache; done here, after the first window.
    composition.configure_core()
    session = Session(path, case_file, user=settings.adviser_name or _(UNNAMED_ADVISER))
    try:
        from sendadvisor.ui.main_window import MainWindow

        window = MainWindow(session, settings, settings_path, today)
        show_holiday_list(window)
        if _probing():
            _AfterFirstPaint(window, _report("painted"))
            # "list" once the rows (fetched on a worker thread) have arrived and been painted.
            window.list_page.rows_shown.connect(
                lambda: _AfterFirstPaint(
                    window.list_page.table.viewport(), _report("list", quit_app=True)
                )
            )
        window.show()
        window.refresh_list()
        status = qt_app.exec()
        if _probing():
            _print_peak_memory()
        return status
    finally:
        session.close()


def show_holiday_list(window) -> None:  # noqa: ANN001 (a QMainWindow)
    """Say in the status bar which bank-holiday list the deadlines use (shipped, or loaded)."""
    from PySide6.QtWidgets import QLabel

    from sendadvisor.rules.holidays import default_bank_holidays, describe

    label = QLabel(describe(default_bank_holidays()))
    label.setObjectName("holiday_list")
    label.setAccessibleName(_("Which bank holiday list is in use"))
    window.statusBar().addPermanentWidget(label)


def _print_peak_memory() -> None:
    try:
        import resource
    except ImportError:  # not on Windows
        return
    # ru_maxrss is in kilobytes on Linux.
    print(f"maxrss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
