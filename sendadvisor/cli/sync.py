"""`sendadvisor sync --data FILE --server DSN`: two-way sync of the case file with the service
register; prints what moved and any conflicts.

Exit status 0; 2 if the register is unreachable or refused (or the case file is); 3 when
conflicts wait for the adviser, who settles each with `--resolve CASE FIELD mine|theirs`
(offline, without `--server`, or just before syncing with it). Safe to interrupt and re-run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _, ngettext

if TYPE_CHECKING:
    from sendadvisor.register.sync import ConflictView, SyncReport
    from sendadvisor.storage import CaseFile

CONFLICTS_WAIT = 3

# How each kind of record is counted in what `sync` prints.
_COUNTED: dict[str, Callable[[int], str]] = {
    "case": lambda n: ngettext("{count} case", "{count} cases", n),
    "note": lambda n: ngettext("{count} note", "{count} notes", n),
    "letter": lambda n: ngettext("{count} letter record", "{count} letter records", n),
    "audit": lambda n: ngettext("{count} audit entry", "{count} audit entries", n),
    "erasure": lambda n: ngettext("{count} erasure", "{count} erasures", n),
}


def register(sub: argparse._SubParsersAction) -> None:
    from sendadvisor.cli.cases import _data_option
    from sendadvisor.cli.register import server_option

    parser = sub.add_parser(
        "sync", help=_("two-way sync of the case file with the service register (PostgreSQL)")
    )
    _data_option(parser)
    server_option(parser, required=False)
    parser.add_argument(
        "--resolve",
        nargs=3,
        action="append",
        default=[],
        metavar=("CASE", "FIELD", "mine|theirs"),
        help=_(
            "settle a conflict: keep this computer's value (mine) or the register's (theirs); "
            "repeat for several"
        ),
    )
    parser.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    from sendadvisor.cli.cases import _with_case_file

    for _case, _field, choice in args.resolve:
        if choice not in ("mine", "theirs"):
            raise InputError(
                "--resolve", _("choose mine or theirs, not {choice!r}").format(choice=choice)
            )
    if not args.server and not args.resolve:
        raise InputError("--server", _("give the register's DSN (e.g. 'host=... dbname=...')"))
    if args.server:
        from sendadvisor.register import server

        with _errors():
            server.connection_settings(args.server)  # a refused DSN before the passphrase

    def work(case_file: CaseFile) -> int:
        from sendadvisor.register import sync

        with _errors():
            for case_id, field, choice in args.resolve:
                sync.resolve(case_file, case_id, field, choice)
                print(
                    _("{case} {field}: kept {choice}").format(
                        case=case_id, field=field, choice=choice
                    )
                )
            if not args.server:
                waiting = sync.conflicts(case_file)
                _print_conflicts(waiting, args)
                return CONFLICTS_WAIT if waiting else 0
            report = sync.sync(case_file, args.server)
        _print_report(report, args)
        from sendadvisor.casework import refresh_stale_deadlines

        refresh_stale_deadlines(case_file)  # the dates of cases that came from the register
        return CONFLICTS_WAIT if report.conflicts else 0

    return _with_case_file(args, work)


def _errors() -> Any:
    from sendadvisor.cli.register import register_errors

    return register_errors()


def _counted(counts: dict[str, int]) -> str:
    """ "3 cases, 1 note", in the catalogue's words."""
    parts = [
        words(counts[kind]).format(count=counts[kind])
        for kind, words in _COUNTED.items()
        if counts.get(kind)
    ]
    return ", ".join(parts) or _("nothing")


def _print_report(report: SyncReport, args: argparse.Namespace) -> None:
    from sendadvisor.cli.output import printable

    print(_("sent: {records}").format(records=_counted(report.pushed)))
    print(_("received: {records}").format(records=_counted(report.pulled)))
    if report.erased_here:
        print(_("erased here, as elsewhere: {cases}").format(cases=" ".join(report.erased_here)))
    if report.merged:
        print(
            ngettext(
                "merged: {count} case changed on both sides",
                "merged: {count} cases changed on both sides",
                report.merged,
            ).format(count=report.merged)
        )
    if report.waiting:
        print(
            ngettext(
                "waiting: {count} change goes at the next sync (changed elsewhere meanwhile)",
                "waiting: {count} changes go at the next sync (changed elsewhere meanwhile)",
                report.waiting,
            ).format(count=report.waiting)
        )
    for problem in report.problems:
        print(
            _("sendadvisor: warning: {problem}").format(problem=printable(problem)),
            file=sys.stderr,
        )
    _print_conflicts(report.conflicts, args)


def _value(value: Any) -> str:
    from sendadvisor.cli.output import printable
    from sendadvisor.register.merge import MISSING

    if value is MISSING:
        return _("(not there)")
    return printable(json.dumps(value, ensure_ascii=False))


def _print_conflicts(waiting: list[ConflictView], args: argparse.Namespace) -> None:
    if not waiting:
        return
    from sendadvisor.cli.output import printable

    print(
        ngettext(
            "conflicts: {count} field changed differently here and elsewhere",
            "conflicts: {count} fields changed differently here and elsewhere",
            len(waiting),
        ).format(count=len(waiting))
    )
    for conflict in waiting:
        print(f"  {conflict.case_id} {conflict.field}")
        print("    " + _("mine:   {value}").format(value=_value(conflict.mine)))
        print(
            "    "
            + _("theirs: {value} ({who}, {when})").format(
                value=_value(conflict.theirs),
                who=printable(conflict.theirs_by),
                when=conflict.theirs_at[:16].replace("T", " "),
            )
        )
    data = f" --data {args.data}" if getattr(args, "data", None) else ""
    print(
        _("choose each with: {command} --resolve CASE FIELD mine|theirs [--server DSN]").format(
            command="sendadvisor sync" + data  # not for people: the command itself
        )
    )
