"""What the UI tests share: the fixed day and passphrase, and driving the wizard by objectName (as the contract says)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget, QWizard

TODAY = date(2026, 11, 28)
PASSPHRASE = "kitchen table dorset 42"


def field(wizard: QWizard, name: str) -> QWidget:
    widget = wizard.findChild(QWidget, name)
    assert widget is not None, f"no input named {name!r}"
    return widget


def set_answer(wizard: QWizard, name: str, value) -> None:
    """Put a value in the input named `name`, as a user would leave it."""
    widget = field(wizard, name)
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        assert index >= 0, f"{name}: no item carries {value!r}"
        widget.setCurrentIndex(index)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
        widget.editingFinished.emit()
    else:
        raise AssertionError(f"{name} is not an input: {widget!r}")


def fill_page(wizard: QWizard, answers: dict) -> None:
    """Fill the answers that are on the current page (others are left for later pages)."""
    page = wizard.currentPage()
    for name, value in answers.items():
        if page.findChild(QWidget, name) is not None:
            set_answer(wizard, name, value)


def walk(
    wizard: QWizard, answers: dict, *, concern_count: int = 1, stop_at: str | None = None
) -> None:
    """Fill every page in order and press Next until the check page (or the page named `stop_at`)."""
    added = 1
    for _ in range(20):
        fill_page(wizard, answers)
        name = getattr(wizard.currentPage(), "page_name", "")
        if name == stop_at or name == "check":
            return
        if name.startswith("concern:") and added < concern_count:
            wizard.currentPage().add_button.click()
            added += 1
            continue
        before = wizard.currentId()
        wizard.next()
        assert wizard.currentId() != before, f"Next did not leave page {name}"
    raise AssertionError("the wizard never reached the check page")


class Keyboard:
    """Moves through a wizard with the keyboard alone (Tab and arrow keys), as an adviser would."""

    def __init__(self, qtbot, wizard: QWizard, limit: int = 60) -> None:
        self.qtbot, self.wizard, self.limit = qtbot, wizard, limit

    def focused(self) -> QWidget:
        return self.wizard.focusWidget()

    def tab_to(self, name: str) -> None:
        from PySide6.QtCore import Qt

        for _ in range(self.limit):
            if self.focused() is not None and self.focused().objectName() == name:
                return
            self.qtbot.keyClick(self.focused(), Qt.Key.Key_Tab)
        stuck = self.focused().objectName() if self.focused() is not None else None
        raise AssertionError(f"Tab never reached {name}; stuck on {stuck}")

    def choose(self, name: str, data: str) -> None:
        from PySide6.QtCore import Qt

        self.tab_to(name)
        combo = self.focused()
        while combo.currentData() != data:
            before = combo.currentIndex()
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
            assert combo.currentIndex() != before, f"{name}: {data} not reachable"
