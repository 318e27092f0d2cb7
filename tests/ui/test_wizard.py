"""The case wizard, driven by objectName: several concern kinds end in the same routes and dates as `assess`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
    QWizard,
)

from sendadvisor import rules
from sendadvisor.dates import format_long
from sendadvisor.wizard import flow
from tests.ui.support import TODAY, Keyboard, field, walk

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

FAMILY = {
    "family.child_name": "Sam Smith",
    "family.parent_name": "Alex Smith",
    "family.child_date_of_birth": "01/05/2014",
    "family.address": "1 High Street\nDorchester\nDT1 1AA",
}

CASES = {
    "plan_contents": (
        FAMILY
        | {
            "as_of": "27/11/2026",
            "ehc_plan": "final",
            "concerns.0.kind": "plan_contents",
            "concerns.0.sent_on": "02/11/2026",
            "concerns.0.sections.F": True,
            "concerns.0.sections.I": True,
            "concerns.0.mediation.adviser_contacted_on": "20/11/2026",
            "concerns.0.mediation.certificate_issued_on": "24/11/2026",
            "timeline.annual_review_meeting_on": "01/10/2026",
        },
        1,
    ),
    "refuse_assessment_letter_date": (
        FAMILY
        | {
            "ehc_plan": "assessment_requested",
            "concerns.0.kind": "refuse_assessment",
            "concerns.0.letter_dated": "2026-10-15",
            "timeline.assessment_requested_on": "03/09/2026",
        },
        1,
    ),
    "discrimination_and_exclusion": (
        {
            "family.child_name": "Ria Patel",
            "ehc_plan": "none",
            "concerns.0.kind": "disability_discrimination",
            "concerns.0.conduct_on": "13/10/2026",
            "concerns.1.kind": "permanent_exclusion",
            "concerns.1.board_decision_notified_on": "20/11/2026",
            "concerns.1.school_closed": "21/12/2026 - 01/01/2027",
            "concerns.1.conduct_on": "10/11/2026",
            # Every fact the rules need is given, so nothing is listed as missing on the check page.
            "concerns.1.noticed_on": "10/11/2026",
        },
        2,
    ),
    "transport_and_delay": (
        {
            "ehc_plan": "being_assessed",
            "concerns.0.kind": "school_transport",
            "concerns.0.sent_on": "16/11/2026",
            "concerns.1.kind": "council_delay",
            "concerns.1.noticed_on": "01/11/2026",
            "timeline.assessment_requested_on": "01/06/2026",
        },
        2,
    ),
}


def open_wizard(window) -> QWizard:
    window.findChild(type(window.new_action), "new_case").trigger()
    wizard = window.findChild(QWizard, "case_wizard")
    assert wizard is not None and wizard.isVisible()
    return wizard


def shown_deadlines(window) -> dict[str, str]:
    """{objectName: text} of every 'last day' label on the results page."""
    results = window.case_view.results
    return {
        label.objectName(): label.text()
        for label in results.findChildren(QLabel)
        if label.objectName().startswith("deadline.") and label.objectName().endswith(".due_on")
    }


def expected_deadlines(assessment: dict) -> dict[str, str]:
    expected = {}
    for index, concern in enumerate(assessment["concerns"]):
        for entry in concern["deadlines"]:
            expected[f"deadline.{index}.{entry['id']}.due_on"] = format_long(
                date.fromisoformat(entry["due_on"])
            )
    for entry in assessment["timeline"]:
        expected[f"deadline.timeline.{entry['id']}.due_on"] = format_long(
            date.fromisoformat(entry["due_on"])
        )
    return expected


@pytest.mark.parametrize("case", list(CASES))
def test_finishing_the_wizard_saves_the_case_and_shows_what_assess_gives(
    window, case_file, qtbot, case
):
    answers, count = CASES[case]
    wizard = open_wizard(window)
    walk(wizard, answers, concern_count=count)
    assert wizard.check_page.isComplete(), wizard.check_page.problem.text()
    with qtbot.waitSignal(wizard.case_saved):
        wizard.button(QWizard.WizardButton.FinishButton).click()

    case_id = window.case_view.case_id
    saved = case_file.get_case(case_id)["circumstances"]
    assert saved == flow.answers_to_circumstances(
        answers | {"as_of": answers.get("as_of", "28/11/2026"), "council": "dorset"}, count
    )
    assessment = rules.assess(saved)
    assert shown_deadlines(window) == expected_deadlines(assessment)
    assert expected_deadlines(assessment), "each case should have at least one date to show"
    for index, concern in enumerate(assessment["concerns"]):
        box = window.findChild(QWidget, f"concern_result.{index}")
        shown_routes = {
            label.objectName().split(".")[-1]
            for label in box.findChildren(QLabel)
            if label.objectName().startswith(f"route.{index}.")
        }
        assert shown_routes == {route["id"] for route in concern["routes"]}
    for number, warning in enumerate(assessment["warnings"]):
        assert (
            flow.plain_field_names(warning["text"])
            in window.findChild(QLabel, f"warning.{number}").text()
        )
    # The case list shows the new case with its next deadline.
    rows = case_file.list_cases(today=TODAY)
    assert [row.id for row in rows] == [case_id]
    assert case_file.drafts() == []  # finishing drops the draft


def test_the_app_shows_the_same_dates_as_the_command_line(window, case_file, qtbot, tmp_path):
    answers, count = CASES["plan_contents"]
    wizard = open_wizard(window)
    walk(wizard, answers, concern_count=count)
    with qtbot.waitSignal(wizard.case_saved):
        wizard.accept()
    path = tmp_path / "case.json"
    window.export_to(path)
    printed = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "assess", str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown_deadlines(window) == expected_deadlines(json.loads(printed))


def test_only_the_questions_a_concern_needs_are_shown(window):
    wizard = open_wizard(window)
    walk(
        wizard,
        {"ehc_plan": "final", "concerns.0.kind": "disability_discrimination"},
        stop_at="concern:0",
    )
    assert field(wizard, "concerns.0.conduct_on").isVisible()
    for hidden in (
        "concerns.0.sent_on",
        "concerns.0.sections.F",
        "concerns.0.mediation.certificate_issued_on",
    ):
        assert not field(wizard, hidden).isVisible(), hidden
    field(wizard, "concerns.0.kind").setCurrentIndex(
        field(wizard, "concerns.0.kind").findData("provision_not_delivered")
    )
    assert field(wizard, "concerns.0.sections.G").isVisible()
    assert not field(
        wizard, "concerns.0.sections.B"
    ).isVisible()  # only provision can go undelivered
    assert not field(wizard, "concerns.0.conduct_on").isVisible()


def test_a_bad_date_is_explained_beside_the_field_in_words_and_blocks_next(window, qtbot):
    wizard = open_wizard(window)
    walk(wizard, {"ehc_plan": "final", "concerns.0.kind": "plan_contents"}, stop_at="concern:0")
    sent = field(wizard, "concerns.0.sent_on")
    sent.setText("30/02/2026")
    wizard.next()
    assert wizard.currentPage().page_name == "concern:0"
    message = wizard.findChild(QLabel, "concerns.0.sent_on.message")
    assert message.isVisible() and message.text() == "Problem: 30/02/2026 is not a real date."
    assert (
        "not a real date" in sent.accessibleDescription()
    )  # what a screen reader hears on the field
    assert sent.hasFocus() or wizard.focusWidget() is sent
    sent.setText("02/11/2026")
    assert not message.isVisible()


def test_a_problem_found_by_the_full_check_leads_back_to_its_field(window):
    wizard = open_wizard(window)
    # plan_contents needs sections: the shared validation refuses it and names the field.
    walk(
        wizard,
        {
            "ehc_plan": "final",
            "concerns.0.kind": "plan_contents",
            "concerns.0.sent_on": "02/11/2026",
        },
    )
    assert not wizard.check_page.isComplete()
    assert (
        "Sections" in wizard.check_page.problem.text()
        or "sections" in wizard.check_page.problem.text()
    )
    wizard.check_page.go_button.click()
    assert wizard.currentPage().page_name == "concern:0"


def test_every_input_has_an_accessible_name_and_an_object_name_from_the_contract(window):
    wizard = open_wizard(window)
    walk(wizard, {"ehc_plan": "final", "concerns.0.kind": "plan_contents"}, stop_at="concern:0")
    wizard.currentPage().add_button.click()
    inputs = [
        w
        for w in wizard.findChildren(QWidget)
        if isinstance(
            w, (QLineEdit, QComboBox, QCheckBox, QPlainTextEdit, QSpinBox, QAbstractButton)
        )
        and not w.objectName().startswith("qt_")
    ]
    assert len(inputs) > 60
    for widget in inputs:
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        assert name.strip(), (
            f"{type(widget).__name__} {widget.objectName()!r} has no accessible name"
        )
    names = {w.objectName() for w in inputs}
    for path in (
        "as_of",
        "ehc_plan",
        "appellant",
        "council",
        "family.child_name",
        "family.child_date_of_birth",
        "concerns.0.kind",
        "concerns.0.sent_on",
        "concerns.0.letter_dated",
        "concerns.0.sections.F",
        "concerns.0.sections.H1",
        "concerns.0.mediation.adviser_contacted_on",
        "concerns.0.mediation.wants_mediation",
        "concerns.0.mediation.council_told_on",
        "concerns.0.mediation.concluded_on",
        "concerns.0.mediation.certificate_issued_on",
        "concerns.0.conduct_on",
        "concerns.0.noticed_on",
        "concerns.0.board_decision_notified_on",
        "concerns.1.kind",
        "concerns.1.sent_on",
        "timeline.assessment_requested_on",
        "timeline.draft_plan_served_on",
        "timeline.reassessment_requested_on",
        "timeline.annual_review_meeting_on",
        "timeline.amendment_notice_sent_on",
    ):
        assert path in names, path
    assert isinstance(field(wizard, "concerns.0.mediation.wants_mediation"), QCheckBox)
    assert field(wizard, "ehc_plan").itemData(4) == "final"


def test_the_main_window_and_case_view_have_accessible_names(window, case_file):
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QComboBox, QCheckBox, QPlainTextEdit)) and not isinstance(
            widget.parent(), QComboBox
        ):
            assert widget.accessibleName().strip(), widget.objectName()


def test_keyboard_only_completion(window, case_file, qtbot):
    """Ctrl+N, typing, Tab, arrow keys, Space and Enter are enough to enter and save a case."""

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window.findChild(QWizard, "case_wizard")
    assert wizard is not None
    keys = Keyboard(qtbot, wizard, limit=40)
    focused, tab_to, choose = keys.focused, keys.tab_to, keys.choose
    tab_to("family.child_name")
    qtbot.keyClicks(focused(), "Sam Smith")
    tab_to("family.child_date_of_birth")
    qtbot.keyClicks(focused(), "01/05/2014")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "plan"
    choose("ehc_plan", "final")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "concern:0"
    choose("concerns.0.kind", "plan_contents")
    tab_to("concerns.0.sent_on")
    qtbot.keyClicks(focused(), "02/11/2026")
    for section in ("F", "I"):
        tab_to(f"concerns.0.sections.{section}")
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "timeline"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "check"
    with qtbot.waitSignal(wizard.case_saved):
        qtbot.keyClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.Key.Key_Return)
    saved = case_file.get_case(window.case_view.case_id)["circumstances"]
    assert saved["concerns"][0]["sections"] == ["F", "I"]
    assert saved["family"]["child_name"] == "Sam Smith"


def test_escape_closes_the_wizard_and_keeps_the_answers(window, case_file, qtbot):
    wizard = open_wizard(window)
    walk(wizard, {"family.child_name": "Kai Jones", "ehc_plan": "none"}, stop_at="plan")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    drafts = case_file.drafts()
    assert len(drafts) == 1
    key, data, _saved_at = drafts[0]
    assert data["answers"]["family.child_name"] == "Kai Jones"
    assert data["page"] == "plan"
    # The case list offers to carry on, and carrying on restores the answers and the page.
    assert window.findChild(QWidget, f"resume.{key}") is not None
    window.findChild(QAbstractButton, f"resume.{key}").click()
    resumed = window.findChild(QWizard, "case_wizard")
    assert field(resumed, "family.child_name").text() == "Kai Jones"
    assert resumed.currentPage().page_name == "plan"


def test_editing_a_saved_case_updates_it(window, case_file, qtbot):
    answers, count = CASES["plan_contents"]
    wizard = open_wizard(window)
    walk(wizard, answers, concern_count=count)
    with qtbot.waitSignal(wizard.case_saved):
        wizard.accept()
    case_id = window.case_view.case_id
    window.case_view.buttons["edit_case"].click()
    editing = window.findChild(QWizard, "case_wizard")
    assert field(editing, "concerns.0.sent_on").text() == "02/11/2026"
    walk(editing, {"concerns.0.sent_on": "05/11/2026"})
    with qtbot.waitSignal(editing.case_saved):
        editing.accept()
    assert case_file.get_case(case_id)["circumstances"]["concerns"][0]["sent_on"] == "2026-11-05"
    assert len(case_file.list_cases(today=TODAY)) == 1


def test_every_question_has_a_what_is_this_hint(window) -> None:
    """Every question's help line reaches its input, whatever the kind of input: Shift+F1 (Qt's
    What's This), its tooltip and what a screen reader says after the field's name."""
    from PySide6.QtWidgets import QWidget

    wizard = open_wizard(window)
    questions = [*flow.FAMILY_QUESTIONS, *flow.PLAN_QUESTIONS, *flow.TIMELINE_QUESTIONS]
    checked = 0
    for question in questions:
        widget = wizard.findChild(QWidget, question.path)
        if widget is None or not question.help:
            continue
        hinted = [w for w in (widget, widget.focusProxy()) if w is not None]
        assert any(question.help in w.whatsThis() for w in hinted), question.path
        assert any(question.help in w.accessibleDescription() for w in hinted), question.path
        checked += 1
    assert checked >= 8


def test_going_back_to_a_field_puts_the_problem_in_what_a_screen_reader_says(window):
    """A problem the full check finds on a field that is not a date is put in that field's
    accessible description (Orca speaks it with the focus), and goes once the field changes."""
    wizard = open_wizard(window)
    walk(
        wizard,
        {
            "ehc_plan": "none",
            "concerns.0.kind": "permanent_exclusion",
            "concerns.0.board_decision_notified_on": "02/11/2026",
            "concerns.0.school_closed": "01/01/2027 - 21/12/2026",
        },
    )
    assert not wizard.check_page.isComplete(), wizard.check_page.problem.text()
    wizard.check_page.go_button.click()
    focused = wizard.focusWidget()
    assert isinstance(focused, QPlainTextEdit), focused
    assert focused.accessibleDescription().startswith("Problem:"), focused.accessibleDescription()
    focused.setPlainText("21/12/2026 - 01/01/2027")
    assert not focused.accessibleDescription().startswith("Problem:")
