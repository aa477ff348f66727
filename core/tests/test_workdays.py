"""core.workdays: the 公示 period refuses a year the calendar does not know; reminders count Monday-Friday."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.workdays import (
    CalendarUnavailable,
    UnknownYear,
    is_working_day,
    period_end,
    reminder_due,
    working_days_before,
    working_days_between,
    working_days_left,
)

D = dt.date


@pytest.mark.parametrize(
    ("starts_on", "working_days", "ends_on"),
    [
        (D(2023, 9, 11), 5, D(2023, 9, 15)),  # an ordinary Monday-to-Friday week
        (D(2023, 9, 15), 5, D(2023, 9, 21)),  # over an ordinary weekend
        (D(2023, 9, 16), 1, D(2023, 9, 18)),  # a Saturday start counts from Monday
        # The 2023 Mid-Autumn and National Day holiday: 29 Sept – 6 Oct off; Sat 7 and Sun 8 Oct are working days.
        (D(2023, 9, 25), 5, D(2023, 10, 7)),
        (D(2023, 9, 28), 5, D(2023, 10, 10)),
        (D(2023, 9, 29), 1, D(2023, 10, 7)),
        (D(2023, 10, 1), 5, D(2023, 10, 11)),
        (D(2023, 10, 7), 2, D(2023, 10, 8)),  # the make-up Sunday counts
        (D(2023, 9, 25), 7, D(2023, 10, 9)),
    ],
)
def test_period_end(starts_on, working_days, ends_on):
    assert period_end(starts_on, working_days) == ends_on
    assert working_days_between(starts_on, ends_on) == working_days


def test_national_day_2023_is_what_the_calendar_says():
    assert not any(chinese_calendar.is_workday(D(2023, 9, 29) + dt.timedelta(days=n)) for n in range(8))
    assert chinese_calendar.is_workday(D(2023, 10, 7)) and chinese_calendar.is_workday(D(2023, 10, 8))


def test_a_year_without_holiday_data_is_reported():
    with pytest.raises(CalendarUnavailable) as excinfo:
        period_end(D(2099, 6, 1), 5)
    assert excinfo.value.year == 2099


def test_at_least_one_working_day():
    with pytest.raises(ValueError):
        period_end(D(2023, 9, 25), 0)


@given(
    starts_on=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31)),
    working_days=st.integers(min_value=1, max_value=30),
)
def test_the_period_holds_exactly_n_working_days_and_ends_on_one(starts_on, working_days):
    ends_on = period_end(starts_on, working_days)
    assert ends_on >= starts_on
    assert chinese_calendar.is_workday(ends_on)
    assert working_days_between(starts_on, ends_on) == working_days
    # Each extra working day moves the end later.
    assert period_end(starts_on, working_days + 1) > ends_on


# --- reminders (notifications) ---


@pytest.mark.parametrize(
    "deadline,days,expected",
    [
        (D(2023, 8, 25), 3, D(2023, 8, 22)),  # Friday: Tue, Wed, Thu before it
        (D(2023, 8, 28), 3, D(2023, 8, 23)),  # Monday: the weekend is skipped
        (D(2023, 8, 25), 0, D(2023, 8, 25)),
        # National Day 2023: 9-29..10-06 off, Saturday 10-07 and Sunday 10-08 are make-up working days.
        (D(2023, 10, 9), 3, D(2023, 9, 28)),
        (D(2023, 10, 7), 1, D(2023, 9, 28)),
        (D(2023, 10, 11), 3, D(2023, 10, 8)),
    ],
)
def test_working_days_before(deadline, days, expected):
    assert working_days_before(deadline, days) == expected


@pytest.mark.parametrize(
    "today,deadline,expected",
    [
        (D(2023, 8, 22), D(2023, 8, 25), 3),
        (D(2023, 8, 25), D(2023, 8, 25), 0),
        (D(2023, 9, 28), D(2023, 10, 9), 3),  # the holiday week counts for nothing
        (D(2023, 8, 26), D(2023, 8, 25), 0),
    ],
)
def test_working_days_left(today, deadline, expected):
    assert working_days_left(today, deadline) == expected


@pytest.mark.parametrize(
    "today,due",
    [
        (D(2023, 9, 27), False),  # four working days before
        (D(2023, 9, 28), True),  # three working days before
        (D(2023, 10, 2), False),  # inside the window, but a holiday
        (D(2023, 10, 7), True),  # 调休 Saturday: a working day
        (D(2023, 10, 9), True),  # the deadline day
        (D(2023, 10, 10), False),  # too late
    ],
)
def test_reminder_due_around_national_day(today, due):
    assert reminder_due(today=today, deadline=D(2023, 10, 9), days=3) is due


def test_years_past_the_calendar_fall_back_to_monday_to_friday():
    assert is_working_day(D(2099, 1, 5))  # a Monday
    assert not is_working_day(D(2099, 1, 3))  # a Saturday


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        working_days_before(D(2023, 8, 25), -1)


@given(deadline=st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 12, 31)), days=st.integers(0, 15))
def test_counting_back_then_forward_agrees(deadline, days):
    start = working_days_before(deadline, days)
    assert start <= deadline
    if days:
        assert is_working_day(start)
        # The days counted lie strictly before the deadline; the deadline adds one if it is a working day.
        assert working_days_left(start, deadline) == days - 1 + is_working_day(deadline)


def test_the_unknown_year_policy_is_a_parameter():
    assert is_working_day(D(2099, 1, 5), unknown_year=UnknownYear.WEEKDAYS)
    with pytest.raises(CalendarUnavailable):
        is_working_day(D(2099, 1, 5), unknown_year=UnknownYear.REFUSE)
    with pytest.raises(CalendarUnavailable):
        working_days_between(D(2099, 1, 1), D(2099, 1, 9))


def test_the_library_is_asked_once_a_date_per_process():
    # The package's data are fixed while the process runs; its calls scan every date it knows, and "my applications"
    # counts each of a deadline's days on every request.
    from unittest import mock

    from core import workdays

    workdays._library_is_workday.cache_clear()
    with mock.patch.object(chinese_calendar, "is_workday", wraps=chinese_calendar.is_workday) as asked:
        first = workdays.working_days_between(D(2023, 3, 1), D(2023, 5, 31))
        asked_first = asked.call_count
        assert workdays.working_days_between(D(2023, 3, 1), D(2023, 5, 31)) == first
    assert asked_first <= 92 and asked.call_count == asked_first
