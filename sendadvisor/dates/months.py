"""Calendar-month arithmetic with the corresponding-date rule and its month-end fallback.

"Within N months after E" ends on the day of the month with the same number as E (Dodds v Walker
[1981] 1 WLR 1027, HL); where that month has no such day, on its last day. "N months beginning
with D" counts D as day 1, so it ends on the day before the corresponding date (or, where there
is none, on the last day of the month).
"""

from __future__ import annotations

from datetime import date, timedelta


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (the calendar module would do, but costs a millisecond to import)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _shift(start: date, months: int) -> tuple[date, bool]:
    """The corresponding date `months` later, and whether it had to fall back to the month end."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = days_in_month(year, month)
    if start.day > last:
        return date(year, month, last), True
    return date(year, month, start.day), False


def add_months(start: date, months: int) -> date:
    """The corresponding date `months` calendar months after `start` (clamped to the month end)."""
    return _shift(start, months)[0]


def corresponding_date_clamped(start: date, months: int) -> bool:
    """True when `start` has no corresponding date `months` later, so the month end is used."""
    return _shift(start, months)[1]


def months_beginning_with(start: date, months: int) -> date:
    """The last day of a period of `months` months beginning with (and counting) `start`."""
    end, clamped = _shift(start, months)
    return end if clamped else end - timedelta(days=1)
