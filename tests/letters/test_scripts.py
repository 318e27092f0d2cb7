"""Every family's name prints right (issue 13, point 6): Arabic-script and Hebrew names joined
and in reading order in the PDF (standard, large print, easy read), the Word copy and the
calendar file; Pashto names shaped by HarfBuzz; Latin, Greek, Cyrillic, Chinese, Japanese and
Korean names of every kind; names in the Indian scripts (Gurmukhi, Devanagari, Gujarati, Bengali,
Tamil, Telugu, Malayalam, Sinhala) and Thai shaped by HarfBuzz, conjuncts formed and vowel signs
in place; a script no bundled font has (Ethiopic, Khmer...) gets a gap to write the name in by
hand (and a note to the adviser), never a refusal and never empty boxes.

How the PDF is read back: ReportLab draws a right-to-left name in display order (right to left
on the page), in Arabic's joined forms (Unicode presentation forms, e.g. ﻓ for ف at the start of
a word). pypdf's text extraction puts right-to-left characters back in logical (reading) order,
and NFKC normalisation turns the joined forms back into ordinary letters, so the name typed by
the adviser must come back exactly; the forms themselves must be the ones `arabic-reshaper`
chooses, which proves the letters were joined. A Pashto name is drawn as HarfBuzz's glyph
outlines with its characters as invisible text (render mode 3) over them, in the same order, so
it reads back the same way. So is a word in an Indian script or Thai (left to right, one box a
word), whose characters come back in the order they were typed, though a vowel sign such as
Devanagari's ि is drawn before its consonant.
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
from sendadvisor.letters import fonts
from sendadvisor.letters.fonts import display_order

Letter = Callable[..., tuple[bytes, dict[str, Any]]]

ARABIC = "فاطمة أحمد"
URDU = "عائشہ خان"
FARSI = "محمد رضایی"
HEBREW = "דוד כהן"
RIGHT_TO_LEFT = [ARABIC, URDU, FARSI, HEBREW]
PASHTO = "ښکلې ځلمی"  # ښ ځ ې: letters with no joined forms in Unicode (HarfBuzz shapes them)
PASHTO_CHILD = "ګل"
CHINESE = "王芳"
JAPANESE = "佐藤 花子"
KOREAN = "김민준"
ETHIOPIC = "አበበ ከበደ"  # no bundled font has Ethiopic: a gap to write it in
KHMER = "សុខា ចាន់"
# Names shaped by HarfBuzz with the script's Noto Sans: (parent, child), by script.
SHAPED_NAMES = {
    "gurmukhi": ("ਹਰਪ੍ਰੀਤ ਕੌਰ", "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ"),
    "devanagari": ("प्रिया शर्मा", "क्षितिज कुमार"),
    "gujarati": ("ધ્રુવ પટેલ", "કૃષ્ણા શાહ"),
    "bengali": ("সুমাইয়া বেগম", "শ্রাবন্তী রহমান"),
    "tamil": ("கார்த்திக்", "லக்ஷ்மி"),
    "telugu": ("శ్రీనివాస్ రెడ్డి", "సాయి కృష్ణ"),
    "malayalam": ("ശ്രീലക്ഷ്മി", "അനുപ്രിയ മേനോൻ"),
    "sinhala": ("නිමල් පෙරේරා", "ශ්‍රී ලංකා"),
    "thai": ("สมชาย", "สมศรี ใจดี"),
}


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


def _content_streams(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)


def test_each_run_goes_the_way_it_can_be_drawn() -> None:
    pieces = fonts.pieces
    assert pieces(f"Dear {ARABIC},") == [("text", f"Dear {ARABIC},")]  # arabic-reshaper joins it
    assert pieces(f"Dear {PASHTO},") == [("text", "Dear "), ("shaped", PASHTO), ("text", ",")]
    assert pieces(f"About: {CHINESE} and {KOREAN}") == [("text", f"About: {CHINESE} and {KOREAN}")]
    gap = [("text", "Dear "), ("gap", ETHIOPIC), ("text", " Smith,")]
    assert pieces(f"Dear {ETHIOPIC} Smith,") == gap
    assert fonts.font_for("王") == fonts.font_for("김") == fonts.font_for("さ") == fonts.CJK
    assert fonts.undrawable_characters(f"{ETHIOPIC} {CHINESE} {PASHTO}") == "አበከደ"
    assert fonts.undrawable_characters(KHMER) and not fonts.undrawable_characters("ਕੌਰ สมชาย")
    # A word of an Indian script or Thai is shaped, one box a word (lines may break between
    # words), with its joiners and its danda; the spaces and punctuation stay ReportLab's.
    assert pieces("Dear ਹਰਪ੍ਰੀਤ ਕੌਰ।") == [
        ("text", "Dear "),
        ("shaped", "ਹਰਪ੍ਰੀਤ"),
        ("text", " "),
        ("shaped", "ਕੌਰ।"),
    ]
    assert pieces("Priya (प्रिया) and 王芳") == [
        ("text", "Priya ("),
        ("shaped", "प्रिया"),
        ("text", ") and 王芳"),
    ]
    assert pieces("ශ්\u200dරී") == [("shaped", "ශ්\u200dරී")]  # ZWJ chooses the form of ශ්‍රී
    assert fonts.shaping_for("ਕੌਰ") == (fonts.GURMUKHI, "Guru", "ltr")
    assert fonts.shaping_for(PASHTO) == (fonts.ARABIC, "Arab", "rtl")


def test_harfbuzz_joins_the_pashto_letters() -> None:
    from sendadvisor.letters.inline import _harfbuzz_font, _shape

    placed, advance, _upem = _shape("NotoSansArabic-Regular.ttf", "ښکلې")
    font = _harfbuzz_font("NotoSansArabic-Regular.ttf")
    alone = [font.get_nominal_glyph(ord(char)) for char in "ښکلې"]
    glyphs = [glyph for glyph, _x, _y in placed]
    assert len(glyphs) == 4 and advance > 0
    # Joined forms, not the letters' own (isolated) glyphs; drawn right to left: ښ is rightmost.
    assert not set(glyphs) & set(alone), (glyphs, alone)
    assert [x for _g, x, _y in placed] == sorted(x for _g, x, _y in placed)


def test_harfbuzz_forms_conjuncts_and_puts_vowel_signs_in_place() -> None:
    from sendadvisor.letters.inline import _harfbuzz_font, _shape

    def shaped(filename: str, text: str, script: str) -> tuple[list[int], list[int]]:
        placed, advance, _upem = _shape(filename, text, script, "ltr")
        assert advance > 0
        assert [x for _g, x, _y in placed] == sorted(x for _g, x, _y in placed)  # left to right
        font = _harfbuzz_font(filename)
        return [g for g, _x, _y in placed], [font.get_nominal_glyph(ord(c)) for c in text]

    # प्रि: प + virama + र form one conjunct, and the vowel sign ि is drawn before it.
    glyphs, alone = shaped("NotoSansDevanagari-Regular.ttf", "प्रिया", "Deva")
    assert len(glyphs) < len(alone) and alone[1] not in glyphs  # the virama is used up
    assert glyphs[0] not in (alone[0], alone[2])  # leftmost: the vowel sign, not प or र
    # ਪ੍ਰ: the ra is written below (its subjoined form), not after a visible virama.
    glyphs, alone = shaped("NotoSansGurmukhi-Regular.ttf", "ਹਰਪ੍ਰੀਤ", "Guru")
    assert alone[3] not in glyphs and len(glyphs) == len(alone) - 1
    # বে: the vowel sign ে is drawn before ব.
    glyphs, alone = shaped("NotoSansBengali-Regular.ttf", "বেগম", "Beng")
    assert glyphs[1] == alone[0] and glyphs[0] != alone[0]
    # கொ: the two-part vowel sign splits around its consonant (ெ க ா).
    glyphs, alone = shaped("NotoSansTamil-Regular.ttf", "கொ", "Taml")
    assert len(glyphs) == 3 and glyphs[1] == alone[0]


def test_a_shaped_name_stays_on_one_line_in_its_sentence_and_keeps_the_line_height() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from sendadvisor.letters.model import plain

    fonts.register_fonts()
    style = ParagraphStyle("t", fontName=fonts.FONT, fontSize=12, leading=14.4)
    short = fonts.text_paragraph(plain(f"Dear {PASHTO},"), style)
    assert short.wrap(400, 1000)[1] == style.leading
    long = fonts.text_paragraph(
        plain(("An EHC plan says what help " + PASHTO + " must get. ") * 4), style
    )
    _width, height = long.wrap(200, 1000)
    lines = long.blPara.lines
    assert height == len(lines) * style.leading
    assert all(line.extraSpace >= -0.01 for line in lines)  # nothing runs past the margin
    # The name is one frag (a box ReportLab places and our canvas draws), so a line break can
    # never leave the drawing at the end of one line and the room for it on the next.
    calls = [f.cbDefn for line in lines for f in line.words if hasattr(f, "cbDefn")]
    assert len(calls) == 4 and all(call.kind == "img" for call in calls)
    # Indian scripts: one box a word, so a long sentence still breaks between its words.
    hindi = fonts.text_paragraph(plain("मेरा बेटा क्षितिज कुमार स्कूल जाता है। " * 4), style)
    _width, height = hindi.wrap(200, 1000)
    lines = hindi.blPara.lines
    assert len(lines) > 3 and height == len(lines) * style.leading
    assert all(line.extraSpace >= -0.01 for line in lines)


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("script", list(SHAPED_NAMES))
def test_indian_and_thai_names_print_shaped_and_read_back_in_logical_order(
    letter_for: Letter, script: str, large_print: bool
) -> None:
    parent, child = SHAPED_NAMES[script]
    data = _family(parent, child, f"{child} School")
    assert fonts.handwriting_needed(fonts.user_text_fields(data)) == []  # no gap, no note
    pdf, _ = letter_for(data, large_print=large_print)
    logical = _logical(pdf_text(pdf))
    assert f"Dear {unicodedata.normalize('NFKC', parent)}," in logical
    assert f"what help {unicodedata.normalize('NFKC', child)} must get" in logical
    streams = _content_streams(pdf)
    assert " 3 Tr" in streams or "\n3 Tr" in streams  # the name's text is invisible...
    assert " f Q" in streams  # ...over the outlines HarfBuzz shaped
    assert not any("Droid" in f for f in _fonts(pdf))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == (8 if large_print else 4)


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_a_pashto_name_prints_shaped_and_reads_back_in_logical_order(
    letter_for: Letter, large_print: bool
) -> None:
    pdf, _ = letter_for(
        _family(PASHTO, PASHTO_CHILD, f"{PASHTO_CHILD} School"), large_print=large_print
    )
    logical = _logical(pdf_text(pdf))
    assert f"Dear {PASHTO}," in logical
    assert f"what help {PASHTO_CHILD} must get" in logical
    assert f"{PASHTO_CHILD} School" in logical
    assert any("NotoSansArabic" in f for f in _fonts(pdf))  # the invisible text's font
    assert " 3 Tr" in _content_streams(pdf) or "\n3 Tr" in _content_streams(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == (8 if large_print else 4)


def test_easy_read_prints_a_pashto_name() -> None:
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.letters.content import build_easy_read
    from sendadvisor.letters.easy_read import render_easy_read
    from sendadvisor.rules import assess

    circumstances = parse_circumstances(_family(PASHTO, PASHTO_CHILD))
    easy = build_easy_read(
        circumstances,
        assess(circumstances),
        council=load_council("dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
    )
    logical = _logical(pdf_text(render_easy_read(easy)))
    assert PASHTO in logical or PASHTO_CHILD in logical


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large"])
def test_chinese_japanese_and_korean_names_print(letter_for: Letter, large_print: bool) -> None:
    pdf, _ = letter_for(_family(CHINESE, KOREAN, f"{JAPANESE} School"), large_print=large_print)
    text = pdf_text(pdf)
    assert f"Dear {CHINESE}," in text
    assert KOREAN in text and f"{JAPANESE} School" in text
    assert any("DroidSansFallback" in f for f in _fonts(pdf))


def test_a_script_no_font_has_leaves_a_gap_and_a_note_to_the_adviser(
    letter_for: Letter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx
    from icalendar import Calendar

    data = _family(ETHIOPIC, f"{KHMER} Smith")
    pdf, _ = letter_for(data)
    text = pdf_text(pdf)
    assert "Dear" in text and "Smith" in text
    assert ETHIOPIC in text  # invisible, so copying and searching still find the name
    # No empty boxes: no font in the PDF has a glyph for Ethiopic or Khmer.
    assert not any("Droid" in f or "Noto" in f for f in _fonts(pdf))
    case = _write(tmp_path, data)
    out = tmp_path / "letter.pdf"
    assert main(["letter", str(case), "-o", str(out)]) == 0
    error = capsys.readouterr().err
    assert "family.parent_name" in error and "family.child_name" in error
    assert "by hand" in error and ETHIOPIC not in error
    assert out.exists()
    word = tmp_path / "letter.docx"
    assert main(["letter", str(case), "-o", str(word)]) == 0
    assert "by hand" not in capsys.readouterr().err  # Word draws it with the laptop's fonts
    assert f"Dear {ETHIOPIC}," in "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    ics = tmp_path / "dates.ics"
    assert main(["calendar", str(case), "-o", str(ics)]) == 0
    # The calendar holds no names (its UIDs hash them): it is made as for any family.
    assert list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))


@pytest.mark.parametrize("easy_read", [False, True], ids=["letter", "easy-read"])
def test_the_command_prints_every_kind_of_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], easy_read: bool
) -> None:
    data = _family(PASHTO, JAPANESE, f"{KOREAN} {CHINESE} School")
    out = tmp_path / "letter.pdf"
    extra = ["--easy-read"] if easy_read else []
    assert main(["letter", str(_write(tmp_path, data)), "-o", str(out), *extra]) == 0
    assert "by hand" not in capsys.readouterr().err
    logical = _logical(pdf_text(out.read_bytes()))
    assert PASHTO in logical or JAPANESE in logical
