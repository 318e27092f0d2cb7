"""Dates written out in full, the way a family reads them: "Monday 4 January 2027"."""

from __future__ import annotations

from datetime import date

from sendadvisor.i18n import N_, _

_DAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def weekday_name(day: date) -> str:
    """The name of the day of the week in the catalogue's language (English as written; never
    the machine's locale)."""
    return _(_DAYS[day.weekday()])


def month_name(month: int) -> str:
    """The name of a month, 1 to 12, in the catalogue's language."""
    return _(_MONTHS[month - 1])


def format_long(day: date) -> str:
    """ "Monday 4 January 2027"."""
    return f"{weekday_name(day)} {day.day} {month_name(day.month)} {day.year}"


def format_short(day: date) -> str:
    """ "4 January 2027"."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def format_abbreviated(day: date, *, weekday: bool = True, year: bool = True) -> str:
    """ "Mon 4 Jan 2027" (or "4 Jan" without weekday and year), for tight spaces such as a timeline."""
    text = f"{day.day} {month_name(day.month)[:3]}"
    if weekday:
        text = f"{weekday_name(day)[:3]} {text}"
    return f"{text} {day.year}" if year else text


def format_month_abbreviated(day: date) -> str:
    """ "Jan 2027"."""
    return f"{month_name(day.month)[:3]} {day.year}"
