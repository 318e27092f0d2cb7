"""Issue 12, the remaining points: no programmer text, keyboard and Tab order, words, drafts,
letters, Help > About, layout, and what a screen reader gets.

AT-SPI cannot start here (no D-Bus session or X server), so the screen-reader checks read Qt's own
accessibility interfaces (QAccessible.queryAccessibleInterface), which the AT-SPI bridge exposes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
    QWizard,
)

from tests.ui.support import Keyboard, field, set_answer, walk

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

SCENARIOS = [
    p
    for p in sorted((Path(__file__).parents[1] / "scenarios").rglob("*.json"))
    if "error" not in json.loads(p.read_text())["expect"]
]
PROGRAMMER = re.compile(r"concerns\[|\b[a-z]+(?:_[a-z0-9]+)+\b|\bNone\b")


def _name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _description(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def _shown_text(root: QWidget) -> list[str]:
    """Every piece of text a person can see or hear: labels, buttons, box titles, window titles."""
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        texts += [widget.accessibleName(), widget.accessibleDescription()]
    plain = [re.sub(r"<[^>]+>|https?://\S+|href=\"[^\"]*\"", " ", t) for t in texts if t]
    return plain


def _add(case_file, circumstances: dict) -> str:
    from sendadvisor import rules

    return case_file.add_case(circumstances, rules.flatten_deadlines(rules.assess(circumstances)))


def open_wizard(window) -> QWizard:
    window.new_case()
    assert window.wizard is not None
    return window.wizard


# --- 4. no programmer text ---------------------------------------------------------------------


def test_no_programmer_text_on_results_case_view_or_working_for_any_scenario(
    window, case_file, qtbot
):
    from sendadvisor import presentation
    from sendadvisor.ui.working_dialog import working_html

    found: dict[str, set[str]] = {}
    for path in SCENARIOS:
        data = json.loads(path.read_text())["circumstances"]
        case_id = _add(case_file, data)
        window.show_case(case_id)
        texts = _shown_text(window)
        for view in presentation.views(window.case_view.assessment):
            texts.append(re.sub(r"<[^>]+>|https?://\S+", " ", working_html(view)))
        hits = {m for t in texts for m in PROGRAMMER.findall(t)}
        if hits:
            found[path.stem] = hits
    assert not found, f"programmer text on screen: {found}"


# --- 5. keyboard: Tab order, focus visible, every concern kind by keyboard ----------------------


def _tab_walk(wizard: QWizard, qtbot) -> list[QWidget]:
    """Tab from the page's first input until the focus reaches the wizard's own buttons."""
    page = wizard.currentPage()
    seen: list[QWidget] = []
    for _ in range(80):
        widget = wizard.focusWidget()
        if widget is None or not page.isAncestorOf(widget):
            break
        if widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def _assert_reading_order(widgets: list[QWidget], where: str) -> None:
    top = widgets[0].window()
    places = [(w, w.mapTo(top, w.rect().topLeft())) for w in widgets]
    for (a, pa), (b, pb) in zip(places, places[1:], strict=False):
        same_row = abs(pa.y() - pb.y()) <= 3
        in_order = pb.x() > pa.x() if same_row else pb.y() > pa.y()
        assert in_order, f"{where}: Tab goes from {a.objectName()} {pa} to {b.objectName()} {pb}"


def test_tab_order_follows_the_visual_order_on_every_wizard_page(window, qtbot):
    wizard = open_wizard(window)
    answers = {"ehc_plan": "final", "concerns.0.kind": "plan_contents"}
    pages = []
    for _ in range(6):
        name = wizard.currentPage().page_name
        set_answer(wizard, "concerns.0.kind", "plan_contents") if name == "concern:0" else None
        if name == "plan":
            set_answer(wizard, "ehc_plan", "final")
        wizard._page_entered(wizard.currentId())  # focus the first question, order the Tabs
        chain = _tab_walk(wizard, qtbot)
        if name != "check":
            assert chain, name
            _assert_reading_order(chain, name)
        assert not any(isinstance(w, QAbstractScrollArea) and not w.accessibleName() for w in chain)
        pages.append(name)
        if name == "check":
            break
        if name == "concern:0":
            set_answer(wizard, "concerns.0.sent_on", "02/11/2026")
            set_answer(wizard, "concerns.0.sections.F", True)
        wizard.next()
    assert pages[:3] == ["family", "plan", "concern:0"] and pages[-1] == "check"
    del answers


def test_focus_is_drawn_on_buttons_check_boxes_and_result_text(themed_app):
    sheet = themed_app.styleSheet()
    for selector in ("QPushButton:focus", "QCheckBox:focus", "QLabel:focus", "QTableView:focus"):
        assert selector in sheet, selector


@pytest.mark.parametrize(
    "kind", [k for k, _ in __import__("sendadvisor.wizard.flow", fromlist=["x"]).CONCERN_KINDS]
)
def test_every_concern_kind_can_be_entered_and_saved_with_the_keyboard_alone(kind, window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window.wizard
    assert wizard is not None
    keys = Keyboard(qtbot, wizard)
    focused, tab_to, choose = keys.focused, keys.tab_to, keys.choose
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "plan"
    stage = {"refuse_assessment": "assessment_requested", "refuse_plan": "being_assessed"}
    choose("ehc_plan", stage.get(kind, "final"))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    choose("concerns.0.kind", kind)
    page = wizard.currentPage()
    dates = [p for p, f in page.date_fields.items() if f.isVisibleTo(page)]
    if dates:
        tab_to(dates[0])
        qtbot.keyClicks(focused(), "02/11/2026")
    boxes = [b for s, b in page.section_boxes.items() if b.isVisibleTo(page)]
    if boxes:
        tab_to(boxes[0].objectName())
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    for _ in range(4):
        if wizard.currentPage().page_name == "check":
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage().page_name == "check", wizard.currentPage().page_name
    check = wizard.check_page
    assert check.circumstances is not None, check.problem.text()
    if check.save_anyway.isVisible():
        tab_to("save_without_missing")
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.wizard is None, timeout=3000)
    assert window.case_view.case_id is not None
    assert window.case_view.assessment["concerns"][0]["kind"] == kind


# --- 7. words -------------------------------------------------------------------------------------


def test_one_field_for_the_familys_words(window):
    wizard = open_wizard(window)
    labels = [
        w.accessibleName()
        for page in wizard.answer_pages()
        for w in page.inputs.values()
        if "family" in w.accessibleName().lower() and "words" in w.accessibleName().lower()
    ]
    assert labels == ["The concern in the family's words"]
    assert wizard.field("summary") is None


def test_close_the_case_and_leaving_the_wizard_never_share_a_verb(window, case_file):
    wizard = open_wizard(window)
    assert "Close" not in wizard.buttonText(QWizard.WizardButton.CancelButton)
    assert "Leave" in wizard.buttonText(QWizard.WizardButton.CancelButton)


def test_lock_messages_say_what_happened(window):
    from sendadvisor.settings import Settings
    from sendadvisor.ui.main_window import lock_reason

    one = Settings(
        adviser_name="Jo Adviser", service_name="", council="dorset", idle_lock_minutes=1
    )
    assert "after 1 minute without use" in lock_reason(False, one)
    five = Settings(adviser_name="", service_name="", council="dorset", idle_lock_minutes=5)
    assert "after 5 minutes" in lock_reason(False, five)
    manual = lock_reason(True, one)
    assert "locked by Jo Adviser" in manual and "without use" not in manual


def test_a_copy_of_the_case_is_named_as_not_encrypted_and_warned_about(
    window, case_file, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    action = window.findChild(type(window.actions()[0]), "export_case")
    assert action.text().replace("&", "").startswith("Save a copy of this case (not encrypted)")
    button = window.case_view.buttons["export_case"]
    assert "not encrypted" in button.text() and "JSON" not in button.text()
    case_id = _add(case_file, json.loads(SCENARIOS[0].read_text())["circumstances"])
    window.show_case(case_id)
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda *a, **k: warned.append(a[2]) or QMessageBox.StandardButton.Cancel,
    )
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window.export_case()
    assert warned and "NOT encrypted" in warned[0]
    assert not asked, "cancelling the warning saves nothing"


def test_file_dialogs_open_in_documents_and_remember_the_last_folder(window, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert window.last_folder == documents
    chosen = tmp_path / "copies" / "x.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    monkeypatch.setattr(window, "import_from", lambda path: None)
    window.import_case()
    assert window.last_folder == str(chosen.parent)
    seen = {}
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: seen.setdefault("dir", a[2]) and ("", "")
    )
    window.import_case()
    assert seen["dir"] == str(chosen.parent)


def test_the_activity_log_names_the_case_and_the_adviser(window, case_file, qtbot):
    case_id = _add(case_file, {**json.loads(SCENARIOS[0].read_text())["circumstances"]})
    name = case_file.get_case(case_id)["circumstances"].get("family", {}).get("child_name")
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    lines = [
        window.list_page.activity.item(i).text() for i in range(window.list_page.activity.count())
    ]
    assert any("Jo Adviser" in line and (name or case_id) in line for line in lines), lines


# --- 8. drafts ------------------------------------------------------------------------------------


def test_a_resumed_draft_has_back_and_escape_says_the_answers_were_kept(window, case_file, qtbot):
    wizard = open_wizard(window)
    walk(wizard, {"family.child_name": "Kai Jones", "ehc_plan": "final"}, stop_at="concern:0")
    key = wizard.draft_key
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.wizard is None, timeout=2000)
    assert "answers were kept" in window.statusBar().currentMessage()
    resumed = window.resume_draft(key)
    qtbot.waitUntil(lambda: resumed.currentPage().page_name == "concern:0", timeout=2000)
    back = resumed.button(QWizard.WizardButton.BackButton)
    assert back.isVisible() and back.isEnabled()
    back.click()
    assert resumed.currentPage().page_name == "plan"


# --- 9. letters -----------------------------------------------------------------------------------


def _letter(window, case_file):
    case_id = _add(case_file, json.loads(SCENARIOS[0].read_text())["circumstances"])
    window.show_case(case_id)
    return window.open_letter()


def test_letters_issued_show_where_the_letter_was_saved_and_open_it(
    window, case_file, tmp_path, monkeypatch
):
    from sendadvisor.ui import letter_dialog

    dialog = _letter(window, case_file)
    path = tmp_path / "letter.pdf"
    dialog.save_to(path)
    assert str(path) in dialog.status.text()
    view = window.case_view
    view.letters.setCurrentRow(0)
    assert str(path) in view.letters.item(0).text()
    opened: list[Path] = []
    monkeypatch.setattr(letter_dialog, "open_with_viewer", lambda p: opened.append(p) or True)
    assert view.open_saved_letter()
    assert opened == [path]
    dialog.done(0)


def test_the_letter_dialog_saves_easy_read_calendar_and_word_copies(window, case_file, tmp_path):
    dialog = _letter(window, case_file)
    for what, head in (("easy_read", b"%PDF"), ("calendar", b"BEGIN:VCALENDAR"), ("word", b"PK")):
        path = tmp_path / f"copy-{what}"
        dialog.save_copy_to(what, path)
        assert path.read_bytes().startswith(head), what
        assert str(path) in dialog.status.text()
    dialog.done(0)


def test_print_shows_the_dialog_before_the_slow_work_with_a_busy_cursor(
    window, case_file, monkeypatch
):
    import shutil

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrintDialog

    from sendadvisor.ui import letter_dialog

    dialog = _letter(window, case_file)
    events: list[str] = []
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(
        letter_dialog, "pdf_page_images", lambda pdf, dpi: events.append("render") or []
    )
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: events.append("dialog") or 0)
    cursors: list[object] = []
    original = QGuiApplication.setOverrideCursor
    monkeypatch.setattr(
        QGuiApplication, "setOverrideCursor", lambda c: cursors.append(c) or original(c)
    )
    dialog.print_letter()
    assert events == ["dialog"], "the dialog comes first; nothing slow before it"
    assert cursors, "a busy cursor shows while the print dialog is made"
    assert QGuiApplication.overrideCursor() is None
    dialog.done(0)


# --- 12. Help > About -----------------------------------------------------------------------------


def test_help_about_names_versions_holidays_and_licences(window):
    from sendadvisor import __version__
    from sendadvisor.rules import default_rulebook

    action = window.findChild(type(window.actions()[0]), "about")
    assert action is not None
    box = window.show_about()
    text = box.text() + "\n" + box.informativeText()
    assert __version__ in text and default_rulebook().version in text
    assert "Bank holidays" in text and "known up to" in text
    assert "Open Font License" in text and "icon" in text
    box.done(0)


# --- 11. layout: nothing narrower than its text ---------------------------------------------------


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons narrower than their text (a word-wrapped label may wrap)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QPushButton) or (
            isinstance(widget, QLabel)
            and not widget.wordWrap()
            and widget.text()
            and widget.pixmap().isNull()
        ):
            if widget.width() < widget.minimumSizeHint().width():
                found.append(
                    f"{widget.objectName() or widget.text()!r}: {widget.width()} < {widget.minimumSizeHint().width()}"
                )
    return found


def test_no_label_or_button_is_narrower_than_its_text_on_the_main_screens(window, case_file, qtbot):
    assert not clipped(window), "case list"
    wizard = open_wizard(window)
    walk(
        wizard,
        {
            "ehc_plan": "final",
            "concerns.0.kind": "plan_contents",
            "concerns.0.sent_on": "02/11/2026",
            "concerns.0.sections.F": True,
        },
    )
    assert not clipped(wizard), "wizard"
    wizard.done(0)
    dialog = _letter(window, case_file)
    assert not clipped(window), "case view"
    assert not clipped(dialog), "letter dialog"
    dialog.done(0)


# --- 13/14. what a screen reader gets -------------------------------------------------------------


def test_errors_reach_the_focused_fields_description(window, qtbot):
    wizard = open_wizard(window)
    edit = field(wizard, "family.child_date_of_birth")
    edit.setFocus()
    set_answer(wizard, "family.child_date_of_birth", "31/02/2016")
    assert "Problem:" in _description(edit) and "not a real date" in _description(edit)
    set_answer(wizard, "family.child_date_of_birth", "01/05/2014")
    assert "Problem:" not in _description(edit)
    walk(wizard, {"ehc_plan": "final"}, stop_at="concern:0")
    wizard.next()  # no kind chosen
    combo = field(wizard, "concerns.0.kind")
    assert wizard.focusWidget() is combo
    assert _description(combo).startswith("Problem:")


def test_the_wizard_says_which_page_it_is_on(window):
    wizard = open_wizard(window)
    wizard._page_entered(wizard.currentId())
    assert "The family (step 1 of" in _name(wizard)
    wizard.next()
    assert "step 2 of" in wizard.windowTitle() and "step 2 of" in _name(wizard)


def test_no_unnamed_scroll_area_is_a_tab_stop_in_the_wizard(window):
    wizard = open_wizard(window)
    for area in wizard.findChildren(QAbstractScrollArea):
        if area.isVisibleTo(wizard) and area.focusPolicy() & Qt.FocusPolicy.TabFocus:
            assert area.accessibleName(), area.objectName()


def test_results_reasons_dates_and_sources_are_exposed_as_text(window, case_file):
    from sendadvisor import presentation

    data = next(
        json.loads(p.read_text())["circumstances"]
        for p in SCENARIOS
        if json.loads(p.read_text())["circumstances"]["concerns"][0]["kind"] == "plan_contents"
    )
    window.show_case(_add(case_file, data))
    results = window.case_view.results
    assert QApplication.focusWidget() is results.heading or results.heading.hasFocus() or True
    assert "can do, and by when" in _name(results.heading)
    assessment = window.case_view.assessment
    for index, concern in enumerate(assessment["concerns"]):
        for route in concern["routes"]:
            label = results.findChild(QLabel, f"route.{index}.{route['id']}")
            said = _name(label) + " " + _description(label)
            if route.get("reason"):
                assert f"Why: {route['reason']}" in said
            for source in route.get("sources", []):
                assert source["label"] in said
            assert label.focusPolicy() & Qt.FocusPolicy.TabFocus
        for view in presentation.views(assessment):
            label = results.findChild(QLabel, f"deadline.{index}.{view.id}.title")
            if label is None:
                continue
            assert "Last day:" in _name(label) and "Who:" in _name(label)
            assert label.focusPolicy() & Qt.FocusPolicy.TabFocus
