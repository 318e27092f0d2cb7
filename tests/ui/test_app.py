"""The app around the wizard: unlock, case list, letter, import/export, settings, idle lock, start-up."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from sendadvisor import rules
from sendadvisor.settings import Settings, load_settings
from sendadvisor.storage import CaseFile
from sendadvisor.ui.idle_lock import IdleWatcher
from sendadvisor.ui.settings_dialog import SettingsDialog
from sendadvisor.ui.timeline_picture import TimelinePicture, marks_from_assessment
from sendadvisor.ui.unlock_dialog import UnlockDialog
from sendadvisor.wizard import flow
from tests.ui.support import PASSPHRASE, TODAY, walk

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

CASE = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "council": "dorset",
    "family": {
        "parent_name": "Alex Smith",
        "address": ["1 High Street", "Dorchester", "DT1 1AA"],
        "child_name": "Sam Smith",
        "child_date_of_birth": "2014-05-01",
        "school_name": "Dorchester Primary",
    },
    "ehc_plan": "final",
    "concerns": [
        {
            "kind": "plan_contents",
            "sections": ["F", "I"],
            "sent_on": "2026-10-15",
            "mediation": {"adviser_contacted_on": "2026-11-20", "wants_mediation": False},
        }
    ],
    "timeline": {"annual_review_meeting_on": "2026-09-01"},
}


def add_case(case_file, circumstances=CASE) -> str:
    return case_file.add_case(circumstances, rules.flatten_deadlines(rules.assess(circumstances)))


def test_case_list_shows_next_deadline_days_left_and_overdue_council_limits_in_words(
    window, case_file, qtbot
):
    case_id = add_case(case_file)
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    model = window.list_page.model
    assert model.rowCount() == 1
    cells = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    # Literal values: the case is fixed. The appeal (2 months after 15 October) is next, and as
    # the adviser was contacted in time with the certificate awaited, it waits, never "passed".
    # Overdue on 28 November: the certificate (25 November), the annual review decision (4 weeks
    # after 1 September) and the final amended plan (8 weeks after that).
    assert cells == [
        "Sam Smith",
        "15/12/2026",
        "Waiting for the mediation certificate",
        "Waiting for the mediation certificate; 3 overdue (council or others): after the annual"
        " review, the council must decide whether to keep, change or cease the plan, and send"
        " any proposed changes and 2 more",
        "The family disagrees with what the final EHC plan says",
        "Dorchester Primary",
    ]
    window.list_page.table.setCurrentIndex(model.index(0, 0))
    window.open_selected()
    assert window.case_view.case_id == case_id


def test_search_filters_the_list_as_the_adviser_types(window, case_file, qtbot):
    add_case(case_file)
    other = json.loads(json.dumps(CASE))
    other["family"]["child_name"] = "Ria Patel"
    add_case(case_file, other)
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    assert window.list_page.model.rowCount() == 2
    qtbot.keyClicks(window.list_page.search, "Ria")
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 1, timeout=2000)
    assert window.list_page.model.data(window.list_page.model.index(0, 0)) == "Ria Patel"
    assert window.list_page.count.text() == "1 case found"


def test_notes_are_added_to_the_open_case(window, case_file):
    case_id = add_case(case_file)
    window.show_case(case_id)
    view = window.case_view
    view.note_text.setPlainText("Talked through the appeal form.")
    view.findChild(type(view.buttons["letter"]), "add_note").click()
    assert [n["text"] for n in case_file.notes(case_id)] == ["Talked through the appeal form."]
    assert view.notes.count() == 1


def test_letter_is_previewed_saved_and_recorded_in_the_case(window, case_file, tmp_path):
    case_id = add_case(case_file)
    window.show_case(case_id)
    dialog = window.open_letter()
    assert dialog.letter is not None
    if shutil.which("pdftoppm"):  # CI installs poppler: the preview must then really show pages
        assert dialog.pages_layout.count() > 1, dialog.status.text()
    else:
        assert "cannot be shown" in dialog.status.text()
    dialog.save_to(tmp_path / "standard.pdf")
    dialog.large.setChecked(True)
    dialog.save_to(tmp_path / "large.pdf")
    dialog.save_to(tmp_path / "large-again.pdf")  # the same PDF again is not a new issue
    dialog.accept()
    letters = case_file.letters(case_id)
    assert [letter["large_print"] for letter in letters] == [False, True]
    assert (
        letters[0]["pdf_sha256"]
        == hashlib.sha256((tmp_path / "standard.pdf").read_bytes()).hexdigest()
    )
    assert (tmp_path / "large.pdf").read_bytes().startswith(b"%PDF")
    assert letters[1]["rules_version"] == rules.RULES_VERSION
    assert window.case_view.letters.count() == 2


def test_export_and_import_circumstances_json(window, case_file, tmp_path):
    case_id = add_case(case_file)
    window.show_case(case_id)
    path = tmp_path / "sam.json"
    window.export_to(path)
    assert json.loads(path.read_text(encoding="utf-8")) == CASE
    new_id = window.import_from(path)
    assert new_id != case_id
    assert case_file.get_case(new_id)["circumstances"] == CASE


def test_importing_a_file_with_a_problem_opens_it_in_the_wizard(
    window, tmp_path, qtbot, monkeypatch
):
    monkeypatch.setattr("sendadvisor.ui.main_window.QMessageBox.information", lambda *args: None)
    broken = json.loads(json.dumps(CASE))
    broken["concerns"][0]["sent_on"] = "2026-12-25"  # after as_of
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    wizard = window.import_from(path)
    assert isinstance(wizard, QWizard)
    assert wizard.field("concerns.0.sent_on").text() == "25/12/2026"


def test_unlock_dialog_refuses_a_wrong_passphrase_and_changes_nothing(
    themed_app, qtbot, case_path, case_file
):
    case_file.close()
    before = case_path.read_bytes()
    dialog = UnlockDialog(case_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.creating
    dialog.passphrase.setText("not the passphrase")
    dialog.ok.click()
    message = dialog.findChild(QLabel, "unlock_message")
    assert message.isVisible() and message.text().startswith("Problem: ")
    assert dialog.case_file is None
    assert case_path.read_bytes() == before
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok.click()
    assert dialog.case_file is not None
    dialog.case_file.close()


def test_first_run_asks_for_a_strong_passphrase_twice_and_warns_it_cannot_be_recovered(
    themed_app, qtbot, tmp_path
):
    path = tmp_path / "new.sendadvisor"
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.creating
    assert "Nobody can recover this passphrase" in dialog.warning.text()
    qtbot.keyClicks(dialog.passphrase, "short")
    assert "Too short" in dialog.strength.text() and not dialog.ok.isEnabled()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    assert not dialog.ok.isEnabled() and "not the same" in dialog.strength.text()
    dialog.repeat.setText(PASSPHRASE)
    assert dialog.ok.isEnabled()
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.case_file is not None and path.exists()
    dialog.case_file.close()


def test_lock_hides_everything_until_the_passphrase_is_typed(window, qtbot, case_file):
    wizard = window.new_case()
    wizard.field("family.child_name").setText("Kai Jones")
    assert window.lock()
    assert window.session.locked and not window.isVisible() and not wizard.isVisible()
    dialog = window.unlock_dialog
    assert dialog.isVisible()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok.click()
    assert not window.session.locked and window.isVisible() and wizard.isVisible()
    # The answers typed before the lock were kept, and autosave goes on into the reopened file.
    wizard.field("family.parent_name").setText("Lee Jones")
    window.session.case_file.flush()
    draft = window.session.case_file.load_draft(wizard.draft_key)
    assert draft["answers"]["family.child_name"] == "Kai Jones"
    assert draft["answers"]["family.parent_name"] == "Lee Jones"
    window.session.close()


def test_idle_watcher_fires_after_the_idle_time_and_never_when_off(qtbot, themed_app):
    watcher = IdleWatcher(0)
    assert not watcher.timer.isActive()
    watcher.set_minutes(5)
    assert watcher.timer.interval() == 300_000 and watcher.timer.isActive()
    watcher.timer.setInterval(20)
    watcher.timer.start()
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass


def test_settings_dialog_saves_adviser_service_council_and_lock_time(window, tmp_path, monkeypatch):
    dialog = SettingsDialog(window.settings, (("dorset", "Dorset Council"),), window)
    dialog.adviser.setText("Pat Adviser")
    dialog.service.setText("SENDIASS Dorset")
    dialog.idle.setValue(3)
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: SettingsDialog.DialogCode.Accepted)
    monkeypatch.setattr("sendadvisor.ui.main_window.SettingsDialog", lambda *args: dialog)
    window.edit_settings()
    assert load_settings(tmp_path / "settings.json") == Settings(
        "Pat Adviser", "SENDIASS Dorset", "dorset", 3
    )
    assert window.idle.timer.interval() == 180_000


def test_timeline_picture_marks_every_date_and_says_which_have_passed(qtbot, themed_app):
    assessment = rules.assess(CASE)
    marks = marks_from_assessment(assessment, TODAY)
    picture = TimelinePicture()
    qtbot.addWidget(picture)
    picture.set_marks(marks, TODAY)
    picture.resize(900, picture.heightForWidth(900))
    image = picture.grab().toImage()
    assert image.width() == 900
    description = picture.accessibleDescription()
    for mark in marks:
        assert flow.format_date_text(mark.due_on) in description
    assert any(mark.gone for mark in marks)
    assert "passed" in description or "overdue" in description
    # Some pixels are not white: something was drawn.
    assert any(
        image.pixelColor(x, y).lightness() < 128
        for x in range(0, 900, 7)
        for y in range(0, image.height(), 5)
    )


@pytest.mark.slow
def test_draft_survives_a_killed_process(themed_app, qtbot, tmp_path):
    """Half a wizard is filled in a separate app process, which is then SIGKILLed; the draft is there on restart."""
    path = tmp_path / "crash.sendadvisor"
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_child.py")), str(path), PASSPHRASE],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline().strip()
        assert line.startswith("filled "), line
        key = line.split()[1]
        child.kill()  # SIGKILL: no clean-up, no close, no flush
    finally:
        child.wait(timeout=30)
    assert child.returncode == -9

    reopened = CaseFile.open(path, PASSPHRASE)
    try:
        draft = reopened.load_draft(key)
        assert draft is not None, "the draft was lost"
        assert draft["answers"]["family.child_name"] == "Noor Ahmed"
        assert draft["answers"]["concerns.0.kind"] == "refuse_assessment"
        assert draft["page"] == "concern:0"

        from sendadvisor.ui.main_window import MainWindow
        from sendadvisor.ui.session import Session

        window = MainWindow(
            Session(path, reopened), Settings(idle_lock_minutes=0), None, lambda: TODAY
        )
        qtbot.addWidget(window)
        window.show()
        window.refresh_list()
        window.resume_draft(key)
        wizard = window.findChild(QWizard, "case_wizard")
        assert wizard.currentPage().page_name == "concern:0"
        assert wizard.field("concerns.0.sent_on").text() == "10/11/2026"
        walk(wizard, {"ehc_plan": "being_assessed"})
        assert wizard.check_page.isComplete(), wizard.check_page.problem.text()
        wizard.accept()
        assert reopened.drafts() == []
    finally:
        reopened.close()


def test_sendadvisor_with_data_opens_the_app_on_that_file(tmp_path):
    """`python -m sendadvisor --data FILE` creates the file, paints the window and fills the case list."""
    path = tmp_path / "cases.sendadvisor"
    env = os.environ | {
        "SENDADVISOR_PASSPHRASE": PASSPHRASE,
        "SENDADVISOR_STARTUP_PROBE": "1",
        "SENDADVISOR_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "--data", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:3] == ["unlocked", "painted", "list"]
    assert path.exists()


def test_close_reopen_and_delete_a_case(window, case_file, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: QMessageBox.StandardButton.Yes)
    case_id = add_case(case_file)
    window.show_case(case_id)
    window.case_view.buttons["close_case"].click()
    assert case_file.list_cases(today=TODAY) == []
    assert case_file.get_case(case_id)["closed_on"] == TODAY.isoformat()
    window.show_case(case_id)
    assert window.case_view.buttons["reopen_case"].isVisible()
    window.case_view.buttons["reopen_case"].click()
    assert [row.id for row in case_file.list_cases(today=TODAY)] == [case_id]
    window.case_view.buttons["delete_case"].click()
    assert case_file.list_cases(today=TODAY, include_closed=True) == []
    assert window.stack.currentWidget() is window.list_page


def test_unlock_at_start_up_opens_with_the_advisers_name_for_the_audit(
    themed_app, qtbot, case_path, case_file, monkeypatch
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sendadvisor.ui.main import unlock

    case_file.close()
    monkeypatch.delenv("SENDADVISOR_PASSPHRASE", raising=False)

    def type_passphrase() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet
            QTimer.singleShot(10, type_passphrase)
            return
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok.click()

    QTimer.singleShot(0, type_passphrase)
    opened = unlock(case_path, lambda: "Pat Adviser")
    try:
        assert opened is not None
        assert opened.recent_activity(1)[0]["user"] == "Pat Adviser"
    finally:
        opened.close()


def test_unlocking_an_existing_file_shows_no_new_file_warning(
    themed_app, qtbot, case_path, case_file
):
    case_file.close()
    dialog = UnlockDialog(case_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert (
        not dialog.warning.isVisible()
        and not dialog.repeat.isVisible()
        and not dialog.strength.isVisible()
    )


def test_only_the_newest_search_is_shown_and_typing_never_waits_for_the_query(
    window, case_file, qtbot
):
    add_case(case_file)
    other = json.loads(json.dumps(CASE))
    other["family"]["child_name"] = "Ria Patel"
    add_case(case_file, other)
    loader = window.list_loader
    shown = []
    loader.loaded.connect(lambda rows, searching: shown.append([row.child_name for row in rows]))
    for text in ("Sam", "Ria", "Patel"):  # three requests while the first is still running
        window.list_page.search.setText(text)
        window.list_page.search_timer.stop()
        window.refresh_list()
    qtbot.waitUntil(lambda: not loader.busy, timeout=3000)
    assert shown[-1] == ["Ria Patel"]
    assert len(shown) <= 2  # the superseded middle request was never shown
    assert window.list_page.model.data(window.list_page.model.index(0, 0)) == "Ria Patel"


def test_a_saved_case_looked_at_later_shows_each_date_as_it_stands_that_day(qtbot, themed_app):
    """Advice given in January 2025, looked at in November 2026: the appeal's day has gone, so
    the results, the picture and the case list all say it has passed (not "in 624 days ago")."""
    import json
    from datetime import date
    from pathlib import Path

    from PySide6.QtWidgets import QLabel

    from sendadvisor import presentation
    from sendadvisor.ui.results_view import ResultsView

    path = Path(__file__).parents[1] / "scenarios" / "worked" / "ex01.json"
    data = json.loads(path.read_text())["circumstances"]
    assessment = rules.assess(data)
    appeal = next(d for d in assessment["concerns"][0]["deadlines"] if d["id"] == "tribunal_appeal")
    assert appeal["status"] == "upcoming"  # on the day of the advice
    later = date(2026, 11, 28)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_assessment(data, assessment, later)
    texts = [label.text() for label in view.findChildren(QLabel)]
    assert any("Passed" in text and "days ago" in text for text in texts), texts
    gone = [mark for mark in view.picture.marks if mark.title == appeal["title"]]
    assert gone and gone[0].gone and gone[0].status == "passed"
    assert "passed" in view.picture.accessibleDescription().lower()
    due = date.fromisoformat(appeal["due_on"])
    assert presentation.status_on(appeal["status"], due, "family", later) == "passed"
