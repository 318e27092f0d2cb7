"""ReportLab layout of the letter's blocks: paragraphs, lists, the boxed date, the deadlines table.

Imported only when a letter is rendered (ReportLab is slow to import).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak

from sendadvisor.letters.fonts import FONT, FONT_BOLD, text_paragraph
from sendadvisor.letters.model import (
    Block,
    Bullets,
    Callout,
    ContactCard,
    DeadlineRow,
    DeadlineTable,
    Group,
    Heading,
    LetterContent,
    Lines,
    PageBreak,
    Para,
    Text,
    plain,
    strong,
)
from sendadvisor.letters.stylesheet import CALLOUT_FILL, HEADER_FILL, INK, PASSED_FILL, LetterStyles

# Between a phone number and an email address on one line: no-break spaces and a space, so the
# gap is wide enough to see and a screen reader reads them as two items.
WAYS_GAP = "\u00a0\u00a0 "


class Story:
    """Turns each block into ReportLab flowables, in one print variant."""

    def __init__(self, styles: LetterStyles) -> None:
        self.styles = styles

    def para(self, text: Text, style: ParagraphStyle) -> Flowable:
        return text_paragraph(text, style)

    def opening(self, content: LetterContent) -> list[Flowable]:
        s = self.styles
        # The service's name is on every page's footer and in the sign-off.
        return [self.para(plain(content.title), s.title)]

    def block(self, block: Block) -> list[Flowable]:
        s = self.styles
        if isinstance(block, Heading):
            style = {1: s.heading, 2: s.subheading}.get(block.level, s.minor_heading)
            return [self.para(plain(block.text), style)]
        if isinstance(block, Para):
            return [self.para(block.text, s.lead if block.style == "lead" else s.body)]
        if isinstance(block, Lines):
            if block.beside:
                return [self.beside(block)]
            return [self.para(_join_lines(block.lines), s.lines)]
        if isinstance(block, Bullets):
            return [self.bullets(block.items)]
        if isinstance(block, Callout):
            return [self.callout(block)]
        if isinstance(block, DeadlineTable):
            return [self.deadline_table(block)]
        if isinstance(block, ContactCard):
            return self.card_columns([block])
        if isinstance(block, Group):
            inner: list[Flowable] = []
            for part in block.blocks:
                inner += self.block(part)
            return [KeepTogether(inner)]
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        raise TypeError(f"no layout for {type(block).__name__}")

    def blocks(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        """Every block in order; contact cards that follow one another share two columns."""
        out: list[Flowable] = []
        cards: list[ContactCard] = []
        for block in (*blocks, None):
            if isinstance(block, ContactCard):
                cards.append(block)
                continue
            if cards:
                out += self.card_columns(cards)
                cards = []
            if block is not None:
                out += self.block(block)
        return out

    def card_columns(self, cards: list[ContactCard]) -> list[Flowable]:
        """Contact cards two by two; each pair is its own table, so a page can end between."""
        s = self.styles
        half = s.frame_width / 2
        room = half - s.sizes.body  # the cell's right padding
        cells = [
            [
                self.para(strong(card.name), s.cell),
                self.para(_join_lines(self._card_lines(card, room)), s.cell),
            ]
            for card in cards
        ]
        pairs = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        tables: list[Flowable] = []
        for pair in pairs:
            row = [pair[0], pair[1] if len(pair) > 1 else ""]
            table = Table([row], colWidths=[half, half], hAlign="LEFT")
            table.setStyle(self._card_style())
            tables.append(table)
        return tables

    def _card_lines(self, card: ContactCard, room: float) -> tuple[Text, ...]:
        """A card's lines, with phone, email and website on one line when that fits in `room`."""
        ways = card.ways
        if len(ways) > 1:
            together: Text = ()
            for way in ways:
                together += (plain(WAYS_GAP) if together else ()) + way
            paragraph = text_paragraph(together, self.styles.cell)
            _width, height = paragraph.wrap(room, self.styles.cell.leading * 4)
            if height <= self.styles.cell.leading * 1.01:
                ways = (together,)
        return ((card.about,) if card.about else ()) + ways + card.details

    def _card_style(self) -> TableStyle:
        s = self.styles
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), s.sizes.body),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), s.sizes.body * 0.6),
            ]
        )

    def bullets(self, items: tuple[Text, ...]) -> Flowable:
        s = self.styles
        size = s.sizes.body
        return ListFlowable(
            [ListItem(self.para(item, s.bullet), value="•") for item in items],
            bulletType="bullet",
            start="•",
            bulletFontName=FONT_BOLD,
            bulletFontSize=size,
            leftIndent=size * 1.4,
            bulletOffsetY=0,
            spaceAfter=size * 0.3,
        )

    def beside(self, block: Lines) -> Flowable:
        """Two columns of short lines, the first on the left (an address and the date)."""
        s = self.styles
        cells = [
            [
                self.para(_join_lines(block.lines), s.cell),
                self.para(_join_lines(block.beside), s.cell),
            ]
        ]
        table = Table(cells, colWidths=[s.frame_width * 0.5] * 2, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), s.sizes.body),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        table.spaceAfter = s.sizes.body * 0.6
        return table

    def callout(self, block: Callout) -> Flowable:
        s = self.styles
        pad = s.sizes.body * 0.8
        cells = [[self.para(line, s.cell)] for line in block.lines]
        table = Table(cells, colWidths=[s.frame_width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("FONTSIZE", (0, 0), (-1, -1), s.sizes.body),
                    ("BOX", (0, 0), (-1, -1), 2.5, INK),
                    ("BACKGROUND", (0, 0), (-1, -1), CALLOUT_FILL),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, 0), pad),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                ]
            )
        )
        table.spaceBefore = s.sizes.body * 0.3
        table.spaceAfter = s.sizes.body * 0.6
        return table

    def deadline_table(self, block: DeadlineTable) -> Flowable:
        s = self.styles
        width = s.frame_width
        # The date column is wide enough for "30 September 2026" in bold on one line; the weekday
        # may sit on the line above it (the day, month and year are held together).
        # In large print "who" moves into the middle column: a third column would be too narrow
        # for "The mediation adviser" at 16 pt.
        who_label = block.columns[2] if s.large_print else None
        columns = block.columns[:2] if s.large_print else block.columns
        date_w = width * (0.37 if s.large_print else 0.355)
        who_w = 0 if s.large_print else width * 0.195  # "Who must do it" on one line
        what_w = width - date_w - who_w
        widths = [date_w, what_w] + ([who_w] if who_w else [])
        pad = s.sizes.body * 0.4

        rows: list[list] = [[self.para(strong(c), s.cell_head) for c in columns]]
        commands: list[tuple] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), s.sizes.body),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.75, INK),
            ("BOX", (0, 0), (-1, -1), 1.5, INK),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]
        for row in block.rows:
            rows.append(self._deadline_cells(row, who_label))
            if row.state == "done":
                commands.append(
                    ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), PASSED_FILL)
                )
            if row.state == "today":
                commands.append(("BOX", (0, len(rows) - 1), (-1, len(rows) - 1), 2.5, INK))
        if block.passed_rows:
            rows.append(
                [self.para(strong(block.passed_heading), s.cell_head)] + [""] * (len(columns) - 1)
            )
            at = len(rows) - 1
            commands += [
                ("SPAN", (0, at), (-1, at)),
                ("BACKGROUND", (0, at), (-1, at), HEADER_FILL),
            ]
            for row in block.passed_rows:
                rows.append(self._deadline_cells(row, who_label))
                commands.append(
                    ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), PASSED_FILL)
                )
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        table.spaceBefore = s.sizes.body * 0.2
        table.spaceAfter = s.sizes.body * 0.6
        return table

    def _deadline_cells(self, row: DeadlineRow, who_label: str | None) -> list[Flowable]:
        s = self.styles
        date_text: Text = strong(row.date_text)
        if row.mark:
            date_text += plain("\n") + strong(row.mark)
        if who_label:
            what = row.what + plain("\n") + plain(f"{who_label}: ") + strong(row.who)
            return [self.para(date_text, s.cell), self.para(what, s.cell)]
        return [
            self.para(date_text, s.cell),
            self.para(row.what, s.cell),
            self.para(plain(row.who), s.cell),
        ]


def _join_lines(lines: tuple[Text, ...]) -> Text:
    out: Text = ()
    for index, line in enumerate(lines):
        out += (plain("\n") if index else ()) + line
    return out


def bind_headings(flowables: list[Flowable], styles: LetterStyles) -> list[Flowable]:
    """Keep each heading (and anything else marked keep-with-next) on the page of what follows.

    ReportLab's own keepWithNext does not join a paragraph to a following KeepTogether, which
    left route headings alone at the foot of a page; this joins them explicitly. A table or list
    may be long, so rather than moving it whole to the next page (leaving half a page blank), its
    heading starts a new page only when less than about a quarter of a page is left.
    """

    frame_height = styles.page_size[1] - styles.top_margin - styles.bottom_margin
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for flowable in flowables:
        if getattr(flowable, "getKeepWithNext", lambda: False)():
            pending.append(flowable)
            continue
        long_table = isinstance(flowable, Table) and len(flowable._cellvalues) > 3
        long_list = isinstance(flowable, ListFlowable) and len(flowable._flowables) > 2
        if pending and (long_table or long_list):
            for kept in pending:
                kept.keepWithNext = False  # or ReportLab would move the whole block after all
            out += [CondPageBreak(frame_height * 0.25), *pending, flowable]
        elif pending:
            inner = list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
            out.append(KeepTogether(pending + inner))
        else:
            out.append(flowable)
        pending = []
    return out + pending
