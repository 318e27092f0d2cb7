"""The same letter as an editable Word document (python-docx), for an adviser to adjust.

Reads the same `LetterContent` blocks as the PDF: headings become Word's own Heading styles (so
a screen reader can move by heading), the deadlines table has a real header row (repeated on
each page), lists use Word's List Bullet style. Imported only when a .docx is asked for.
"""

from __future__ import annotations

import io

from sendadvisor.letters.fonts import direction_pieces
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
    text_of,
)

FONT_NAME = "Atkinson Hyperlegible"  # the letter's font, where Word has it; else Word's default


def render_docx(
    content: LetterContent, *, large_print: bool = False, easy_read: bool = False
) -> bytes:
    """The letter as .docx bytes; large print (and easy read) sets 16 pt text and bigger headings."""
    from docx import Document
    from docx.shared import Pt

    big = large_print or easy_read
    document = Document()
    properties = document.core_properties
    properties.title = content.title  # never personal: see LetterContent
    properties.subject = content.subject
    properties.author = content.service_name
    properties.language = content.language
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(16 if big else 12)
    for level, size in ((1, 22 if big else 16), (2, 19 if big else 14), (3, 17 if big else 13)):
        style = document.styles[f"Heading {level}"]
        style.font.name = FONT_NAME
        style.font.size = Pt(size)
        style.font.italic = False
    document.styles["Title"].font.name = FONT_NAME
    document.add_heading(content.title, level=0)
    writer = _Writer(document)
    for block in content.blocks:
        writer.block(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, document) -> None:  # a docx Document
        self.document = document

    def runs(self, paragraph, text: Text) -> None:
        for run in text:
            for index, part in enumerate(run.text.split("\n")):
                if index:
                    paragraph.add_run().add_break()
                for piece, right_to_left in direction_pieces(part):
                    added = paragraph.add_run(piece)
                    added.bold = run.bold or None
                    if right_to_left:  # Word then joins the letters and orders them itself
                        added.font.rtl = True
                        added.font.cs_bold = run.bold or None

    def para(self, text: Text, style: str | None = None):
        paragraph = self.document.add_paragraph(style=style)
        self.runs(paragraph, text)
        return paragraph

    def lines(self, lines: tuple[Text, ...]) -> None:
        paragraph = self.document.add_paragraph()
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            self.runs(paragraph, line)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.document.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Para):
            self.para(block.text)
        elif isinstance(block, Lines):
            self.lines(block.lines)
            if block.beside:
                self.lines(block.beside)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.para(item, "List Bullet")
        elif isinstance(block, Callout):
            table = self.document.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            cell = table.rows[0].cells[0]
            cell.paragraphs[0].text = ""
            for index, line in enumerate(block.lines):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                self.runs(paragraph, line)
        elif isinstance(block, DeadlineTable):
            self.deadline_table(block)
        elif isinstance(block, ContactCard):
            paragraph = self.document.add_paragraph()
            paragraph.add_run(block.name).bold = True
            for line in block.lines:
                paragraph.add_run().add_break()
                self.runs(paragraph, line)
        elif isinstance(block, Group):
            for inner in block.blocks:
                self.block(inner)
        elif isinstance(block, PageBreak):
            self.document.add_page_break()
        else:  # pragma: no cover - every block type is handled above
            raise TypeError(f"no Word layout for {type(block).__name__}")

    def deadline_table(self, block: DeadlineTable) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows: list[DeadlineRow] = list(block.rows)
        table = self.document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        header = table.rows[0]
        # A real header row: Word repeats it on each page and screen readers announce it.
        properties = header._tr.get_or_add_trPr()
        mark = OxmlElement("w:tblHeader")  # not for people
        mark.set(qn("w:val"), "true")  # not for people
        properties.append(mark)
        for cell, title in zip(header.cells, block.columns, strict=True):
            cell.paragraphs[0].add_run(title).bold = True
        for row in rows:
            self._row(table, row)
        if block.passed_rows:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[2])
            merged.paragraphs[0].add_run(block.passed_heading).bold = True
            for row in block.passed_rows:
                self._row(table, row)

    def _row(self, table, row: DeadlineRow) -> None:
        cells = table.add_row().cells
        date_text = row.date_text + (f"\n{row.mark}" if row.mark else "")
        for index, part in enumerate(date_text.split("\n")):
            if index:
                cells[0].paragraphs[0].add_run().add_break()
            cells[0].paragraphs[0].add_run(part).bold = True
        self.runs(cells[1].paragraphs[0], row.what)
        cells[2].paragraphs[0].add_run(row.who)


def plain_text_of_docx(data: bytes) -> str:
    """The document's paragraphs and table cells as text (for tests and previews)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            out.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(out)


__all__ = ["plain_text_of_docx", "render_docx", "text_of"]
