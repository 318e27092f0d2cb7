"""England and Wales bank holidays from gov.uk's own `bank-holidays.json`, with a known horizon.

The file ships in `resources/holidays/`; an adviser can load a newer copy from gov.uk without a
code change. Holidays are data, never a formula: proclamations add one-off days (2022, 2023).
Because every working-day deadline depends on this list, a loaded file is checked hard
(`check_gov_uk_file`) and never replaces the shipped list: it is merged with it (`merge`), so a
wrong or partial file cannot take Christmas away.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, NamedTuple

from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import _

DIVISION = "england-and-wales"
# England and Wales have 8 bank holidays a year; proclamations have added one or two (2012, 2022,
# 2023). Fewer than 8 or more than 11 is not a gov.uk list.
FEWEST_A_YEAR, MOST_A_YEAR = 8, 11
# gov.uk publishes about two years ahead; a list reaching much further is not gov.uk's.
MOST_YEARS_AHEAD = 5


class BankHolidays(NamedTuple):
    """The known bank holidays and the last day the data speaks for."""

    days: dict[date, str]
    first: date
    horizon: date
    source: str
    # Where a list loaded by the adviser came from, when one is in use (None: the shipped list).
    loaded_from: str | None = None

    def name(self, day: date) -> str | None:
        return self.days.get(day)


def _iso_day(value: Any) -> date:
    """A `YYYY-MM-DD` string in ASCII digits as a date (ValueError otherwise)."""
    if (
        not isinstance(value, str)
        or len(value) != 10
        or not value.isascii()
        or value[4] != "-"
        or value[7] != "-"
    ):
        raise ValueError(f"{value!r} is not a date")
    if not (value[:4] + value[5:7] + value[8:]).isdigit():
        raise ValueError(f"{value!r} is not a date")
    return date.fromisoformat(value)


def _events(text: str, source: str) -> dict[date, str]:
    """The England and Wales days and names in gov.uk's JSON (InputError naming the problem)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(
            source, _("is not a gov.uk bank-holidays file (it is nested too deeply)")
        ) from None
    except ValueError as error:
        raise InputError(
            source, _("is not a gov.uk bank-holidays file ({problem})").format(problem=error)
        ) from None
    division = data.get(DIVISION) if isinstance(data, dict) else None
    if not isinstance(division, dict) or not isinstance(division.get("events"), list):
        raise InputError(
            source,
            _("is not a gov.uk bank-holidays file (it has no {division} list)").format(
                division=DIVISION
            ),
        )
    if division.get("division", DIVISION) != DIVISION:
        raise InputError(
            source,
            _("its {division} list is marked as {marked}").format(
                division=DIVISION, marked=repr(division.get("division"))
            ),
        )
    days: dict[date, str] = {}
    for number, event in enumerate(division["events"]):
        where = f"{DIVISION}.events[{number}]"
        if not isinstance(event, dict):
            raise InputError(source, _("{where} is not a holiday").format(where=where))
        try:
            day = _iso_day(event.get("date"))
        except ValueError:
            raise InputError(
                source,
                _("{where}.date: {value} is not a date as YYYY-MM-DD").format(
                    where=where, value=repr(event.get("date"))
                ),
            ) from None
        title = event.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            raise InputError(
                source, _("{where}.title: a holiday needs a short name").format(where=where)
            )
        if day in days:
            raise InputError(
                source,
                _("{where}.date: {day} is listed twice").format(where=where, day=day.isoformat()),
            )
        days[day] = title.strip()
    if not days:
        raise InputError(source, _("lists no England and Wales bank holidays"))
    return days


def parse_bank_holidays(text: str, source: str, loaded_from: str | None = None) -> BankHolidays:
    """Parse gov.uk's JSON; the horizon is 31 December of the last year it lists."""
    days = _events(text, source)
    first, last = min(days), max(days)
    return BankHolidays(days, date(first.year, 1, 1), date(last.year, 12, 31), source, loaded_from)


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _year_problem(year: int, days: list[date]) -> str | None:
    """What makes one year's list implausible for England and Wales, or None."""
    if not FEWEST_A_YEAR <= len(days) <= MOST_A_YEAR:
        return _(
            "lists {count} bank holidays in {year}; England and Wales have 8 (rarely 9 to 11)"
        ).format(count=len(days), year=year)
    weekend = [d for d in days if d.weekday() >= 5]
    if weekend:
        return _("lists {day}, a weekend day, as a bank holiday").format(day=weekend[0].isoformat())
    easter = easter_sunday(year)
    for needed, what in (
        (easter - timedelta(days=2), _("Good Friday")),
        (easter + timedelta(days=1), _("Easter Monday")),
    ):
        if needed not in days:
            return _("leaves out {holiday} {year} ({day})").format(
                holiday=what, year=year, day=needed.isoformat()
            )
    if not any(d.month == 1 and d.day <= 3 for d in days):
        return _("has no New Year's Day holiday in {year}").format(year=year)
    if sum(1 for d in days if d.month == 12 and 25 <= d.day <= 28) != 2:
        return _("does not have Christmas Day and Boxing Day in {year}").format(year=year)
    return None


def check_gov_uk_file(
    loaded: BankHolidays, shipped: BankHolidays, today: date | None = None
) -> None:
    """Refuse a file that is not a complete gov.uk England and Wales list (InputError, one line).

    Every year from its first to its last must be there and plausible; it must reach at least as
    far as the shipped list, so no year the shipped list covers is left without data; and, given
    `today`, it must not reach implausibly far ahead or leave out a holiday that has already
    happened and that the shipped list knows.
    """
    source = loaded.source
    if loaded.horizon < shipped.horizon:
        raise InputError(
            source,
            _(
                "only reaches 31 December {year}; the list shipped with "
                "sendadvisor already reaches 31 December {shipped_year}"
            ).format(year=loaded.horizon.year, shipped_year=shipped.horizon.year),
        )
    if loaded.first > shipped.horizon:
        raise InputError(
            source,
            _(
                "starts in {year}, leaving the years after {shipped_year} "
                "without bank holidays; use the whole gov.uk file"
            ).format(year=loaded.first.year, shipped_year=shipped.horizon.year),
        )
    by_year: dict[int, list[date]] = {}
    for day in loaded.days:
        by_year.setdefault(day.year, []).append(day)
    for year in range(loaded.first.year, loaded.horizon.year + 1):
        problem = _year_problem(year, sorted(by_year.get(year, [])))
        if problem:
            raise InputError(
                source, _("{problem}; it is not a complete gov.uk file").format(problem=problem)
            )
    if today is not None:
        if loaded.horizon.year > today.year + MOST_YEARS_AHEAD:
            raise InputError(
                source,
                _("reaches {year}; gov.uk lists only a few years ahead").format(
                    year=loaded.horizon.year
                ),
            )
        for day in sorted(shipped.days):
            if loaded.first <= day < today and day not in loaded.days:
                raise InputError(
                    source,
                    _(
                        "leaves out {day} ({holiday}), a bank holiday "
                        "that has already happened; it is not a complete gov.uk file"
                    ).format(day=day.isoformat(), holiday=shipped.days[day]),
                )


def merge(shipped: BankHolidays, loaded: BankHolidays) -> BankHolidays:
    """One list from the shipped one and a loaded one: the list that reaches further speaks for
    every year it covers (the loaded one when they reach equally far); the other fills the years
    before it."""
    newer, older = (loaded, shipped) if loaded.horizon >= shipped.horizon else (shipped, loaded)
    days = {d: n for d, n in older.days.items() if d < newer.first}
    days.update(newer.days)
    first = min(shipped.first, loaded.first)
    return BankHolidays(
        dict(sorted(days.items())),
        first,
        newer.horizon,
        newer.source,
        loaded.loaded_from if newer is loaded else None,
    )


def changes(before: BankHolidays, after: BankHolidays) -> list[str]:
    """What differs between two lists, one plain line each (added, removed or renamed days)."""
    lines = []
    for day in sorted(set(before.days) | set(after.days)):
        old, new = before.days.get(day), after.days.get(day)
        if old == new:
            continue
        if old is None:
            lines.append(_("added {day}: {name}").format(day=day.isoformat(), name=new))
        elif new is None:
            lines.append(_("removed {day}: {name}").format(day=day.isoformat(), name=old))
        else:
            lines.append(
                _("renamed {day}: {old} -> {new}").format(day=day.isoformat(), old=old, new=new)
            )
    return lines


def to_gov_uk_json(holidays: BankHolidays, loaded_from: str) -> str:
    """A list in gov.uk's own format (England and Wales only), recording where it came from."""
    events = [
        {"title": name, "date": day.isoformat()} for day, name in sorted(holidays.days.items())
    ]
    return (
        json.dumps(
            {DIVISION: {"division": DIVISION, "events": events}, "loaded_from": loaded_from},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def load_bank_holidays(shipped_path: str, loaded_path: str | None = None) -> BankHolidays:
    """The shipped list, merged with the adviser's loaded copy when there is one that still passes
    every check (a damaged or tampered copy is ignored: the shipped list is then in use)."""
    text = _read(shipped_path)
    if text is None:
        raise InputError(
            _("bank holidays"),
            _("the shipped list {path} cannot be read").format(path=shipped_path),
        )
    shipped = parse_bank_holidays(text, str(shipped_path))
    loaded_text = _read(loaded_path) if loaded_path else None
    if loaded_text is None:
        return shipped
    try:
        data = json.loads(loaded_text)
        origin = data.get("loaded_from") if isinstance(data, dict) else None
        loaded = parse_bank_holidays(
            loaded_text,
            str(loaded_path),
            loaded_from=origin if isinstance(origin, str) else str(loaded_path),
        )
        check_gov_uk_file(loaded, shipped)
    except (InputError, ValueError, RecursionError):
        return shipped
    return merge(shipped, loaded)
