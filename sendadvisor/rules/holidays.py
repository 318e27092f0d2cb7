"""Which bank holidays the rules use: the shipped gov.uk copy, merged with a newer one an adviser
loaded (`sendadvisor holidays load`) when that one passes every check."""

from __future__ import annotations

import os

from sendadvisor.dates import BankHolidays, load_bank_holidays
from sendadvisor.i18n import _
from sendadvisor.resources import resource_file

_extra: list[str] = []
_loaded: BankHolidays | None = None


def use_holidays_file(path: str | os.PathLike[str]) -> None:
    """Also consider the adviser's loaded list at `path` (set once by the composition root)."""
    global _loaded
    _extra[:] = [os.fspath(path)]
    _loaded = None


def shipped_bank_holidays() -> BankHolidays:
    """The list shipped with sendadvisor, alone."""
    return load_bank_holidays(shipped_holidays_file())


def shipped_holidays_file() -> str:
    return os.fspath(resource_file("holidays", "bank-holidays.json"))


def default_bank_holidays() -> BankHolidays:
    """The bank holidays in force for this process (loaded once)."""
    global _loaded
    if _loaded is None:
        _loaded = load_bank_holidays(shipped_holidays_file(), _extra[0] if _extra else None)
    return _loaded


def forget_loaded() -> None:
    """Read the lists again at the next use (after `holidays load` or `holidays reset`)."""
    global _loaded
    _loaded = None


def describe(holidays: BankHolidays) -> str:
    """Which list is in use, in one line for the app and the command line."""
    from sendadvisor.dates import format_long

    reach = _("known up to {day}").format(day=format_long(holidays.horizon))
    if holidays.loaded_from:
        return _(
            "Bank holidays: a gov.uk list loaded by the adviser, with the shipped list for "
            "earlier years; {reach}"
        ).format(reach=reach)
    return _("Bank holidays: the list shipped with sendadvisor; {reach}").format(reach=reach)
