"""The printed letter, read back from the PDF with pypdf: dates, routes, contacts, cautions, safety."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from letters_support import all_deadlines, load_case, long_date, pdf_pages, pdf_text
from pypdf import PdfReader

Letter = Callable[..., tuple[bytes, dict[str, Any]]]


def font_sizes(pdf: bytes) -> dict[str, float]:
    """The smallest size at which any visible text is drawn, per font, over all pages."""
    smallest: dict[str, float] = {}

    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(
            text: str, cm: list[float], tm: list[float], font: dict | None, size: float
        ) -> None:
            if not text.strip() or font is None:
                return
            # Effective size: the font size scaled by the text and current matrices (both are
            # plain translations in ReportLab output, but do not rely on it).
            scale = (abs(tm[3]) or 1) * (abs(cm[3]) or 1)
            name = str(font.get("/BaseFont", "?"))
            smallest[name] = min(smallest.get(name, 1e9), size * scale)

        page.extract_text(visitor_text=visit)
    return smallest


def test_realistic_case_has_every_deadline_in_full_routes_contacts_and_cautions(
    letter_for: Letter,
) -> None:
    pdf, assessment = letter_for("plan_contents")
    text = pdf_text(pdf)
    deadlines = all_deadlines(assessment)
    assert {d["id"] for d in deadlines} >= {
        "tribunal_appeal",
        "mediation_adviser_contact",
        "annual_review_decision",
    }
    for entry in deadlines:
        assert long_date(entry["due_on"]) in text, entry["id"]
    assert "Monday 4 January 2027" in text  # worked example: the appeal date after the weekend
    for title in (
        "Talk to the school or the council",
        "Get a mediation certificate",
        "Mediation",
        "Appeal to the SEND Tribunal",
    ):
        assert title in text
    for reason in (r["reason"] for r in assessment["concerns"][0]["routes"]):
        assert reason in text
    for contact in (
        "Dorset SENDIASS",
        "sendiass@dorsetcc.gov.uk",
        "07748 624609",
        "Global Mediation",
        "0800 064 4488",
        "send@justice.gov.uk",
        "01325 289350",
    ):
        assert contact in text
    # Each route's cautions print with its step; a step already done (the mediation adviser was
    # contacted) and a mediation the family declined no longer need theirs.
    skip = {"mediation_advice", "mediation"}
    for route in assessment["concerns"][0]["routes"]:
        for caution in route["cautions"] if route["id"] not in skip else ():
            assert caution in text, route["id"]
    assert "does not stop the clock" in text
    assert "late appeal goes ahead only if the Tribunal agrees" in text
    assert "5pm" in text
    assert text.count("Education, Health and Care plan") == 1


def test_passed_and_late_dates_are_marked_in_words(letter_for: Letter) -> None:
    pdf, assessment = letter_for("plan_contents")
    text = pdf_text(pdf)
    overdue = [d for d in assessment["timeline"] if d["status"] == "overdue"]
    assert overdue
    for entry in overdue:
        assert f"{long_date(entry['due_on'])} Overdue" in text
    assert "When the council is late" in text
    assert "What you can do: ask the council's SEN team" in text

    passed_pdf, passed = letter_for("refuse_assessment_passed")
    passed_text = pdf_text(passed_pdf)
    gone = [d for d in all_deadlines(passed) if d["status"] == "passed"]
    assert gone
    for entry in gone:
        assert f"{long_date(entry['due_on'])} Passed" in passed_text
    assert "The time limits in this letter have passed" in passed_text


def test_a_case_with_no_deadline_still_gets_a_sensible_letter(letter_for: Letter) -> None:
    pdf, assessment = letter_for("sen_support_no_deadline")
    assert not all_deadlines(assessment)
    text = pdf_text(pdf)
    assert "There are no dates to meet at the moment" in text
    assert "If the council sends you a decision letter" in text
    assert "Dorset SENDIASS" in text and "sendiass@dorsetcc.gov.uk" in text
    assert "Ask the council for an EHC needs assessment" in text


def test_user_text_prints_as_characters_never_as_markup(letter_for: Letter) -> None:
    data = load_case("plan_contents")
    data["family"]["parent_name"] = "Alex <b>Smith</b> & Co"
    data["family"]["address"] = ['<a href="https://evil.example">1 High Street</a>', "Dorchester"]
    data["summary"] = 'Mum said <b>no</b> and <font size="1">tiny</font> & <br/> too'
    pdf, _ = letter_for(data)
    text = pdf_text(pdf)
    assert "Alex <b>Smith</b> & Co" in text
    assert '<a href="https://evil.example">1 High Street</a>' in text
    assert 'Mum said <b>no</b> and <font size="1">tiny</font> & <br/> too' in text
    reader = PdfReader(io.BytesIO(pdf))
    assert all("/Annots" not in page for page in reader.pages), "no link may come from user text"


def test_names_with_any_european_letters_print(letter_for: Letter) -> None:
    data = load_case("sen_support_no_deadline")
    # Ŵ is Welsh and not in Atkinson Hyperlegible: it must come from the fallback font.
    data["family"] = {
        "parent_name": "Siobhán Ní Bhriain",
        "child_name": "Zoë Łódź-Ŵyn",
        "address": ["Flat 2, Ōtaki Court", "Środa"],
    }
    pdf, _ = letter_for(data)
    text = pdf_text(pdf)
    for name in ("Siobhán Ní Bhriain", "Zoë Łódź-Ŵyn", "Ōtaki", "Środa"):
        assert name in text
    fonts = font_sizes(pdf)
    assert any("DejaVuSans" in f for f in fonts), fonts
    assert any("AtkinsonHyperlegible" in f for f in fonts), fonts


def test_decomposed_accents_are_composed_before_printing(letter_for: Letter) -> None:
    data = load_case("sen_support_no_deadline")
    data["family"] = {"child_name": "Zoe\u0308 Sioba\u0301n"}  # as some keyboards and Macs send it
    pdf, _ = letter_for(data)
    assert "Zoë Siobán" in pdf_text(pdf)


@pytest.mark.parametrize(("large_print", "minimum"), [(False, 12), (True, 16)])
def test_no_text_is_smaller_than_the_print_size(
    letter_for: Letter, large_print: bool, minimum: float
) -> None:
    pdf, _ = letter_for("plan_contents", large_print=large_print)
    sizes = font_sizes(pdf)
    assert sizes
    assert min(sizes.values()) >= minimum, sizes
    assert all("AtkinsonHyperlegible" in name for name in sizes), sizes


def test_large_print_body_is_at_least_16_and_headings_bigger(letter_for: Letter) -> None:
    standard, _ = letter_for("plan_contents")
    large, _ = letter_for("plan_contents", large_print=True)
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(standard)).pages)
    sizes: list[float] = []
    for page in PdfReader(io.BytesIO(large)).pages:
        page.extract_text(
            visitor_text=lambda t, cm, tm, f, s: sizes.append(s) if t.strip() else None
        )
    assert min(sizes) >= 16
    assert max(sizes) >= 22  # headings stand out from the 16 pt body


def test_every_page_says_page_x_of_y_and_the_service(letter_for: Letter) -> None:
    pdf, _ = letter_for("plan_contents", service_name="Dorset SENDIASS")
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Dorset SENDIASS" in page


def test_document_properties_are_useful_and_not_personal(letter_for: Letter) -> None:
    pdf, _ = letter_for("plan_contents", adviser_name="Jo Adviser")
    reader = PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Your options and important dates"
    assert meta.subject and "SEND" in meta.subject
    values = " ".join(str(v) for v in meta.values())
    for personal in ("Alex", "Sam", "Smith", "Jo Adviser", "High Street", "DT1"):
        assert personal not in values
    assert reader.trailer["/Root"].get("/Lang") == "en-GB"


def test_the_same_letter_gives_the_same_bytes(letter_for: Letter) -> None:
    first, _ = letter_for("plan_contents")
    second, _ = letter_for("plan_contents")
    assert first == second
    large_a, _ = letter_for("plan_contents", large_print=True)
    large_b, _ = letter_for("plan_contents", large_print=True)
    assert large_a == large_b and large_a != first


def test_christmas_appeal_date_is_the_first_working_day_of_january(letter_for: Letter) -> None:
    """Worked example 12: certificate 27 November 2026, so 27 December, moved to 4 January 2027."""
    pdf, assessment = letter_for("christmas_appeal")
    appeal = next(d for d in all_deadlines(assessment) if d["id"] == "tribunal_appeal")
    assert appeal["due_on"] == "2027-01-04"
    text = pdf_text(pdf)
    assert "Send your appeal by Monday 4 January 2027." in text
    assert "Dafydd Ŵyn" in text


def test_two_concerns_each_get_their_routes_and_dates(letter_for: Letter) -> None:
    pdf, assessment = letter_for("young_person_two_concerns")
    text = pdf_text(pdf)
    assert "About unfair treatment because of disability" in text
    assert "About the council's delay" in text
    for entry in all_deadlines(assessment):
        assert long_date(entry["due_on"]) in text
    assert "Make a disability discrimination claim" in text
    assert "www.lgo.org.uk" in text
