"""Dates written out in full, the way a family reads them: "Monday 4 January 2027"."""

from __future__ import annotations

from datetime import date

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def weekday_name(day: date) -> str:
    """The English name of the day of the week (independent of the machine's locale)."""
    return _DAYS[day.weekday()]


def month_name(month: int) -> str:
    """The English name of a month, 1 to 12."""
    return _MONTHS[month - 1]


def format_long(day: date) -> str:
    """ "Monday 4 January 2027"."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_short(day: date) -> str:
    """ "4 January 2027"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_abbreviated(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """ "Mon 4 Jan 2027" (or "4 Jan" without weekday and year), for tight spaces such as a timeline."""
    text = f"{day.day} {_MONTHS[day.month - 1][:3]}"
    if weekday:
        text = f"{_DAYS[day.weekday()][:3]} {text}"
    return f"{text} {day.year}" if year else text


def format_month_abbreviated(day: date) -> str:
    """ "Jan 2027"."""
    return f"{_MONTHS[day.month - 1][:3]} {day.year}"
