"""First-run set-up: once, before the first case, the adviser's name, the service, the council
(or "My council is not listed", which opens the contacts editor) and the auto-lock time."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from sendadvisor.i18n import _
from sendadvisor.settings import Settings
from sendadvisor.ui.settings_dialog import ContactsEditing, SettingsDialog


class FirstRunDialog(SettingsDialog):
    """The settings dialog with a welcome, asked before the first case; all of it can be changed
    later in Tools > Settings. "Start" waits for the adviser's name (the activity log and the
    letters use it)."""

    def __init__(
        self,
        settings: Settings,
        councils: tuple[tuple[str, str], ...],
        edit_contacts: ContactsEditing,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(settings, councils, parent, edit_contacts=edit_contacts)
        self.setObjectName("first_run")
        self.setWindowTitle(_("Welcome to sendadvisor"))
        self.intro.setText(
            _(
                "Before the first case, please tell sendadvisor who you are. Your name goes on "
                "letters and in the activity log; the council's contacts go in families' letters. "
                "You can change all of this later in Tools > Settings."
            )
        )
        self.intro.show()
        self.passphrase_button.hide()  # the case file was made a moment ago
        self.start = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.start.setText(_("&Start"))
        self.start.setObjectName("first_run_start")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Later"))
        self.adviser.textChanged.connect(self._update)
        self._update()
        self.adviser.setFocus()

    def _update(self) -> None:
        self.start.setEnabled(bool(self.adviser.text().strip()))
