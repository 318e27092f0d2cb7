"""`sendadvisor letter CASE.json -o OUT.pdf [--large-print]`: the family's summary letter."""

from __future__ import annotations

import argparse
import sys

from sendadvisor.domain.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("letter", help="write the family's summary letter as a PDF")
    parser.add_argument(
        "case", metavar="CASE.json", help="circumstances JSON, or - for standard input"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        required=True,
        help="where to write the PDF (- for standard output)",
    )
    parser.add_argument(
        "--large-print",
        action="store_true",
        help="large print: 16 pt text and bigger headings (RNIB clear print)",
    )
    parser.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sendadvisor.app import default_settings_file
    from sendadvisor.cli.output import printable
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances, read_case_json
    from sendadvisor.fsio import check_output_path, write_atomically
    from sendadvisor.letters import build_letter_content, render_letter
    from sendadvisor.letters.fonts import check_printable, user_text_fields
    from sendadvisor.rules import assess
    from sendadvisor.settings import load_settings

    to_stdout = args.output == "-"
    output = None
    if not to_stdout:
        check_output_path(args.output, field="-o", inputs=[args.case])
        output = Path(args.output)
    circumstances = parse_circumstances(read_case_json(args.case))
    settings = load_settings(default_settings_file())  # a missing file gives the defaults
    check_printable(
        {
            **user_text_fields(circumstances.raw),
            "settings.adviser_name": settings.adviser_name,
            "settings.service_name": settings.service_name,
        }
    )
    council = load_council(circumstances.council or settings.council or "dorset")
    assessment = assess(circumstances)
    content = build_letter_content(
        circumstances,
        assessment,
        council=council,
        adviser_name=settings.adviser_name,
        service_name=settings.service_name,
        issued_on=circumstances.as_of,
    )
    pdf = render_letter(content, large_print=args.large_print)
    if output is None:
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
    else:
        try:
            write_atomically(output, pdf)
        except OSError as error:
            raise InputError("-o", f"cannot write {output}: {error.strerror or error}") from None
        print(f"Wrote the letter to {printable(str(output))}", file=sys.stderr)
    return 0
