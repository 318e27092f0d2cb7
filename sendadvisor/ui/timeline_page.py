"""Wizard page: the council's process dates that matter for this plan stage and these concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sendadvisor.i18n import _
from sendadvisor.ui.answer_page import AnswerPage
from sendadvisor.wizard import flow


class TimelinePage(AnswerPage):
    """Dates of the council's process, so the app can say what the council must do by when."""

    def __init__(self, as_of: Callable[[], date | None]) -> None:
        super().__init__(
            "timeline",
            _("The council's process"),
            _(
                "These dates let us work out what the council must do by when. Leave blank any you do not know."
            ),
            as_of,
        )
        for question in flow.TIMELINE_QUESTIONS:
            choices = (
                flow.PHASE_TRANSFER_CHOICES
                if question.path == "timeline.phase_transfer_to"
                else None
            )
            self.add_question(question, question.path, choices=choices)

    def show_questions(self, ehc_plan: str | None, kinds: list[str | None]) -> None:
        wanted = set(flow.timeline_question_paths(ehc_plan, kinds))
        for question in flow.TIMELINE_QUESTIONS:
            self.set_row_visible(question.path, question.path in wanted)
        self.settle_layout()
