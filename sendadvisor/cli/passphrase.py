"""`sendadvisor passphrase change`: re-key the case file and every backup under a new passphrase.

The current passphrase comes from SENDADVISOR_PASSPHRASE (or is asked for); the new one from
SENDADVISOR_NEW_PASSPHRASE (or is asked for twice), and must be as strong as the app asks.
"""

from __future__ import annotations

import argparse

from sendadvisor.cli.cases import _case_file_path, _data_option, _passphrase, _with_case_file
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _, ngettext

NEW_PASSPHRASE_ENV = "SENDADVISOR_NEW_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("passphrase", help=_("change the case file's passphrase"))
    _data_option(parser)
    commands = parser.add_subparsers(
        dest="passphrase_command", metavar="COMMAND", required=True, parser_class=type(parser)
    )
    change = commands.add_parser(
        "change", help=_("re-encrypt the case file and its backups under a new passphrase")
    )
    change.set_defaults(handler=run_change)
    _data_option(change)


def run_change(args: argparse.Namespace) -> int:
    from sendadvisor.storage import CaseFile

    path = _case_file_path(args)
    if not path.exists():
        raise InputError("--data", _("there is no case file at {path}").format(path=path))

    # Asked (and checked) before the file is opened: a refused one leaves the file untouched.
    new = _passphrase(
        path,
        new=True,
        variable=NEW_PASSPHRASE_ENV,
        prompt=_("Choose a new passphrase for {path}: ").format(path=path),
    )

    def change(case_file: CaseFile) -> int:
        if case_file.is_passphrase(new):
            raise InputError(
                NEW_PASSPHRASE_ENV, _("the new passphrase is the same as the current one")
            )
        case_file.change_passphrase(new)
        count = len(case_file.backups())
        print(
            ngettext(
                "The passphrase of {path} and its {n} backup has been changed.",
                "The passphrase of {path} and its {n} backups has been changed.",
                count,
            ).format(path=path, n=count)
        )
        return 0

    return _with_case_file(args, change)
