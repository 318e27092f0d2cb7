"""The easy-read letter (UK easy-read conventions, Mencap and CHANGE): one idea a line, 16 pt and
up, a simple picture beside each point drawn with ReportLab's own graphics (no image files), the
next three things to do with their dates, and who to call.

Built from the same `LetterContent` as the full letter, plus `EasyRead` points made in
`content.build_easy_read`; this module only lays them out. Imported only when asked for.
"""

from __future__ import annotations

from sendadvisor.letters.model import EasyRead, plain

SIZE = 18  # body text; headings bigger (never below 16 pt)
PICTURE = 56  # the picture's side, in points


def _picture(kind: str):  # -> reportlab Drawing
    """A plain pictogram: calendar, phone, paper, person, talk, tick or star."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect
    from reportlab.lib import colors

    ink, fill = colors.black, colors.HexColor("#fff4c2")
    s = PICTURE
    d = Drawing(s, s)
    if kind == "calendar":
        d.add(Rect(4, 4, s - 8, s - 12, strokeColor=ink, fillColor=fill, strokeWidth=2.5))
        d.add(Rect(4, s - 20, s - 8, 12, strokeColor=ink, fillColor=ink))
        for x in (14, s - 14):
            d.add(Line(x, s - 4, x, s - 14, strokeColor=ink, strokeWidth=3))
        for row in range(2):
            for col in range(3):
                d.add(Rect(12 + col * 12, 12 + row * 11, 7, 6, fillColor=ink, strokeColor=None))
    elif kind == "phone":
        d.add(
            Rect(16, 4, s - 32, s - 8, rx=5, ry=5, strokeColor=ink, fillColor=fill, strokeWidth=2.5)
        )
        d.add(Rect(20, 14, s - 40, s - 28, strokeColor=ink, fillColor=colors.white))
        d.add(Circle(s / 2, 9, 2.5, fillColor=ink, strokeColor=None))
    elif kind == "paper":
        d.add(
            Polygon(
                [8, 4, s - 8, 4, s - 8, s - 16, s - 20, s - 4, 8, s - 4],
                strokeColor=ink,
                fillColor=fill,
                strokeWidth=2.5,
            )
        )
        for y in (14, 22, 30, 38):
            d.add(Line(16, y, s - 16, y, strokeColor=ink, strokeWidth=2))
    elif kind == "person":
        d.add(Circle(s / 2, s - 16, 10, strokeColor=ink, fillColor=fill, strokeWidth=2.5))
        d.add(
            Polygon(
                [10, 4, s - 10, 4, s - 16, 30, 16, 30],
                strokeColor=ink,
                fillColor=fill,
                strokeWidth=2.5,
            )
        )
    elif kind == "talk":
        d.add(
            Rect(4, 16, s - 8, s - 22, rx=8, ry=8, strokeColor=ink, fillColor=fill, strokeWidth=2.5)
        )
        d.add(Polygon([14, 17, 26, 17, 12, 4], strokeColor=ink, fillColor=fill, strokeWidth=2.5))
        for dot in (s / 2 - 10, s / 2, s / 2 + 10):
            d.add(Circle(dot, 30, 2.5, fillColor=ink, strokeColor=None))
    elif kind == "tick":
        d.add(Circle(s / 2, s / 2, s / 2 - 4, strokeColor=ink, fillColor=fill, strokeWidth=2.5))
        d.add(Line(16, s / 2, 25, 16, strokeColor=ink, strokeWidth=5))
        d.add(Line(25, 16, s - 14, s - 16, strokeColor=ink, strokeWidth=5))
    else:  # star: something important
        d.add(
            Polygon(
                [
                    s / 2,
                    s - 4,
                    34,
                    36,
                    s - 4,
                    36,
                    38,
                    24,
                    46,
                    4,
                    s / 2,
                    16,
                    10,
                    4,
                    18,
                    24,
                    4,
                    36,
                    22,
                    36,
                ],
                strokeColor=ink,
                fillColor=fill,
                strokeWidth=2.5,
            )
        )
    return d


def _point_row(point, body, width: float, make):  # -> a one-row Table
    from reportlab.platypus import Table, TableStyle

    from sendadvisor.letters.fonts import FONT

    text = [make(line, body) for line in point.lines]
    row = Table(
        [[_picture(point.picture), text]],
        colWidths=[PICTURE + 16, width - PICTURE - 16],
        hAlign="LEFT",
    )
    row.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), SIZE * 0.8),
            ]
        )
    )
    return row


def render_easy_read(easy: EasyRead) -> bytes:
    """The easy-read letter as PDF bytes."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Spacer

    from sendadvisor.letters.fonts import FONT, FONT_BOLD, text_paragraph
    from sendadvisor.letters.page_template import build_pdf
    from sendadvisor.letters.stylesheet import INK, letter_styles

    styles = letter_styles(large_print=True)  # margins and footer of large print
    body = ParagraphStyle("easy", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.4, textColor=INK)
    title = ParagraphStyle(
        "easy_title", parent=body, fontName=FONT_BOLD, fontSize=28, leading=34, spaceAfter=SIZE
    )
    heading = ParagraphStyle(
        "easy_heading",
        parent=body,
        fontName=FONT_BOLD,
        fontSize=24,
        leading=30,
        spaceBefore=SIZE,
        spaceAfter=SIZE * 0.6,
        keepWithNext=True,
    )
    flowables: list = [text_paragraph(plain(easy.title), title)]
    for section in easy.sections:
        rows = [
            _point_row(point, body, styles.frame_width, text_paragraph) for point in section.points
        ]
        if section.heading:  # the heading stays with its first point
            rows[0] = KeepTogether([text_paragraph(plain(section.heading), heading), rows[0]])
        flowables += rows
    flowables.append(Spacer(1, SIZE))
    return build_pdf(
        flowables,
        styles,
        title=easy.title,
        subject=easy.title,
        service_name=easy.service_name,
        page_label=easy.page_label,
    )
