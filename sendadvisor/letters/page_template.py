"""The letter's pages: A4 frame, and a footer with the service's name and "Page x of y"."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from sendadvisor.letters.fonts import FONT, FONT_BOLD, text_paragraph
from sendadvisor.letters.inline import InlineRun, draw_box
from sendadvisor.letters.model import plain
from sendadvisor.letters.stylesheet import INK, RULE, LetterStyles

Footer = Callable[[Canvas, int, int], None]


def _numbered_canvas(draw_footer: Footer) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each footer can say "of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict] = []
            self.inline_text_object = None  # the text object a paragraph writes (inline.py)

        def drawImage(self, image, x, y, width=None, height=None, *args, **kwargs):  # noqa: N802
            # A name ReportLab cannot draw, in the box keeping its room on the line
            # (inline.fit_inline): shaped outlines or a gap, and its invisible text.
            if isinstance(image, InlineRun):
                draw_box(self, image, x, y)
                return None
            return super().drawImage(image, x, y, width, height, *args, **kwargs)

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for state in self._held_pages:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    flowables: list[Flowable],
    styles: LetterStyles,
    *,
    title: str,
    subject: str,
    service_name: str,
    page_label: str,
    language: str = "en-GB",
) -> bytes:
    """Lay the flowables out on A4 pages and return the PDF; identical input gives identical bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=styles.page_size,
        leftMargin=styles.left_margin,
        rightMargin=styles.right_margin,
        topMargin=styles.top_margin,
        bottomMargin=styles.bottom_margin,
        # Document properties carry no family's or adviser's details: a PDF's properties travel
        # with it (email attachments, file lists) where the letter's text would not be seen.
        title=title,
        subject=subject,
        author=service_name,
        creator="sendadvisor",
        producer="sendadvisor (ReportLab)",
        keywords=[],
        invariant=1,  # no timestamps or random ids: the same letter gives the same bytes
        lang=language,
        displayDocTitle=True,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="letter", frames=[frame])])

    footer_style = ParagraphStyle(
        "footer",
        fontName=FONT,
        fontSize=styles.footer_size,
        leading=styles.footer_size * 1.2,
        textColor=INK,
    )

    def draw_footer(canvas: Canvas, page: int, pages: int) -> None:
        size = styles.footer_size
        width, _height = styles.page_size
        y = styles.bottom_margin - 2.2 * size
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.75)
        canvas.line(styles.left_margin, y + 1.3 * size, width - styles.right_margin, y + 1.3 * size)
        canvas.setFillColor(INK)
        label = page_label.format(page=page, pages=pages)
        canvas.setFont(FONT_BOLD, size)
        canvas.drawRightString(width - styles.right_margin, y, label)
        room = (
            width
            - styles.left_margin
            - styles.right_margin
            - canvas.stringWidth(label, FONT_BOLD, size)
            - size
        )
        name = _one_line(service_name, footer_style, room)
        name.drawOn(canvas, styles.left_margin, y - footer_style.leading + size)
        canvas.restoreState()

    doc.build(flowables, canvasmaker=_numbered_canvas(draw_footer))
    return buffer.getvalue()


def _one_line(text: str, style: ParagraphStyle, room: float) -> Paragraph:
    """The service's name on one line (a Paragraph, so any letter prints), shortened with an
    ellipsis if it would run into the page number."""
    kept, candidate = text, text
    while True:
        paragraph = text_paragraph(plain(candidate), style)
        _width, height = paragraph.wrap(room, style.leading * 4)
        if height <= style.leading * 1.01 or len(kept) <= 1:
            return paragraph
        kept = kept[:-1].rstrip()
        candidate = kept + "…"
