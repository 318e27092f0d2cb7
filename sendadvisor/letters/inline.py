"""Names ReportLab cannot draw itself, placed inline in their sentence: shaped by HarfBuzz and
drawn as outlines, or left as a gap to write the name in by hand.

ReportLab draws one glyph per character. That is enough for Latin, Greek, Cyrillic, Hebrew, Chinese,
Japanese, Korean, and for Arabic-script names whose letters have joined forms in Unicode (see
`fonts.display_order`). It is not enough for Arabic-script letters with no such forms (Pashto's ځ
ښ ګ ږ ړ ټ ډ ڼ ې, some Sindhi, Kurdish and Uyghur letters), nor for the Indian scripts and Thai
(conjuncts such as Devanagari's प्र, vowel signs drawn before their consonant as in प्रि or split
around it as in Tamil's கொ, marks stacked above and below): they must be shaped from the font's
own tables. So `fonts.markup` writes such a run as an `<ondraw>` tag whose label holds the run's
text, and `fit_inline` (called on every letter paragraph by `fonts.text_paragraph`) replaces it
with an inline box of the run's exact width, the kind ReportLab uses for `<img>`: ReportLab then
keeps it in its sentence, moves it to the next line whole when it does not fit, and keeps the
line height. ReportLab asks the canvas to draw the box with `drawImage`; the letters' canvas
(`page_template`) hands our boxes to `draw_box`, which draws the run there:

- **shaped** (`ShapedRun`): uharfbuzz shapes the run with the bundled Noto Sans of its script
  (`fonts.shaping_for`: Arabic right to left, where HarfBuzz also gives the display order; an
  Indian script or Thai left to right, one box a word so lines still break between words), each
  glyph is filled as a vector outline in the text's colour (each glyph's outline formatted once,
  in font units, and placed by a transformation), and the run's characters are laid over it as
  invisible text (PDF text render mode 3, as OCR'd scans do), so copying, searching and reading
  aloud find the name;
- **gap** (`GapRun`): a script no bundled font has (Ethiopic, Khmer, Myanmar...): a blank the
  width of the name with a light line to write on, and the name as invisible text. The adviser
  is told when the letter is made (`fonts.handwriting_needed`), never in the letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

SHAPED = "sendadvisor-shaped"
GAP = "sendadvisor-gap"
KINDS = (SHAPED, GAP)

# The box's extent around the baseline, as a share of the font size (about the text's own).
_BELOW = 0.25
_HEIGHT = 1.2
GAP_LINE = (0.55, 0.55, 0.55)  # grey: a line to write on, not a word


def label_for(text: str) -> str:
    """The `<ondraw>` label for a run: its UTF-8 as hex, so no character needs escaping."""
    return text.encode("utf-8").hex()


def _text_of(label: str) -> str:
    return bytes.fromhex(label).decode("utf-8")


@cache
def _harfbuzz_font(filename: str) -> Any:  # -> uharfbuzz.Font
    import uharfbuzz

    from sendadvisor.resources import resource_path

    blob = uharfbuzz.Blob(resource_path("fonts", filename).read_bytes())
    return uharfbuzz.Font(uharfbuzz.Face(blob))


class _Outline:
    """A pen (moveTo, lineTo, qCurveTo, curveTo, closePath) that keeps a glyph's outline in font
    units as ReportLab path operations, quadratic curves raised to cubic ones."""

    def __init__(self) -> None:
        self.ops: list[tuple[str, tuple[float, ...]]] = []
        self._at = (0.0, 0.0)

    def moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 (pen protocol)
        self.ops.append(("moveTo", point))
        self._at = point

    def lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
        self.ops.append(("lineTo", point))
        self._at = point

    def curveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        (x1, y1), (x2, y2), (x3, y3) = points
        self.ops.append(("curveTo", (x1, y1, x2, y2, x3, y3)))
        self._at = (x3, y3)

    def qCurveTo(self, *points: tuple[float, float]) -> None:  # noqa: N802
        # HarfBuzz gives one control point a call; a TrueType run of several is split at midpoints.
        *controls, end = points
        for index, (cx, cy) in enumerate(controls):
            if index + 1 < len(controls):
                nx, ny = controls[index + 1]
                to = ((cx + nx) / 2, (cy + ny) / 2)
            else:
                to = end
            (x0, y0), (x3, y3) = self._at, to
            self.ops.append(
                (
                    "curveTo",
                    (
                        x0 + 2 / 3 * (cx - x0),
                        y0 + 2 / 3 * (cy - y0),
                        x3 + 2 / 3 * (cx - x3),
                        y3 + 2 / 3 * (cy - y3),
                        x3,
                        y3,
                    ),
                )
            )
            self._at = to

    def closePath(self) -> None:  # noqa: N802
        self.ops.append(("close", ()))

    def endPath(self) -> None:  # noqa: N802
        pass


@cache
def _outline(filename: str, glyph: int) -> tuple[tuple[str, tuple[float, ...]], ...]:
    pen = _Outline()
    _harfbuzz_font(filename).draw_glyph_with_pen(glyph, pen)
    return tuple(pen.ops)


_PDF_OPERATORS = {"moveTo": "m", "lineTo": "l", "curveTo": "c", "close": "h"}


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") or "0"


@cache
def _glyph_path(filename: str, glyph: int) -> str:
    """A glyph's outline as PDF path operators in font units (a tenth of a unit is far finer
    than print), made once per glyph: a name's glyphs are then placed by a transformation,
    without formatting every point of every outline again (pure Python, and slow)."""
    return " ".join(
        " ".join([*map(_number, values), _PDF_OPERATORS[op]])
        for op, values in _outline(filename, glyph)
    )


# Not cached: the key would be a family's name, kept in memory after the case file is locked
# (shaping a name takes microseconds; each glyph's outline, which holds no name, is cached).
def _shape(
    filename: str, text: str, script: str = "Arab", direction: str = "rtl"
) -> tuple[tuple[tuple[int, float, float], ...], float, int]:
    """The run shaped by HarfBuzz in its script and direction: (glyph, x, y) in font units, left
    to right on the page (HarfBuzz gives a right-to-left run in display order), the total
    advance, and the font's units per em."""
    import uharfbuzz

    font = _harfbuzz_font(filename)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = direction
    buffer.script = script
    uharfbuzz.shape(font, buffer, {})
    placed: list[tuple[int, float, float]] = []
    pen = 0.0
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        placed.append((info.codepoint, pen + position.x_offset, float(position.y_offset)))
        pen += position.x_advance
    return tuple(placed), pen, font.face.upem


@dataclass(frozen=True)
class InlineRun:
    """A run of a name drawn by us inside a ReportLab paragraph line."""

    text: str  # as typed (logical order)
    size: float
    color: Any  # a ReportLab colour
    bold: bool

    @property
    def width(self) -> float:
        raise NotImplementedError

    def draw(self, canvas: Any, tx: Any, x: float, baseline: float) -> None:
        """Draw the run at (x, baseline): its marks on the canvas, its characters (invisible)
        into the paragraph's text object, so they come in the text where the name stands."""
        raise NotImplementedError

    def _invisible_text(self, tx: Any, x: float, font: str) -> None:
        """The run's characters over it, invisible (render mode 3), stretched to its width, in
        the order ReportLab draws right-to-left text elsewhere in the letter (display order), so
        text extraction reads every name the same way. The text state is put back after."""
        from bidi import get_display
        from reportlab.pdfbase.pdfmetrics import stringWidth

        shown = get_display(self.text, base_dir="R") if _right_to_left(self.text) else self.text
        natural = stringWidth(shown, font, self.size)
        if abs(x - tx._x0) > 1e-6:
            tx.setXPos(x - tx._x0)  # as ReportLab places an <img>: from the line's start
        tx._setFont(font, self.size)  # not setFont: that would change the line spacing (TL)
        tx.setTextRenderMode(3)
        if natural > 0:
            tx.setHorizScale(100 * self.width / natural)
        tx._textOut(shown)
        tx.setHorizScale(100)
        tx.setTextRenderMode(0)


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


@dataclass(frozen=True)
class ShapedRun(InlineRun):
    """A run shaped by HarfBuzz and drawn as outlines: Arabic script (Pashto...) with Noto Sans
    Arabic, right to left; a word of an Indian script or Thai with its Noto Sans, left to right."""

    @property
    def _shaping(self) -> tuple[str, str, str]:
        from sendadvisor.letters.fonts import shaping_for

        return shaping_for(self.text)

    @property
    def _family(self) -> str:
        return self._shaping[0]

    @property
    def _filename(self) -> str:
        from sendadvisor.letters.fonts import font_file

        return font_file(self._family, bold=self.bold)

    def _shaped(self) -> tuple[tuple[tuple[int, float, float], ...], float, int]:
        _family, script, direction = self._shaping
        return _shape(self._filename, self.text, script, direction)

    @property
    def width(self) -> float:
        _placed, advance, upem = self._shaped()
        return advance * self.size / upem

    def draw(self, canvas: Any, tx: Any, x: float, baseline: float) -> None:
        from sendadvisor.letters.fonts import register_family

        placed, _advance, upem = self._shaped()
        scale = self.size / upem
        canvas.saveState()
        canvas.setFillColor(self.color)
        # Font units from here: each glyph's outline (cached) moved to its place and filled
        # (`f`: non-zero winding, as TrueType outlines need).
        canvas.transform(scale, 0, 0, scale, x, baseline)
        for glyph, gx, gy in placed:
            outline = _glyph_path(self._filename, glyph)
            if outline:  # a space or a mark with nothing to draw
                canvas.addLiteral(f"q 1 0 0 1 {_number(gx)} {_number(gy)} cm {outline} f Q")
        canvas.restoreState()
        register_family(self._family)
        self._invisible_text(tx, x, f"{self._family}-Bold" if self.bold else self._family)


@dataclass(frozen=True)
class GapRun(InlineRun):
    """Room to write a name in by hand, for letters no bundled font has."""

    @property
    def width(self) -> float:
        letters = sum(1 for char in self.text if unicodedata.category(char)[0] != "M")
        return self.size * min(14.0, max(6.0, 1.1 * letters))

    def draw(self, canvas: Any, tx: Any, x: float, baseline: float) -> None:
        canvas.saveState()
        canvas.setStrokeColorRGB(*GAP_LINE)
        canvas.setLineWidth(0.75)
        low = baseline - 0.15 * self.size
        canvas.line(x + 0.2 * self.size, low, x + self.width - 0.2 * self.size, low)
        canvas.restoreState()
        self._invisible_text(tx, x, _invisible_font(self.text))


INVISIBLE = "SendadvisorInvisible"


def _invisible_font(text: str) -> str:
    """A font only for invisible text, that has every character of `text` (each drawn as a
    space). ReportLab writes a character its font lacks as the empty glyph with no Unicode
    value, so text extraction would lose the name; this copy of Atkinson Hyperlegible maps
    them to its space glyph, so the PDF's ToUnicode map carries them. Never used for ink."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from sendadvisor.letters.fonts import _ATKINSON_FILES, FONT
    from sendadvisor.resources import resource_path

    if INVISIBLE not in pdfmetrics.getRegisteredFontNames():
        path = resource_path("fonts", _ATKINSON_FILES[FONT])
        pdfmetrics.registerFont(TTFont(INVISIBLE, str(path)))
    face = pdfmetrics.getFont(INVISIBLE).face
    space = face.charToGlyph[ord(" ")]
    for char in text:
        face.charToGlyph.setdefault(ord(char), space)
    return INVISIBLE


def draw_box(canvas: Any, run: InlineRun, x: float, y: float) -> None:
    """Draw a run whose box ReportLab has placed at (x, y) (its lower left corner), as it asks
    the canvas to draw an `<img>`: called by the letters' canvas (`page_template`). The text
    object is the one the paragraph is writing (`InlineParagraph`), so the name's invisible
    characters come in the PDF's text where the name stands."""
    run.draw(canvas, canvas.inline_text_object, x, y + _BELOW * run.size)


@cache
def paragraph_class() -> type:
    """ReportLab's Paragraph, telling its canvas which text object it writes into (the canvas's
    `drawImage` is not told), for `draw_box`. ReportLab makes the parts of a split paragraph of
    the same class."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    class InlineParagraph(Paragraph):
        def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (ReportLab's name)
            text_object = super().beginText(x, y)
            self.canv.inline_text_object = text_object
            return text_object

        def breakLines(self, width: Any) -> Any:  # noqa: N802
            # A line that starts with the no-break space between two shaped words
            # (`fonts.markup`) starts with the word instead: no stray indent.
            broken = super().breakLines(width)
            for line in getattr(broken, "lines", None) or []:
                words = getattr(line, "words", None)
                if (
                    words
                    and len(words) > 1
                    and getattr(words[0], "cbDefn", None) is None
                    and getattr(words[0], "text", None) == "\u00a0"
                ):
                    first = words.pop(0)
                    line.extraSpace += stringWidth("\u00a0", first.fontName, first.fontSize)
            return broken

    return InlineParagraph


def fit_inline(paragraph: Any) -> Any:
    """Size the paragraph's `<ondraw>` runs of ours: each callback (zero width, which only
    carries the run's text) becomes a box of the run's width, of ReportLab's own kind for
    `<img>`, so the line keeps room for it and moves it to the next line whole when it does not
    fit; the letters' canvas draws the run where ReportLab puts the box (`draw_box`). One frag,
    not a callback and a box: ReportLab may break a line between two frags. Returns the
    paragraph."""
    from reportlab.lib.abag import ABag

    frags = getattr(paragraph, "frags", None) or []
    for index, frag in enumerate(frags):
        call = getattr(frag, "cbDefn", None)
        if call is None or getattr(call, "name", None) not in KINDS:
            continue
        kind = ShapedRun if call.name == SHAPED else GapRun
        run = kind(
            text=_text_of(call.label),
            size=frag.fontSize,
            color=frag.textColor,
            bold=bool(getattr(frag, "bold", 0)) or "Bold" in frag.fontName,
        )
        box = ABag(
            kind="img",
            image=run,
            width=run.width,
            height=_HEIGHT * run.size,
            valign=-_BELOW * run.size,
        )
        frags[index] = frag.clone(cbDefn=box)
    return paragraph
