"""The family's dates as an iCalendar file (RFC 5545), written with `icalendar`.

One all-day event per family date still open, on its day to act by, with reminders 7 days and 1
day before. Each event's UID is stable for the case, concern and deadline
(`content.case_identity`), so importing a re-issued file updates the events instead of adding
copies. DTSTAMP is the day of the advice, so the same case gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sendadvisor.letters.model import CalendarEntry

PRODUCT = "-//sendadvisor//family dates//EN"  # not for people


def render_calendar(entries: tuple[CalendarEntry, ...], *, issued_on: date) -> bytes:
    """The entries as an .ics file's bytes (CRLF lines, UTF-8)."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamp = datetime.combine(issued_on, time(0, 0), tzinfo=UTC)
    for entry in entries:
        day = date.fromisoformat(entry.act_by)
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        event.add("dtstart", day)  # a date, not a time: an all-day event
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("description", "\n".join(entry.description))
        for days in (7, 1):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.title)
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
