"""Shared look for messages: error and help text styles, and a message label that screen readers announce.

Kept apart from `fields` so the unlock dialog (the first window) imports as little as possible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget

ERROR_STYLE = "color: #a00000; font-weight: bold;"
HELP_STYLE = "color: #404040;"


def announce(widget: QWidget) -> None:
    """Ask screen readers to speak this widget now (used for error messages)."""
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))


class MessageLabel(QLabel):
    """A plain-English message under a field: hidden when empty, spoken when it appears."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setAccessibleName("Problem")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.hide()

    def show_message(self, message: str | None) -> None:
        if not message:
            self.clear()
            self.hide()
            return
        # A "Problem:" prefix keeps the meaning when colour cannot be seen.
        self.setText(f"Problem: {message}")
        self.setAccessibleDescription(message)
        self.show()
        announce(self)
