"""Working days in England and Wales: Monday to Friday, less bank holidays (which, in gov.uk's
list, include Christmas Day, Good Friday and substitute days). Remembers any day it was asked
about beyond the holiday data, so the caller can warn instead of silently guessing.
"""

from __future__ import annotations

from datetime import date, timedelta

from sendadvisor.dates.bank_holidays import BankHolidays
from sendadvisor.dates.wording import weekday_name
from sendadvisor.i18n import _

ONE_DAY = timedelta(days=1)


class WorkingCalendar:
    """Working-day arithmetic over one set of bank holidays; use a new one per assessment."""

    def __init__(self, holidays: BankHolidays) -> None:
        self.holidays = holidays
        self.beyond_horizon: set[date] = set()

    def _check(self, day: date) -> None:
        if day > self.holidays.horizon or day < self.holidays.first:
            self.beyond_horizon.add(day)

    def why_not_working(self, day: date) -> str | None:
        """None for a working day, else the reason in words ("a Saturday", "a bank holiday (Good Friday)")."""
        if day.weekday() >= 5:
            return _("a {weekday}").format(weekday=weekday_name(day))
        self._check(day)
        name = self.holidays.name(day)
        if name is not None:
            return _("a bank holiday ({name})").format(name=name)
        return None

    def is_working_day(self, day: date) -> bool:
        return self.why_not_working(day) is None

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def first_working_day_after(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.next_working_day(day + ONE_DAY)

    def previous_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (the start day itself is not counted)."""
        day = start
        for _count in range(count):
            day = self.first_working_day_after(day)
        return day

    def add_open_days(self, start: date, count: int, closed: list[tuple[date, date]]) -> date:
        """The `count`-th working day after `start` that is not inside any `closed` period."""

        def is_open(day: date) -> bool:
            return self.is_working_day(day) and not any(a <= day <= b for a, b in closed)

        day = start
        remaining = count
        while remaining:
            day += ONE_DAY
            if is_open(day):
                remaining -= 1
        return day
