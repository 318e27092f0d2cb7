"""Every family's name prints right (issue 13, point 6): Arabic-script and Hebrew names joined
and in reading order in the PDF (standard, large print, easy read), the Word copy and the
calendar file; Latin, Greek and Cyrillic names of every kind; anything still unsupported is
refused in one clear line.

How the PDF is read back: ReportLab draws a right-to-left name in display order (right to left
on the page), in Arabic's joined forms (Unicode presentation forms, e.g. ﻓ for ف at the start of
a word). pypdf's text extraction puts right-to-left characters back in logical (reading) order,
and NFKC normalisation turns the joined forms back into ordinary letters, so the name typed by
the adviser must come back exactly; the forms themselves must be the ones `arabic-reshaper`
chooses, which proves the letters were joined.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from letters_support import load_case, normalise, pdf_text
from pypdf import PdfReader

from sendadvisor.app import main
from sendadvisor.letters import UnprintableText
from sendadvisor.letters.fonts import display_order, unprintable_characters

Letter = Callable[..., tuple[bytes, dict[str, Any]]]

ARABIC = "فاطمة أحمد"
URDU = "عائشہ خان"
FARSI = "محمد رضایی"
HEBREW = "דוד כהן"
RIGHT_TO_LEFT = [ARABIC, URDU, FARSI, HEBREW]


def _family(parent: str, child: str, school: str = "Oak Academy") -> dict[str, Any]:
    data = load_case("plan_contents")
    data["family"] = {
        "parent_name": parent,
        "child_name": child,
        "school_name": school,
        "address": ["12 Park Road", "Leeds"],
    }
    return data


def _fonts(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _logical(text: str) -> str:
    return normalise(unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_right_to_left_names_print_joined_and_in_reading_order(
    letter_for: Letter, large_print: bool
) -> None:
    import arabic_reshaper

    pdf, _ = letter_for(_family(ARABIC, URDU, f"{HEBREW} School"), large_print=large_print)
    text = pdf_text(pdf)
    logical = _logical(text)
    for name in (ARABIC, URDU, HEBREW):
        assert name in logical
    assert f"Dear {ARABIC}," in logical
    # Joined: the forms arabic-reshaper picks (initial, medial, final), e.g. ﻓﺎﻃﻤﺔ, not فاطمة.
    for name in (ARABIC, URDU):
        joined = arabic_reshaper.reshape(name)
        assert joined != name
        assert joined in text
    fonts = _fonts(pdf)
    assert any("NotoSansArabic" in f for f in fonts), fonts
    assert any("NotoSansHebrew" in f for f in fonts), fonts
    assert any("AtkinsonHyperlegible" in f for f in fonts), fonts  # English keeps its font


def test_a_farsi_name_prints(letter_for: Letter) -> None:
    pdf, _ = letter_for(_family("Sara Karimi", FARSI))
    assert FARSI in _logical(pdf_text(pdf))


def test_a_right_to_left_name_is_drawn_in_display_order_on_one_line() -> None:
    import arabic_reshaper

    shown = display_order(f"Dear {ARABIC}, and {HEBREW}.")
    # Display order (Unicode bidirectional algorithm): a run of right-to-left letters inside an
    # English sentence is drawn reversed; its spaces are no-break spaces, so it stays on a line.
    joined = arabic_reshaper.reshape(ARABIC).replace(" ", "\u00a0")
    assert shown == f"Dear {joined[::-1]}, and ןהכ\u00a0דוד."
    assert display_order("Zoë Łódź") == "Zoë Łódź"


def test_easy_read_prints_a_right_to_left_name() -> None:
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.letters.content import build_easy_read
    from sendadvisor.letters.easy_read import render_easy_read
    from sendadvisor.rules import assess

    circumstances = parse_circumstances(_family(HEBREW, URDU))
    easy = build_easy_read(
        circumstances,
        assess(circumstances),
        council=load_council("dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
    )
    logical = _logical(pdf_text(render_easy_read(easy)))
    assert URDU in logical or HEBREW in logical


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_word_copy_and_the_calendar_keep_the_names_in_reading_order(tmp_path: Path) -> None:
    import docx
    from icalendar import Calendar

    case = _write(tmp_path, _family(HEBREW, ARABIC))
    out = tmp_path / "letter.docx"
    assert main(["letter", str(case), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == ARABIC and r.font.rtl for r in runs)  # Word joins and orders it
    assert f"Dear {HEBREW}," in "\n".join(p.text for p in document.paragraphs)
    ics = tmp_path / "dates.ics"
    assert main(["calendar", str(case), "-o", str(ics)]) == 0
    assert list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    pdf = tmp_path / "letter.pdf"
    assert main(["letter", str(case), "-o", str(pdf), "--easy-read"]) == 0


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Minh Khai",  # Vietnamese
        "Łucja Wójcik-Źdźbło",  # Polish
        "İbrahim Şahinoğlu Işık",  # Turkish
        "Γιώργος Παπαδόπουλος",  # Greek
        "Олександр Шевченко",  # Cyrillic (Ukrainian)
        "Siân Ŵyn Müller-Øverås",  # Welsh, German, Norwegian
    ],
)
def test_latin_greek_and_cyrillic_names_print(letter_for: Letter, name: str) -> None:
    pdf, _ = letter_for(_family(name, name))
    assert f"Dear {name}," in pdf_text(pdf)


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("ځلمی", "ځ"),  # Pashto letter with no joined forms in Unicode
        ("王芳", "王"),  # no bundled font has Chinese
    ],
)
def test_what_cannot_print_yet_is_refused_clearly(
    letter_for: Letter, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, refused: str
) -> None:
    assert refused in unprintable_characters(name)
    data = _family("Sam Smith", name)
    with pytest.raises(UnprintableText, match=refused):
        letter_for(data)
    out = tmp_path / "letter.pdf"
    assert main(["letter", str(_write(tmp_path, data)), "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "family.child_name" in error and refused in error
    assert "Latin letters" in error and not out.exists()
