"""Last wizard page: check every answer with the same validation as the command line, then finish."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWizardPage

from sendadvisor.ui.style import ERROR_STYLE, announce
from sendadvisor.wizard import flow


class CheckPage(QWizardPage):
    """Shows what will be saved, or the first problem with a button that goes to its question."""

    go_to_field = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.page_name = "check"
        self.setObjectName("page.check")
        self.setTitle("Check and finish")
        self.circumstances: dict | None = None
        self.problem_path: str | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("check_summary")
        self.summary.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("check_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.go_button = QPushButton("&Go to that question", self)
        self.go_button.setObjectName("go_to_problem")
        self.go_button.setAccessibleName("Go to the question with the problem")
        self.go_button.clicked.connect(lambda: self.go_to_field.emit(self.problem_path or ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.go_button)
        layout.addStretch(1)

    def show_result(
        self, circumstances: dict | None, problem_path: str | None, message: str | None
    ) -> None:
        """Show the validated circumstances, or the problem that stops them being saved."""
        self.circumstances = circumstances
        self.problem_path = problem_path
        if circumstances is None:
            self.summary.setText("Something needs fixing before the case can be saved.")
            self.problem.setText(f"Problem: {message}")
            self.problem.setAccessibleName(f"Problem: {message}")
            self.problem.show()
            self.go_button.setVisible(bool(problem_path))
            announce(self.problem)
        else:
            family = circumstances.get("family") or {}
            who = family.get("child_name") or "this family"
            lines = [f"Everything needed for {who} is here.", ""]
            for number, concern in enumerate(circumstances["concerns"], start=1):
                lines.append(f"Concern {number}: {flow.kind_label(concern.get('kind'))}.")
            lines += ["", "Press Finish to save the case and see the family's options and dates."]
            self.summary.setText("\n".join(lines))
            self.problem.hide()
            self.go_button.hide()
        self.summary.setAccessibleName(self.summary.text())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt naming)
        return self.circumstances is not None
