"""`sendadvisor letter CASE.json -o OUT.pdf [--large-print]`: the family's summary letter."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from sendadvisor.domain.errors import InputError

if TYPE_CHECKING:  # pathlib and tempfile are imported when the command runs: `assess` starts faster
    from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("letter", help="write the family's summary letter as a PDF")
    parser.add_argument("case", metavar="CASE.json", help="circumstances JSON, or - for standard input")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True,
                        help="where to write the PDF (- for standard output)")
    parser.add_argument("--large-print", action="store_true",
                        help="large print: 16 pt text and bigger headings (RNIB clear print)")
    parser.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sendadvisor.app import default_settings_file
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances, read_case_json
    from sendadvisor.letters import build_letter_content, render_letter
    from sendadvisor.letters.fonts import check_printable, user_text_fields
    from sendadvisor.rules import assess
    from sendadvisor.settings import load_settings

    to_stdout = args.output == "-"
    output = None if to_stdout else _checked_output(Path(args.output))
    circumstances = parse_circumstances(read_case_json(args.case))
    settings = load_settings(default_settings_file())  # a missing file gives the defaults
    check_printable(
        {**user_text_fields(circumstances.raw),
         "settings.adviser_name": settings.adviser_name, "settings.service_name": settings.service_name}
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
        _write_atomically(output, pdf)
        print(f"Wrote the letter to {output}", file=sys.stderr)
    return 0


def _checked_output(path: Path) -> Path:
    """Fail before any work if the PDF could not be written there."""
    from pathlib import Path

    if path.is_dir():
        raise InputError("-o", f"{path} is a folder; give a file name such as letter.pdf")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("-o", f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("-o", f"cannot write in the folder {folder} (permission denied)")
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written letter."""
    import tempfile
    from pathlib import Path

    folder = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as error:
        raise InputError("-o", f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
