"""`sendadvisor holidays [show | load FILE | reset]`: the England and Wales bank holiday list."""

from __future__ import annotations

import argparse
import sys

from sendadvisor.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "holidays",
        help=_(
            "show the bank holiday list in use, load a newer gov.uk file, "
            "or go back to the shipped list"
        ),
    )
    parser.add_argument("action", nargs="?", choices=["show", "load", "reset"], default="show")
    parser.add_argument(
        "file",
        nargs="?",
        metavar="bank-holidays.json",
        help=_("with load: a copy of {address}").format(
            address="https://www.gov.uk/bank-holidays.json"
        ),
    )
    parser.set_defaults(handler=run)


# A gov.uk bank-holidays.json is about 20 KB; anything far bigger is not one.
MOST_BYTES = 2_000_000


def run(args: argparse.Namespace) -> int:
    from sendadvisor.app import user_holidays_file
    from sendadvisor.cli.output import printable
    from sendadvisor.domain.errors import InputError
    from sendadvisor.rules import holidays as source

    if args.action == "show":
        holidays = source.default_bank_holidays()
        print(source.describe(holidays))
        if holidays.loaded_from:
            print(_("Loaded from {path}").format(path=printable(holidays.loaded_from)))
        count = len(holidays.days)
        print(
            ngettext("{n} day listed, from {year}", "{n} days listed, from {year}", count).format(
                n=count, year=holidays.first.year
            )
        )
        return 0
    target = user_holidays_file()
    if args.action == "reset":
        if args.file:
            raise InputError("holidays reset", _("takes no file"))  # not for people
        try:
            target.unlink()
        except FileNotFoundError:
            print(
                _("The list shipped with sendadvisor was already in use; nothing changed."),
                file=sys.stderr,
            )
            return 0
        except OSError as error:
            raise InputError(
                str(target),
                _("cannot be removed ({reason})").format(reason=error.strerror or error),
            ) from None
        source.forget_loaded()
        print(
            _("Back to the list shipped with sendadvisor. {list}").format(
                list=source.describe(source.default_bank_holidays())
            ),
            file=sys.stderr,
        )
        return 0
    if not args.file:
        raise InputError(
            "holidays load",  # not for people
            _("give the bank-holidays.json file to load"),
        )
    return _load(args.file, target)


def _load(path: str, target) -> int:  # noqa: ANN001 (a pathlib.Path, imported lazily)
    from datetime import date

    from sendadvisor.cli.output import printable
    from sendadvisor.dates.bank_holidays import changes as list_changes
    from sendadvisor.dates.bank_holidays import (
        check_gov_uk_file,
        merge,
        parse_bank_holidays,
        to_gov_uk_json,
    )
    from sendadvisor.domain.errors import InputError
    from sendadvisor.fsio import write_atomically
    from sendadvisor.rules import holidays as source

    name = printable(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MOST_BYTES + 1)
    except OSError as error:
        raise InputError(
            name, _("cannot be read ({reason})").format(reason=error.strerror or error)
        ) from None
    if len(raw) > MOST_BYTES:
        raise InputError(name, _("is far too big for a gov.uk bank-holidays file"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(name, _("is not a text file (expected gov.uk's UTF-8 JSON)")) from None
    shipped = source.shipped_bank_holidays()
    loaded = parse_bank_holidays(text, name, loaded_from=path)
    check_gov_uk_file(loaded, shipped, today=date.today())
    before = source.default_bank_holidays()
    after = merge(shipped, loaded)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomically(target, to_gov_uk_json(loaded, loaded_from=path))
    except OSError as error:
        raise InputError(
            str(target), _("cannot be written ({reason})").format(reason=error.strerror or error)
        ) from None
    source.forget_loaded()
    found = list_changes(before, after)
    print(_("Loaded. {list}.").format(list=source.describe(after)), file=sys.stderr)
    if found:
        print(_("What changed ({count}):").format(count=len(found)), file=sys.stderr)
        for line in found:
            print(f"  {printable(line)}", file=sys.stderr)
    else:
        print(_("No bank holiday changed."), file=sys.stderr)
    return 0
