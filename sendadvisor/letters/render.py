"""Lays out a `LetterContent` as a PDF: the last, thin step, and the only one that needs ReportLab."""

from __future__ import annotations

from sendadvisor.letters.model import LetterContent


class UnprintableText(ValueError):
    """Kept for callers that catch it: the letter no longer refuses any text (a name no bundled
    font can draw gets a gap to write it in by hand, see `letters.inline`)."""


def render_letter(content: LetterContent, *, large_print: bool = False) -> bytes:
    """The letter as PDF bytes, in standard print (12 pt and up) or large print (16 pt and up)."""
    # ReportLab costs about a third of a second to import: only letters pay for it.
    from sendadvisor.letters.layout import Story, bind_headings
    from sendadvisor.letters.page_template import build_pdf
    from sendadvisor.letters.stylesheet import letter_styles

    styles = letter_styles(large_print=large_print)
    story = Story(styles)
    flowables = story.opening(content) + story.blocks(content.blocks)
    return build_pdf(
        bind_headings(flowables, styles),
        styles,
        title=content.title,
        subject=content.subject,
        service_name=content.service_name,
        page_label=content.page_label,
        language=content.language,
    )
