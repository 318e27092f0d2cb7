"""Wizard page 2: where things are with the EHC plan, which decides the council dates asked later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sendadvisor.i18n import _
from sendadvisor.ui.answer_page import AnswerPage
from sendadvisor.wizard import flow


class PlanPage(AnswerPage):
    def __init__(self, as_of: Callable[[], date | None]) -> None:
        super().__init__(
            "plan",
            _("The EHC plan"),
            _("An education, health and care (EHC) plan, or the steps towards one."),
            as_of,
        )
        for question in flow.PLAN_QUESTIONS:
            self.add_question(question, question.path, choices=flow.EHC_PLAN_CHOICES, mnemonic="w")
