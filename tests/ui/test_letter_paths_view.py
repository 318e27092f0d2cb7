"""Issue 12 (9): "Letters issued" lists where each letter was saved, kept in the case file
(migration 0007), opens it, and says plainly when the file has since been moved or deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan-contents.json"


def _case(window, case_file) -> str:
    from sendadvisor import rules

    circumstances = json.loads(EXAMPLE.read_text())
    case_id = case_file.add_case(
        circumstances, rules.flatten_deadlines(rules.assess(circumstances))
    )
    window.show_case(case_id)
    return case_id


def test_a_saved_letter_keeps_its_place_in_the_case_file_and_opens_from_it(
    window, case_file, tmp_path, monkeypatch
):
    from sendadvisor.ui import letter_dialog

    case_id = _case(window, case_file)
    dialog = window.open_letter()
    path = tmp_path / "Letter for Sam.pdf"
    dialog.save_to(path)
    dialog.done(0)
    # Kept in the case file, not only for this session.
    [letter] = case_file.letters(case_id)
    assert letter["path"] == str(path)
    window.show_list()
    window.show_case(case_id)
    view = window.case_view
    assert view.letters.count() == 1
    assert f"saved to {path}" in view.letters.item(0).text()
    view.letters.setCurrentRow(0)
    button = view.open_letter_button
    assert button.isEnabled() and button.accessibleName() == "Open the saved letter"
    opened: list[Path] = []
    monkeypatch.setattr(letter_dialog, "open_with_viewer", lambda p: opened.append(p) or True)
    button.click()
    assert opened == [path]
    assert view.letter_message.text() == f"Opened {path}"


def test_a_letter_moved_or_deleted_since_it_was_saved_is_said_so(
    window, case_file, tmp_path, monkeypatch
):
    from sendadvisor.ui import letter_dialog

    case_id = _case(window, case_file)
    dialog = window.open_letter()
    path = tmp_path / "letter.pdf"
    dialog.save_to(path)
    dialog.done(0)
    path.rename(tmp_path / "moved.pdf")
    window.show_case(case_id)
    view = window.case_view
    assert "no longer there (moved or deleted)" in view.letters.item(0).text()
    view.letters.setCurrentRow(0)
    button = view.open_letter_button
    assert button.isEnabled()  # pressing it explains; a screen reader hears why beforehand too
    assert "moved or deleted" in button.accessibleDescription()
    opened: list[Path] = []
    monkeypatch.setattr(letter_dialog, "open_with_viewer", lambda p: opened.append(p) or True)
    assert not view.open_saved_letter()
    assert opened == []
    said = view.letter_message.text()
    assert said.startswith(f"The letter is no longer at {path}: it was moved or deleted")
    assert button.accessibleDescription() == said


def test_a_letter_printed_but_never_saved_says_it_has_no_file(window, case_file):
    case_id = _case(window, case_file)
    case_file.record_letter(
        case_id, by="Jo Adviser", rules_version="r1", pdf_sha256="dd" * 32, large_print=True
    )
    window.show_case(case_id)
    view = window.case_view
    view.letters.setCurrentRow(0)
    assert "not saved on this computer (printed or opened only)" in view.letters.item(0).text()
    assert not view.open_letter_button.isEnabled()
    assert not view.open_saved_letter()
    assert "was not saved on this computer" in view.letter_message.text()


def test_a_letter_printed_first_and_saved_afterwards_gets_its_place(window, case_file, tmp_path):
    case_id = _case(window, case_file)
    dialog = window.open_letter()
    dialog._issued()  # printed: recorded once, with no file
    path = tmp_path / "later.pdf"
    dialog.save_to(path)  # the same letter, saved afterwards: recorded once, now with its place
    dialog.done(0)
    assert [letter["path"] for letter in case_file.letters(case_id)] == [str(path)]
