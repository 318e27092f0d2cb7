"""Wizard page 1: the day of the advice, the council, the family, and who holds the rights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel

from sendadvisor.i18n import _
from sendadvisor.ui import fields
from sendadvisor.ui.answer_page import AnswerPage
from sendadvisor.ui.style import HELP_STYLE
from sendadvisor.wizard import flow


class FamilyPage(AnswerPage):
    """Family and child; the date of birth works out whether the young person holds the rights."""

    def __init__(
        self, as_of: Callable[[], date | None], councils: tuple[tuple[str, str], ...]
    ) -> None:
        super().__init__(
            "family",
            _("The family"),
            _("Who the advice is for. Only the date of the advice is required."),
            as_of,
        )
        mnemonics = {"as_of": "d", "family.parent_name": "p", "family.child_name": "c"}
        for question in flow.FAMILY_QUESTIONS:
            choices: tuple[tuple[str | None, str], ...] | None = None
            if question.path == "council":
                choices = councils or (("dorset", "Dorset"),)
            elif question.path == "appellant":
                choices = flow.APPELLANT_CHOICES
            elif question.path == "family.school_type":
                choices = flow.SCHOOL_TYPE_CHOICES
            self.add_question(
                question, question.path, choices=choices, mnemonic=mnemonics.get(question.path)
            )
        self.rights = QLabel(self.body)
        self.rights.setObjectName("rights_hint")
        self.rights.setWordWrap(True)
        self.rights.setStyleSheet(HELP_STYLE)
        self.form.addRow(self.rights)
        self.changed.connect(self.update_rights)

    def update_rights(self) -> None:
        born = self.date_fields["family.child_date_of_birth"].value()
        advice_on = self.date_fields["as_of"].value()
        hint = flow.rights_hint(
            born, advice_on, fields.read_input(self.inputs["family.child_name"])
        )
        self.rights.setText(hint)
        self.rights.setAccessibleName(hint or _("Who holds the rights"))
        self.rights.setVisible(bool(hint))
