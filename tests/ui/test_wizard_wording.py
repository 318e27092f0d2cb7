"""The wizard's wording file: it loads, names every identifier, and a bad edit is refused plainly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sendadvisor.domain.circumstances import CONCERN_KINDS, EHC_PLAN_STATES, SECTIONS
from sendadvisor.wizard import flow
from sendadvisor.wizard.questions import QUESTION_PATHS, WordingError, load_wording, questions_file


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "questions.toml"
    shutil.copyfile(questions_file(), copy)
    return copy


def test_the_shipped_file_loads():
    wording = load_wording()
    assert wording.file == "ui/questions.toml"
    assert (
        wording.name("concern_kinds", "cease_plan")
        == "The council decided to stop (cease) the plan"
    )


def test_every_concern_kind_plan_state_and_section_has_a_label():
    wording = load_wording()
    for kind in CONCERN_KINDS:
        assert wording.name("concern_kinds", kind).strip(), kind
    for state in EHC_PLAN_STATES:
        assert wording.name("ehc_plan", state).strip(), state
    for section in SECTIONS:
        assert wording.name("sections", section).strip(), section
    assert [kind for kind, _ in flow.CONCERN_KINDS] == list(CONCERN_KINDS)
    assert [state for state, _ in flow.EHC_PLAN_CHOICES] == list(EHC_PLAN_STATES)
    assert list(flow.SECTION_LABELS) == list(SECTIONS)


def test_every_question_the_wizard_asks_has_wording_and_no_other():
    pages = {
        "family_page": flow.FAMILY_QUESTIONS,
        "plan_page": flow.PLAN_QUESTIONS,
        "concern_page": flow.CONCERN_QUESTIONS,
        "timeline_page": flow.TIMELINE_QUESTIONS,
    }
    for page, questions in pages.items():
        assert {q.path for q in questions} == set(QUESTION_PATHS[page]), page
        for question in questions:
            assert question.label.strip(), question.path


def test_an_unknown_key_is_refused_naming_file_and_key(tmp_path):
    copy = _copy(tmp_path)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("\ncease_plan = ", "\ncease_plans = "),
        encoding="utf-8",
    )
    with pytest.raises(WordingError) as refused:
        load_wording(copy)
    assert str(copy) in str(refused.value)
    assert "concern_kinds.cease_plans" in str(refused.value)
    assert "unknown key" in str(refused.value)


def test_an_unknown_key_in_a_question_is_refused(tmp_path):
    copy = _copy(tmp_path)
    copy.write_text(
        copy.read_text(encoding="utf-8").replace(
            "[plan_page.ehc_plan]\n", '[plan_page.ehc_plan]\nhint = "Ask the family."\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        WordingError, match=r"questions\.toml: plan_page\.ehc_plan\.hint: unknown key"
    ):
        load_wording(copy)


def test_a_missing_concern_kind_label_is_refused_naming_file_and_key(tmp_path):
    copy = _copy(tmp_path)
    text = copy.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("school_transport = "))
    copy.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    with pytest.raises(WordingError) as refused:
        load_wording(copy)
    assert str(refused.value) == f"{copy}: concern_kinds.school_transport: missing"
