"""Date arithmetic that knows nothing about SEND: months, weeks, days, working days, bank holidays."""

from sendadvisor.dates.bank_holidays import BankHolidays, load_bank_holidays
from sendadvisor.dates.calendar import WorkingCalendar
from sendadvisor.dates.months import add_months, months_beginning_with
from sendadvisor.dates.wording import format_long, weekday_name

__all__ = [
    "BankHolidays",
    "WorkingCalendar",
    "add_months",
    "format_long",
    "load_bank_holidays",
    "months_beginning_with",
    "weekday_name",
]
