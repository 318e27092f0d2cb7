"""The case wizard (objectName `case_wizard`): asks the questions flow picks, autosaves every change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget, QWizard

from sendadvisor.i18n import _
from sendadvisor.ui import fields, services
from sendadvisor.ui.answer_page import AnswerPage
from sendadvisor.ui.check_page import CheckPage
from sendadvisor.ui.concern_page import ConcernPage
from sendadvisor.ui.family_page import FamilyPage
from sendadvisor.ui.plan_page import PlanPage
from sendadvisor.ui.theme import fit_to_screen
from sendadvisor.ui.timeline_page import TimelinePage
from sendadvisor.wizard import flow

FAMILY_ID, PLAN_ID, CONCERN_ID, TIMELINE_ID, CHECK_ID = 0, 1, 10, 90, 99

# Saves the finished, validated circumstances; returns the case id (raises CaseFileError on failure).
FinishCallback = Callable[[dict], str]
DraftCallback = Callable[[dict], None]


class CaseWizard(QWizard):
    """Family, plan, each concern, council dates, check. Closing keeps the answers as a draft."""

    case_saved = Signal(str)

    def __init__(
        self,
        *,
        today: date,
        councils: tuple[tuple[str, str], ...],
        default_council: str,
        autosave: DraftCallback,
        save_draft: DraftCallback,
        finish: FinishCallback,
        draft: dict | None = None,
        case_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_wizard")
        self.setWindowTitle(_("Case details") if case_id else _("New case"))
        self.setAccessibleName(_("Case wizard"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        # "Leave", not "Close": "Close the case" (archive it) is a different act on the case view.
        self.setButtonText(QWizard.WizardButton.CancelButton, _("&Leave (answers are kept)"))
        self._title = _("Case details") if case_id else _("New case")
        self.case_id = case_id
        self.draft_key = ""  # set by whoever stores the drafts
        self._autosave = autosave
        self._save_draft = save_draft
        self._finish = finish
        self._loading = False
        self._closed = (
            False  # set once finished or closed: no autosave may overwrite the kept draft
        )

        as_of = lambda: self.family_page.date_fields["as_of"].value()  # noqa: E731
        self.family_page: FamilyPage = FamilyPage(as_of, councils)
        self.plan_page = PlanPage(as_of)
        self.timeline_page = TimelinePage(as_of)
        self.check_page = CheckPage()
        self._as_of = as_of
        self.concern_pages: list[ConcernPage] = []
        self.setPage(FAMILY_ID, self.family_page)
        self.setPage(PLAN_ID, self.plan_page)
        self.setPage(TIMELINE_ID, self.timeline_page)
        self.setPage(CHECK_ID, self.check_page)
        for page in (self.family_page, self.plan_page, self.timeline_page):
            page.changed.connect(self._changed)
        self.check_page.go_to_field.connect(self.go_to_field)
        self.currentIdChanged.connect(self._page_entered)

        draft = draft or {}
        answers = dict(draft.get("answers") or {})
        answers.setdefault("as_of", flow.format_date_text(today))
        answers.setdefault("council", default_council)
        self._loading = True
        for _index in range(max(1, int(draft.get("concern_count") or 1))):
            self._append_concern_page()
        self.load_answers(answers)
        self._loading = False
        self._start_page = draft.get("page") or "family"
        # A resumed draft starts on the family page and walks forward to where the adviser was,
        # so Back works from there (a later start page would have no history, hence no Back).
        self.setStartId(FAMILY_ID)
        self._resume_at = self._start_page if self._start_page not in ("family", "check") else None
        # Sized from the font, so the questions fit at 150% scaling as well as at 100%.
        metrics = self.fontMetrics()
        wanted = QSize(metrics.horizontalAdvance("x" * 95), metrics.height() * 34)
        size = self.sizeHint().expandedTo(wanted)
        fit_to_screen(self, size.width(), size.height())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        target, self._resume_at = self._resume_at, None
        if target is not None:
            self._loading = True  # walking forward changes nothing
            try:
                goal = self._page_id(target)
                for _index in range(len(self.pageIds())):
                    if self.currentId() == goal or self.nextId() == -1:
                        break
                    self.next()
            finally:
                self._loading = False
            self._page_entered(self.currentId())

    # --- pages ------------------------------------------------------------------------------

    def _append_concern_page(self) -> ConcernPage:
        page = ConcernPage(len(self.concern_pages), self._as_of)
        self.setPage(CONCERN_ID + page.index, page)
        self.concern_pages.append(page)
        page.changed.connect(self._changed)
        page.add_requested.connect(self.add_concern)
        page.remove_requested.connect(self.remove_last_concern)
        self._update_concern_buttons()
        return page

    def _update_concern_buttons(self) -> None:
        for page in self.concern_pages:
            page.set_last(page is self.concern_pages[-1], len(self.concern_pages) > 1)

    def add_concern(self) -> None:
        """Add `concerns.<n>` after the last one and go to it."""
        if not self.currentPage().validatePage():
            return
        page = self._append_concern_page()
        self._changed()
        while self.currentId() != CONCERN_ID + page.index:
            self.next()
        page.kind_combo.setFocus()

    def remove_last_concern(self) -> None:
        if len(self.concern_pages) < 2:
            return
        page = self.concern_pages[-1]
        if self.currentPage() is page:
            self.back()
        self.concern_pages.pop()
        self.removePage(CONCERN_ID + page.index)
        page.deleteLater()
        self._update_concern_buttons()
        self._changed()

    def answer_pages(self) -> list[AnswerPage]:
        return [self.family_page, self.plan_page, *self.concern_pages, self.timeline_page]

    def _page_id(self, name: str) -> int:
        if name.startswith("concern:"):
            index = int(name.split(":")[1])
            return CONCERN_ID + min(index, len(self.concern_pages) - 1)
        return {"family": FAMILY_ID, "plan": PLAN_ID, "timeline": TIMELINE_ID, "check": CHECK_ID}[
            name
        ]

    def _page_name(self, page_id: int) -> str:
        page = self.page(page_id)
        return getattr(page, "page_name", "family")

    def kinds(self) -> list[str | None]:
        return [page.kind() for page in self.concern_pages]

    def ehc_plan(self) -> str | None:
        return fields.read_input(self.plan_page.inputs["ehc_plan"])

    def nextId(self) -> int:  # noqa: N802 (Qt naming)
        """The page order comes from flow.page_order, so a page a case does not need is skipped."""
        if self.currentId() == -1:
            return -1
        following = flow.next_page(self._page_name(self.currentId()), self.ehc_plan(), self.kinds())
        return -1 if following is None else self._page_id(following)

    def _page_entered(self, page_id: int) -> None:
        if page_id == -1:  # the wizard is closing: the draft was kept already
            return
        if page_id == TIMELINE_ID:
            self.timeline_page.show_questions(self.ehc_plan(), self.kinds())
        elif page_id == CHECK_ID:
            self.run_check()
            # Enter finishes from here; focus starts on Finish, or on what to fix.
            finish = self.button(QWizard.WizardButton.FinishButton)
            assert isinstance(finish, QPushButton)  # QWizard's buttons are push buttons
            finish.setDefault(True)
            if self.check_page.isComplete():
                finish.setFocus(Qt.FocusReason.TabFocusReason)
            elif self.check_page.go_button.isVisible():
                self.check_page.go_button.setFocus(Qt.FocusReason.TabFocusReason)
        page = self.page(page_id)
        self._say_where(page_id)
        if isinstance(page, AnswerPage) and page.inputs:
            page.order_tabs()
            # The first question on screen (a hidden one would swallow what is typed).
            shown = [w for w in page.inputs.values() if w.isVisibleTo(page)]
            if shown:
                shown[0].setFocus(Qt.FocusReason.TabFocusReason)
        self._changed()

    def _say_where(self, page_id: int) -> None:
        """The window title (which screen readers speak) says which page this is, of how many."""
        pages = flow.page_order(self.ehc_plan(), self.kinds())
        name = self._page_name(page_id)
        step = pages.index(name) + 1 if name in pages else 0
        page = self.page(page_id)
        title = page.title() if page is not None else ""
        text = (
            _("{wizard}: {page} (step {step} of {count})").format(
                wizard=self._title, page=title, step=step, count=len(pages)
            )
            if step
            else self._title
        )
        self.setWindowTitle(text)
        self.setAccessibleName(text)
        # The check page has no subtitle: its summary ("Everything needed for Sam Smith is
        # here… Press Finish") is what is said on arriving there.
        said = page.subTitle() if page is not None else ""
        if page is self.check_page:
            said = self.check_page.summary.text().replace("\n", " ")
        self.setAccessibleDescription(said)

    # --- answers ------------------------------------------------------------------------------

    def answers(self) -> dict:
        collected: dict = dict(getattr(self, "_carried", {}))
        for page in self.answer_pages():
            collected.update(page.answers())
        return collected

    def load_answers(self, answers: dict) -> None:
        # Answers no page asks for (an older case's `summary`) are carried through unchanged.
        asked = {path for page in self.answer_pages() for path in page.inputs}
        self._carried = {k: v for k, v in answers.items() if k not in asked}
        for page in self.answer_pages():
            page.load(answers)
        self.family_page.update_rights()

    def field(self, path: str) -> QWidget | None:
        """The input whose objectName is `path` (a circumstances path)."""
        for page in self.answer_pages():
            if path in page.inputs:
                return page.inputs[path]
        return None

    def draft(self) -> dict:
        """Everything needed to carry on later: answers as typed, concern count, current page."""
        page_id = self.currentId()
        return {
            "answers": self.answers(),
            "concern_count": len(self.concern_pages),
            "page": self._page_name(page_id) if page_id != -1 else self._start_page,
            "case_id": self.case_id,
        }

    def _changed(self) -> None:
        if not self._loading and not self._closed:
            self._autosave(self.draft())

    def circumstances(self) -> dict:
        """The answers as circumstances; raises flow.AnswerError or InputError naming the field."""
        built = flow.answers_to_circumstances(self.answers(), len(self.concern_pages))
        return services.validate(built)

    def run_check(self) -> None:
        from sendadvisor.domain.errors import InputError

        try:
            result = self.circumstances()
        except flow.AnswerError as error:
            self.check_page.show_result(None, error.path, error.message)
        except InputError as error:
            path = flow.widget_path(error.field) if error.field else None
            label = self._label_for(path)
            message = f"{label}: {error.message}" if label else str(error)
            self.check_page.show_result(None, path, message)
        else:
            wanted = [
                (flow.widget_path(field), self._missing_words(field, label))
                for field, label in services.missing(result)
            ]
            self.check_page.show_result(result, None, None, wanted)

    def _missing_words(self, field: str, label: str) -> str:
        """ "Day the council sent its decision letter (concern 1: a refusal to assess)"."""
        path = flow.widget_path(field)
        if not path.startswith("concerns."):
            return label
        index = int(path.split(".")[1])
        return f"{label} (concern {index + 1}: {flow.kind_label(self.kinds()[index])})"

    def _label_for(self, path: str | None) -> str:
        widget = self._closest_input(path)
        return widget.accessibleName() if widget is not None else ""

    def _closest_input(self, path: str | None) -> QWidget | None:
        """The input for `path`, or for the nearest enclosing path (`concerns.0.sections.1` -> kind)."""
        while path:
            widget = self.field(path)
            if widget is not None:
                return widget
            if path.startswith("concerns.") and path.count(".") == 1:
                return self.field(path + ".kind")
            path = path.rpartition(".")[0]
        return None

    def go_to_field(self, path: str) -> None:
        """Go back to the page holding `path` and show the problem beside it."""
        widget = self._closest_input(path)
        if widget is None:
            return
        target = next((p for p in self.answer_pages() if widget in p.inputs.values()), None)
        if target is None:
            return
        while self.currentPage() is not target and self.currentId() != self.startId():
            self.back()
        if self.currentPage() is not target:  # the target is after the start page
            while self.currentPage() is not target and self.nextId() != -1:
                self.next()
        name = next(k for k, v in target.inputs.items() if v is widget)
        target.show_problem(
            name,
            self.check_page.problem.text().removeprefix(_("Problem: {message}").format(message="")),
        )

    # --- finishing and closing -------------------------------------------------------------------

    def accept(self) -> None:
        from sendadvisor.storage import CaseFileError

        circumstances = self.check_page.circumstances
        if circumstances is None:
            return
        try:
            case_id = self._finish(circumstances)
        except CaseFileError as error:
            QMessageBox.warning(
                self,
                _("The case was not saved"),
                _("{message}\n\nYour answers are kept.").format(message=error.message),
            )
            return
        self.case_id = case_id
        self._closed = True
        super().accept()
        self.case_saved.emit(case_id)

    def keep_draft(self) -> None:
        """Save the answers now (synchronously), so closing mid-way never loses them."""
        self._save_draft(self.draft())

    def reject(self) -> None:
        # Escape, the Close button and the window's close box all come here (QDialog.closeEvent).
        self.keep_draft()
        self._closed = True
        super().reject()
