"""England and Wales bank holidays from gov.uk's own `bank-holidays.json`, with a known horizon.

The file ships in `resources/holidays/`; an adviser can load a newer copy from gov.uk without a
code change. Holidays are data, never a formula: proclamations add one-off days (2022, 2023).
"""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

from sendadvisor.domain.errors import InputError

DIVISION = "england-and-wales"


class BankHolidays(NamedTuple):
    """The known bank holidays and the last day the data speaks for."""

    days: dict[date, str]
    first: date
    horizon: date
    source: str

    def name(self, day: date) -> str | None:
        return self.days.get(day)


def parse_bank_holidays(text: str, source: str) -> BankHolidays:
    """Parse gov.uk's JSON; the horizon is 31 December of the last year it lists."""
    try:
        data = json.loads(text)
        events = data[DIVISION]["events"]
        days = {date.fromisoformat(e["date"]): str(e["title"]) for e in events}
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(source, f"is not a gov.uk bank-holidays file ({error})") from None
    if not days:
        raise InputError(source, "lists no England and Wales bank holidays")
    first, last = min(days), max(days)
    return BankHolidays(days, date(first.year, 1, 1), date(last.year, 12, 31), source)


def load_bank_holidays(*paths: str) -> BankHolidays:
    """Load each readable file and keep the one that reaches furthest (the adviser's newer copy)."""
    best: BankHolidays | None = None
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            continue
        try:
            loaded = parse_bank_holidays(text, str(path))
        except InputError:
            if best is None and path == paths[-1]:
                raise
            continue
        if best is None or loaded.horizon > best.horizon:
            best = loaded
    if best is None:
        raise InputError("bank holidays", "no bank-holidays file could be read")
    return best
