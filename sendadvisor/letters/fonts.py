"""The letter's fonts and scripts: Atkinson Hyperlegible for Latin text, other bundled fonts for
the letters of names it lacks, and right-to-left names shaped and put in reading order.

Atkinson Hyperlegible (bundled, OFL) covers English and most European names, but not, for
example, Ŵ/ŵ (Welsh), Ō/ō or İ. Each character it lacks is drawn, run by run, in the first
bundled font that has it: Noto Sans Arabic (Arabic, Urdu, Farsi...) or Noto Sans Hebrew (both
OFL, see resources/fonts/Noto-LICENSE.txt) for their scripts, else DejaVu Sans (Greek, Cyrillic,
Vietnamese...; Bitstream Vera licence, see resources/fonts/DejaVu-LICENSE.txt), else Droid Sans
Fallback (Chinese, Japanese, Korean; Apache 2.0, see resources/fonts/DroidSansFallback-LICENSE.txt).
The Indian scripts (Gurmukhi, Devanagari, Gujarati, Bengali, Tamil, Telugu, Malayalam, Sinhala)
and Thai have their own Noto Sans (OFL): those need shaping, so their words go to HarfBuzz
(`SHAPED_SCRIPTS`, see below). Each font is registered only when a letter needs it, so ordinary
letters do not pay for loading it.

ReportLab draws characters left to right, one glyph each. So a run of right-to-left text (a
name in Arabic or Hebrew letters inside an English sentence) is prepared first: vowel marks are
left out (names are written without them day to day, and ReportLab cannot place them), Arabic
letters become their joined forms (`arabic-reshaper`, the Unicode presentation forms), the run is
put in display order by the Unicode bidirectional algorithm (`python-bidi`), and its spaces
become no-break spaces so a name is never split across lines.

`pieces` sends the rest elsewhere (`inline.py`): a run with an Arabic-script letter that has no
joined forms in Unicode (Pashto's ځ ښ ګ...), and each word of an Indian script or Thai
(conjuncts, vowel signs drawn before their consonant or split around it, stacked marks) is shaped
by HarfBuzz and drawn as outlines; letters no bundled font has (Ethiopic, Khmer, Myanmar...) get
a gap to write the name in by hand, and `handwriting_needed` tells the caller which fields, so
the adviser can be told. No name is refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from sendadvisor.i18n import _
from sendadvisor.letters.model import Text
from sendadvisor.resources import resource_path

FONT = "AtkinsonHyperlegible"
FONT_BOLD = "AtkinsonHyperlegible-Bold"
FALLBACK = "DejaVuSans"
FALLBACK_BOLD = "DejaVuSans-Bold"
ARABIC = "NotoSansArabic"
HEBREW = "NotoSansHebrew"
CJK = "DroidSansFallback"
GURMUKHI = "NotoSansGurmukhi"
DEVANAGARI = "NotoSansDevanagari"
GUJARATI = "NotoSansGujarati"
BENGALI = "NotoSansBengali"
TAMIL = "NotoSansTamil"
TELUGU = "NotoSansTelugu"
MALAYALAM = "NotoSansMalayalam"
SINHALA = "NotoSansSinhala"
THAI = "NotoSansThai"

_ATKINSON_FILES = {
    FONT: "AtkinsonHyperlegible-Regular.ttf",
    FONT_BOLD: "AtkinsonHyperlegible-Bold.ttf",
    f"{FONT}-Italic": "AtkinsonHyperlegible-Italic.ttf",
    f"{FONT}-BoldItalic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
# The other families: regular and bold file (the letter uses no italics: RNIB clear print).
_OTHER_FILES = {
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    HEBREW: ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    FALLBACK: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    CJK: ("DroidSansFallback.ttf", "DroidSansFallback.ttf"),  # one weight: bold is drawn regular
}
# Scripts ReportLab cannot draw one glyph per character (conjuncts, vowel signs drawn before their
# consonant, marks stacked): each run is shaped by HarfBuzz (`inline.ShapedRun`), left to right,
# with the script's Noto Sans font. Family: (HarfBuzz script, code point ranges).
SHAPED_SCRIPTS = {
    DEVANAGARI: ("Deva", ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))),
    BENGALI: ("Beng", ((0x0980, 0x09FF),)),
    GURMUKHI: ("Guru", ((0x0A00, 0x0A7F),)),
    GUJARATI: ("Gujr", ((0x0A80, 0x0AFF),)),
    TAMIL: ("Taml", ((0x0B80, 0x0BFF), (0x11FC0, 0x11FFF))),
    TELUGU: ("Telu", ((0x0C00, 0x0C7F),)),
    MALAYALAM: ("Mlym", ((0x0D00, 0x0D7F),)),
    SINHALA: ("Sinh", ((0x0D80, 0x0DFF), (0x111E0, 0x111FF))),
    THAI: ("Thai", ((0x0E00, 0x0E7F),)),
}
_OTHER_FILES.update(
    {family: (f"{family}-Regular.ttf", f"{family}-Bold.ttf") for family in SHAPED_SCRIPTS}
)
_DANDAS = (0x0964, 0x0965)  # full stops of Devanagari, used by the other Indian scripts too
# Code point ranges of each script font's letters (including Arabic's joined forms).
_SCRIPT_RANGES = {
    ARABIC: (
        (0x0600, 0x06FF),
        (0x0750, 0x077F),
        (0x08A0, 0x08FF),
        (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF),
    ),
    HEBREW: ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    **{family: ranges for family, (_script, ranges) in SHAPED_SCRIPTS.items()},
}
_RIGHT_TO_LEFT = {"R", "AL"}  # bidirectional classes of strong right-to-left letters
# What may sit between two right-to-left letters of one name and stay part of it.
_INSIDE_NAME = {" ", "-", "'", "\u2019", ".", "\u200c", "\u200d"}
NO_BREAK_SPACE = "\u00a0"


def _register(family: str, faces: dict[tuple[int, int], str], files: dict[str, str]) -> None:
    """Register a family's font files and map (bold, italic) to faces, so Paragraph <b> and <i>
    find the right one."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    for (bold, italic), name in faces.items():
        addMapping(family, bold, italic, name)


@cache
def register_fonts() -> None:
    """Register Atkinson Hyperlegible (all four faces) with ReportLab, once per process."""
    _register(
        FONT,
        {(0, 0): FONT, (1, 0): FONT_BOLD, (0, 1): f"{FONT}-Italic", (1, 1): f"{FONT}-BoldItalic"},
        _ATKINSON_FILES,
    )


@cache
def register_family(family: str) -> None:
    """Register one of the other families (regular and bold), once per process, when a letter
    needs it. A family with one file (Droid Sans Fallback) draws bold in its regular face."""
    regular, bold = _OTHER_FILES[family]
    bold_name = family if bold == regular else f"{family}-Bold"
    _register(
        family,
        {(0, 0): family, (1, 0): bold_name, (0, 1): family, (1, 1): bold_name},
        {family: regular, bold_name: bold},
    )


def font_file(family: str, *, bold: bool = False) -> str:
    """The file name of one of the other families' faces."""
    regular, bold_file = _OTHER_FILES[family]
    return bold_file if bold else regular


def register_fallback() -> None:
    """Register DejaVu Sans (regular and bold), once per process."""
    register_family(FALLBACK)


@cache
def main_characters() -> frozenset[int]:
    """Code points Atkinson Hyperlegible (regular and bold) can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()  # parses the files once; reuse its character maps rather than parse again
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


@cache
def family_characters(family: str) -> frozenset[int]:
    """Code points one of the other families (regular and bold) can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_family(family)  # parses the files once; reuse its character maps
    regular, bold = _OTHER_FILES[family]
    faces = [family] if bold == regular else [family, f"{family}-Bold"]
    maps = [frozenset(pdfmetrics.getFont(face).face.charToGlyph) for face in faces]
    return frozenset.intersection(*maps)


def fallback_characters() -> frozenset[int]:
    """Code points DejaVu Sans (regular and bold) can draw."""
    return family_characters(FALLBACK)


@cache
def font_for(char: str) -> str | None:
    """The family that draws `char`: Atkinson (FONT) where it can, else the script's own font,
    else DejaVu Sans, else Droid Sans Fallback (Chinese, Japanese, Korean); None when no bundled
    font has it."""
    code = ord(char)
    if char.isspace() or code in main_characters():
        return FONT
    for family, ranges in _SCRIPT_RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return family if code in family_characters(family) else None
    for family in (FALLBACK, CJK):
        if code in family_characters(family):
            return family
    return None


def _is_right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in _RIGHT_TO_LEFT


def _right_to_left_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of right-to-left letters, with the spaces, marks and joining
    punctuation between them: one name, which stays on one line."""
    index, size = 0, len(text)
    while index < size:
        if not _is_right_to_left(text[index]):
            index += 1
            continue
        start = end = index
        index += 1
        while index < size:
            char = text[index]
            if _is_right_to_left(char):
                end = index
            elif not (char in _INSIDE_NAME or unicodedata.category(char) == "Mn"):
                break
            index += 1
        yield start, end + 1
        index = end + 1


@cache
def _reshaper():  # -> arabic_reshaper.ArabicReshaper
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper()


def _joined(name: str) -> str:
    """A right-to-left run in reading order, without vowel marks, Arabic letters joined."""
    name = "".join(char for char in name if unicodedata.category(char) != "Mn")
    if any(unicodedata.bidirectional(char) == "AL" for char in name):
        name = _reshaper().reshape(name)
    return name


def _unjoined(joined: str) -> str:
    """Arabic-script letters left without joined forms (no presentation form exists for them)."""
    return "".join(
        char
        for char in joined
        if unicodedata.bidirectional(char) == "AL"
        and unicodedata.category(char) == "Lo"
        and ord(char) < 0xFB50
    )


def direction_pieces(text: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces in reading order, each with whether it is a right-to-left run (for
    Word, which shapes and orders each piece itself once it is marked right to left)."""
    text = unicodedata.normalize("NFC", text)
    pieces: list[tuple[str, bool]] = []
    done = 0
    for start, end in _right_to_left_spans(text):
        pieces += [(text[done:start], False), (text[start:end], True)]
        done = end
    pieces.append((text[done:], False))
    return [(piece, right_to_left) for piece, right_to_left in pieces if piece]


def display_order(text: str) -> str:
    """`text` as ReportLab must draw it, left to right: each right-to-left run joined and in
    display order (Unicode bidirectional algorithm), its spaces no-break spaces."""
    text = unicodedata.normalize("NFC", text)
    if not any(_is_right_to_left(char) for char in text):
        return text
    from bidi import get_display

    pieces: list[str] = []
    done = 0
    for start, end in _right_to_left_spans(text):
        joined = _joined(text[start:end]).replace(" ", NO_BREAK_SPACE)
        pieces += [text[done:start], get_display(joined, base_dir="R")]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


TEXT = "text"  # drawn by ReportLab (display_order, then the fonts)
SHAPED = "shaped"  # an Arabic-script run HarfBuzz shapes (inline.ShapedRun)
GAP = "gap"  # letters no bundled font has: a gap to write them in by hand (inline.GapRun)
_JOINERS = {"\u200c", "\u200d"}


def _drawable(char: str) -> bool:
    return char.isspace() or font_for(char) is not None


def _attached(char: str) -> bool:
    """A mark or joiner, which belongs to the letter before it."""
    return char in _JOINERS or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _gap_end(text: str, first: int, end: int) -> int:
    """Where the gap that starts at text[first] (a letter no bundled font has) ends: its marks
    and the spaces between such letters are part of it (a name of several words is one gap)."""
    last = index = first
    index += 1
    while index < end:
        char = text[index]
        if not _drawable(char) or _attached(char):
            last = index
        elif char != " ":
            break
        index += 1
    return last + 1


def _shaped_family(char: str) -> str | None:
    """The family of a script HarfBuzz must shape (Indian scripts, Thai) that draws `char`."""
    family = font_for(char)
    return family if family in SHAPED_SCRIPTS else None


def _continues(char: str, family: str) -> bool:
    """Whether `char` belongs to the word of `family`'s script before it: its letters, marks,
    joiners (which choose a conjunct's form) and dandas."""
    code = ord(char)
    if char in _JOINERS or unicodedata.category(char) in ("Mn", "Mc"):
        return True
    if code in _DANDAS:
        return code in family_characters(family)
    return _shaped_family(char) == family


def _left_to_right_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) within text[start:end], which holds no right-to-left letters: each word
    of a script HarfBuzz must shape (SHAPED: a word a box, so lines still break between words),
    and each run of letters no bundled font has (GAP)."""
    index = start
    while index < end:
        char = text[index]
        family = _shaped_family(char)
        if family is not None:
            first = index
            index += 1
            while index < end and _continues(text[index], family):
                index += 1
            yield first, index, SHAPED
        elif not _drawable(char):
            first, index = index, _gap_end(text, index, end)
            yield first, index, GAP
        else:
            index += 1


def pieces(text: str) -> list[tuple[str, str]]:
    """`text` cut into (kind, piece) in reading order: TEXT for ReportLab; SHAPED for a run
    HarfBuzz must shape (a right-to-left run with an Arabic-script letter arabic-reshaper cannot
    join, such as Pashto's ځ ښ ګ; a word in an Indian script or Thai); GAP for letters no bundled
    font has."""
    text = unicodedata.normalize("NFC", text)
    main = main_characters()
    if all(ord(char) in main or char.isspace() for char in text):
        return [(TEXT, text)] if text else []  # the common case: all in Atkinson
    special: list[tuple[int, int, str]] = []
    done = 0
    for start, end in _right_to_left_spans(text):
        special += _left_to_right_spans(text, done, start)
        span = text[start:end]
        if not all(_drawable(char) for char in span):
            special.append((start, end, GAP))
        elif _unjoined(_joined(span)):
            special.append((start, end, SHAPED))
        done = end
    special += _left_to_right_spans(text, done, len(text))
    out: list[tuple[str, str]] = []
    done = 0
    for start, end, kind in special:
        out += [(TEXT, text[done:start]), (kind, text[start:end])]
        done = end
    out.append((TEXT, text[done:]))
    return [(kind, piece) for kind, piece in out if piece]


def shaping_for(text: str) -> tuple[str, str, str]:
    """How HarfBuzz shapes a SHAPED run: (family, script, direction). A run of one of the
    SHAPED_SCRIPTS left to right in its font; else (Pashto and the like) Arabic, right to left."""
    for char in text:
        family = _shaped_family(char)
        if family is not None:
            return family, SHAPED_SCRIPTS[family][0], "ltr"
    return ARABIC, "Arab", "rtl"


def undrawable_characters(text: str) -> str:
    """The distinct characters of `text` that no bundled font has (the PDF leaves a gap for
    them, to write in by hand), in order."""
    text = unicodedata.normalize("NFC", text)
    return "".join(dict.fromkeys(char for char in text if not _drawable(char)))


def markup(text: Text) -> str:
    """ReportLab paragraph markup for some runs: every character escaped, bold as <b>, line
    breaks as <br/>, right-to-left runs in display order, each run of characters Atkinson
    lacks switched to the bundled font that has them, and the runs ReportLab cannot draw as
    `<ondraw>` tags carrying their text, which `inline.fit_inline` turns into inline boxes (so
    build paragraphs with `text_paragraph`)."""
    from sendadvisor.letters import inline

    names = {SHAPED: inline.SHAPED, GAP: inline.GAP}
    out: list[str] = []
    for run in text:
        cut = pieces(run.text)
        body = "".join(
            _escape_with_fonts(_between_boxes(cut, index))
            if kind == TEXT
            else f'<ondraw name="{names[kind]}" label="{inline.label_for(piece)}"/>'
            for index, (kind, piece) in enumerate(cut)
        )
        out.append(f"<b>{body}</b>" if run.bold else body)
    return "".join(out)


def _between_boxes(cut: list[tuple[str, str]], index: int) -> str:
    """A TEXT piece in display order; a lone space between two inline boxes (the words of a
    shaped name) a no-break space. ReportLab ends a line only once it holds some text, and to
    its line breaking a box and a plain space hold none: a paragraph of shaped words alone
    would never wrap. A no-break space is text, and a line may still end after it."""
    piece = cut[index][1]
    if (
        piece == " "
        and 0 < index < len(cut) - 1
        and cut[index - 1][0] != TEXT
        and cut[index + 1][0] != TEXT
    ):
        return NO_BREAK_SPACE
    return display_order(piece)


def text_paragraph(text: Text, style: Any) -> Any:  # -> reportlab Paragraph
    """A ReportLab Paragraph of some runs (`markup`), with its inline name runs sized."""
    from sendadvisor.letters.inline import fit_inline, paragraph_class

    return fit_inline(paragraph_class()(markup(text), style))


def _escape_with_fonts(text: str) -> str:
    pieces: list[str] = []
    segment: list[str] = []
    current = FONT

    def flush() -> None:
        if segment:
            chunk = escape("".join(segment)).replace("\n", "<br/>")
            tagged = f'<font name="{current}">{chunk}</font>'  # not for people
            pieces.append(chunk if current == FONT else tagged)
            segment.clear()

    for char in text:
        # A space stays in the font around it (a name's no-break spaces, its width).
        wanted = current if char.isspace() else (font_for(char) or FONT)
        if wanted != current:
            flush()
            current = wanted
            if wanted != FONT:
                register_family(wanted)
        segment.append(char)
    flush()
    return "".join(pieces)


def handwriting_needed(fields: dict[str, str]) -> list[str]:
    """The fields (by path) holding letters no bundled font has: the PDF leaves a gap for each
    such name, and the adviser must be told to write it in by hand."""
    return [
        field
        for field, value in fields.items()
        if isinstance(value, str) and undrawable_characters(value)
    ]


def handwriting_note(field: str) -> str:
    """The one-line note to the adviser (never printed in the letter) for such a field."""
    return _(
        "Note: the PDF cannot draw the letters of {field} (no bundled font has them); it "
        "leaves a gap with a line there: please write it by hand on the printed letter"
    ).format(field=field)


def user_text_fields(raw: dict) -> dict[str, str]:
    """The family's and adviser's own words in a circumstances dict, by field path."""
    fields: dict[str, str] = {}
    family = raw.get("family") or {}
    for key in ("parent_name", "child_name", "school_name"):
        if isinstance(family.get(key), str):
            fields[f"family.{key}"] = family[key]
    for index, line in enumerate(family.get("address") or []):
        if isinstance(line, str):
            fields[f"family.address[{index}]"] = line
    if isinstance(raw.get("summary"), str):
        fields["summary"] = raw["summary"]
    for index, concern in enumerate(raw.get("concerns") or []):
        if isinstance(concern, dict) and isinstance(concern.get("description"), str):
            fields[f"concerns[{index}].description"] = concern["description"]
    return fields
