"""Working-day arithmetic for the public notice, on China's official holiday calendar (chinesecalendar).

A period of N working days starts on `starts_on` (which counts if it is a working day) and ends on
the N-th working day; weekends and statutory holidays are skipped and 调休 weekend days count.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)


class CalendarUnavailable(Exception):
    """The installed chinesecalendar has no holiday data for the year asked about."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def _is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:  # the package only knows the years it was released with
        raise CalendarUnavailable(day.year) from exc


def period_end(starts_on: dt.date, working_days: int) -> dt.date:
    """The last day (inclusive) of a period of `working_days` working days beginning on `starts_on`."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day, counted = starts_on, 0
    while True:
        if _is_workday(day):
            counted += 1
            if counted == working_days:
                return day
        day += ONE_DAY


def working_days_between(first: dt.date, last: dt.date) -> int:
    """How many working days lie in [first, last]."""
    try:
        return len(chinese_calendar.get_workdays(first, last))
    except NotImplementedError as exc:
        raise CalendarUnavailable(last.year) from exc
