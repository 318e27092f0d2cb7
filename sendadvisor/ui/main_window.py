"""The main window: the case list and the open case, with the actions an adviser needs (new, open, close, letter)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from sendadvisor.i18n import _, ngettext
from sendadvisor.settings import Settings, save_settings
from sendadvisor.ui import services
from sendadvisor.ui.case_list import CaseListPage
from sendadvisor.ui.case_view import CaseView
from sendadvisor.ui.case_wizard import CaseWizard
from sendadvisor.ui.idle_lock import IdleWatcher
from sendadvisor.ui.letter_dialog import LetterDialog
from sendadvisor.ui.list_loader import ListLoader
from sendadvisor.ui.session import Session
from sendadvisor.ui.settings_dialog import SettingsDialog
from sendadvisor.ui.theme import fit_to_screen
from sendadvisor.ui.unlock_dialog import UnlockDialog
from sendadvisor.wizard import flow


def lock_reason(by_adviser: bool, settings: Settings) -> str:
    """Why the unlock dialog is showing, in words that match what happened."""
    if by_adviser:
        who = settings.adviser_name or _("the adviser")
        return _("The case file was locked by {who} to keep families' details private.").format(
            who=who
        )
    minutes = settings.idle_lock_minutes
    return ngettext(
        "The case file was locked to keep families' details private, after {minutes} "
        "minute without use.",
        "The case file was locked to keep families' details private, after {minutes} "
        "minutes without use.",
        minutes,
    ).format(minutes=minutes)


def documents_folder() -> str:
    """Where file dialogs open the first time: the adviser's Documents folder."""
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())


class MainWindow(QMainWindow):
    """Holds the session, settings and clock and passes them to the pages; pages only show things."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        settings_path: Path | None,
        clock: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.session = session
        self.settings = settings
        self.settings_path = settings_path
        self.clock = clock
        self.wizard: CaseWizard | None = None
        self.last_folder = documents_folder()  # file dialogs open here and remember the last one
        self._locked_windows: list[QWidget] = []
        self._first_run_offered = False
        self.setWindowTitle(_("sendadvisor: {name}").format(name=session.path.name))

        self.list_page = CaseListPage(clock(), self)
        self.case_view = CaseView(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.case_view)
        self.setCentralWidget(self.stack)

        # A new search only asks for rows: drafts and activity would wait on the case file's lock
        # while an earlier query still runs, and the typing would stall.
        self.list_page.search_changed.connect(self.request_rows)
        self.list_loader = ListLoader(lambda: self.session.case_file, self)
        self.list_loader.loaded.connect(self._rows_loaded)
        self.list_loader.failed.connect(self._list_failed)
        self.list_page.open_case.connect(self.show_case)
        self.list_page.resume_draft.connect(self.resume_draft)
        self.list_page.discard_draft.connect(self.discard_draft)
        self.case_view.back.connect(self.show_list)
        self.case_view.edit.connect(self.edit_case)
        self.case_view.letter.connect(self.open_letter)
        self.case_view.close_case.connect(self.close_open_case)
        self.case_view.reopen_case.connect(self.reopen_open_case)
        self.case_view.delete_case.connect(self.delete_open_case)
        self.case_view.export.connect(self.export_case)
        self.case_view.note_added.connect(self.add_note)

        self._build_actions()
        self.idle = IdleWatcher(settings.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock(by_adviser=False))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.statusBar().showMessage(_("Case file: {path}").format(path=session.path))
        session.problems.show_in(self)  # a failed backup: status bar, and a message once a session
        from sendadvisor.ui.sync_status import SyncStatus  # the service register (issue 15)

        self.sync_status = SyncStatus(
            self,
            lambda: None if self.session.locked else self.session.case_file,
            lambda: self.refresh_list() if self.stack.currentWidget() is self.list_page else None,
        )
        metrics = self.fontMetrics()
        fit_to_screen(
            self, min(metrics.horizontalAdvance("x") * 150, 1400), min(metrics.height() * 40, 900)
        )

    # --- actions --------------------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        handler: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        menu=None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        cases = self.menuBar().addMenu(_("&Cases"))
        self.new_action = self._action(
            "new_case", _("&New case…"), self.new_case, QKeySequence.StandardKey.New, cases
        )
        self._action("open_case", _("&Open the selected case"), self.open_selected, "Ctrl+O", cases)
        self._action(
            "import_case", _("&Open a saved copy of a case…"), self.import_case, "Ctrl+I", cases
        )
        self._action(
            "export_case",
            _("&Save a copy of this case (not encrypted)…"),
            self.export_case,
            "Ctrl+E",
            cases,
        )
        cases.addSeparator()
        self._action(
            "find_case", _("&Find a case"), self.focus_search, QKeySequence.StandardKey.Find, cases
        )
        self._action("show_list", _("Back to the case &list"), self.show_list, "Alt+Home", cases)
        cases.addSeparator()
        self._action(
            "lock", _("&Lock the case file"), lambda: self.lock(by_adviser=True), "Ctrl+L", cases
        )
        self._action("quit", "&Quit", self.close, QKeySequence.StandardKey.Quit, cases)
        tools = self.menuBar().addMenu(_("&Tools"))
        self._action("settings", "&Settings…", self.edit_settings, "Ctrl+,", tools)
        self._action(
            "council_contacts",
            "Council &contacts…",
            lambda: self.edit_contacts(self.settings.council),
            None,
            tools,
        )
        help_menu = self.menuBar().addMenu(_("&Help"))
        self._action("user_guide", _("&User guide"), self.show_help, "F1", help_menu)
        self._action("about", _("&About sendadvisor"), self.show_about, None, help_menu)
        toolbar = self.addToolBar("Cases")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.new_action)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _guard(self, what: str, work: Callable[[], Any]) -> Any:
        """Run a case-file call; a CaseFileError is shown as its plain message, never a traceback."""
        from sendadvisor.storage import CaseFileError

        try:
            return work()
        except CaseFileError as error:
            QMessageBox.warning(self, what, error.message)
            return None

    # --- the list -------------------------------------------------------------------------------

    def refresh_list(self) -> None:
        if self.session.locked:
            return
        case_file = self.session.case_file
        # Drafts and activity first: once the rows query is running it holds the file's lock.
        self.list_page.set_drafts(self._guard(_("Unfinished cases"), case_file.drafts) or [])
        self.list_page.set_activity(
            self._guard(_("Recent activity"), lambda: case_file.recent_activity(20)) or []
        )
        self.request_rows()

    def request_rows(self) -> None:
        """Ask for the case rows; the query runs on a worker thread and they arrive via list_loader."""
        if self.session.locked:
            return
        search = self.list_page.search.text().strip() or None
        self.list_loader.request(search, self.clock(), self.list_page.show_closed.isChecked())

    def _rows_loaded(self, rows: list, searching: bool) -> None:
        self.list_page.set_rows(
            rows, self.clock(), searching=searching, closed=self.list_loader.closed
        )

    def _list_failed(self, error: Exception) -> None:
        from sendadvisor.storage import CaseFileClosed, CaseFileError

        if isinstance(
            error, CaseFileClosed
        ):  # locked while the query ran: the list refreshes on unlock
            return
        if isinstance(error, CaseFileError):
            QMessageBox.warning(self, _("The cases could not be listed"), error.message)
            return
        raise error

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.refresh_list()
        self.list_page.table.setFocus()

    def focus_search(self) -> None:
        self.show_list()
        self.list_page.search.setFocus()
        self.list_page.search.selectAll()

    def open_selected(self) -> None:
        case_id = self.list_page.selected_case()
        if case_id:
            self.show_case(case_id)

    # --- one case ------------------------------------------------------------------------------

    def show_case(self, case_id: str) -> None:
        case_file = self.session.case_file
        case = self._guard(_("The case could not be opened"), lambda: case_file.get_case(case_id))
        if case is None:
            return
        circumstances = case.get("circumstances", case)
        assessment = services.assess(circumstances)
        self.case_view.show_case(
            case_id,
            circumstances,
            assessment,
            self.clock(),
            case_file.notes(case_id),
            case_file.letters(case_id),
            case.get("closed_on"),
        )
        self.stack.setCurrentWidget(self.case_view)
        # The case's heading, read with the advice date (never an unnamed scroll area).
        self.case_view.results.heading.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setWindowTitle(
            _("{case}: sendadvisor").format(case=self.case_view.heading.accessibleName())
        )

    def add_note(self, on: str, channel: str, text: str) -> None:
        case_id = self.case_view.case_id
        if case_id is None:
            return
        case_file = self.session.case_file
        if (
            self._guard(
                _("The note was not saved"),
                lambda: case_file.add_note(case_id, date.fromisoformat(on), channel, text),
            )
            is not None
        ):
            self.case_view.set_notes(case_file.notes(case_id))

    def close_open_case(self) -> None:
        case_id = self.case_view.case_id
        if case_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Close the case"),
            _(
                "Close this case? It stays in the file and can still be found with “Show closed cases”."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._guard(
            _("The case was not closed"),
            lambda: self.session.case_file.close_case(case_id, self.clock()),
        )
        self.show_list()

    def reopen_open_case(self) -> None:
        case_id = self.case_view.case_id
        if case_id is not None:
            self._guard(
                _("The case was not reopened"), lambda: self.session.case_file.reopen_case(case_id)
            )
            self.show_case(case_id)

    def delete_open_case(self) -> None:
        """Erase one family entirely (a request to be forgotten); the audit keeps only that it happened."""
        case_id = self.case_view.case_id
        if case_id is None:
            return
        answer = QMessageBox.warning(
            self,
            _("Delete this family's data"),
            _(
                "Delete everything about this family: answers, notes and the record of letters? "
                "This cannot be undone. Export the case first if the family asked for a copy."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._guard(
            _("The case was not deleted"), lambda: self.session.case_file.delete_case(case_id)
        )
        self.case_view.case_id = None
        self.show_list()

    # --- the wizard ------------------------------------------------------------------------------

    def new_case(self) -> CaseWizard:
        return self._open_wizard(f"new-{uuid.uuid4().hex[:12]}", None)

    def edit_case(self) -> CaseWizard | None:
        case_id = self.case_view.case_id
        if case_id is None:
            return None
        answers, count = flow.circumstances_to_answers(self.case_view.circumstances)
        return self._open_wizard(
            f"case-{case_id}",
            {"answers": answers, "concern_count": count, "page": "family", "case_id": case_id},
        )

    def resume_draft(self, key: str) -> CaseWizard | None:
        draft = self._guard(
            _("The unfinished case could not be read"),
            lambda: self.session.case_file.load_draft(key),
        )
        if draft is None:
            return None
        return self._open_wizard(key, draft)

    def discard_draft(self, key: str) -> None:
        answer = QMessageBox.question(
            self,
            _("Discard the unfinished case"),
            _("Throw away these answers? This cannot be undone."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter keeps the answers
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(
                _("The unfinished case was not discarded"),
                lambda: self.session.case_file.discard_draft(key),
            )
            self.refresh_list()

    def _open_wizard(self, key: str, draft: dict | None) -> CaseWizard:
        if self.wizard is not None:  # one wizard at a time: bring the open one forward
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        case_id = (draft or {}).get("case_id")
        wizard = CaseWizard(
            today=self.clock(),
            councils=services.councils(),
            default_council=self.settings.council,
            # Look the case file up at each call: after an idle lock it is a new object.
            autosave=lambda data: self._autosave(key, data),
            save_draft=lambda data: self._guard(
                _("The answers could not be kept"),
                lambda: self.session.case_file.save_draft(key, data),
            ),
            finish=lambda circumstances: self._save_case(key, circumstances, case_id),
            draft=draft,
            case_id=case_id,
            parent=self,
        )
        wizard.draft_key = key
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.case_saved.connect(self.show_case)
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _autosave(self, key: str, data: dict) -> None:
        if not self.session.locked:
            self._guard(
                _("Autosave failed"), lambda: self.session.case_file.autosave_draft(key, data)
            )

    def _wizard_closed(self, result: int = 0) -> None:
        if result != QDialog.DialogCode.Accepted.value and self.wizard is not None:
            # Escape, Leave or the close box: say so, so nobody wonders where the answers went.
            self.statusBar().showMessage(
                _(
                    "Your answers were kept. Carry on from “Unfinished cases” at the top of the list."
                ),
                15000,
            )
        if self.wizard is not None:
            # Detach at once so nothing (a test's findChild, a late signal) reaches the old wizard.
            self.wizard.setParent(None)
            self.wizard.deleteLater()
        self.wizard = None
        if self.stack.currentWidget() is self.list_page:
            self.refresh_list()

    def _save_case(self, key: str, circumstances: dict, case_id: str | None) -> str:
        """Save validated circumstances with their deadlines, then drop the draft."""
        from sendadvisor import casework

        case_file = self.session.case_file
        deadlines, computed_with = casework.worked_out(circumstances)
        if case_id:
            case_file.save_case(case_id, circumstances, deadlines, computed_with)
        else:
            case_id = case_file.add_case(circumstances, deadlines, computed_with)
        if key:
            case_file.discard_draft(key)
        return case_id

    # --- import, export, letter ------------------------------------------------------------------

    def export_case(self) -> None:
        if self.stack.currentWidget() is not self.case_view or self.case_view.case_id is None:
            QMessageBox.information(self, _("Save a copy of this case"), _("Open a case first."))
            return
        answer = QMessageBox.warning(
            self,
            _("Save a copy of this case (not encrypted)"),
            _(
                "The copy is NOT encrypted: anyone who gets the file can read this family's details. "
                "Keep it only on a drive your service trusts, and delete it when it is no longer needed."
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return
        name = (self.case_view.circumstances.get("family") or {}).get("child_name") or "case"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save a copy of this case (not encrypted)"),
            str(Path(self.last_folder) / f"{name}.json"),
            _("Case copies (*.json)"),
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        try:
            from sendadvisor.fsio import (
                write_atomically,  # whole or not at all, readable by the adviser only
            )

            write_atomically(
                path, json.dumps(self.case_view.circumstances, indent=2, ensure_ascii=False) + "\n"
            )
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Save a copy of this case"),
                _("The file could not be written: {strerror}.").format(strerror=error.strerror),
            )
            return
        self.statusBar().showMessage(
            _("A copy of the case (not encrypted) was saved to {path}.").format(path=path)
        )

    def import_case(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a saved copy of a case"),
            self.last_folder,
            _("Case copies (*.json);;All files (*)"),
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.import_from(Path(path))

    def import_from(self, path: Path) -> str | CaseWizard | None:
        """A valid file becomes a new case at once; one with a problem opens in the wizard to fix."""
        from sendadvisor.domain.circumstances import read_case_json
        from sendadvisor.domain.errors import InputError

        try:
            data = read_case_json(str(path))
        except InputError as error:
            QMessageBox.warning(self, _("Open a saved copy of a case"), str(error))
            return None
        try:
            circumstances = services.validate(data)
        except InputError as error:
            answers, count = flow.circumstances_to_answers(data if isinstance(data, dict) else {})
            wizard = self._open_wizard(
                f"new-{uuid.uuid4().hex[:12]}", {"answers": answers, "concern_count": count}
            )
            QMessageBox.information(
                wizard,
                _("Open a saved copy of a case"),
                _("The file has a problem to fix: {error}").format(error=error),
            )
            return wizard
        case_id = self._guard(
            _("The case was not imported"), lambda: self._save_case("", circumstances, None)
        )  # no draft to drop
        if case_id:
            self.show_case(case_id)
        return case_id

    def open_letter(self) -> LetterDialog | None:
        case_id = self.case_view.case_id
        if case_id is None:
            return None
        circumstances = self.case_view.circumstances
        name = (circumstances.get("family") or {}).get("child_name") or "family"
        dialog = LetterDialog(
            circumstances=circumstances,
            assessment=self.case_view.assessment,
            council_slug=circumstances.get("council") or self.settings.council,
            adviser_name=self.settings.adviser_name,
            service_name=self.settings.service_name,
            issued_on=self.clock(),
            suggested_name=_("Letter for {name} {day}.pdf").format(
                name=name, day=self.clock().isoformat()
            ),
            record=lambda letter: self._record_letter(case_id, letter),
            folder=self.last_folder,
            saved=lambda sha256, path: self._letter_saved(case_id, sha256, path),
            parent=self,
        )
        dialog.finished.connect(lambda _r: setattr(self, "last_folder", dialog.folder))
        dialog.open()
        return dialog

    def _letter_saved(self, case_id: str, sha256: str, path: Path) -> None:
        """Keep where the letter (recorded when it first left the app) was saved, in the case."""
        case_file = self.session.case_file
        self._guard(
            _("Where the letter was saved was not recorded"),
            lambda: case_file.letter_saved(case_id, sha256, str(path)),
        )
        if self.case_view.case_id == case_id:
            self.case_view.set_letters(case_file.letters(case_id))

    def _record_letter(self, case_id: str, letter: services.Letter) -> None:
        case_file = self.session.case_file
        self._guard(
            _("The letter was not recorded"),
            lambda: case_file.record_letter(
                case_id,
                by=self.settings.adviser_name or self.session.user,
                rules_version=letter.rules_version,
                pdf_sha256=letter.sha256,
                large_print=letter.large_print,
            ),
        )
        if self.case_view.case_id == case_id:
            self.show_case(case_id)

    def show_about(self) -> QMessageBox:
        """Help > About: the version, the rules version, how far the bank holidays reach, licences."""
        box = QMessageBox(self)
        box.setObjectName("about_dialog")
        box.setWindowTitle(_("About sendadvisor"))
        box.setIcon(QMessageBox.Icon.Information)
        lines = services.about_lines()
        box.setText(lines[0])
        box.setInformativeText("\n".join(lines[1:]))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    def show_help(self) -> QDialog:
        """Help > User guide (F1): the offline guide in the app's own window."""
        from sendadvisor.ui.help_window import HelpWindow  # imported when first asked for

        existing = self.findChild(HelpWindow, "help_window")
        window = existing or HelpWindow(self)
        window.show()
        window.activateWindow()
        return window

    # --- settings and locking --------------------------------------------------------------------

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, services.councils(), self)
        dialog.allow_passphrase_change(
            lambda current, new: self.session.case_file.change_passphrase(new, current=current)
        )
        dialog.allow_contacts_editing(self.edit_contacts)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings: the activity log and letters name the adviser from now on."""
        self.settings = settings
        if settings.adviser_name:
            self.session.user = settings.adviser_name
            if not self.session.locked:
                self.session.case_file.user = settings.adviser_name
        self.idle.set_minutes(settings.idle_lock_minutes)
        if self.settings_path is not None:
            try:
                save_settings(self.settings_path, settings)
            except OSError as error:
                QMessageBox.warning(
                    self,
                    _("Settings"),
                    _("The settings could not be saved: {strerror}.").format(
                        strerror=error.strerror
                    ),
                )

    def councils_folder(self) -> Path | None:
        """The adviser's own council contacts: `councils/` beside the settings file (the
        composition root's per-user settings folder, as the contract says)."""
        return None if self.settings_path is None else self.settings_path.parent / "councils"

    def edit_contacts(self, slug: str | None) -> str | None:
        """The contacts editor on a council (None: a new one); the council saved, or None."""
        from sendadvisor.ui.contacts_editor import ContactsEditor  # only when asked for

        folder = self.councils_folder()
        if folder is None:
            QMessageBox.information(
                self,
                _("Council contacts"),
                _("This window has no settings folder to keep them in."),
            )
            return None
        editor = ContactsEditor(folder, self.clock(), slug=slug, parent=self)
        self.contacts_editor = editor
        if editor.exec() != QDialog.DialogCode.Accepted or editor.saved_path is None:
            return None
        services.councils.cache_clear()  # the wizard's and the settings' lists show it from now on
        self.statusBar().showMessage(
            _("The contacts were saved to {saved_path}.").format(saved_path=editor.saved_path),
            15000,
        )
        return editor.saved_path.stem

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        # Once, after unlocking: a new adviser (no name in the settings) is asked who they are
        # before the first case. Windows without a settings file (tests, recovery) are not.
        if (
            not self._first_run_offered
            and self.settings_path is not None
            and not self.settings.adviser_name
        ):
            self._first_run_offered = True
            QTimer.singleShot(0, self.first_run)

    def first_run(self) -> QDialog:
        """The first-run set-up (name, service, council, auto-lock), opened without blocking."""
        from sendadvisor.ui.first_run import FirstRunDialog  # only a new adviser needs it

        dialog = FirstRunDialog(self.settings, services.councils(), self.edit_contacts, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.settings()))
        self.first_run_dialog = dialog
        dialog.open()
        return dialog

    def lock(self, by_adviser: bool = True) -> bool:
        """Keep any answers, close the case file and hide every window until the passphrase is typed."""
        if self.session.locked:
            return False
        self.idle.pause()
        if self.wizard is not None:
            self.wizard.keep_draft()
        self.session.lock()
        app = QApplication.instance()
        self._locked_windows = (
            [w for w in app.topLevelWidgets() if w.isVisible()]
            if isinstance(app, QApplication)
            else [self]
        )
        for window in self._locked_windows:
            window.hide()
        dialog = UnlockDialog(
            self.session.path, user=self.session.user, reason=lock_reason(by_adviser, self.settings)
        )
        self.unlock_dialog = dialog
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        dialog.rejected.connect(QApplication.quit)
        dialog.open()
        return True

    def _unlocked(self, dialog: UnlockDialog) -> None:
        assert dialog.case_file is not None
        self.session.unlock(dialog.case_file)
        for window in self._locked_windows:
            window.show()
        self._locked_windows = []
        self.idle.resume()
        if self.stack.currentWidget() is self.list_page:
            self.refresh_list()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if self.wizard is not None and not self.session.locked:
            self.wizard.keep_draft()
        super().closeEvent(event)
