"""Working-day arithmetic for reminders, on the official PRC calendar (holidays and 调休 make-up days).
Pure: dates in, dates out, no database."""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar

logger = logging.getLogger(__name__)

_warned_years: set[int] = set()


def is_working_day(day: dt.date) -> bool:
    """chinese_calendar only knows the years the State Council has announced. Past its last year we fall
    back to Monday-Friday, so a reminder is sent a little early or late rather than not at all."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning("chinese_calendar has no data for %s; counting Monday-Friday as working days", day.year)
        return day.weekday() < 5


def working_days_before(deadline: dt.date, days: int) -> dt.date:
    """The working day `days` working days before `deadline` (the deadline itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted = deadline, 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_left(today: dt.date, deadline: dt.date) -> int:
    """Working days after `today` up to and including `deadline`: 0 on the deadline day itself."""
    count, day = 0, today
    while day < deadline:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def reminder_due(*, today: dt.date, deadline: dt.date, days: int) -> bool:
    """Remind on each working day from `days` working days before the deadline up to the deadline day.
    A missed run (the server was down) is made up the next working day instead of being lost."""
    return is_working_day(today) and working_days_before(deadline, days) <= today <= deadline
