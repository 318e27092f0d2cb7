"""Dates written out in full, the way a family reads them: "Monday 4 January 2027"."""

from __future__ import annotations

from datetime import date

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def weekday_name(day: date) -> str:
    """The English name of the day of the week (independent of the machine's locale)."""
    return _DAYS[day.weekday()]


def month_name(month: int) -> str:
    """The English name of a month, 1 to 12."""
    return _MONTHS[month - 1]


def format_long(day: date) -> str:
    """"Monday 4 January 2027"."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_short(day: date) -> str:
    """"4 January 2027"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
