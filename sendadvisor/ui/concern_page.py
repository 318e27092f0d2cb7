"""Wizard page for one concern: its kind, then only the dates and facts that kind needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from sendadvisor.i18n import N_, _
from sendadvisor.ui import fields
from sendadvisor.ui.answer_page import AnswerPage
from sendadvisor.ui.style import HELP_STYLE, announce, describe_problem
from sendadvisor.wizard import flow

CHOOSE_KIND = N_("Choose what the family is unhappy about…")


class ConcernPage(AnswerPage):
    """Questions for `concerns.<index>`; which ones show is decided by flow.concern_questions."""

    add_requested = Signal()
    remove_requested = Signal()

    def __init__(self, index: int, as_of: Callable[[], date | None]) -> None:
        number = index + 1
        super().__init__(
            f"concern:{index}",
            f"Concern {number}",
            _("What the family is unhappy about. Each concern gets its own routes and dates."),
            as_of,
        )
        self.index = index
        self.prefix = f"concerns.{index}."
        kind_combo = self.add_question(
            flow.CONCERN_QUESTIONS[0],
            self.prefix + "kind",
            choices=((None, _(CHOOSE_KIND)),) + flow.CONCERN_KINDS,
            mnemonic="w",
        )
        assert isinstance(kind_combo, QComboBox)  # a choice question's input is a drop-down list
        self.kind_combo = kind_combo
        self.kind_combo.setAccessibleName(
            _("Concern {number}: what the family is unhappy about").format(number=number)
        )
        # Long descriptions must not force the whole form wider than a small laptop screen.
        self.kind_combo.setSizeAdjustPolicy(
            self.kind_combo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(30)

        self.sections_box = QGroupBox(_("Sections of the plan in dispute"), self.body)
        self.sections_box.setObjectName(self.prefix + "sections")
        grid = QGridLayout(self.sections_box)
        self.section_boxes: dict[str, QWidget] = {}
        for position, section in enumerate(flow.PLAN_SECTIONS):
            path = f"{self.prefix}sections.{section}"
            box = fields.make_check(path, flow.SECTION_LABELS[section], self.sections_box)
            box.setAccessibleName(
                _("Section {section}").format(section=flow.SECTION_LABELS[section])
            )
            fields.change_signal(box).connect(self.changed)
            self.inputs[path] = box
            self.section_boxes[section] = box
            grid.addWidget(box, position // 2, position % 2)

        self.mediation_box = QGroupBox(_("Mediation so far"), self.body)
        self.mediation_box.setObjectName(self.prefix + "mediation")
        self.mediation_form = QFormLayout(self.mediation_box)
        self.mediation_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        mediation_help = QLabel(
            _(
                "Before most appeals the family must contact the mediation adviser and get a certificate. "
                "Leave blank what has not happened yet."
            ),
            self.mediation_box,
        )
        mediation_help.setWordWrap(True)
        mediation_help.setStyleSheet(HELP_STYLE)
        self.mediation_form.addRow(mediation_help)

        for question in flow.CONCERN_QUESTIONS[1:]:
            path = self.prefix + question.path
            if question.kind == "sections":
                self.form.addRow(self.sections_box)
                continue
            if question.path.startswith("mediation."):
                self.add_question(question, path, form=self.mediation_form)
            else:
                self.add_question(question, path)
        self.form.addRow(self.mediation_box)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add another concern"), self.body)
        self.add_button.setObjectName("add_concern")
        self.add_button.setAccessibleName(_("Add another concern"))
        self.remove_button = QPushButton(_("&Remove this concern"), self.body)
        self.remove_button.setObjectName("remove_concern")
        self.remove_button.setAccessibleName(_("Remove concern {number}").format(number=number))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.form.addRow(buttons)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self.remove_requested)

        self.kind_combo.currentIndexChanged.connect(self.show_questions_for_kind)
        self.show_questions_for_kind()

    def kind(self) -> str | None:
        return self.kind_combo.currentData()

    def show_questions_for_kind(self) -> None:
        """Show only the questions this kind needs; hidden answers are kept but never used."""
        kind = self.kind()
        wanted = {q.path for q in flow.concern_questions(kind)}
        for question in flow.CONCERN_QUESTIONS[1:]:
            if question.kind == "sections" or question.path.startswith("mediation."):
                continue
            self.set_row_visible(self.prefix + question.path, question.path in wanted)
        allowed = set(flow.sections_for(kind))
        for section, box in self.section_boxes.items():
            box.setVisible(section in allowed)
        self.form.setRowVisible(self.sections_box, bool(allowed))
        self.form.setRowVisible(self.mediation_box, flow.asks_about_mediation(kind))
        self.settle_layout()
        self.setSubTitle(
            flow.kind_label(kind)
            if kind
            else _("What the family is unhappy about. Each concern gets its own routes and dates.")
        )

    def set_last(self, last: bool, removable: bool) -> None:
        """Only the last concern page offers to add or remove one, so numbering never has gaps."""
        self.add_button.setVisible(last)
        self.remove_button.setVisible(last and removable)

    def validatePage(self) -> bool:  # noqa: N802 (Qt naming)
        if self.kind() is None:
            self.kind_combo.setFocus()
            message = _("Choose what the family is unhappy about before going on.")
            self.setSubTitle(_("Problem: {message}").format(message=message))
            describe_problem(self.kind_combo, message)
            announce(self.kind_combo, _("Problem: {message}").format(message=message))
            return False
        describe_problem(self.kind_combo, None)
        return super().validatePage()
