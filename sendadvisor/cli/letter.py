"""`sendadvisor letter CASE.json -o OUT.pdf|OUT.docx [--large-print] [--easy-read] [--no-appendix]`:
the family's letter; the format follows the output's extension."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

FORMATS = (".pdf", ".docx")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "letter", help=_("write the family's letter as a PDF, or as a Word document (.docx)")
    )
    parser.add_argument(
        "case", metavar="CASE.json", help=_("circumstances JSON, or - for standard input")
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        required=True,
        help=_("where to write the letter: .pdf or .docx (- for a PDF on standard output)"),
    )
    parser.add_argument(
        "--large-print",
        action="store_true",
        help=_("large print: 16 pt text and bigger headings (RNIB clear print)"),
    )
    parser.add_argument(
        "--easy-read",
        action="store_true",
        help=_("easy read: one idea a line, 16 pt or more, a picture beside each point"),
    )
    parser.add_argument(
        "--appendix",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=_(
            "add, after the sign-off, how each date was worked out and the law behind it "
            "(default: added)"
        ),
    )
    parser.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


@dataclass(frozen=True)
class Prepared:
    """What every family output needs: the checked circumstances, the council, the assessment."""

    circumstances: Any
    assessment: dict
    council: Any
    adviser_name: str
    service_name: str


def output_path(value: str, case: str, extensions: tuple[str, ...]) -> Path | None:
    """The output path, checked before any work (None for standard output); refuses an
    extension this command cannot write."""
    from sendadvisor.fsio import check_output_path

    if value == "-":
        return None
    check_output_path(value, field="-o", inputs=[case])
    suffix = Path(value).suffix.lower()
    if suffix not in extensions:
        raise InputError(
            "-o",
            _("{name}: the file name must end in {extensions}").format(
                name=value, extensions=_(" or ").join(extensions)
            ),
        )
    return Path(value)


def prepare(case: str) -> Prepared:
    """Read and check the circumstances, the settings and the council; assess them."""
    from sendadvisor.app import default_settings_file
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances, read_case_json
    from sendadvisor.rules import assess
    from sendadvisor.settings import load_settings

    circumstances = parse_circumstances(read_case_json(case))
    settings = load_settings(default_settings_file())  # a missing file gives the defaults
    council = load_council(circumstances.council or settings.council or "dorset")
    return Prepared(
        circumstances=circumstances,
        assessment=dict(assess(circumstances)),
        council=council,
        adviser_name=settings.adviser_name,
        service_name=settings.service_name,
    )


def write_output(output: Path | None, data: bytes, what: str) -> None:
    """Write atomically (never a half-written file), or to standard output when output is None."""
    from sendadvisor.cli.output import printable
    from sendadvisor.fsio import write_atomically

    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomically(output, data)
    except OSError as error:
        raise InputError(
            "-o",
            _("cannot write {path}: {reason}").format(path=output, reason=error.strerror or error),
        ) from None
    print(
        _("Wrote the {what} to {path}").format(what=what, path=printable(str(output))),
        file=sys.stderr,
    )


def run(args: argparse.Namespace) -> int:
    from sendadvisor.letters import build_letter_content

    output = output_path(args.output, args.case, FORMATS)
    prepared = prepare(args.case)
    made_by = {
        "council": prepared.council,
        "adviser_name": prepared.adviser_name,
        "service_name": prepared.service_name,
        "issued_on": prepared.circumstances.as_of,
    }
    if args.easy_read and (output is None or output.suffix.lower() != ".docx"):
        from sendadvisor.letters.content import build_easy_read
        from sendadvisor.letters.easy_read import render_easy_read

        easy = build_easy_read(prepared.circumstances, prepared.assessment, **made_by)
        data = render_easy_read(easy)
    else:
        content = build_letter_content(
            prepared.circumstances, prepared.assessment, appendix=args.appendix, **made_by
        )
        if output is not None and output.suffix.lower() == ".docx":
            from sendadvisor.letters.docx import render_docx

            data = render_docx(content, large_print=args.large_print, easy_read=args.easy_read)
        else:
            from sendadvisor.letters import render_letter

            data = render_letter(content, large_print=args.large_print)
    write_output(output, data, _("letter"))
    if output is None or output.suffix.lower() == ".pdf":
        _note_handwriting(prepared)
    return 0


def _note_handwriting(prepared: Prepared) -> None:
    """Tell the adviser (not the family's letter) which names the PDF leaves a gap for."""
    from sendadvisor.letters.fonts import handwriting_needed, handwriting_note, user_text_fields

    fields = {
        **user_text_fields(prepared.circumstances.raw),
        "settings.adviser_name": prepared.adviser_name,
        "settings.service_name": prepared.service_name,
    }
    for field in handwriting_needed(fields):
        print(handwriting_note(field), file=sys.stderr)
