"""Lays out a `LetterContent` as a PDF: the last, thin step, and the only one that needs ReportLab."""

from __future__ import annotations

from sendadvisor.i18n import _
from sendadvisor.letters.model import LetterContent


class UnprintableText(ValueError):
    """The letter holds characters its fonts cannot print correctly (no bundled font has them)."""


def render_letter(content: LetterContent, *, large_print: bool = False) -> bytes:
    """The letter as PDF bytes, in standard print (12 pt and up) or large print (16 pt and up)."""
    # ReportLab costs about a third of a second to import: only letters pay for it.
    from sendadvisor.letters.fonts import unprintable_characters
    from sendadvisor.letters.layout import Story, bind_headings
    from sendadvisor.letters.page_template import build_pdf
    from sendadvisor.letters.stylesheet import letter_styles

    bad = unprintable_characters(content.plain_text())
    if bad:
        raise UnprintableText(
            _("the letter's fonts cannot print these characters: {characters}").format(
                characters=" ".join(bad)
            )
        )
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
