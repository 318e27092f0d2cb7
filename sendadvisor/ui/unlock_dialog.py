"""The first window: unlock the case file, or on first run create it with a new passphrase."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sendadvisor.i18n import N_, _
from sendadvisor.ui import passphrase as strength_rules
from sendadvisor.ui.session import open_case_file
from sendadvisor.ui.style import ERROR_STYLE, HELP_STYLE, MessageLabel

if TYPE_CHECKING:
    from sendadvisor.storage import CaseFile

Opener = Callable[..., "CaseFile"]
Restorer = Callable[[Path, Path], Path]  # (case file, backup) -> where the damaged file was kept


def restore_backup(path: Path, backup: Path) -> Path:
    from sendadvisor.storage import CaseFile

    return CaseFile.restore_backup(path, backup)


WARNING = N_(
    "Nobody can recover this passphrase: not you, not your service, not us. "
    "If it is lost, the cases in this file cannot be opened. Write it down and keep it somewhere safe."
)


class UnlockDialog(QDialog):
    """Asks for the passphrase; a wrong one, a locked or damaged file shows its message and changes nothing."""

    def __init__(
        self,
        path: Path,
        *,
        user: str = "adviser",
        reason: str = "",
        opener: Opener = open_case_file,
        restorer: Restorer = restore_backup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._restore = restorer
        self.backup: Path | None = None  # the good backup offered after a "damaged" refusal
        self.creating = not self.path.exists()
        self.user = user
        self._open = opener
        self.case_file: CaseFile | None = None
        self.setObjectName("unlock_dialog")
        self.setWindowTitle(_("Create a case file") if self.creating else _("Unlock the case file"))

        intro = QLabel(self)
        intro.setWordWrap(True)
        if self.creating:
            intro.setText(
                _(
                    "<b>Welcome.</b> Choose a passphrase to protect the new case file:<br>{path}"
                ).format(path=self.path)
            )
        else:
            intro.setText(
                _("Type the passphrase for the case file:<br>{path}").format(path=self.path)
            )
        intro.setAccessibleName(
            intro.text().replace("<br>", " ").replace("<b>", "").replace("</b>", "")
        )
        self.reason = QLabel(reason, self)
        self.reason.setObjectName("lock_reason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))

        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("passphrase_repeat")
        self.repeat.setAccessibleName(_("Type the passphrase again"))
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = QCheckBox(_("&Show the passphrase"), self)
        self.show_box.setObjectName("show_passphrase")
        self.show_box.setAccessibleName(_("Show the passphrase"))
        self.strength = QLabel(self)
        self.strength.setObjectName("passphrase_strength")
        self.strength.setWordWrap(True)
        self.warning = QLabel(_(WARNING), self)
        self.warning.setObjectName("passphrase_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE)
        self.message = MessageLabel("unlock_message", self, field=self.passphrase)

        form = QFormLayout()
        label = QLabel(_("&Passphrase:"), self)
        label.setBuddy(self.passphrase)
        form.addRow(label, self.passphrase)
        if self.creating:
            again = QLabel(_("Type it &again:"), self)
            again.setBuddy(self.repeat)
            form.addRow(again, self.repeat)
        else:  # these belong to a new file only; hidden, or they would sit loose at the top left
            self.repeat.hide()
            self.strength.hide()
            self.warning.hide()
        form.addRow("", self.show_box)

        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(
            "&Create" if self.creating else "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setObjectName("unlock")
        self.ok.setDefault(True)
        self.restore_button = QPushButton(_("&Restore a backup"), self)
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.setAccessibleName(
            _("Restore a backup in place of the damaged case file")
        )
        self.restore_button.clicked.connect(self.restore_backup)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.hide()  # offered only after a "damaged" refusal with a good backup
        quit_button = self.buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        if self.creating:
            # Outside the form and with room for three lines, so the advice is never clipped.
            self.strength.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 4)
            layout.addWidget(self.strength)
            layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.show_box.toggled.connect(self._show_text)
        self.passphrase.textChanged.connect(self._update_strength)
        self.repeat.textChanged.connect(self._update_strength)
        self._update_strength()
        self.passphrase.setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        """Give the bold warning the height its wrapped lines take at the width it got: at 150%
        scaling the dialog's first guess was a line short and cut it top and bottom."""
        super().showEvent(event)
        if self.warning.isVisible() and self.warning.width() > 0:
            self.warning.setMinimumHeight(self.warning.heightForWidth(self.warning.width()))

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _update_strength(self) -> None:
        if not self.creating:
            self.ok.setEnabled(bool(self.passphrase.text()))
            return
        result = strength_rules.strength(self.passphrase.text())
        text = (
            f"Strength: {result.word}. {result.advice}"
            if self.passphrase.text()
            else (
                _("Use at least 10 characters; three or four unrelated words are easy to remember.")
            )
        )
        if self.repeat.text() and self.repeat.text() != self.passphrase.text():
            text += _(" The two passphrases are not the same yet.")
        self.strength.setText(text)
        self.strength.setStyleSheet(
            ERROR_STYLE if self.passphrase.text() and not result.acceptable else HELP_STYLE
        )
        self.strength.setAccessibleName(text)
        self.ok.setEnabled(result.acceptable and self.repeat.text() == self.passphrase.text())

    def try_open(self) -> None:
        """Open the file; on failure show the storage's plain message and leave the file untouched."""
        from sendadvisor.storage import CaseFileError, DamagedCaseFile

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.case_file = self._open(
                self.path, self.passphrase.text(), create=self.creating, user=self.user
            )
        except CaseFileError as error:
            self.backup = error.backup if isinstance(error, DamagedCaseFile) else None
            self.restore_button.setVisible(self.backup is not None)
            self.message.show_message(error.message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase.clear()
        self.repeat.clear()
        self.accept()

    def restore_backup(self) -> None:
        """Put the offered backup in place; the damaged file is kept beside it, renamed."""
        from sendadvisor.storage import CaseFileError

        if self.backup is None:
            return
        try:
            kept = self._restore(self.path, self.backup)
        except CaseFileError as error:
            self.message.show_message(error.message)
            return
        self.backup = None
        self.restore_button.hide()
        self.message.show_message(
            _(
                "The backup is back in place, and the damaged file is kept as {name} in case "
                "it is needed. Type the passphrase and press Unlock to open it."
            ).format(name=kept.name)
        )
        self.passphrase.setFocus()
