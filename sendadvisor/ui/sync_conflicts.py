"""The dialog that asks the adviser to choose, field by field, between this computer's value and
the register's, when both changed the same detail of a case. Nothing is chosen for them: closing
the dialog leaves every conflict waiting (the case is not sent to the register meanwhile)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.storage import CaseFile


def _shown(value: Any) -> str:
    from sendadvisor.register.merge import MISSING

    if value is MISSING:
        return _("(nothing)")
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)


class ConflictsDialog(QDialog):
    """One box per conflict: the field, both values, and a button for each."""

    settled = Signal()  # every conflict shown was chosen

    def __init__(
        self,
        conflicts: list[Any],
        case_file: Callable[[], CaseFile | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_conflicts")
        self.setWindowTitle(_("Choose which details to keep"))
        self._case_file = case_file
        self.remaining = len(conflicts)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "These details were changed differently on this computer and on another one. "
                "Choose which to keep for each; the other is not kept. The audit trail records "
                "your choice."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        holder = QWidget()
        rows = QVBoxLayout(holder)
        for index, conflict in enumerate(conflicts):
            rows.addWidget(self._box(index, conflict))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout.addWidget(scroll)
        self.problem = QLabel("")
        self.problem.setObjectName("sync_conflicts_problem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _box(self, index: int, conflict: Any) -> QGroupBox:
        box = QGroupBox(
            _("Case {case}: {field}").format(case=conflict.case_id, field=conflict.field)
        )
        box.setObjectName(f"conflict_{index}")
        line = QHBoxLayout(box)
        mine = QPushButton(_("Keep this computer's: {value}").format(value=_shown(conflict.mine)))
        mine.setObjectName(f"conflict_{index}_mine")
        theirs = QPushButton(
            _("Keep {who}'s: {value}").format(who=conflict.theirs_by, value=_shown(conflict.theirs))
        )
        theirs.setObjectName(f"conflict_{index}_theirs")
        for button, choice in ((mine, "mine"), (theirs, "theirs")):
            button.setAccessibleName(button.text())
            button.clicked.connect(
                lambda _checked=False, c=conflict, b=box, ch=choice: self.choose(c, ch, b)
            )
            line.addWidget(button)
        return box

    def choose(self, conflict: Any, choice: str, box: QGroupBox) -> None:
        """Settle one conflict through the core; its box goes once the choice is saved."""
        from sendadvisor.register import sync
        from sendadvisor.register.errors import RegisterError
        from sendadvisor.storage import CaseFileError

        case_file = self._case_file()
        if case_file is None:
            return
        try:
            sync.resolve(case_file, conflict.case_id, conflict.field, choice)
        except (RegisterError, CaseFileError) as error:
            self.problem.setText(error.message)
            return
        box.hide()
        self.remaining -= 1
        if self.remaining == 0:
            self.settled.emit()
            self.accept()
