"""The service register in the app: "Sync now", an automatic sync every few minutes once a
register is chosen, and a quiet status in the status bar. Offline work never waits for it.

Every sync runs on a worker thread through `sendadvisor.register.sync` (the core); the case file
guards its own connection, so the adviser keeps working meanwhile. A register that cannot be
reached is only mentioned in the status bar; the next attempt comes by itself. The password, if
the register asks for one, is asked once and kept in memory for this session only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMainWindow, QMenu

from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.storage import CaseFile

# A marker (never None through a queued signal: see ui/list_loader.py on PySide6 6.12).
_NO_REGISTER = "no register"  # not for people
AUTOMATIC_MINUTES = 5  # how often the app syncs by itself once a register is chosen
FIRST_TRY_SECONDS = 5  # after the window shows: the case list comes first


class SyncStatus(QObject):
    """Owns the "Sync now" action, the status label and the timer of one main window."""

    finished = Signal(object)  # the SyncReport of a sync that ran to the end
    _done = Signal(object, bool)  # worker -> GUI thread: a SyncReport or an exception; asked
    _syncing = Signal()  # worker -> GUI thread: a register is chosen and the sync begins

    def __init__(
        self,
        window: QMainWindow,
        case_file: Callable[[], CaseFile | None],
        refresh: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("sync_status")
        self.window = window
        self._case_file = case_file  # looked up per sync: after an idle lock it is a new object
        self._refresh = refresh
        self._password: str | None = None  # this session only, never written anywhere
        self._running = False
        self.conflicts_dialog: QObject | None = None

        self.label = QLabel(_("Register: not set up"), window)
        self.label.setObjectName("sync_status_label")
        self.label.setAccessibleName(_("Service register"))
        # While conflicts wait the label is a link to them (Tab reaches it, Enter follows it).
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.label.linkActivated.connect(lambda _link: self.open_conflicts())
        window.statusBar().addPermanentWidget(self.label)

        self.action = QAction(_("S&ync with the register now"), window)
        self.action.setObjectName("sync_now")
        self.action.setShortcut("Ctrl+Shift+Y")
        self.action.triggered.connect(lambda _checked=False: self.sync_now(asked=True))
        window.addAction(self.action)
        # The conflicts waiting, whenever the adviser wants them (the dialog opens by itself
        # only after Sync now, or when a sync found new ones).
        self.conflicts_action = QAction(_("Choose which details to keep"), window)
        self.conflicts_action.setObjectName("sync_conflicts_action")
        self.conflicts_action.setEnabled(False)
        self.conflicts_action.triggered.connect(lambda _checked=False: self.open_conflicts())
        window.addAction(self.conflicts_action)
        menu = _menu_holding(window, "settings")
        if menu is not None:
            menu.addAction(self.action)
            menu.addAction(self.conflicts_action)

        self._done.connect(self._finished)
        self._syncing.connect(lambda: self._show(_("Register: syncing…")))
        self.timer = QTimer(self)
        self.timer.setObjectName("sync_timer")
        self.timer.timeout.connect(lambda: self.sync_now(asked=False))
        self.timer.start(AUTOMATIC_MINUTES * 60 * 1000)
        # With `self` as context: no call once this object is gone (a window closed meanwhile).
        QTimer.singleShot(FIRST_TRY_SECONDS * 1000, self, lambda: self.sync_now(asked=False))

    @property
    def running(self) -> bool:
        return self._running

    def _show(self, text: str, detail: str = "", *, link: bool = False) -> None:
        shown = escape(text)
        self.label.setText(f'<a href="conflicts">{shown}</a>' if link else shown)
        self.label.setToolTip(detail)
        self.label.setAccessibleDescription(detail or text)

    def sync_now(self, *, asked: bool = True, server: str | None = None) -> bool:
        """Start a sync in the background (asked: the adviser chose it, so questions may be
        asked); returns whether one started."""
        case_file = self._case_file()
        if self._running or case_file is None:
            return False
        self._running = True
        if server is not None:
            self._show(_("Register: syncing…"))
        # The register's library is imported on the worker thread too: the window never waits.
        threading.Thread(
            target=self._work,
            args=(case_file, server, self._password, asked),
            name="sendadvisor-sync",
            daemon=True,
        ).start()
        return True

    def ask_server(self) -> str | None:
        """Ask for the register's address (a DSN, never a password) and remember it."""
        from sendadvisor.register import sync
        from sendadvisor.register.errors import RegisterError

        text, ok = QInputDialog.getText(
            self.window,
            _("Service register"),
            _(
                "The register's address, as whoever runs it gave it to you "
                "(for example: host=register.example.org dbname=register user=your_name):"
            ),
        )
        case_file = self._case_file()
        if not ok or not text.strip() or case_file is None:
            return None
        try:
            sync.remember_server(case_file, text.strip())
        except RegisterError as error:
            self._show(_("Register: not set up"), error.message)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.window, _("Service register"), error.message)
            return None
        return text.strip()

    def _work(
        self, case_file: CaseFile, server: str | None, password: str | None, asked: bool
    ) -> None:
        """Runs on the worker thread; the result goes back to the GUI thread."""
        result: Any
        try:
            from sendadvisor.register import sync

            server = server or sync.remembered_server(case_file)
            if server is None:
                result = _NO_REGISTER
            else:
                self._syncing.emit()
                result = sync.sync(case_file, server, password=password)
                if result.moved:
                    from sendadvisor.casework import refresh_stale_deadlines

                    refresh_stale_deadlines(case_file)  # dates of cases from the register
        except Exception as error:  # noqa: BLE001 - every failure is shown, none is raised here
            result = error
        try:
            self._done.emit(result, asked)
        except RuntimeError:
            pass  # the window closed while the sync ran: nobody is left to tell

    def _finished(self, result: object, asked: bool) -> None:
        from sendadvisor.register.errors import NeedsPassword, RegisterError
        from sendadvisor.storage import CaseFileError

        self._running = False
        if result is _NO_REGISTER:
            if asked:  # the adviser asked: which register?
                chosen = self.ask_server()
                if chosen is not None:
                    self.sync_now(asked=True, server=chosen)
            return  # otherwise the app is simply offline, quietly
        if isinstance(result, NeedsPassword):
            self._password = None
            if asked and self.ask_password():
                self.sync_now(asked=True)
                return
            self._show(_("Register: needs your password (Sync now)"), result.message)
            return
        if isinstance(result, RegisterError):
            self._show(_("Register: offline, working on this computer"), result.message)
            return
        if isinstance(result, CaseFileError):
            self._show(_("Register: sync stopped"), result.message)  # locked meanwhile: harmless
            return
        if isinstance(result, Exception):
            self._show(_("Register: sync failed"), f"{type(result).__name__}: {result}")
            return
        from sendadvisor.register.sync import SyncReport

        assert isinstance(result, SyncReport)
        when = datetime.now().strftime("%H:%M")
        self.conflicts_action.setEnabled(bool(result.conflicts))
        if result.conflicts:
            self._show(
                _("Register: synced at {when}; {count} to choose").format(
                    when=when, count=len(result.conflicts)
                ),
                _("Some details were changed differently here and on another computer."),
                link=True,
            )
            # Not every five minutes for the same old conflicts: only when the adviser asked,
            # or when this sync found new ones. Otherwise the label and the menu lead to them.
            if asked or result.new_conflicts:
                self.show_conflicts(result.conflicts)
        else:
            self._show(_("Register: synced at {when}").format(when=when))
        if result.moved and self._refresh is not None:
            self._refresh()
        self.finished.emit(result)

    def ask_password(self) -> bool:
        text, ok = QInputDialog.getText(
            self.window,
            _("Service register"),
            _("Your password for the service register (kept only until the app closes):"),
            QLineEdit.EchoMode.Password,
        )
        if ok and text:
            self._password = text
            return True
        return False

    def open_conflicts(self) -> QObject | None:
        """The conflicts dialog with every conflict waiting now (from the label or the menu)."""
        from sendadvisor.register import sync

        case_file = self._case_file()
        if case_file is None:
            return None
        waiting = sync.conflicts(case_file)
        self.conflicts_action.setEnabled(bool(waiting))
        if not waiting:
            return None
        return self.show_conflicts(waiting)

    def show_conflicts(self, conflicts: list[Any]) -> QObject:
        """The dialog in which the adviser chooses each conflicting value (one at a time)."""
        from sendadvisor.ui.sync_conflicts import ConflictsDialog

        if self.conflicts_dialog is not None:
            self.conflicts_dialog.deleteLater()
        dialog = ConflictsDialog(conflicts, self._case_file, self.window)
        dialog.settled.connect(lambda: self.sync_now(asked=False))
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog


def _menu_holding(window: QMainWindow, action_name: str) -> QMenu | None:
    """The menu-bar menu that holds the action called `action_name` (the Tools menu)."""
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu) and any(a.objectName() == action_name for a in menu.actions()):
            return menu
    return None
