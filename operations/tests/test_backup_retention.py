"""Which archives `manage.py backup --keep-daily N --keep-monthly M` keeps: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from operations.backup_retention import archive_time, archives_kept, archives_prune


def name(moment: dt.datetime) -> str:
    return f"hengyang-backup-{moment:%Y%m%dT%H%M%SZ}.tar"


def daily_at_two(days: int, first=dt.datetime(2025, 1, 1, 2, 0, tzinfo=dt.UTC)) -> list[str]:
    return [name(first + dt.timedelta(days=i)) for i in range(days)]


def test_a_year_and_a_half_of_daily_backups_keeps_30_days_and_12_month_ends():
    names = daily_at_two(540)  # 2025-01-01 .. 2026-06-24
    kept = archives_kept(names, daily=30, monthly=12)
    days = sorted(archive_time(n) for n in kept)
    assert len([d for d in days if d.date() >= dt.date(2026, 5, 26)]) == 30  # the last 30 days
    month_ends = [d for d in days if d.date() < dt.date(2026, 5, 26)]
    # The newest of each of the last 12 months: June 2026 and May 2026 fall in the 30 days, then Apr 2026 … Jul 2025.
    assert [d.date() for d in month_ends] == [
        dt.date(2025, 7, 31), dt.date(2025, 8, 31), dt.date(2025, 9, 30), dt.date(2025, 10, 31),
        dt.date(2025, 11, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 28),
        dt.date(2026, 3, 31), dt.date(2026, 4, 30),
    ]  # fmt: skip
    assert len(kept) == 40


def test_two_backups_on_one_day_keep_the_newer():
    first, second = name(dt.datetime(2026, 3, 1, 2, tzinfo=dt.UTC)), name(dt.datetime(2026, 3, 1, 14, tzinfo=dt.UTC))
    assert archives_kept([first, second], daily=30, monthly=12) == {second}


def test_other_files_are_never_touched(tmp_path):
    for other in ("notes.txt", "hengyang-backup-latest.tar", ".hengyang-backup-20260101T020000Z.tar.partial"):
        (tmp_path / other).write_text("x")
    for archive in daily_at_two(40):
        (tmp_path / archive).write_text("x")
    pruned = archives_prune(tmp_path, daily=30, monthly=12)
    # 2025-01-01 .. 02-09: the last 30 days are Jan 11 .. Feb 9, which hold both months' newest too.
    assert [p.name for p in pruned] == daily_at_two(10)
    remaining = {p.name for p in tmp_path.iterdir()}
    assert {"notes.txt", "hengyang-backup-latest.tar", ".hengyang-backup-20260101T020000Z.tar.partial"} <= remaining


@given(
    st.lists(st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)), max_size=60),
    st.integers(1, 40),
    st.integers(0, 24),
)
def test_the_newest_archive_is_always_kept_and_the_count_bounded(moments, daily, monthly):
    names = sorted({name(m.replace(tzinfo=dt.UTC)) for m in moments})
    kept = archives_kept(names, daily=daily, monthly=monthly)
    assert kept <= set(names)
    assert len(kept) <= daily + monthly
    if names:
        assert max(names) in kept  # names sort as their times do


@pytest.mark.parametrize("bad", ["hengyang-backup-20261303T000000Z.tar", "hengyang-backup-2026.tar", "x.tar"])
def test_names_that_are_not_archives_have_no_time(bad):
    assert archive_time(bad) is None
