"""The family's printed summary letter: content from an assessment, then a PDF (ReportLab, lazily).

`build_letter_content` is pure Python; `render_letter` imports ReportLab only when called.
"""

from sendadvisor.letters.content import build_letter_content, full_date
from sendadvisor.letters.model import LetterContent
from sendadvisor.letters.render import UnprintableText, render_letter
from sendadvisor.letters.wording import Wording, WordingError, load_wording

__all__ = [
    "LetterContent",
    "UnprintableText",
    "Wording",
    "WordingError",
    "build_letter_content",
    "full_date",
    "load_wording",
    "render_letter",
]
