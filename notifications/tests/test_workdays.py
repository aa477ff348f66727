"""Working-day arithmetic on the PRC calendar: holidays skipped, 调休 Saturdays counted."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.workdays import is_working_day, reminder_due, working_days_before, working_days_left

D = dt.date


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
