"""The family's outputs read back: page counts, plain English, the act-by headline, no citation
before the appendix, easy read, the calendar file and the Word copy (issue 13)."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from letters_support import CASES, long_date, normalise, pdf_pages, pdf_text
from readability import flesch

from sendadvisor.app import main
from sendadvisor.councils import load_council
from sendadvisor.domain.circumstances import parse_circumstances
from sendadvisor.letters import build_letter_content, render_letter
from sendadvisor.letters.content import (
    TERM_WORDS,
    build_calendar_entries,
    build_easy_read,
    case_identity,
)
from sendadvisor.letters.model import (
    Bullets,
    Callout,
    ContactCard,
    Group,
    Heading,
    LetterContent,
    PageBreak,
    Para,
    text_of,
)
from sendadvisor.letters.wording import load_wording
from sendadvisor.presentation import headline
from sendadvisor.rules import assess

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan-contents.json"
ONE_CONCERN = [EXAMPLE, *(CASES / f"{n}.json" for n in ("plan_contents", "christmas_appeal"))]
ONE_CONCERN_CASES = (
    "plan_contents",
    "christmas_appeal",
    "refuse_assessment_passed",
    "sen_support_no_deadline",
)
ALL_CASES = [EXAMPLE, *sorted(CASES.glob("*.json"))]
# Citations: an Act, regulations, rules, a section or regulation number, a web address.
CITATION = re.compile(r"\bAct 20\d\d|Regulations 20\d\d|Rules 20\d\d|\bs\.\d|\breg \d|https?://")


def _data(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _content(data: dict[str, Any], **options: Any) -> tuple[LetterContent, dict[str, Any]]:
    circumstances = parse_circumstances(data)
    assessment = assess(circumstances)
    content = build_letter_content(
        circumstances,
        assessment,
        council=load_council(circumstances.council or "dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
        **options,
    )
    return content, assessment


def _main_pages(pdf: bytes, heading: str) -> int:
    """How many pages come before the appendix's heading (all of them when there is none)."""
    pages = pdf_pages(pdf)
    for number, text in enumerate(pages):
        if heading in text:
            return number
    return len(pages)


APPENDIX = load_wording().plain("appendix.heading")


# plan_contents is the shipped example with a council time limit already missed: two more dates,
# "When the council is late" and two more contact cards (complaints and the ombudsman).
@pytest.mark.parametrize(
    "path",
    [EXAMPLE, *(CASES / f"{n}.json" for n in ONE_CONCERN_CASES)],
    ids=lambda p: p.stem,
)
def test_one_concern_fits_two_sides_and_four_in_large_print(path: Path) -> None:
    content, _ = _content(_data(path))
    assert _main_pages(render_letter(content), APPENDIX) <= 2
    assert _main_pages(render_letter(content, large_print=True), APPENDIX) <= 4


def test_three_concerns_fit_four_sides() -> None:
    data = _data(EXAMPLE)
    concern = data["concerns"][0]
    data["concerns"] = [concern, {**concern, "sections": ["B"]}, {**concern, "sections": ["I"]}]
    content, _ = _content(data)
    assert _main_pages(render_letter(content), APPENDIX) <= 4


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: p.stem)
def test_no_page_holds_only_a_heading_a_sign_off_or_one_line(path: Path) -> None:
    content, _ = _content(_data(path))
    for large in (False, True):
        for text in pdf_pages(render_letter(content, large_print=large)):
            body = re.sub(r"Page \d+ of \d+.*$", "", text).strip()
            assert len(body.split()) > 12, body


def test_the_headline_is_the_act_by_day_with_the_legal_last_day_beside_it() -> None:
    # The Christmas case: act by a working day before the legal last day, or on it.
    for path in ONE_CONCERN:
        content, assessment = _content(_data(path))
        first = headline(assessment)
        assert first is not None
        box = next(b for b in content.blocks if isinstance(b, Callout))
        said = normalise(" ".join(text_of(line) for line in box.lines))
        assert f"by {long_date(first.act_by.isoformat())}." in said
        if first.act_by != first.due_on:
            assert long_date(first.due_on.isoformat()) in said
        # The box comes before anything else the family reads but the address.
        text = normalise(content.plain_text())
        assert text.index(said[:30]) < text.index(load_wording().plain("told_us.heading"))


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: p.stem)
def test_no_citation_before_the_appendix_and_the_appendix_can_be_left_out(path: Path) -> None:
    content, _ = _content(_data(path))
    pdf = pdf_text(render_letter(content))
    before = pdf.split(APPENDIX)[0]
    assert not CITATION.search(before), CITATION.search(before)
    without, _ = _content(_data(path), appendix=False)
    text = pdf_text(render_letter(without))
    assert APPENDIX not in text and not CITATION.search(text)


def test_the_family_story_appears_once_and_a_date_of_birth_has_no_weekday() -> None:
    content, _ = _content(_data(EXAMPLE))
    text = normalise(content.plain_text())
    assert text.count("The council sent its decision on") == 1
    assert "Date of birth: 1 May 2014" in text
    assert not re.search(r"day 1 May 2014", text)


def _own_sentences(content: LetterContent, names: list[str]) -> list[str]:
    """The letter's own sentences before the appendix: paragraphs, lists and the box (not the
    address, the dates table or the contact cards), with names and dates taken out."""
    out: list[str] = []

    def walk(block: Any) -> bool:
        if isinstance(block, PageBreak):
            return False
        if isinstance(block, Group):
            return all(walk(inner) for inner in block.blocks)
        if isinstance(block, Para):
            out.append(text_of(block.text))
        elif isinstance(block, (Bullets, Callout)):
            items = block.items if isinstance(block, Bullets) else block.lines
            out.extend(text_of(item) for item in items)
        return True

    for block in content.blocks:
        if not walk(block):
            break
    dates = re.compile(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day )?\d{1,2} [A-Z][a-z]+ \d{4}")
    cleaned = []
    for sentence in out[:-2]:  # the sign-off and the adviser's name are not sentences
        sentence = dates.sub("", sentence.replace("\u00a0", " "))
        for name in names:
            sentence = sentence.replace(name, "")
        cleaned.append(sentence)
    return cleaned


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: p.stem)
def test_plain_english_reading_ease_at_least_80_and_short_sentences(path: Path) -> None:
    data = _data(path)
    content, _ = _content(data)
    council = load_council(data.get("council") or "dorset")
    family = data.get("family") or {}
    names = [family.get("parent_name") or "", family.get("child_name") or ""]
    names += [c.name for c in council.contacts.values()]
    names = [n for n in names if n]
    score = flesch(_own_sentences(content, sorted(names, key=len, reverse=True)))
    assert score.ease >= 80, score
    assert score.words_per_sentence <= 15, score


def test_each_term_is_explained_once_before_it_is_used() -> None:
    wording = load_wording()
    content, _ = _content(_data(EXAMPLE))
    text = normalise(content.plain_text())
    for key, word in TERM_WORDS.items():
        explanation = normalise(
            wording.plain(f"terms.{key}", child="Sam Smith", childs="Sam Smith's")
        )
        assert text.count(explanation) == 1, key
        assert text.index(word) >= text.index(explanation[:20]) - 5, key


def test_large_print_keeps_the_same_order_and_words() -> None:
    content, _ = _content(_data(EXAMPLE))
    standard = pdf_text(render_letter(content))
    large = pdf_text(render_letter(content, large_print=True))
    # The same headings in the same order (large print moves "who" into the table's middle column).
    headings = [b.text for b in content.blocks if isinstance(b, Heading)]
    for text in (standard, large):
        places = [text.index(normalise(h)) for h in headings]
        assert places == sorted(places)


# -- easy read ---------------------------------------------------------------------------------


def _easy(data: dict[str, Any]):
    circumstances = parse_circumstances(data)
    assessment = assess(circumstances)
    return build_easy_read(
        circumstances,
        assessment,
        council=load_council(circumstances.council or "dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
    ), assessment


def test_easy_read_has_three_next_things_with_the_urgent_date_and_who_to_call() -> None:
    easy, assessment = _easy(_data(EXAMPLE))
    todo = easy.sections[1].points
    assert len(todo) == 3
    first = headline(assessment)
    assert first is not None
    assert f"Do it by {long_date(first.act_by.isoformat())}." in normalise(
        " ".join(text_of(line) for line in todo[0].lines)
    )
    call = normalise(" ".join(text_of(line) for p in easy.sections[2].points for line in p.lines))
    assert "07748 624609" in call
    for section in easy.sections:
        for point in section.points:
            assert point.picture
            for line in point.lines:  # one idea a line: at most one sentence
                assert len(re.findall(r"[.!?](?:\s|$)", text_of(line))) <= 1, text_of(line)


def test_easy_read_pdf_is_16_pt_or_more_with_a_picture_per_point() -> None:
    from pypdf import PdfReader

    from sendadvisor.letters.easy_read import render_easy_read

    easy, _ = _easy(_data(EXAMPLE))
    pdf = render_easy_read(easy)
    sizes: set[float] = set()
    pictures = 0

    def seen(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            sizes.add(round(size * tm[3] * cm[3], 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=seen)
        stream = page.get_contents().get_data().decode("latin-1")
        # Each picture is filled with the pale yellow of the letter's box (#fff4c2).
        pictures += len(re.findall(r"1 \.956863 \.760784 rg", stream))
    assert min(sizes) >= 16, sizes
    points = sum(len(section.points) for section in easy.sections)
    assert pictures >= points


# -- calendar ----------------------------------------------------------------------------------


def test_calendar_file_has_one_event_per_open_family_date_with_alarms(tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "dates.ics"
    assert main(["calendar", str(EXAMPLE), "-o", str(out)]) == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assessment = assess(parse_circumstances(_data(EXAMPLE)))
    from sendadvisor.presentation import views

    family = [v for v in views(assessment) if v.who == "family" and v.is_open]
    assert len(events) == len(family) >= 1
    for event, view in zip(events, family, strict=True):
        assert event.decoded("dtstart") == view.act_by  # an all-day event on the act-by day
        assert event.decoded("dtend") == view.act_by + timedelta(days=1)
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [timedelta(days=-7), timedelta(days=-1)]
        description = str(event["description"])
        assert "What to do:" in description and "07748 624609" in description
        assert str(event["uid"]).endswith(f"-{view.concern}-{view.id}@sendadvisor")
    # No council time limits.
    assert all("council" not in str(e["uid"]) for e in events)


def test_calendar_uids_are_stable_when_the_case_is_reissued() -> None:
    data = _data(EXAMPLE)
    council = load_council("dorset")
    first = build_calendar_entries(parse_circumstances(data), assess(data), council=council)
    later = {**data, "as_of": "2026-12-10"}
    again = build_calendar_entries(parse_circumstances(later), assess(later), council=council)
    assert [e.uid for e in first] == [e.uid for e in again]
    other = {**data, "family": {**data["family"], "child_name": "Kim Smith"}}
    assert case_identity(parse_circumstances(other)) != case_identity(parse_circumstances(data))


def test_calendar_refuses_a_wrong_extension_and_an_unwritable_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calendar", str(EXAMPLE), "-o", str(tmp_path / "dates.txt")]) == 2
    assert main(["calendar", str(EXAMPLE), "-o", str(tmp_path / "missing" / "d.ics")]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("sendadvisor: -o") for e in errors)
    assert list(tmp_path.iterdir()) == []


# -- the Word copy -----------------------------------------------------------------------------


def test_word_copy_has_heading_styles_and_a_table_header_row(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    out = tmp_path / "letter.docx"
    assert main(["letter", str(EXAMPLE), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert load_wording().plain("told_us.heading") in headings
    assert load_wording().plain("deadlines.heading") in headings
    dates = next(t for t in document.tables if len(t.columns) == 3)
    header = dates.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in dates.rows[0].cells] == [
        load_wording().plain(f"deadlines.column_{k}") for k in ("date", "what", "who")
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Send your appeal by Monday 4 January 2027." in normalise(
        text + " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    )
    large = tmp_path / "large.docx"
    assert main(["letter", str(EXAMPLE), "-o", str(large), "--large-print"]) == 0
    assert docx.Document(str(large)).styles["Normal"].font.size.pt == 16


def test_letter_refuses_an_unknown_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["letter", str(EXAMPLE), "-o", str(tmp_path / "letter.odt")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_easy_read_command_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "easy.pdf"
    assert main(["letter", str(EXAMPLE), "-o", str(out), "--easy-read"]) == 0
    assert "Your next 3 things to do" in pdf_text(out.read_bytes())
    assert date  # imported for the readers of this module's helpers


def test_contact_cards_read_card_by_card_in_the_pdf() -> None:
    # Two cards share a row, but the text (what a screen reader or a copy gets) keeps each card
    # whole and in order: its name, what it does, how to reach it, the rest.
    content, _ = _content(_data(CASES / "plan_contents.json"))
    cards = [b for b in content.blocks if isinstance(b, ContactCard)]
    assert len(cards) == 6
    text = pdf_text(render_letter(content))
    place = 0
    for card in cards:
        whole = normalise(" ".join([card.name, *(text_of(line) for line in card.lines)]))
        found = text.find(whole, place)
        assert found >= 0, whole
        place = found + len(whole)
