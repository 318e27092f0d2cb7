"""The letter's look: fonts, sizes, spacing and colours, for standard and large print.

Follows RNIB clear-print guidance: a clear sans-serif, left-aligned text, no italics or
capitals for emphasis (bold instead), generous line spacing, black on white. Standard print
uses nothing smaller than 12 pt; large print nothing smaller than 16 pt, with bigger headings.
Imported only by the renderer (ReportLab is slow to import).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from sendadvisor.letters.fonts import FONT, FONT_BOLD, register_fonts

INK = colors.black
RULE = colors.HexColor("#4d4d4d")
HEADER_FILL = colors.HexColor("#e0e0e0")  # table header: grey, and the words say what it is
PASSED_FILL = colors.HexColor("#f0f0f0")  # dates gone: shaded, and each one says so in words
CALLOUT_FILL = colors.HexColor("#fff4c2")


@dataclass(frozen=True)
class Sizes:
    """Point sizes for one print variant."""

    body: float
    heading: float
    subheading: float
    minor_heading: float
    title: float
    service: float
    line_spacing: float  # leading as a multiple of the size


# RNIB asks for space between lines of 1.5 to 2 times the space between words. Atkinson
# Hyperlegible's word space is 0.28 em, so that needs a leading (baseline to baseline) of at
# least 1 + 1.5 x 0.28 = 1.42 times the size. The letter does not reach it yet: at 1.42 a letter
# for one concern with a late council takes 3 sides, not 2, and 5 in large print, not 4 (the page
# budgets come first; docs/letters.md gives the measurements).
STANDARD = Sizes(
    body=12, heading=16, subheading=14, minor_heading=13, title=20, service=14, line_spacing=1.2
)
LARGE = Sizes(
    body=16, heading=20, subheading=18, minor_heading=17, title=24, service=17, line_spacing=1.3
)


@dataclass(frozen=True)
class LetterStyles:
    """Paragraph styles and page geometry for one print variant."""

    large_print: bool
    sizes: Sizes
    page_size: tuple[float, float]
    left_margin: float
    right_margin: float
    top_margin: float
    bottom_margin: float
    service: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    minor_heading: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    lines: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    contact_name: ParagraphStyle
    footer_size: float

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.left_margin - self.right_margin


def letter_styles(*, large_print: bool = False) -> LetterStyles:
    """The styles for standard print, or for large print."""
    register_fonts()
    s = LARGE if large_print else STANDARD

    def style(
        name: str,
        size: float,
        *,
        bold: bool = False,
        before: float = 0,
        after: float | None = None,
        keep: bool = False,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=FONT_BOLD if bold else FONT,
            fontSize=size,
            leading=round(size * s.line_spacing, 1),
            alignment=TA_LEFT,  # ragged right: even word spacing is easier to read
            textColor=INK,
            spaceBefore=before,
            spaceAfter=s.body * 0.3 if after is None else after,
            keepWithNext=keep,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=False,
        )

    side = 16 * mm
    return LetterStyles(
        large_print=large_print,
        sizes=s,
        page_size=A4,
        left_margin=side,
        right_margin=side,
        top_margin=(14 if large_print else 12) * mm,
        bottom_margin=(22 if large_print else 17) * mm,
        service=style("service", s.service, bold=True, after=2),
        title=style("title", s.title, bold=True, after=s.body * 0.5),
        # The leading already puts air under each line, so the space around headings is small.
        heading=style(
            "heading", s.heading, bold=True, before=s.body * 0.7, after=s.body * 0.1, keep=True
        ),
        subheading=style(
            "subheading",
            s.subheading,
            bold=True,
            before=s.body * 0.6,
            after=s.body * 0.1,
            keep=True,
        ),
        minor_heading=style(
            "minor_heading",
            s.minor_heading,
            bold=True,
            before=s.body * 0.6,
            after=s.body * 0.1,
            keep=True,
        ),
        body=style("body", s.body),
        lead=style("lead", s.body, keep=True),
        lines=style("lines", s.body, after=s.body * 0.6),
        bullet=style("bullet", s.body, after=s.body * 0.15),
        cell=style("cell", s.body, after=0),
        cell_head=style("cell_head", s.body, bold=True, after=0),
        contact_name=style(
            "contact_name", s.body, bold=True, before=s.body * 0.6, after=2, keep=True
        ),
        footer_size=s.body,
    )
