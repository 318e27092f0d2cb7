"""Issue 12: the app as a new adviser tried it (review: new-adviser-walk.md, screen-reader.md)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QWizard

from tests.ui.support import field

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def open_wizard(window) -> QWizard:
    window.findChild(type(window.actions()[0]), "new_case").trigger()
    wizard = window.wizard
    assert wizard is not None
    return wizard


def wheel(widget, steps: int = -3) -> QWheelEvent:
    """A real wheel event over the middle of `widget`, as a mouse sends it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


# --- 1. answers change only when the adviser means it ------------------------------------------


def test_the_wheel_never_changes_an_unfocused_combo_box_and_scrolls_the_page(window, qtbot):
    wizard = open_wizard(window)
    combo = field(wizard, "appellant")
    assert isinstance(combo, QComboBox)
    field(wizard, "family.child_name").setFocus()
    assert not combo.hasFocus()
    before = combo.currentIndex()
    scroll = wizard.currentPage().findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    wizard.resize(wizard.width(), 300)  # a short window, so the page has to scroll
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(0)
    for _ in range(3):
        wheel(combo)
    assert combo.currentIndex() == before, "the wheel changed an answer the adviser never touched"
    assert not combo.hasFocus(), "the wheel must not give the combo box focus either"
    assert bar.value() > 0, "the wheel over the combo box should scroll the page"
