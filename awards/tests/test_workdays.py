"""Working-day arithmetic of the public period (pure: no database)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.workdays import CalendarUnavailable, period_end, working_days_between

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
