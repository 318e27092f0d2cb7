"""Settings: the adviser's name, the service, the usual council, the idle auto-lock time, and
changing the case file's passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sendadvisor.i18n import _
from sendadvisor.settings import Settings
from sendadvisor.ui import fields
from sendadvisor.ui import passphrase as strength_rules
from sendadvisor.ui.style import ERROR_STYLE, HELP_STYLE, MessageLabel

# Called with (current passphrase, new passphrase); raises the storage's CaseFileError.
PassphraseChanger = Callable[[str, str], None]
# Opens the contacts editor on a council's slug (None: a new council); returns the slug saved, or
# None when the adviser cancelled.
ContactsEditing = Callable[[str | None], str | None]
# The council-list item that opens the contacts editor for a council sendadvisor does not know.
NOT_LISTED = "__not_listed__"


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        councils: tuple[tuple[str, str], ...],
        parent: QWidget | None = None,
        *,
        change_passphrase: PassphraseChanger | None = None,
        edit_contacts: ContactsEditing | None = None,
    ) -> None:
        super().__init__(parent)
        self._change_passphrase = change_passphrase
        self._edit_contacts = edit_contacts
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.adviser = fields.make_line(
            "adviser_name", _("Your name, as it appears on letters"), self
        )
        self.adviser.setText(settings.adviser_name)
        self.service = fields.make_line("service_name", _("Your service's name"), self)
        self.service.setText(settings.service_name)
        self.council = fields.make_combo(
            "council", _("Usual council"), councils or (("dorset", "Dorset"),), self
        )
        fields.set_combo_data(self.council, settings.council)
        self._council_shown = self.council.currentData()
        self.council.activated.connect(self._council_chosen)
        self.contacts_button = QPushButton(_("Edit this council's &contacts…"), self)
        self.contacts_button.setObjectName("edit_contacts")
        self.contacts_button.setAccessibleName(
            _("Edit the contacts printed in letters for this council")
        )
        self.contacts_button.hide()
        self.contacts_button.clicked.connect(lambda: self.open_contacts(self.council.currentData()))
        self.idle = QSpinBox(self)
        self.idle.setObjectName("idle_lock_minutes")
        self.idle.setAccessibleName(_("Lock after this many idle minutes (0 means never)"))
        self.idle.setRange(0, 240)
        self.idle.setSuffix(_(" minutes"))
        self.idle.setSpecialValueText(_("Never"))
        self.idle.setValue(settings.idle_lock_minutes)
        fields.guard_wheel(self.idle)
        form = QFormLayout()
        for text, widget in (
            ("Your &name:", self.adviser),
            ("&Service:", self.service),
            ("Usual &council:", self.council),
            (_("&Lock when idle for:"), self.idle),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.passphrase_button = QPushButton(_("Change &passphrase…"), self)
        self.passphrase_button.setObjectName("change_passphrase")
        self.passphrase_button.setAccessibleName(_("Change the case file's passphrase"))
        self.passphrase_button.setEnabled(change_passphrase is not None)
        self.passphrase_button.clicked.connect(self.open_passphrase_dialog)
        self.intro = QLabel(self)
        self.intro.setObjectName("settings_intro")
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.contacts_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.passphrase_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 55)
        if edit_contacts is not None:
            self.allow_contacts_editing(edit_contacts)

    def allow_contacts_editing(self, edit: ContactsEditing) -> None:
        """Offer "My council is not listed" and "Edit this council's contacts", which call `edit`."""
        self._edit_contacts = edit
        if self.council.findData(NOT_LISTED) < 0:
            self.council.addItem(_("My council is not listed…"), NOT_LISTED)
        self.contacts_button.show()

    def _council_chosen(self, _index: int = 0) -> None:
        if self.council.currentData() == NOT_LISTED:
            self.open_contacts(None)
        else:
            self._council_shown = self.council.currentData()

    def open_contacts(self, slug: str | None) -> str | None:
        """The contacts editor on `slug` (None or "not listed": a new council); the council saved
        is added to the list and chosen. Cancelling goes back to the council chosen before."""
        saved = None
        if self._edit_contacts is not None:
            saved = self._edit_contacts(None if slug == NOT_LISTED else slug)
        if saved is not None:
            self.set_councils(saved)
        else:
            fields.set_combo_data(self.council, self._council_shown)
        return saved

    def set_councils(self, chosen: str) -> None:
        """Fill the council list again (after the contacts editor saved one) and choose `chosen`."""
        from sendadvisor.ui import services

        self.council.clear()
        for slug, name in services.councils():
            self.council.addItem(name, slug)
        if self._edit_contacts is not None:
            self.council.addItem(_("My council is not listed…"), NOT_LISTED)
        fields.set_combo_data(self.council, chosen)
        self._council_shown = self.council.currentData()

    def allow_passphrase_change(self, change: PassphraseChanger) -> None:
        """Enable "Change passphrase", which will call `change(current, new)`."""
        self._change_passphrase = change
        self.passphrase_button.setEnabled(True)

    def passphrase_dialog(self) -> ChangePassphraseDialog | None:
        """The dialog that changes the passphrase (not yet shown), if this window can change it."""
        if self._change_passphrase is None:
            return None
        return ChangePassphraseDialog(self._change_passphrase, self)

    def open_passphrase_dialog(self) -> None:
        dialog = self.passphrase_dialog()
        if dialog is not None:
            dialog.open()

    def settings(self) -> Settings:
        return Settings(
            adviser_name=self.adviser.text().strip(),
            service_name=self.service.text().strip(),
            council=(
                self._council_shown
                if self.council.currentData() == NOT_LISTED
                else self.council.currentData()
            )
            or "dorset",
            idle_lock_minutes=self.idle.value(),
        )


class ChangePassphraseDialog(QDialog):
    """The current passphrase, a new one typed twice (as strong as a new file's), then re-key."""

    def __init__(self, change: PassphraseChanger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._change = change
        self.setObjectName("change_passphrase_dialog")
        self.setWindowTitle(_("Change the passphrase"))
        intro = QLabel(
            _(
                "The case file and all its backups will be locked with the new passphrase. "
                "The old one will no longer open them."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.current = self._secret("current_passphrase", _("Current passphrase"))
        self.new = self._secret("new_passphrase", _("New passphrase"))
        self.repeat = self._secret("new_passphrase_repeat", _("Type the new passphrase again"))
        self.strength = QLabel(self)
        self.strength.setObjectName("passphrase_strength")
        self.strength.setWordWrap(True)
        self.message = MessageLabel("change_passphrase_message", self)
        form = QFormLayout()
        for text, widget in (
            (_("&Current passphrase:"), self.current),
            (_("&New passphrase:"), self.new),
            (_("Type it &again:"), self.repeat),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(_("&Change passphrase"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirm_change_passphrase")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.strength)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for field in (self.current, self.new, self.repeat):
            field.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def _secret(self, name: str, spoken: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setAccessibleName(spoken)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _update(self) -> None:
        result = strength_rules.strength(self.new.text())
        text = (
            f"Strength: {result.word}. {result.advice}"
            if self.new.text()
            else (
                _(
                    "Use at least {count} characters; three or four unrelated words are "
                    "easy to remember."
                ).format(count=strength_rules.MINIMUM_LENGTH)
            )
        )
        if self.repeat.text() and self.repeat.text() != self.new.text():
            text += _(" The two new passphrases are not the same yet.")
        self.strength.setText(text)
        self.strength.setAccessibleName(text)
        self.strength.setStyleSheet(
            ERROR_STYLE if self.new.text() and not result.acceptable else HELP_STYLE
        )
        self.ok.setEnabled(
            bool(self.current.text())
            and result.acceptable
            and self.repeat.text() == self.new.text()
        )

    def try_change(self) -> None:
        """Re-key; a wrong current passphrase or a disk problem is shown and nothing changes."""
        from sendadvisor.storage import CaseFileError

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._change(self.current.text(), self.new.text())
        except CaseFileError as error:
            self.message.show_message(error.message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.accept()
