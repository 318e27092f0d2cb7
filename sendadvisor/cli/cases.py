"""`sendadvisor cases add | list | export | export-csv` (and close, delete, purge): the encrypted
case file.

The passphrase comes from SENDADVISOR_PASSPHRASE, else it is asked for on the terminal. Every
refusal of the case file (wrong passphrase, damaged, open elsewhere, ...) is one line on stderr
and exit status 2, as is bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import TYPE_CHECKING

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _, ngettext

if TYPE_CHECKING:  # imported when a cases command runs, so `assess` starts faster
    from collections.abc import Callable
    from pathlib import Path

    from sendadvisor.storage import CaseFile

PASSPHRASE_ENV = "SENDADVISOR_PASSPHRASE"
# The earliest closing day: no case under the SEND framework of 2014 closed before that year.
EARLIEST_CLOSE_ON = date(2014, 1, 1)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "cases", help=_("add, list and export cases in the encrypted case file")
    )
    _data_option(parser)
    commands = parser.add_subparsers(
        dest="cases_command", metavar="COMMAND", required=True, parser_class=type(parser)
    )

    add = commands.add_parser("add", help=_("save circumstances as a new case; prints its id"))
    add.add_argument(
        "case", metavar="CASE.json", help=_("circumstances JSON, or - for standard input")
    )
    add.set_defaults(handler=run_add)

    listing = commands.add_parser(
        "list", help=_("one line per case: id, child, latest concern, next deadline")
    )
    listing.add_argument(
        "--search", metavar="TEXT", help=_("only cases whose names or notes match")
    )
    listing.add_argument("--all", action="store_true", help=_("include closed cases"))
    listing.set_defaults(handler=run_list)

    export = commands.add_parser("export", help=_("print a case's circumstances JSON"))
    export.add_argument("case_id", metavar="ID")
    export.add_argument(
        "--everything",
        action="store_true",
        help=_("everything held about the family (subject access request)"),
    )
    export.set_defaults(handler=run_export)

    export_csv = commands.add_parser(
        "export-csv",
        help=_("one CSV row per case for a service's own case system (columns: see the README)"),
    )
    export_csv.add_argument(
        "-o",
        "--output",
        metavar="OUT.csv",
        required=True,
        help=_("the CSV file to write (- for standard output)"),
    )
    from sendadvisor.cli.report import period_options

    period_options(export_csv)
    export_csv.set_defaults(handler=run_export_csv)

    close = commands.add_parser("close", help=_("mark a case closed"))
    close.add_argument("case_id", metavar="ID")
    close.add_argument("--on", metavar="YYYY-MM-DD", help=_("the day it closed (default: today)"))
    close.set_defaults(handler=run_close)

    delete = commands.add_parser("delete", help=_("erase one family's case entirely"))
    delete.add_argument("case_id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))
    delete.set_defaults(handler=run_delete)

    purge = commands.add_parser(
        "purge", help=_("erase cases closed longer ago than the retention period")
    )
    purge.add_argument("--older-than-days", type=int, required=True, metavar="DAYS")
    purge.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))
    purge.set_defaults(handler=run_purge)

    for command in (add, listing, export, export_csv, close, delete, purge):
        _data_option(command)


def _data_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: accepted before or after the sub-command without one position undoing the other.
    parser.add_argument(
        "--data",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help=_("the case file (default: the one in your per-user data folder)"),
    )


def _case_file_path(args: argparse.Namespace) -> Path:
    data = getattr(args, "data", None)
    if data:
        from pathlib import Path

        return Path(data)
    from sendadvisor.app import default_case_file

    return default_case_file()


def _has_terminal() -> bool:
    if os.name == "nt":
        return sys.stdin.isatty()
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def _passphrase(
    path: Path, *, new: bool, variable: str = PASSPHRASE_ENV, prompt: str | None = None
) -> str:
    """The passphrase from `variable`, else asked on the terminal (twice, and checked for
    strength as the app does, when it protects a new file or replaces the old one)."""
    from sendadvisor.app import environment_secret

    value = environment_secret(variable)  # taken out of the environment once read
    field = variable
    if not value:
        field = "passphrase"
        if not _has_terminal():
            raise InputError(
                "",
                _(
                    "no passphrase: set {variable} or run this in a terminal so it can be asked for"
                ).format(variable=variable),
            )
        import getpass

        if not new:
            return getpass.getpass(_("Passphrase for {path}: ").format(path=path))
        value = getpass.getpass(
            prompt or _("Choose a passphrase for the new case file {path}: ").format(path=path)
        )
        if getpass.getpass(_("Type it again: ")) != value:
            raise InputError("", _("the two passphrases are different, so nothing was saved"))
    if new:
        check_strength(value, field)
    return value


def check_strength(passphrase: str, field: str) -> None:
    """Refuse a new passphrase the app would refuse (the same rule, `ui.passphrase`)."""
    from sendadvisor.ui.passphrase import strength

    result = strength(passphrase)
    if not result.acceptable:
        raise InputError(
            field,
            _("{strength} for a case file passphrase. {advice}").format(
                strength=result.word.lower(), advice=result.advice
            ),
        )


def _user() -> str:
    from sendadvisor.app import default_settings_file
    from sendadvisor.settings import load_settings

    name = load_settings(default_settings_file()).adviser_name
    if name:
        return name
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name here (some containers): say it generically
        return "adviser"


def _with_case_file(
    args: argparse.Namespace, work: Callable[[CaseFile], int], *, create: bool = False
) -> int:
    """Open the case file, run `work`, close it; a refusal becomes one line and exit status 2."""
    from sendadvisor.storage import CaseFile, CaseFileError

    path = _case_file_path(args)
    passphrase = _passphrase(path, new=create and not path.exists())
    try:
        with CaseFile.open(path, passphrase, create=create, user=_user()) as case_file:
            status = work(case_file)
    except CaseFileError as error:
        raise InputError("", error.message) from None
    report_backup_problem(case_file)
    return status


def report_backup_problem(case_file: CaseFile) -> None:
    """A backup that failed (in the background or at close) is said on stderr, never hidden."""
    problem = case_file.backup_problem
    if problem is not None:
        from sendadvisor.cli.output import printable

        print(
            _("sendadvisor: warning: {problem}").format(problem=printable(problem.message)),
            file=sys.stderr,
        )


def run_add(args: argparse.Namespace) -> int:
    from sendadvisor.casework import worked_out
    from sendadvisor.domain.circumstances import parse_circumstances, read_case_json

    # Validate before asking for the passphrase: bad input never touches the case file.
    circumstances = parse_circumstances(read_case_json(args.case))
    deadlines, computed_with = worked_out(circumstances.raw)

    def add(case_file: CaseFile) -> int:
        case_id = case_file.add_case(circumstances.raw, deadlines, computed_with)
        # add_case returns once the case is committed with synchronous=FULL: it is on disk.
        print(case_id, flush=True)
        return 0

    return _with_case_file(args, add, create=True)


def list_line(row: object) -> str:
    """One case as a tab-separated line: id, child's name, latest concern, next deadline."""
    from sendadvisor.storage import CaseRow

    assert isinstance(row, CaseRow)
    following = (
        f"{row.next_deadline_on.isoformat()} {row.next_deadline_id}"
        if row.next_deadline_on
        else "-"
    )
    from sendadvisor.cli.output import (
        printable,  # names may hold terminal escapes: print them safely
    )

    return "\t".join(
        printable(part)
        for part in (row.id, row.child_name or "-", row.latest_concern or "-", following)
    )


def run_list(args: argparse.Namespace) -> int:
    today = date.today()

    def show(case_file: CaseFile) -> int:
        from sendadvisor.casework import refresh_stale_deadlines

        refresh_stale_deadlines(case_file)  # dates stored with older rules or bank holidays
        for row in case_file.list_cases(args.search, today=today, include_closed=args.all):
            print(list_line(row))
        return 0

    return _with_case_file(args, show)


def run_export(args: argparse.Namespace) -> int:
    def export(case_file: CaseFile) -> int:
        if args.everything:
            data = case_file.export_case(args.case_id)
        else:
            data = case_file.get_case(args.case_id, for_export=True)["circumstances"]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0

    return _with_case_file(args, export)


def run_export_csv(args: argparse.Namespace) -> int:
    from sendadvisor.cli.letter import output_path, write_output
    from sendadvisor.cli.report import period

    today = date.today()
    first, last = period(args, today)
    # The case file is an input: never overwrite it with the export.
    output = output_path(args.output, str(_case_file_path(args)), (".csv",))

    def export(case_file: CaseFile) -> int:
        from sendadvisor.case_csv import cases_csv
        from sendadvisor.casework import refresh_stale_deadlines

        refresh_stale_deadlines(case_file)  # the next deadline as the case list shows it
        rows = case_file.export_rows(first, last, today=today)
        what = ngettext("CSV of {n} case", "CSV of {n} cases", len(rows)).format(n=len(rows))
        write_output(output, cases_csv(rows).encode("utf-8"), what)
        return 0

    return _with_case_file(args, export)


def run_close(args: argparse.Namespace) -> int:
    from sendadvisor.domain.circumstances import parse_date

    today = date.today()
    on = parse_date(args.on, "--on") if args.on else today
    if on < EARLIEST_CLOSE_ON:
        raise InputError(
            "--on",
            _("{day} is before 2014; give the day the case closed").format(day=on.isoformat()),
        )
    if on > today:
        raise InputError(
            "--on",
            _("{day} is after today; a case closes on or before today").format(day=on.isoformat()),
        )

    def close(case_file: CaseFile) -> int:
        case_file.close_case(args.case_id, on)
        return 0

    return _with_case_file(args, close)


def run_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise InputError(
            "--yes", _("erasing a family's case cannot be undone: add --yes to confirm")
        )

    def delete(case_file: CaseFile) -> int:
        case_file.delete_case(args.case_id)
        return 0

    return _with_case_file(args, delete)


def run_purge(args: argparse.Namespace) -> int:
    if not args.yes:
        raise InputError("--yes", _("erasing closed cases cannot be undone: add --yes to confirm"))
    today = date.today()

    def purge(case_file: CaseFile) -> int:
        count = case_file.purge_closed(older_than_days=args.older_than_days, today=today)
        print(
            ngettext("{n} closed case erased", "{n} closed cases erased", count).format(n=count),
            file=sys.stderr,
        )
        return 0

    return _with_case_file(args, purge)
