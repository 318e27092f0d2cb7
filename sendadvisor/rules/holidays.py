"""Which bank-holiday file the rules use: the shipped gov.uk copy, or a newer one an adviser loaded."""

from __future__ import annotations

import os

from sendadvisor.dates import BankHolidays, load_bank_holidays
from sendadvisor.resources import resource_file

_extra: list[str] = []
_loaded: BankHolidays | None = None


def use_holidays_file(path: str | os.PathLike[str]) -> None:
    """Also consider `path` (set once by the composition root); the file reaching furthest wins."""
    global _loaded
    _extra[:] = [os.fspath(path)]
    _loaded = None


def default_bank_holidays() -> BankHolidays:
    """The bank holidays in force for this process (loaded once)."""
    global _loaded
    if _loaded is None:
        _loaded = load_bank_holidays(*_extra, resource_file("holidays", "bank-holidays.json"))
    return _loaded
