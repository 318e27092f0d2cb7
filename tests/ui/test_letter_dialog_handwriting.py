"""The letter window says when a name must be written by hand (issue 13, point 6): a script no
bundled font has (Ethiopic, Khmer...) leaves a blank line in the PDF, and the adviser is told in
words above the preview and in the accessible description of the preview and of Save, Print and
Open; a name the letter prints (Gurmukhi, Devanagari, Thai...) brings no note."""

from __future__ import annotations

from datetime import date

import pytest

ETHIOPIC = "አበበ ከበደ"
KHMER = "សុខា ចាន់"


def _case(parent: str, child: str) -> dict:
    return {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-11-27",
        "council": "dorset",
        "ehc_plan": "final",
        "family": {"child_name": child, "parent_name": parent},
        "concerns": [{"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-02"}],
    }


def _dialog(qtbot, circumstances: dict):
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.rules import assess
    from sendadvisor.ui.letter_dialog import LetterDialog

    dialog = LetterDialog(
        circumstances=circumstances,
        assessment=assess(parse_circumstances(circumstances)),
        council_slug="dorset",
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=date(2026, 11, 27),
        suggested_name="Letter 2026-11-27.pdf",
        record=lambda letter: None,
    )
    qtbot.addWidget(dialog)
    return dialog


def test_a_name_no_font_has_is_flagged_in_words_and_to_screen_readers(qtbot, themed_app) -> None:
    dialog = _dialog(qtbot, _case(ETHIOPIC, KHMER))
    assert dialog.letter is not None  # the letter is made, never refused
    note = dialog.handwriting
    assert note.isVisibleTo(dialog)  # shown whenever the window is
    text = note.text()
    assert text.startswith("Write by hand:")  # words, not colour alone
    assert "Parent or carer's name" in text and "Child or young person's name" in text
    assert "printed letter" in text
    assert note.accessibleName() == text
    for widget in (dialog.preview, dialog.save_button, dialog.print_button, dialog.open_button):
        assert widget.accessibleDescription() == text, widget.objectName()
    # Above the preview, so it is read and seen before the pages.
    layout = dialog.layout()
    assert layout.indexOf(note) < layout.indexOf(dialog.preview)
    # It stays through a change of print size.
    dialog.large.setChecked(True)
    assert dialog.letter is not None and dialog.letter.large_print
    assert note.isVisibleTo(dialog) and dialog.save_button.accessibleDescription() == text


def test_one_field_reads_as_one(qtbot, themed_app) -> None:
    dialog = _dialog(qtbot, _case("Sara Haile", ETHIOPIC))
    text = dialog.handwriting.text()
    assert "Child or young person's name" in text and "Parent" not in text
    assert "Write it in" in text


@pytest.mark.parametrize(
    "parent, child",
    [("ਹਰਪ੍ਰੀਤ ਕੌਰ", "प्रिया शर्मा"), ("สมชาย", "சுமதி"), ("Jane Smith", "王芳")],
)
def test_names_the_letter_prints_bring_no_note(qtbot, themed_app, parent, child) -> None:
    dialog = _dialog(qtbot, _case(parent, child))
    assert dialog.letter is not None
    assert not dialog.handwriting.isVisibleTo(dialog)
    assert dialog.handwriting_note == ""
    for widget in (dialog.preview, dialog.save_button, dialog.print_button):
        assert widget.accessibleDescription() == ""
