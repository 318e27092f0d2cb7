"""`sendadvisor holidays [load FILE]`: show or update the England and Wales bank holiday list."""

from __future__ import annotations

import argparse
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("holidays", help="show the bank holiday list in use, or load a newer gov.uk file")
    parser.add_argument("action", nargs="?", choices=["show", "load"], default="show")
    parser.add_argument("file", nargs="?", metavar="bank-holidays.json",
                        help="with load: a copy of https://www.gov.uk/bank-holidays.json")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sendadvisor.app import user_holidays_file
    from sendadvisor.dates import format_long
    from sendadvisor.dates.bank_holidays import parse_bank_holidays
    from sendadvisor.domain.errors import InputError
    from sendadvisor.rules.holidays import default_bank_holidays

    if args.action == "show":
        holidays = default_bank_holidays()
        print(f"Bank holidays from {holidays.source}")
        print(f"Known up to {format_long(holidays.horizon)} ({len(holidays.days)} days listed)")
        return 0
    if not args.file:
        raise InputError("holidays load", "give the bank-holidays.json file to load")
    try:
        with open(args.file, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise InputError(args.file, f"cannot be read ({error.strerror or error})") from None
    loaded = parse_bank_holidays(text, args.file)
    current = default_bank_holidays()
    if loaded.horizon < current.horizon:
        raise InputError(
            args.file,
            f"only reaches {format_long(loaded.horizon)}; the list in use already reaches "
            f"{format_long(current.horizon)}",
        )
    target = user_holidays_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    print(f"Loaded: bank holidays now known up to {format_long(loaded.horizon)}", file=sys.stderr)
    return 0
