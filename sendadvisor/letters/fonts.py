"""The letter's fonts: Atkinson Hyperlegible, with DejaVu Sans for the letters of names it lacks.

Atkinson Hyperlegible (bundled, OFL) covers English and most European names, but not, for
example, Ŵ/ŵ (Welsh), Ō/ō or İ. DejaVu Sans (bundled, Bitstream Vera licence, see
resources/fonts/DejaVu-LICENSE.txt) is registered only when a letter needs it, so ordinary
letters do not pay for loading a 750 KB font. Scripts written right to left, or that need
shaping, cannot be printed correctly by ReportLab; `unprintable_characters` finds them so the
caller can say so instead of printing a wrong name.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from sendadvisor.letters.model import Text
from sendadvisor.resources import resource_path

FONT = "AtkinsonHyperlegible"
FONT_BOLD = "AtkinsonHyperlegible-Bold"
FALLBACK = "DejaVuSans"
FALLBACK_BOLD = "DejaVuSans-Bold"

_ATKINSON_FILES = {
    FONT: "AtkinsonHyperlegible-Regular.ttf",
    FONT_BOLD: "AtkinsonHyperlegible-Bold.ttf",
    f"{FONT}-Italic": "AtkinsonHyperlegible-Italic.ttf",
    f"{FONT}-BoldItalic": "AtkinsonHyperlegible-BoldItalic.ttf",
}
_FALLBACK_FILES = {FALLBACK: "DejaVuSans.ttf", FALLBACK_BOLD: "DejaVuSans-Bold.ttf"}
# Right-to-left letters (Arabic, Hebrew...) would print in the wrong order and unjoined.
_UNSHAPED_BIDI = {"R", "AL"}


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
def register_fallback() -> None:
    """Register DejaVu Sans (regular and bold), once per process, when a letter needs it."""
    # No DejaVu italic is bundled; the letter uses no italics (RNIB clear print).
    _register(
        FALLBACK,
        {(0, 0): FALLBACK, (1, 0): FALLBACK_BOLD, (0, 1): FALLBACK, (1, 1): FALLBACK_BOLD},
        _FALLBACK_FILES,
    )


@cache
def _characters(filename: str) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(str(resource_path("fonts", filename))).charToGlyph)


@cache
def main_characters() -> frozenset[int]:
    """Code points Atkinson Hyperlegible (regular and bold) can draw."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()  # parses the files once; reuse its character maps rather than parse again
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


@cache
def fallback_characters() -> frozenset[int]:
    """Code points DejaVu Sans (regular and bold) can draw."""
    return _characters(_FALLBACK_FILES[FALLBACK]) & _characters(_FALLBACK_FILES[FALLBACK_BOLD])


def _needs_fallback(char: str) -> bool:
    return ord(char) not in main_characters() and not char.isspace()


def unprintable_characters(text: str) -> str:
    """The distinct characters of `text` that the letter cannot print correctly, in order."""
    text = unicodedata.normalize("NFC", text)
    bad: dict[str, None] = {}
    for char in text:
        if char.isspace() or ord(char) in main_characters():
            continue
        if (
            ord(char) not in fallback_characters()
            or unicodedata.bidirectional(char) in _UNSHAPED_BIDI
        ):
            bad.setdefault(char, None)
    return "".join(bad)


def markup(text: Text) -> str:
    """ReportLab paragraph markup for some runs: every character escaped, bold as <b>, line
    breaks as <br/>, and characters Atkinson lacks switched to DejaVu Sans."""
    out: list[str] = []
    for run in text:
        body = _escape_with_fallback(unicodedata.normalize("NFC", run.text))
        out.append(f"<b>{body}</b>" if run.bold else body)
    return "".join(out)


def _escape_with_fallback(text: str) -> str:
    pieces: list[str] = []
    segment: list[str] = []
    in_fallback = False

    def flush() -> None:
        if segment:
            chunk = escape("".join(segment)).replace("\n", "<br/>")
            pieces.append(f'<font name="{FALLBACK}">{chunk}</font>' if in_fallback else chunk)
            segment.clear()

    for char in text:
        wants = _needs_fallback(char) and char != "\n"
        if wants != in_fallback:
            flush()
            in_fallback = wants
            if wants:
                register_fallback()
        segment.append(char)
    flush()
    return "".join(pieces)


def check_printable(fields: dict[str, str]) -> None:
    """Raise InputError naming the first field whose text the letter cannot print correctly."""
    from sendadvisor.domain.errors import InputError

    for field, value in fields.items():
        bad = unprintable_characters(value) if isinstance(value, str) else ""
        if bad:
            shown = " ".join(bad)
            raise InputError(
                field,
                f"the letter cannot print {shown} (no font for it, or a right-to-left script); "
                "please write it in Latin letters for the letter",
            )


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
