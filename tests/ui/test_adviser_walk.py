"""Issue 12: the app as a new adviser tried it (review: new-adviser-walk.md, screen-reader.md)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QWizard

from tests.ui.support import field

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def open_wizard(window) -> QWizard:
    window.findChild(type(window.actions()[0]), "new_case").trigger()
    wizard = window.wizard
    assert wizard is not None
    return wizard


def wheel(widget, steps: int = -3) -> QWheelEvent:
    """A real wheel event over the middle of `widget`, as a mouse sends it."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


# --- 1. answers change only when the adviser means it ------------------------------------------


def test_the_wheel_never_changes_an_unfocused_combo_box_and_scrolls_the_page(window, qtbot):
    wizard = open_wizard(window)
    combo = field(wizard, "appellant")
    assert isinstance(combo, QComboBox)
    field(wizard, "family.child_name").setFocus()
    assert not combo.hasFocus()
    before = combo.currentIndex()
    scroll = wizard.currentPage().findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    wizard.resize(wizard.width(), 300)  # a short window, so the page has to scroll
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(0)
    for _ in range(3):
        wheel(combo)
    assert combo.currentIndex() == before, "the wheel changed an answer the adviser never touched"
    assert not combo.hasFocus(), "the wheel must not give the combo box focus either"
    assert bar.value() > 0, "the wheel over the combo box should scroll the page"


# --- 2. the case list puts urgent families first and says why ----------------------------------


def _case(name: str, concern: dict, **extra) -> dict:
    return {
        "schema": "sendadvisor.circumstances/1",
        "as_of": "2026-11-27",
        "council": "dorset",
        "family": {"child_name": name},
        "ehc_plan": extra.pop("ehc_plan", "final"),
        "concerns": [concern],
        **extra,
    }


def _add(case_file, circumstances: dict) -> str:
    from sendadvisor import rules

    assessment = rules.assess(circumstances)
    return case_file.add_case(circumstances, rules.flatten_deadlines(assessment))


def test_case_list_puts_urgent_families_first_and_says_why_in_words(window, case_file, qtbot):
    # Calm: decided a week ago, nothing due for weeks.
    _add(
        case_file,
        _case("Amy Calm", {"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-20"}),
    )
    # Missing: no day the decision was sent, so no date can be worked out.
    _add(case_file, _case("Yusuf Haddad", {"kind": "plan_contents", "sections": ["F"]}))
    # Awaiting: the adviser was contacted in time, the certificate has not come.
    _add(
        case_file,
        _case(
            "Sam Smith",
            {
                "kind": "plan_contents",
                "sections": ["F", "I"],
                "sent_on": "2026-10-15",
                "mediation": {"adviser_contacted_on": "2026-11-20", "wants_mediation": False},
            },
        ),
    )
    # Passed: the appeal time ran out on 20 October.
    _add(
        case_file,
        _case(
            "Kofi Mensah",
            {
                "kind": "refuse_assessment",
                "sent_on": "2026-08-14",
                "mediation": {
                    "adviser_contacted_on": "2026-09-01",
                    "wants_mediation": False,
                    "certificate_issued_on": "2026-09-20",
                },
            },
            ehc_plan="assessment_requested",
        ),
    )
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    model = window.list_page.model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == ["Kofi Mensah", "Sam Smith", "Yusuf Haddad", "Amy Calm"]
    why = {name: model.data(model.index(r, 3)) for r, name in enumerate(names)}
    assert why["Kofi Mensah"] == "Family date passed: the SEND Tribunal must receive your appeal"
    assert "Waiting for the mediation certificate" in why["Sam Smith"]
    assert why["Yusuf Haddad"] == (
        "Dates cannot be worked out: needs Day the council sent its decision letter"
    )
    assert why["Amy Calm"] == ""
    next_dates = {name: model.data(model.index(r, 1)) for r, name in enumerate(names)}
    assert next_dates["Kofi Mensah"] == "Passed"
    assert next_dates["Yusuf Haddad"] == "Not worked out"
    # The words are the cell's accessible text too, so a screen reader says the same.
    row = names.index("Kofi Mensah")
    assert model.data(model.index(row, 3), Qt.ItemDataRole.AccessibleTextRole) == why["Kofi Mensah"]


def test_an_empty_open_list_says_how_many_cases_are_closed(window, case_file, qtbot):
    from tests.ui.support import TODAY

    for name in ("A", "B", "C"):
        case_id = _add(
            case_file,
            _case(name, {"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-20"}),
        )
        case_file.close_case(case_id, TODAY)
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    assert window.list_page.count.text().startswith("No open cases (3 closed)")


# --- 10. search ignores punctuation, apostrophes and accents ----------------------------------


@pytest.mark.parametrize(
    "typed",
    ["oconnor", "O'Connor", "o connor", "siobhan oconnor", "st marys", "St Mary's", "zoe", "ZOË"],
)
def test_search_ignores_punctuation_apostrophes_and_accents(window, case_file, qtbot, typed):
    case = _case(
        "Zoë O'Connor", {"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-20"}
    )
    case["family"] |= {"parent_name": "Siobhán O'Connor", "school_name": "St Mary's C of E Primary"}
    _add(case_file, case)
    _add(case_file, _case("Ria Patel", {"kind": "plan_contents", "sections": ["F"]}))
    rows = case_file.list_cases(typed, today=window.clock())
    assert [row.child_name for row in rows] == ["Zoë O'Connor"]


# --- 3. the wizard asks for what the rules need; 5. Enter on the last page finishes -------------


def _walk_to_check(window, answers: dict):
    from tests.ui.support import walk

    wizard = open_wizard(window)
    walk(wizard, answers)
    assert wizard.currentPage().page_name == "check"
    return wizard


def test_a_decision_without_its_date_lists_the_missing_fact_and_needs_save_without_it(
    window, case_file, qtbot
):
    wizard = _walk_to_check(
        window,
        {
            "family.child_name": "Yusuf Haddad",
            "ehc_plan": "final",
            "concerns.0.kind": "plan_contents",
            "concerns.0.sections.F": True,
        },
    )
    page = wizard.check_page
    text = page.summary.text()
    assert "Everything needed" not in text
    assert "Day the council sent its decision letter (concern 1:" in text
    assert "concerns" not in text and "sent_on" not in text and "plan_contents" not in text
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not page.isComplete() and not finish.isEnabled()
    assert page.save_anyway.isVisible() and "Save" in page.save_anyway.text()
    # "Go to" lands on the question itself, with the reason beside it.
    page.go_button.click()
    assert wizard.focusWidget() is field(wizard, "concerns.0.sent_on") or (
        wizard.currentPage().page_name == "concern:0"
    )
    wizard.next()
    while wizard.currentPage().page_name != "check":
        wizard.next()
    page.save_anyway.setChecked(True)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.case_saved):
        qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Return)  # Enter finishes, never Back
    with qtbot.waitSignal(window.list_page.rows_shown):
        window.refresh_list()
    model = window.list_page.model
    assert model.data(model.index(0, 3)).startswith("Dates cannot be worked out: needs Day the")


def test_enter_on_the_check_page_finishes_and_focus_starts_on_finish(window, case_file, qtbot):
    wizard = _walk_to_check(
        window,
        {
            "family.child_name": "Sam Smith",
            "ehc_plan": "final",
            "concerns.0.kind": "plan_contents",
            "concerns.0.sent_on": "02/11/2026",
            "concerns.0.sections.F": True,
        },
    )
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert finish.isDefault() and not back.isDefault()
    assert wizard.check_page.isComplete()
    with qtbot.waitSignal(wizard.case_saved):
        qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Return)


# --- 6. dates as people write them -------------------------------------------------------------


@pytest.mark.parametrize("typed", ["3/11/26", "3/11/2026", "3.11.2026", "3 Nov 2026", "2026-11-03"])
def test_dates_as_people_write_them_are_shown_back_in_full(window, typed):
    wizard = open_wizard(window)
    date_field = wizard.family_page.date_fields["family.child_date_of_birth"]
    date_field.edit.setText(typed.replace("2026", "2016").replace("/26", "/16"))
    assert date_field.check()
    assert date_field.edit.text() == "03/11/2016"


def test_a_birth_date_today_or_later_is_refused(window):
    wizard = open_wizard(window)
    wizard.family_page.date_fields["as_of"].edit.setText("28/11/2026")
    date_field = wizard.family_page.date_fields["family.child_date_of_birth"]
    date_field.edit.setText("28/11/2026")
    assert not date_field.check()
    assert date_field.edit.accessibleDescription().startswith("Problem: A date of birth must be")


# --- 8. drafts -----------------------------------------------------------------------------------


def test_a_draft_without_the_childs_name_is_named_by_the_parent(window):
    page = window.list_page
    page.set_drafts([("k1", {"answers": {"family.parent_name": "Alex Smith"}}, "2026-11-28T10:00")])
    label = page.drafts_box.findChildren(type(page.count))[0]
    assert "the child of Alex Smith" in label.text()


# --- 13. text contrast ---------------------------------------------------------------------------


def _luminance(colour) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one, two) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_colours_have_a_contrast_of_at_least_4_5_to_1(themed_app):
    """Every text colour the app sets, on every background it is drawn on (WCAG 1.4.3)."""
    import re

    from PySide6.QtGui import QColor, QPalette

    from sendadvisor.ui import style

    palette = themed_app.palette()
    backgrounds = {
        "base": palette.color(QPalette.ColorRole.Base),
        "alternate rows": palette.color(QPalette.ColorRole.AlternateBase),
        "window": palette.color(QPalette.ColorRole.Window),
        "draft banner": QColor("#fff4ce"),
    }
    texts = {
        "text": palette.color(QPalette.ColorRole.Text),
        "window text": palette.color(QPalette.ColorRole.WindowText),
        "error": QColor(re.search(r"#[0-9a-f]{6}", style.ERROR_STYLE).group(0)),
        "help": QColor(re.search(r"#[0-9a-f]{6}", style.HELP_STYLE).group(0)),
        "urgent in the case list": QColor("#a00000"),
        "closed case": QColor("#555555"),
    }
    for text_name, text in texts.items():
        for back_name, back in backgrounds.items():
            ratio = contrast(text, back)
            assert ratio >= 4.5, f"{text_name} on {back_name}: {ratio:.2f}:1"
