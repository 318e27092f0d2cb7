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
from typing import TYPE_CHECKING, Any

from sendadvisor.domain.errors import InputError

if TYPE_CHECKING:
    from sendadvisor.register.sync import ConflictView, SyncReport
    from sendadvisor.storage import CaseFile

CONFLICTS_WAIT = 3
_KINDS = {
    "case": ("case", "cases"),
    "note": ("note", "notes"),
    "letter": ("letter record", "letter records"),
    "audit": ("audit entry", "audit entries"),
    "erasure": ("erasure", "erasures"),
}


def register(sub: argparse._SubParsersAction) -> None:
    from sendadvisor.cli.cases import _data_option
    from sendadvisor.cli.register import server_option

    parser = sub.add_parser(
        "sync", help="two-way sync of the case file with the service register (PostgreSQL)"
    )
    _data_option(parser)
    server_option(parser, required=False)
    parser.add_argument(
        "--resolve",
        nargs=3,
        action="append",
        default=[],
        metavar=("CASE", "FIELD", "mine|theirs"),
        help="settle a conflict: keep this computer's value (mine) or the register's (theirs); "
        "repeat for several",
    )
    parser.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    from sendadvisor.cli.cases import _with_case_file

    for _case, _field, choice in args.resolve:
        if choice not in ("mine", "theirs"):
            raise InputError("--resolve", f"choose mine or theirs, not {choice!r}")
    if not args.server and not args.resolve:
        raise InputError("--server", "give the register's DSN (e.g. 'host=... dbname=...')")
    if args.server:
        from sendadvisor.register import server

        with _errors():
            server.connection_settings(args.server)  # a refused DSN before the passphrase

    def work(case_file: CaseFile) -> int:
        from sendadvisor.register import sync

        with _errors():
            for case_id, field, choice in args.resolve:
                sync.resolve(case_file, case_id, field, choice)
                print(f"{case_id} {field}: kept {choice}")
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
    parts = []
    for kind, (one, many) in _KINDS.items():
        number = counts.get(kind, 0)
        if number:
            parts.append(f"{number} {one if number == 1 else many}")
    return ", ".join(parts) or "nothing"


def _print_report(report: SyncReport, args: argparse.Namespace) -> None:
    from sendadvisor.cli.output import printable

    print(f"sent: {_counted(report.pushed)}")
    print(f"received: {_counted(report.pulled)}")
    if report.erased_here:
        print(f"erased here, as elsewhere: {' '.join(report.erased_here)}")
    if report.merged:
        print(
            f"merged: {report.merged} case{'s' if report.merged != 1 else ''} changed on both sides"
        )
    if report.waiting:
        print(
            f"waiting: {report.waiting} change(s) go at the next sync (changed elsewhere meanwhile)"
        )
    for problem in report.problems:
        print(f"sendadvisor: warning: {printable(problem)}", file=sys.stderr)
    _print_conflicts(report.conflicts, args)


def _value(value: Any) -> str:
    from sendadvisor.cli.output import printable
    from sendadvisor.register.merge import MISSING

    if value is MISSING:
        return "(not there)"
    return printable(json.dumps(value, ensure_ascii=False))


def _print_conflicts(waiting: list[ConflictView], args: argparse.Namespace) -> None:
    if not waiting:
        return
    from sendadvisor.cli.output import printable

    print(f"conflicts: {len(waiting)} field(s) changed differently here and elsewhere")
    for conflict in waiting:
        print(f"  {conflict.case_id} {conflict.field}")
        print(f"    mine:   {_value(conflict.mine)}")
        print(
            f"    theirs: {_value(conflict.theirs)} "
            f"({printable(conflict.theirs_by)}, {conflict.theirs_at[:16].replace('T', ' ')})"
        )
    data = f" --data {getattr(args, 'data', None)}" if getattr(args, "data", None) else ""
    print(
        f"choose each with: sendadvisor sync{data} --resolve CASE FIELD mine|theirs [--server DSN]"
    )
