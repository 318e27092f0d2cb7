"""Issue 14, points 1 to 3: first-run set-up, the service's own council contacts, and help."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from sendadvisor import councils
from sendadvisor.settings import Settings, load_settings
from sendadvisor.ui.settings_dialog import NOT_LISTED
from tests.ui.support import TODAY

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "plan-contents.json"


@pytest.fixture(autouse=True)
def shipped_councils_only():
    """The adviser's own councils folder is global to the core: each test starts and ends without."""
    from sendadvisor.ui import services

    councils.use_user_dir(None)
    services.councils.cache_clear()
    yield
    councils.use_user_dir(None)
    services.councils.cache_clear()


@pytest.fixture
def new_adviser_window(qtbot, themed_app, case_path, case_file, tmp_path):
    """The main window as a new adviser first sees it: settings with no name yet."""
    from sendadvisor.ui.main_window import MainWindow
    from sendadvisor.ui.session import Session

    session = Session(case_path, case_file, user="Adviser (name not set in Settings)")
    main = MainWindow(
        session, Settings(idle_lock_minutes=0), tmp_path / "settings.json", lambda: TODAY
    )
    qtbot.addWidget(main)
    main.show()
    return main


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def fill_poole(editor) -> None:
    """A new council as an adviser would type it: one checked number, the rest 'how to find it'."""
    editor.name.setText("Poole Council")
    sendiass = editor.forms["sendiass"].inputs
    sendiass["name"].setText("Poole SENDIASS")
    sendiass["phone"].setText("01202 123456")
    sendiass["source"].setPlainText("Leaflet given to the service, checked by phone")
    editor.forms["mediation"].inputs["name"].setText("Wessex Mediation Partners")


# --- 1. first-run set-up -------------------------------------------------------------------------


def test_first_run_asks_once_and_the_log_and_letter_name_the_adviser(
    qtbot, new_adviser_window, tmp_path
):
    main = new_adviser_window
    qtbot.waitUntil(lambda: getattr(main, "first_run_dialog", None) is not None)
    dialog = main.first_run_dialog
    assert dialog.objectName() == "first_run" and dialog.isVisible()
    assert not dialog.start.isEnabled(), "Start waits for the adviser's name"
    assert not dialog.passphrase_button.isVisible()
    dialog.adviser.setText("Sam Okafor")
    dialog.service.setText("Poole SENDIASS")
    dialog.idle.setValue(5)
    assert dialog.start.isEnabled()
    assert dialog.council.findData(NOT_LISTED) >= 0
    shown = [dialog.council.itemData(i) for i in range(dialog.council.count())]
    assert {"dorset", "devon", "hampshire", "somerset"} <= set(shown)
    assert dialog.council.currentData() == "dorset"
    dialog.start.click()

    assert load_settings(tmp_path / "settings.json") == Settings(
        adviser_name="Sam Okafor",
        service_name="Poole SENDIASS",
        council="dorset",
        idle_lock_minutes=5,
    )
    # The activity log names the adviser, not the placeholder.
    main.session.case_file.add_note(_add_example_case(main), TODAY, "phone", "Called the family.")
    assert [row["user"] for row in main.session.case_file.recent_activity(2)] == ["Sam Okafor"] * 2
    # The letter names the adviser and the service.
    from sendadvisor.ui import services

    circumstances = json.loads(EXAMPLE.read_text())
    letter = services.build_letter(
        circumstances,
        services.assess(circumstances),
        council_slug=main.settings.council,
        adviser_name=main.settings.adviser_name,
        service_name=main.settings.service_name,
        issued_on=TODAY,
        large_print=False,
    )
    text = pdf_text(letter.pdf)
    assert "Sam Okafor" in text and "Poole SENDIASS" in text

    # Once: a window opened with the saved settings asks nothing.
    from sendadvisor.ui.main_window import MainWindow

    again = MainWindow(
        main.session,
        load_settings(tmp_path / "settings.json"),
        tmp_path / "settings.json",
        main.clock,
    )
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(50)
    assert getattr(again, "first_run_dialog", None) is None


def _add_example_case(main) -> str:
    from sendadvisor import casework

    circumstances = json.loads(EXAMPLE.read_text())
    deadlines, computed_with = casework.worked_out(circumstances)
    return main.session.case_file.add_case(circumstances, deadlines, computed_with)


def test_first_run_later_leaves_settings_alone_and_settings_can_change_everything(
    qtbot, new_adviser_window, tmp_path
):
    main = new_adviser_window
    qtbot.waitUntil(lambda: getattr(main, "first_run_dialog", None) is not None)
    main.first_run_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not (tmp_path / "settings.json").exists()
    assert main.settings.adviser_name == ""


def test_my_council_is_not_listed_opens_the_editor_and_the_letter_uses_the_new_contacts(
    qtbot, new_adviser_window, tmp_path, monkeypatch
):
    from sendadvisor.ui.contacts_editor import ContactsEditor

    def typed_and_saved(editor: ContactsEditor) -> int:
        fill_poole(editor)
        editor.save()
        return editor.result()

    monkeypatch.setattr(ContactsEditor, "exec", typed_and_saved)
    main = new_adviser_window
    qtbot.waitUntil(lambda: getattr(main, "first_run_dialog", None) is not None)
    dialog = main.first_run_dialog
    dialog.adviser.setText("Sam Okafor")
    index = dialog.council.findData(NOT_LISTED)
    dialog.council.setCurrentIndex(index)
    dialog.council.activated.emit(index)

    assert dialog.council.currentData() == "poole"
    saved = tmp_path / "councils" / "poole.toml"
    assert saved.is_file()
    assert [p.name for p in saved.parent.iterdir()] == ["poole.toml"], "no temporary file left"
    assert councils.read_council_file(saved).name == "Poole Council"
    dialog.start.click()
    assert main.settings.council == "poole"

    # The letter uses it at once (use_user_dir was called on saving).
    from sendadvisor.ui import services

    circumstances = json.loads(EXAMPLE.read_text()) | {"council": "poole"}
    letter = services.build_letter(
        circumstances,
        services.assess(circumstances),
        council_slug="poole",
        adviser_name="Sam Okafor",
        service_name="",
        issued_on=TODAY,
        large_print=False,
    )
    text = pdf_text(letter.pdf)
    assert "Poole SENDIASS" in text and "01202 123456" in text
    assert "Wessex Mediation Partners" in text


def test_cancelling_the_editor_goes_back_to_the_council_chosen_before(
    qtbot, themed_app, monkeypatch
):
    from sendadvisor.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(
        Settings(council="dorset"), (("dorset", "Dorset Council"),), lambda _s: None
    )
    qtbot.addWidget(dialog)
    index = dialog.council.findData(NOT_LISTED)
    dialog.council.setCurrentIndex(index)
    dialog.council.activated.emit(index)
    assert dialog.council.currentData() == "dorset"
    assert dialog.settings().council == "dorset"


# --- 2. the contacts editor ------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot, themed_app, tmp_path):
    from sendadvisor.ui.contacts_editor import ContactsEditor

    dialog = ContactsEditor(tmp_path / "councils", TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_a_new_council_invents_nothing_and_saves_a_file_the_loader_accepts(editor, tmp_path):
    editor.name.setText("Poole Council")
    assert editor.tabs.tabText(editor.tabs.count() - 1) == "Local Offer"
    path = editor.save()
    assert path == tmp_path / "councils" / "poole.toml"
    council = councils.read_council_file(path)
    for role in councils.COUNCIL_ROLES + councils.OPTIONAL_COUNCIL_ROLES:
        contact = council.contact(role)
        assert contact is not None
        assert contact.phone is None and contact.email is None and not contact.address
        assert contact.find_it, f"{role}: an unchecked contact says how to find it"
        assert contact.last_checked == TODAY
    assert editor.result() == QDialog.DialogCode.Accepted
    assert councils.user_dir() == tmp_path / "councils"
    assert ("poole", "Poole Council") in councils.available_councils()


@pytest.mark.parametrize(
    ("role", "key", "typed", "says"),
    [
        ("sendiass", "phone", "0800", "does not look like a phone number"),
        ("mediation", "email", "mediation at poole", "does not look like an email address"),
        ("complaints", "last_checked", "last spring", "must be a date"),
    ],
)
def test_each_bad_value_is_shown_beside_its_field_and_nothing_is_written(
    editor, tmp_path, role, key, typed, says
):
    editor.name.setText("Poole Council")
    field = editor.forms[role].inputs[key]
    if hasattr(field, "setPlainText"):
        field.setPlainText(typed)
    else:
        field.setText(typed)
    assert editor.save() is None
    message = editor.forms[role].messages[key]
    assert not message.isHidden() and says in message.text()
    assert field.accessibleDescription().startswith("Problem:") and says in (
        field.accessibleDescription()
    )
    assert f"councils/poole.toml: contacts.{role}.{key}" in editor.summary.text()
    assert editor.tabs.currentIndex() == list(editor.forms).index(role)
    assert not (tmp_path / "councils" / "poole.toml").exists()
    # Put right, it saves, and the message goes.
    good = {"phone": "01202 123456", "email": "mediation@poole.example.org"}.get(key, "28/11/2026")
    field.setPlainText(good) if hasattr(field, "setPlainText") else field.setText(good)
    assert editor.save() is not None
    assert message.isHidden() and not field.accessibleDescription().startswith("Problem:")


def test_every_problem_at_once_each_beside_its_own_field(editor):
    editor.name.setText("Poole Council")
    editor.forms["sendiass"].inputs["phone"].setText("12")
    editor.forms["mediation"].inputs["email"].setText("nope")
    sen_team = editor.forms["sen_team"].inputs
    sen_team["find_it"].setPlainText("")  # no way left to reach it
    assert not editor.check()
    assert "phone number" in editor.forms["sendiass"].messages["phone"].text()
    assert "email address" in editor.forms["mediation"].messages["email"].text()
    assert "needs a phone, email, web, address or find_it" in (
        editor.forms["sen_team"].messages["name"].text()
    )
    assert "(and 2 more)" in editor.summary.text()


def test_the_same_organisation_for_two_roles(editor):
    editor.name.setText("Poole Council")
    form = editor.forms["disagreement_resolution"]
    form.same_as.setCurrentIndex(form.same_as.findData("mediation"))
    assert not form.inputs["name"].isEnabled()
    path = editor.save()
    assert path is not None
    council = councils.read_council_file(path)
    assert council.contact("disagreement_resolution") == council.contact("mediation")


def test_export_then_import_gives_every_adviser_the_same_file(editor, qtbot, themed_app, tmp_path):
    from sendadvisor.ui.contacts_editor import ContactsEditor

    fill_poole(editor)
    shared = tmp_path / "Poole contacts for all advisers.toml"
    assert editor.export_to(shared)
    other = ContactsEditor(tmp_path / "other adviser" / "councils", TODAY)
    qtbot.addWidget(other)
    assert other.import_from(shared)
    assert other.name.text() == "Poole Council"
    assert other.council_slug() == "poole"
    path = other.save()
    assert path is not None
    assert tomllib.loads(path.read_text()) == tomllib.loads(shared.read_text())


def test_editing_a_shipped_council_saves_the_advisers_own_copy(qtbot, themed_app, tmp_path):
    from sendadvisor.ui.contacts_editor import ContactsEditor

    editor = ContactsEditor(tmp_path / "councils", TODAY, slug="dorset")
    qtbot.addWidget(editor)
    assert editor.name.text() == "Dorset Council"
    assert editor.forms["sendiass"].inputs["phone"].text() == "07748 624609"
    assert editor.forms["disagreement_resolution"].same_as.currentData() == "mediation"
    editor.forms["sendiass"].inputs["hours"].setText("Monday to Friday, 9am to 4pm")
    path = editor.save()
    assert path == tmp_path / "councils" / "dorset.toml"
    assert councils.council_file("dorset") == path, "the adviser's own file wins"
    contact = councils.load_council("dorset").contact("sendiass")
    assert contact is not None and contact.phone_label == "Mobile", "keys not shown are kept"
    assert contact.hours == "Monday to Friday, 9am to 4pm"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("phone = ", "phon = "), "contacts.sendiass.phon: unknown key"),
        (("[contacts.complaints]", "[contacts.social_care]"), "contacts.social_care: unknown key"),
    ],
)
def test_import_refuses_a_wrong_key_in_one_line_naming_the_file_and_key(
    editor, tmp_path, change, named
):
    fill_poole(editor)
    shared = tmp_path / "shared.toml"
    assert editor.export_to(shared)
    shared.write_text(shared.read_text().replace(*change, 1))
    before = editor.name.text()
    editor.name.setText("Something else")
    assert not editor.import_from(shared)
    assert f"shared.toml: {named}" in editor.summary.text()
    assert "\n" not in editor.summary.text()
    assert editor.name.text() == "Something else", "nothing was loaded"
    assert before == "Poole Council"


def test_import_of_a_bad_value_loads_it_to_be_put_right_beside_its_field(editor, tmp_path):
    fill_poole(editor)
    shared = tmp_path / "shared.toml"
    assert editor.export_to(shared)
    shared.write_text(shared.read_text().replace("01202 123456", "01202 12345x"))
    assert not editor.import_from(shared)
    assert "phone number" in editor.forms["sendiass"].messages["phone"].text()


def test_the_tools_menu_opens_the_editor_on_the_usual_council(window, monkeypatch):
    from sendadvisor.ui.contacts_editor import ContactsEditor

    seen = []
    monkeypatch.setattr(ContactsEditor, "exec", lambda self: seen.append(self.name.text()) or 0)
    window.findChild(type(window.new_action), "council_contacts").trigger()
    assert seen == ["Dorset Council"]


# --- 3. help ------------------------------------------------------------------------------------


def test_help_menu_opens_the_user_guide_with_every_question_and_route(window):
    from sendadvisor.rules.rulebook import default_rulebook
    from sendadvisor.wizard.questions import load_wording

    actions = [a.objectName() for a in window.menuBar().actions()[-1].menu().actions()]
    assert actions[:2] == ["user_guide", "about"]
    window.findChild(type(window.new_action), "user_guide").trigger()
    guide = window.findChild(QDialog, "help_window")
    assert guide is not None and guide.isVisible()
    text = " ".join(guide.browser.toPlainText().split())
    for heading in (
        "How a visit goes",
        "Each question in the case wizard",
        "What each route means",
        "Where the data lives, and backups",
        "A lost passphrase",
        "The case file is damaged",
        "Restore a backup",
    ):
        assert heading in text
    for route in default_rulebook().routes:
        assert route.title in text and " ".join(route.summary.split()) in text
    for questions in load_wording().questions.values():
        for label, help_text in questions.values():
            assert label in text and help_text in text
    assert "{{" not in text
    assert guide.show_section("What each route means")


def test_every_wizard_question_has_a_what_is_this_help_line():
    from sendadvisor.wizard.questions import load_wording

    missing = [
        f"{page}.{path}"
        for page, questions in load_wording().questions.items()
        for path, (_label, help_text) in questions.items()
        if not help_text
    ]
    assert missing == []


def test_the_new_dialogs_are_not_imported_before_they_are_needed():
    """The first window stays fast: the main window imports none of the new dialogs."""
    code = (
        "import sys, sendadvisor.ui.main_window; "
        "print(sorted(m for m in sys.modules if m.split('.')[-1] in "
        "('first_run', 'contacts_editor', 'help_window')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert out.strip() == "[]"
