"""The date engine: months, working days and bank holidays, by example and by property."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendadvisor.dates import WorkingCalendar, add_months, format_long, months_beginning_with
from sendadvisor.dates.bank_holidays import parse_bank_holidays
from sendadvisor.domain.errors import InputError
from sendadvisor.rules.holidays import default_bank_holidays
from sendadvisor.rules.methods import Working, appeal_date
from sendadvisor.rules.rulebook import default_rulebook

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2028, 6, 30))


def calendar() -> WorkingCalendar:
    return WorkingCalendar(default_bank_holidays())


def test_corresponding_date_and_month_end() -> None:
    assert add_months(date(2025, 1, 14), 2) == date(2025, 3, 14)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2025, 7, 31), 2) == date(2025, 9, 30)
    assert add_months(date(2026, 1, 30), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)


def test_months_beginning_with_counts_the_first_day() -> None:
    assert months_beginning_with(date(2025, 2, 13), 6) == date(2025, 8, 12)
    assert months_beginning_with(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert months_beginning_with(date(2025, 3, 10), 12) == date(2026, 3, 9)


def test_working_days_skip_weekends_and_substitute_holidays() -> None:
    cal = calendar()
    assert cal.add_working_days(date(2025, 12, 23), 3) == date(2025, 12, 30)
    assert cal.add_working_days(date(2027, 12, 23), 3) == date(2027, 12, 30)
    assert not cal.is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert not cal.is_working_day(date(2028, 1, 3))  # New Year substitute
    assert cal.why_not_working(date(2026, 4, 3)) == "a bank holiday (Good Friday)"
    assert cal.why_not_working(date(2026, 11, 28)) == "a Saturday"


def test_full_date_wording_does_not_depend_on_locale() -> None:
    assert format_long(date(2027, 1, 4)) == "Monday 4 January 2027"


def test_holiday_data_reaches_a_year_past_today() -> None:
    assert default_bank_holidays().horizon >= date.today() + timedelta(days=365)


def test_dates_past_the_holiday_data_are_remembered_not_guessed() -> None:
    cal = calendar()
    horizon = cal.holidays.horizon
    cal.is_working_day(horizon + timedelta(days=10))
    assert cal.beyond_horizon


def test_a_broken_holiday_file_is_refused_with_its_name() -> None:
    with pytest.raises(InputError, match="my-holidays.json"):
        parse_bank_holidays("{}", "my-holidays.json")


@given(DAYS, st.integers(min_value=1, max_value=24))
def test_add_months_is_monotonic_and_never_short(start: date, months: int) -> None:
    end = add_months(start, months)
    assert add_months(start + timedelta(days=1), months) >= end
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or end.day < start.day and (end + timedelta(days=1)).day == 1


@given(DAYS, st.integers(min_value=1, max_value=12))
def test_months_beginning_with_is_monotonic(start: date, months: int) -> None:
    assert months_beginning_with(start + timedelta(days=1), months) >= months_beginning_with(
        start, months
    )
    assert (
        months_beginning_with(start, months) < add_months(start, months)
        or add_months(start, months).day < start.day
    )


@settings(max_examples=300)
@given(DAYS, st.one_of(st.none(), st.integers(min_value=0, max_value=120)))
def test_appeal_deadline_is_a_working_day_and_never_earlier_for_a_later_start(
    sent: date, gap: int | None
) -> None:
    book = default_rulebook()
    certificate = None if gap is None else sent + timedelta(days=gap)
    due = appeal_date(Working(book, calendar()), sent, "sent", certificate, 2, 1)
    assert calendar().is_working_day(due)
    base = max(
        add_months(sent, 2), add_months(certificate, 1) if certificate else add_months(sent, 2)
    )
    if (
        base.month == 8
    ):  # r.12(3)(a): time ending in August runs on to the first working day after 31 August
        assert due.month == 9 and due.day <= 7
    if (base.month, base.day) >= (12, 25) or (base.month, base.day) == (1, 1):
        assert due.month == 1 and 2 <= due.day <= 7
    later = appeal_date(
        Working(book, calendar()),
        sent + timedelta(days=1),
        "sent",
        None if certificate is None else certificate + timedelta(days=1),
        2,
        1,
    )
    assert later >= due
    if certificate is not None:
        assert due >= appeal_date(Working(book, calendar()), sent, "sent", None, 2, 1)


@given(DAYS, st.integers(min_value=1, max_value=25))
def test_working_days_land_on_working_days_and_move_forward(start: date, count: int) -> None:
    cal = calendar()
    end = cal.add_working_days(start, count)
    assert cal.is_working_day(end)
    assert end > start
    assert cal.add_working_days(start + timedelta(days=1), count) >= end


def test_abbreviated_dates_do_not_depend_on_locale() -> None:
    from sendadvisor.dates.wording import format_abbreviated, format_month_abbreviated

    assert format_abbreviated(date(2026, 9, 1)) == "Tue 1 Sep 2026"
    assert format_abbreviated(date(2026, 11, 28), weekday=False, year=False) == "28 Nov"
    assert format_month_abbreviated(date(2027, 1, 4)) == "Jan 2027"
