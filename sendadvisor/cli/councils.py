"""`sendadvisor councils list` and `sendadvisor councils check FILE.toml`: the councils whose
contacts are known (shipped, and the adviser's own in the settings folder, which win), and a
strict check of a contacts file before a service hands it to its advisers."""

from __future__ import annotations

import argparse

from sendadvisor.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "councils",
        help=_("list the councils whose contacts are known, or check a contacts file"),
    )
    commands = parser.add_subparsers(dest="councils_command", metavar="COMMAND", required=True)
    listing = commands.add_parser(
        "list", help=_("one line per council: identifier, name, where its contacts come from")
    )
    listing.set_defaults(handler=run_list)
    check = commands.add_parser(
        "check", help=_("check a contacts file; names any wrong key or value")
    )
    check.add_argument("file", metavar="FILE.toml")
    check.set_defaults(handler=run_check)


def run_list(args: argparse.Namespace) -> int:
    from sendadvisor import councils
    from sendadvisor.cli.output import printable

    own = councils.user_dir()
    for slug, name in councils.available_councils():
        path = councils.council_file(slug)
        where = (
            _("your own file")
            if own is not None and path is not None and path.parent == own
            else _("shipped")
        )
        council = councils.load_council(slug)
        checked = min(c.last_checked for c in council.contacts.values()).isoformat()
        print(
            "\t".join(
                printable(part)
                for part in (
                    slug,
                    name,
                    where,
                    _("oldest detail checked {day}").format(day=checked),
                )
            )
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sendadvisor import councils
    from sendadvisor.cli.output import printable
    from sendadvisor.domain.errors import InputError

    path = Path(args.file)
    if not path.is_file():
        raise InputError(args.file, _("no such file"))
    if path.suffix != ".toml":
        raise InputError(args.file, _("must be a .toml contacts file"))
    council = councils.read_council_file(path)
    unchecked = [
        c.role for c in council.contacts.values() if not (c.phone or c.email or c.web or c.address)
    ]
    count = len(council.contacts)
    print(
        ngettext(
            "{file}: fine. {council}, {n} contact.", "{file}: fine. {council}, {n} contacts.", count
        ).format(file=printable(path.name), council=printable(council.name), n=count)
    )
    if unchecked:
        print(
            _("Given only as where to find them: {roles}").format(
                roles=", ".join(sorted(set(unchecked)))
            )
        )
    return 0
