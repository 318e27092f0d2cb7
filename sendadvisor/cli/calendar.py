"""`sendadvisor calendar CASE.json -o OUT.ics`: the family's dates as an iCalendar file."""

from __future__ import annotations

import argparse

from sendadvisor.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calendar", help=_("write the family's dates as a calendar file (.ics) for their phone")
    )
    parser.add_argument(
        "case", metavar="CASE.json", help=_("circumstances JSON, or - for standard input")
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.ics",
        required=True,
        help=_("where to write the calendar file (- for standard output)"),
    )
    parser.add_argument("--data", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sendadvisor.cli.letter import output_path, prepare, write_output
    from sendadvisor.letters.content import build_calendar_entries
    from sendadvisor.letters.ical import render_calendar

    output = output_path(args.output, args.case, (".ics",))
    prepared = prepare(args.case)
    entries = build_calendar_entries(
        prepared.circumstances, prepared.assessment, council=prepared.council
    )
    data = render_calendar(entries, issued_on=prepared.circumstances.as_of)
    write_output(output, data, _("calendar"))
    return 0
