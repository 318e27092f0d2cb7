"""Shared look for messages: error and help text styles, and a message label that screen readers announce.

Kept apart from `fields` so the unlock dialog (the first window) imports as little as possible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget

from sendadvisor.i18n import _

ERROR_STYLE = "color: #a00000; font-weight: bold;"  # not for people
HELP_STYLE = "color: #404040;"


def announce(widget: QWidget, text: str = "") -> None:
    """Ask screen readers to speak this widget now (used for error messages).

    Qt's Linux bridge drops the Alert event, so the text is also sent as an announcement (Qt 6.8+,
    spoken by newer Orca) and, where it matters, callers put it in the focused field's accessible
    description (which Orca 43 speaks): see `describe_problem`."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
    if text:
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def describe_problem(field: QWidget, message: str | None, usual: str = "") -> None:
    """Put a problem in the field's accessible description (spoken for the focused field), or
    give the field back its usual description once the problem has gone."""
    field.setAccessibleDescription(
        _("Problem: {message}").format(message=message) if message else usual
    )


class MessageLabel(QLabel):
    """A plain-English message under a field: hidden when empty, spoken when it appears."""

    def __init__(
        self, name: str, parent: QWidget | None = None, *, field: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field  # the input the message is about: its description carries the message
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setAccessibleName(_("Problem"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.hide()

    def show_message(self, message: str | None) -> None:
        if not message:
            self.clear()
            self.hide()
            if self.field is not None:
                describe_problem(self.field, None, self.field.property("usual_description") or "")
            return
        if self.field is not None:
            if self.field.property("usual_description") is None:
                self.field.setProperty("usual_description", self.field.accessibleDescription())
            describe_problem(self.field, message)
        # A "Problem:" prefix keeps the meaning when colour cannot be seen.
        self.setText(_("Problem: {message}").format(message=message))
        self.setAccessibleDescription(message)
        self.show()
        announce(self, _("Problem: {message}").format(message=message))
