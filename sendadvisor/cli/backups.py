"""`sendadvisor backups list | restore NAME`: see a case file's backups and put one in its place.

Both work when the case file itself is damaged (that is when they are needed). Restoring keeps
the current file beside it, renamed, and is refused while the file is open in another window.
"""

from __future__ import annotations

import argparse
import sys

from sendadvisor.cli.cases import _case_file_path, _data_option, _passphrase
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("backups", help=_("list a case file's backups, or restore one"))
    _data_option(parser)
    commands = parser.add_subparsers(
        dest="backups_command", metavar="COMMAND", required=True, parser_class=type(parser)
    )
    listing = commands.add_parser("list", help=_("one line per backup: name, when, how many cases"))
    listing.set_defaults(handler=run_list)
    restore = commands.add_parser(
        "restore",
        help=_("put a backup in the case file's place (the current file is kept aside)"),
    )
    restore.add_argument(
        "name", metavar="NAME", help=_("the backup's name, as 'backups list' shows")
    )
    restore.set_defaults(handler=run_restore)
    for command in (listing, restore):
        _data_option(command)


def _when(moment: object) -> str:
    from datetime import datetime

    assert isinstance(moment, datetime)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def run_list(args: argparse.Namespace) -> int:
    from sendadvisor.cli.output import printable
    from sendadvisor.storage import CaseFile, CaseFileError

    path = _case_file_path(args)
    passphrase = _passphrase(path, new=False)
    try:
        found = CaseFile.backups_of(path, passphrase)
    except CaseFileError as error:
        raise InputError("", error.message) from None
    if not found:
        print(
            _("sendadvisor: {path} has no backups yet").format(path=printable(str(path))),
            file=sys.stderr,
        )
    for backup, cases in found:
        held = (
            _("does not open with this passphrase, or is damaged")
            if cases is None
            else ngettext("{n} case", "{n} cases", cases).format(n=cases)
        )
        print("\t".join([printable(backup.path.name), _when(backup.saved_at), backup.reason, held]))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from sendadvisor.cli.output import printable
    from sendadvisor.storage import CaseFile, CaseFileError

    path = _case_file_path(args)
    passphrase = _passphrase(path, new=False)
    try:
        backup, cases, kept = CaseFile.restore_named(path, args.name, passphrase)
    except CaseFileError as error:
        raise InputError("NAME", error.message) from None
    said = ngettext(
        "Restored the backup saved {when} ({n} case) as {path}",
        "Restored the backup saved {when} ({n} cases) as {path}",
        cases,
    ).format(when=_when(backup.saved_at), n=cases, path=printable(str(path)))
    if kept is not None:
        said += _("; the file it replaced is kept as {path}").format(path=printable(str(kept)))
    print(said + ".")
    return 0
