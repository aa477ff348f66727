"""Working-day arithmetic on the official PRC calendar: holidays skipped, 调休 days counted.

Dates in, dates out. The calendar is chinesecalendar's, overlaid by the arrangements the city enters
(core.models.HolidayArrangement, policies.calendar_views), which take precedence: the State Council publishes a
year's arrangement late in the year before, and a new release of the package may come later or never. Each
process reads the entered arrangements once, and again at most OVERLAY_MAX_AGE seconds later (the process
that saves one reads it again at once). A year that neither knows is a parameter of each call, because callers
differ:
- `UnknownYear.WEEKDAYS` counts Monday-Friday, so a reminder is sent a little early or late rather
  than not at all (reminders, monitoring due dates);
- `UnknownYear.REFUSE` raises `CalendarUnavailable`, so that a legal period such as the 公示 is
  never computed on a guess.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import logging
import math
import time
from dataclasses import dataclass, field

import chinese_calendar

logger = logging.getLogger(__name__)
ONE_DAY = dt.timedelta(days=1)
_warned_years: set[int] = set()


class UnknownYear(enum.Enum):
    WEEKDAYS = "weekdays"
    REFUSE = "refuse"


class CalendarUnavailable(Exception):
    """The installed chinesecalendar has no holiday data for the year asked about."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


OVERLAY_MAX_AGE = 60.0  # seconds


@dataclass(frozen=True)
class Overlay:
    """The entered arrangements: each date they name (True: a working day), and the years they cover (a date of
    such a year that no arrangement names is a working day from Monday to Friday)."""

    days: dict[dt.date, bool] = field(default_factory=dict)
    years: frozenset[int] = frozenset()
    expires_at: float = 0.0


_overlay: Overlay | None = None


def overlay_clear() -> None:
    """Read the entered arrangements again at the next question (after one is saved)."""
    global _overlay
    _overlay = None


def overlay_set(overlay: Overlay) -> None:
    """Use `overlay` until it expires (tests start with an empty one that never does: no arrangement exists)."""
    global _overlay
    _overlay = overlay


def _current_overlay() -> Overlay:
    global _overlay
    if _overlay is None or _overlay.expires_at < time.monotonic():
        from core.models import CalendarDay  # here: core.workdays is imported before the app registry is ready

        rows = CalendarDay.objects.values_list("day", "is_working_day", "arrangement__year")
        days, years = {}, set()
        for day, working, year in rows:
            days[day] = working
            years.add(year)
        _overlay = Overlay(days=days, years=frozenset(years), expires_at=time.monotonic() + OVERLAY_MAX_AGE)
    return _overlay


NEVER_EXPIRES = math.inf


# The installed package's data do not change while a process runs, so its answers are kept: each of its calls
# scans every date it knows (for the years it covers), and a year it does not know costs an exception a day.
@functools.cache
def library_knows_year(year: int) -> bool:
    """Whether the installed chinesecalendar holds `year`'s holiday arrangement (it knows whole years)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _library_is_workday(day: dt.date) -> bool:
    return chinese_calendar.is_workday(day)


def is_working_day(day: dt.date, *, unknown_year: UnknownYear = UnknownYear.WEEKDAYS) -> bool:
    return _is_working_day(day, _current_overlay(), unknown_year)


def _is_working_day(day: dt.date, overlay: Overlay, unknown_year: UnknownYear) -> bool:
    if day in overlay.days:
        return overlay.days[day]
    if day.year in overlay.years:
        return day.weekday() < 5
    if library_knows_year(day.year):
        return _library_is_workday(day)
    # The package only knows the years it was released with.
    if unknown_year is UnknownYear.REFUSE:
        raise CalendarUnavailable(day.year)
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        logger.warning("chinese_calendar has no data for %s; counting Monday-Friday as working days", day.year)
    return day.weekday() < 5


def period_end(starts_on: dt.date, working_days: int, *, unknown_year: UnknownYear = UnknownYear.REFUSE) -> dt.date:
    """The last day (inclusive) of a period of `working_days` working days beginning on `starts_on`
    (which counts if it is a working day)."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day, counted = starts_on, 0
    while True:
        if is_working_day(day, unknown_year=unknown_year):
            counted += 1
            if counted == working_days:
                return day
        day += ONE_DAY


def working_days_between(first: dt.date, last: dt.date, *, unknown_year: UnknownYear = UnknownYear.REFUSE) -> int:
    """How many working days lie in [first, last]."""
    overlay = _current_overlay()  # once for the range, not once a day
    count, day = 0, first
    while day <= last:
        count += _is_working_day(day, overlay, unknown_year)
        day += ONE_DAY
    return count


def working_days_before(deadline: dt.date, days: int, *, unknown_year: UnknownYear = UnknownYear.WEEKDAYS) -> dt.date:
    """The working day `days` working days before `deadline` (the deadline itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted = deadline, 0
    while counted < days:
        day -= ONE_DAY
        if is_working_day(day, unknown_year=unknown_year):
            counted += 1
    return day


def working_days_left(today: dt.date, deadline: dt.date, *, unknown_year: UnknownYear = UnknownYear.WEEKDAYS) -> int:
    """Working days after `today` up to and including `deadline`: 0 on the deadline day itself."""
    if today >= deadline:
        return 0
    return working_days_between(today + ONE_DAY, deadline, unknown_year=unknown_year)


def reminder_due(*, today: dt.date, deadline: dt.date, days: int) -> bool:
    """Remind on each working day from `days` working days before the deadline up to the deadline day.
    A missed run (the server was down) is made up the next working day instead of being lost."""
    return is_working_day(today) and working_days_before(deadline, days) <= today <= deadline
