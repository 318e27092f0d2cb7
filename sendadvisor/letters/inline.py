"""Names ReportLab cannot draw itself, placed inline in their sentence: shaped by HarfBuzz and
drawn as outlines, or left as a gap to write the name in by hand.

ReportLab draws one glyph per character. That is enough for Latin, Greek, Cyrillic, Hebrew, Chinese,
Japanese, Korean, and for Arabic-script names whose letters have joined forms in Unicode (see
`fonts.display_order`). It is not enough for Arabic-script letters with no such forms (Pashto's ځ
ښ ګ ږ ړ ټ ډ ڼ ې, some Sindhi, Kurdish and Uyghur letters): they must be shaped from the font's own
tables. So `fonts.markup` writes such a run as a zero-width `<ondraw>` callback whose label holds
the run's text, and `fit_inline` (called on every letter paragraph by `fonts.paragraph`) turns it
into an inline box of the run's exact width, the kind ReportLab uses for `<img>`: ReportLab then
keeps it in its sentence, moves it to the next line whole when it does not fit, and keeps the line
height. ReportLab asks the canvas to draw the box with `drawImage`; the letters' canvas
(`page_template`) hands our boxes to `InlineRun.draw` instead:

- **shaped** (`ShapedRun`): uharfbuzz shapes the run with the bundled Noto Sans Arabic (right to
  left, Arabic script; HarfBuzz joins the letters, places the marks and puts the run in display
  order), each glyph is filled as a vector outline in the text's colour, and the run's characters
  are laid over it as invisible text (PDF text render mode 3, as OCR'd scans do), so copying,
  searching and reading aloud find the name;
- **gap** (`GapRun`): a script no bundled font has (Thai, the Indian scripts, Ethiopic...): a blank
  the width of the name with a light line to write on, and the name as invisible text. The
  adviser is told when the letter is made (`fonts.handwriting_needed`), never in the letter.
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


@cache
def _shape(filename: str, text: str) -> tuple[tuple[tuple[int, float, float], ...], float, int]:
    """The run shaped right to left in the Arabic script: (glyph, x, y) in font units, left to
    right on the page, the total advance, and the font's units per em."""
    import uharfbuzz

    font = _harfbuzz_font(filename)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl"
    buffer.script = "Arab"
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
    """An Arabic-script run shaped by HarfBuzz with Noto Sans Arabic, drawn as outlines."""

    @property
    def _family(self) -> str:
        from sendadvisor.letters.fonts import ARABIC

        return ARABIC

    @property
    def _filename(self) -> str:
        from sendadvisor.letters.fonts import font_file

        return font_file(self._family, bold=self.bold)

    @property
    def width(self) -> float:
        _placed, advance, upem = _shape(self._filename, self.text)
        return advance * self.size / upem

    def draw(self, canvas: Any, tx: Any, x: float, baseline: float) -> None:
        from reportlab.pdfgen.canvas import FILL_NON_ZERO

        from sendadvisor.letters.fonts import register_family

        placed, _advance, upem = _shape(self._filename, self.text)
        scale = self.size / upem
        canvas.saveState()
        canvas.setFillColor(self.color)
        path = canvas.beginPath()
        for glyph, gx, gy in placed:
            left, up = x + gx * scale, baseline + gy * scale
            for op, values in _outline(self._filename, glyph):
                points = [
                    (left if index % 2 == 0 else up) + value * scale
                    for index, value in enumerate(values)
                ]
                getattr(path, op)(*points)
        canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
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


def draw_callback(canvas: Any, _kind: str, run: InlineRun) -> None:
    """ReportLab's `<ondraw>` callback (registered on the letters' canvas under both names):
    draws the run where the paragraph has got to. `_curr_tx_info` is what ReportLab gives such
    callbacks: the text object, and the position on the line."""
    info = canvas._curr_tx_info
    run.draw(canvas, info["tx"], info["cur_x"], info["cur_y"])


def fit_inline(paragraph: Any) -> Any:
    """Size the paragraph's `<ondraw>` runs of ours: after each callback (zero width, which
    draws the run) goes a box of the run's width, of ReportLab's own kind for `<img>`, so the
    line keeps room for it and moves it to the next line whole when it does not fit (the
    letters' canvas draws nothing for the box itself). Returns the paragraph."""
    from reportlab.lib.abag import ABag

    frags = getattr(paragraph, "frags", None) or []
    index = 0
    while index < len(frags):
        frag = frags[index]
        call = getattr(frag, "cbDefn", None)
        index += 1
        if call is None or getattr(call, "name", None) not in KINDS:
            continue
        if isinstance(call.label, InlineRun):
            continue  # sized already
        kind = ShapedRun if call.name == SHAPED else GapRun
        run = kind(
            text=_text_of(call.label),
            size=frag.fontSize,
            color=frag.textColor,
            bold=bool(getattr(frag, "bold", 0)) or "Bold" in frag.fontName,
        )
        call.label = run
        box = ABag(
            kind="img",
            image=run,
            width=run.width,
            height=_HEIGHT * run.size,
            valign=-_BELOW * run.size,
        )
        frags.insert(index, frag.clone(cbDefn=box))
        index += 1
    return paragraph
