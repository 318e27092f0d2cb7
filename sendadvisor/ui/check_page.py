"""Last wizard page: check every answer with the same validation as the command line, then finish."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWizardPage

from sendadvisor.i18n import _
from sendadvisor.ui.style import ERROR_STYLE, announce
from sendadvisor.wizard import flow


class CheckPage(QWizardPage):
    """Shows what will be saved, or the first problem with a button that goes to its question."""

    go_to_field = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.page_name = "check"
        self.setObjectName("page.check")
        self.setTitle(_("Check and finish"))
        self.circumstances: dict | None = None
        self.problem_path: str | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("check_summary")
        self.summary.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("check_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.go_button = QPushButton(_("&Go to that question"), self)
        self.go_button.setObjectName("go_to_problem")
        self.go_button.setAccessibleName(_("Go to the question with the problem"))
        # Enter on this page finishes (the wizard's default button), never presses this one.
        self.go_button.setAutoDefault(False)
        self.go_button.clicked.connect(lambda: self.go_to_field.emit(self.problem_path or ""))
        self.missing: list[tuple[str, str]] = []  # (widget path, the question in words)
        self.save_anyway = QCheckBox(
            _("Save &without it (the case will say its dates are incomplete)")
        )
        self.save_anyway.setObjectName("save_without_missing")
        self.save_anyway.setAccessibleName(
            _("Save without the missing answers; the case will say its dates are incomplete")
        )
        self.save_anyway.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.go_button)
        layout.addWidget(self.save_anyway)
        layout.addStretch(1)
        self.save_anyway.hide()

    def show_result(
        self,
        circumstances: dict | None,
        problem_path: str | None,
        message: str | None,
        missing: list[tuple[str, str]] | None = None,
    ) -> None:
        """Show the validated circumstances, or the problem that stops them being saved; with
        `missing` (widget path, question), the answers the rules need to work out every date."""
        self.circumstances = circumstances
        self.problem_path = problem_path
        self.missing = list(missing or [])
        self.save_anyway.setChecked(False)
        self.save_anyway.setVisible(circumstances is not None and bool(self.missing))
        if circumstances is not None and self.missing:
            family = circumstances.get("family") or {}
            who = family.get("child_name") or family.get("parent_name") or _("this family")
            lines = [_("Some dates for {who} cannot be worked out yet. They need:").format(who=who)]
            lines += [f"• {label}" for _path, label in self.missing]
            lines += [
                "",
                _("Go to the question to answer it, or tick “Save without it” and press Finish."),
            ]
            self.summary.setText("\n".join(lines))
            self.problem_path = self.missing[0][0]
            # Shown beside the question when the adviser goes to it.
            self.problem.setText(
                _("Problem: This answer is needed to work out the family's dates.")
            )
            self.problem.hide()
            self.go_button.setText(_("&Go to the first missing question"))
            self.go_button.setAccessibleName(
                _("Go to the question: {question}").format(question=self.missing[0][1])
            )
            self.go_button.show()
            self.summary.setAccessibleName(self.summary.text())
            self.go_button.setAccessibleDescription(self.summary.text())
            announce(self.summary, self.summary.text())
            self.completeChanged.emit()
            return
        self.go_button.setText(_("&Go to that question"))
        self.go_button.setAccessibleName(_("Go to the question with the problem"))
        if circumstances is None:
            self.summary.setText(_("Something needs fixing before the case can be saved."))
            self.problem.setText(_("Problem: {message}").format(message=message))
            self.problem.setAccessibleName(_("Problem: {message}").format(message=message))
            self.problem.show()
            self.go_button.setVisible(bool(problem_path))
            # The button takes the focus: its description is the problem, so it is spoken.
            self.go_button.setAccessibleDescription(_("Problem: {message}").format(message=message))
            announce(self.problem, _("Problem: {message}").format(message=message))
        else:
            family = circumstances.get("family") or {}
            who = family.get("child_name") or family.get("parent_name") or _("this family")
            lines = [_("Everything needed for {who} is here.").format(who=who), ""]
            for number, concern in enumerate(circumstances["concerns"], start=1):
                lines.append(
                    _("Concern {number}: {kind}.").format(
                        number=number, kind=flow.kind_label(concern.get("kind"))
                    )
                )
            lines += [
                "",
                _("Press Finish to save the case and see the family's options and dates."),
            ]
            self.summary.setText("\n".join(lines))
            self.problem.hide()
            self.go_button.hide()
            self.go_button.setAccessibleDescription("")
        self.summary.setAccessibleName(self.summary.text())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt naming)
        if self.circumstances is None:
            return False
        return not self.missing or self.save_anyway.isChecked()
