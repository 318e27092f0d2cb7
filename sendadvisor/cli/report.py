"""`sendadvisor report --data FILE [--from DATE] [--to DATE] [--json] [-o OUT.pdf]`: anonymised
statistics of a period's casework (no names, dates of birth, addresses or free text; no count
under 5 given exactly), in plain English, as JSON, or as a printable PDF with bar charts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.storage import CaseFile


def register(sub: argparse._SubParsersAction) -> None:
    from sendadvisor.cli.cases import _data_option

    parser = sub.add_parser(
        "report",
        help=_(
            "anonymised statistics for a period: cases, concerns, routes, deadlines met or missed"
        ),
    )
    _data_option(parser)
    period_options(parser)
    parser.add_argument("--json", action="store_true", help=_("the report as JSON"))
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        help=_("write the report as a printable PDF with bar charts instead"),
    )
    parser.set_defaults(handler=run)


def period_options(parser: argparse.ArgumentParser) -> None:
    """--from and --to, as the report and the CSV export take them."""
    parser.add_argument(
        "--from",
        dest="first",
        metavar="DATE",
        help=_("the period's first day (default: the start)"),
    )
    parser.add_argument(
        "--to", dest="last", metavar="DATE", help=_("its last day (default: today)")
    )


def period(args: argparse.Namespace, today: date) -> tuple[date | None, date]:
    """The period asked for, checked: real dates, the first not after the last."""
    from sendadvisor.domain.circumstances import parse_date

    first = parse_date(args.first, "--from") if args.first is not None else None
    last = parse_date(args.last, "--to") if args.last is not None else today
    if first is not None and first > last:
        raise InputError(
            "--from",
            _("{first} is after the period's last day {last}").format(
                first=first.isoformat(), last=last.isoformat()
            )
            + (" (--to)" if args.last is not None else " " + _("(today)")),
        )
    return first, last


def run(args: argparse.Namespace) -> int:
    from sendadvisor.cli.cases import _with_case_file

    today = date.today()
    first, last = period(args, today)
    output = None
    if args.output is not None:
        from sendadvisor.cli.letter import output_path

        output = output_path(args.output, "-", (".pdf",))
        if output is None:
            raise InputError("-o", _("give a file name ending in .pdf"))

    def make(case_file: CaseFile) -> int:
        from sendadvisor.casework import refresh_stale_deadlines
        from sendadvisor.report import render_text, report_from_rows

        refresh_stale_deadlines(case_file)  # rows stored with older rules, or never stored
        report = report_from_rows(
            case_file.report_rows(first, last), first=first, last=last, today=today
        )
        if output is not None:
            from sendadvisor.app import default_settings_file
            from sendadvisor.cli.letter import write_output
            from sendadvisor.letters.report_pdf import render_report
            from sendadvisor.settings import load_settings

            service = load_settings(default_settings_file()).service_name
            write_output(output, render_report(report, service_name=service), _("report"))
        elif args.json:
            json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(render_text(report))
        return 0

    return _with_case_file(args, make)
