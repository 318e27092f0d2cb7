"""Input widgets the wizard and dialogs share: a typed date with a calendar and a spoken error, choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sendadvisor.i18n import _
from sendadvisor.ui.style import HELP_STYLE, MessageLabel
from sendadvisor.wizard import flow


class _WheelGuard(QObject):
    """Lets the mouse wheel change a drop-down list or spin box only while it has focus.

    Otherwise the wheel scrolls the page the widget sits in, instead of silently changing an
    answer the adviser never meant to touch.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus():
            return False
        # Handed straight to the page's scroll area (Qt only passes a wheel event up to the
        # parents when the window system sent it, so relying on that would be fragile).
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        event.accept()
        return True


_WHEEL_GUARD = _WheelGuard()


def guard_wheel(widget: QComboBox | QAbstractSpinBox) -> None:
    """The wheel changes `widget` only once the adviser has clicked or tabbed into it."""
    # Not WheelFocus (a combo box's default): the wheel must not give focus either.
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


class CalendarDialog(QDialog):
    """A month calendar to pick a date with the mouse or the arrow keys (Enter picks, Escape cancels)."""

    def __init__(self, title: str, initial: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("calendar")
        self.calendar.setAccessibleName(_("Calendar for {question}").format(question=title.lower()))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        # No week numbers: nobody counts a decision or a birthday in ISO weeks.
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        if initial:
            self.calendar.setSelectedDate(QDate(initial.year, initial.month, initial.day))
        self.calendar.activated.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # No default button: Enter after typing a year must not pick a day the adviser never
        # chose. Enter on a day in the grid picks it (`activated`).
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)
        self.calendar.setFocus()

    def chosen(self) -> date:
        picked = self.calendar.selectedDate()
        return date(picked.year(), picked.month(), picked.day())


class _DateLineEdit(QLineEdit):
    """A line edit where Alt+Down or F4 opens the calendar, as in a drop-down list."""

    calendar_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt naming)
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens:
            self.calendar_requested.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed as dd/mm/yyyy or ISO, or picked; a bad date is explained beside it in words."""

    changed = Signal()

    def __init__(
        self,
        question: flow.Question,
        path: str,
        as_of: Callable[[], date | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self._as_of = as_of
        self.is_birth = path.endswith("date_of_birth")
        self.edit = _DateLineEdit(self)
        self.edit.setObjectName(path)
        self.edit.setAccessibleName(question.label)
        self.edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.edit.setToolTip(
            _("Type the date as day/month/year, or press F4 to pick it from a calendar.")
        )
        # Wide enough for "dd/mm/yyyy" at 150% scaling, measured rather than fixed in pixels.
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.button = QToolButton(self)
        self.button.setText(_("Calendar…"))
        self.button.setObjectName(path + ".calendar")
        self.button.setAccessibleName(
            _("Pick {question} from a calendar").format(question=question.label.lower())
        )
        # A Tab stop too (F4 and Alt+Down also open it), so keyboard users can find it.
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.message = MessageLabel(path + ".message", self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        if question.help:
            help_label = QLabel(question.help, self)
            help_label.setWordWrap(True)
            help_label.setStyleSheet(HELP_STYLE)
            layout.addWidget(help_label)
            self.edit.setAccessibleDescription(question.help)
        # No focus proxy: Qt's Tab search treats a widget with a proxy as a Tab stop of its own,
        # wherever it sits in the focus chain, so Tab from the page's last button jumped back here.
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self.check)
        self.edit.calendar_requested.connect(self.pick)
        self.button.clicked.connect(self.pick)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def value(self) -> date | None:
        """The date typed, or None when blank or not a date."""
        try:
            return flow.parse_date_text(self.edit.text())
        except flow.DateTextError:
            return None

    def check(self) -> bool:
        """Show (and speak) what is wrong with the typed date; True when it is fine."""
        problem = flow.check_date_text(
            self.edit.text(),
            as_of=self._as_of(),
            past_only=self.question.past_only,
            birth=self.is_birth,
        )
        self.set_problem(problem)
        if problem is None:
            # Shown back in full ("3/11/26" becomes 03/11/2026), so a slip is seen at once.
            value = self.value()
            full = flow.format_date_text(value)
            if value is not None and self.edit.text() != full:
                self.edit.setText(full)
        return problem is None

    def set_problem(self, message: str | None) -> None:
        self.message.show_message(message)
        base = self.question.help
        self.edit.setAccessibleDescription(
            _("Problem: {message}").format(message=message) if message else base
        )

    def pick(self) -> None:
        start = self.value()
        if start is None and self.is_birth and self._as_of() is not None:
            advice = self._as_of()
            assert advice is not None
            start = advice.replace(year=advice.year - 8, day=1)  # a school-age child's years
        dialog = CalendarDialog(self.question.label, start or self._as_of(), self)

        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.edit.setText(flow.format_date_text(dialog.chosen()))
            self.check()
        self.edit.setFocus()

    def _text_changed(self) -> None:
        # Clear an old complaint as soon as the text is right; new complaints wait for the
        # adviser to leave the field, so half-typed dates are not shouted about.
        if (
            self.message.isVisible()
            and flow.check_date_text(
                self.edit.text(),
                as_of=self._as_of(),
                past_only=self.question.past_only,
                birth=self.is_birth,
            )
            is None
        ):
            self.set_problem(None)
        self.changed.emit()


def make_combo(
    path: str,
    label: str,
    choices: tuple[tuple[Any, str], ...] | list[tuple[Any, str]],
    parent: QWidget | None = None,
) -> QComboBox:
    """A drop-down list whose items carry the contract identifier as item data."""
    combo = QComboBox(parent)
    combo.setObjectName(path)
    combo.setAccessibleName(label)
    for data, text in choices:
        combo.addItem(text, data)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    guard_wheel(combo)
    return combo


def set_combo_data(combo: QComboBox, data: Any) -> None:
    """Select the item carrying `data` (the first item when there is none)."""
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def make_line(path: str, label: str, parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(path)
    edit.setAccessibleName(label)
    return edit


def make_lines(
    path: str, label: str, parent: QWidget | None = None, rows: int = 3
) -> QPlainTextEdit:
    """A few lines of text; Tab moves on rather than typing a tab character."""
    edit = QPlainTextEdit(parent)
    edit.setObjectName(path)
    edit.setAccessibleName(label)
    edit.setTabChangesFocus(True)
    line = edit.fontMetrics().lineSpacing()
    edit.setFixedHeight(line * rows + 16)
    return edit


def make_check(path: str, text: str, parent: QWidget | None = None) -> QCheckBox:
    box = QCheckBox(text, parent)
    box.setObjectName(path)
    box.setAccessibleName(text.replace("&", ""))
    return box


def read_input(widget: QObject) -> Any:
    """The answer an input holds, as flow expects it: text, bool or identifier."""
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(f"not an input: {widget!r}")


def write_input(widget: QObject, value: Any) -> None:
    """Put an answer back into its input (the inverse of read_input)."""
    if isinstance(widget, QComboBox):
        set_combo_data(widget, value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    elif isinstance(widget, QLineEdit):
        widget.setText(value or "")


def change_signal(widget: QObject):
    """The signal an input emits when the adviser changes it."""
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    assert isinstance(widget, QLineEdit | QPlainTextEdit)  # the only other inputs
    return widget.textChanged
