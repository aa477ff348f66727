"""Which backup archives a directory keeps: the newest of each of the last N days that have one, and the newest of
each of the last M months that have one (as restic's --keep-daily / --keep-monthly). Only files named exactly as
`backup_create` names them are ever considered, so nothing else in the directory is deleted."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

ARCHIVE_NAME = re.compile(r"hengyang-backup-(\d{8}T\d{6}Z)\.tar")


def archive_time(name: str) -> dt.datetime | None:
    match = ARCHIVE_NAME.fullmatch(name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def archives_kept(names: list[str], *, daily: int, monthly: int) -> set[str]:
    """The names to keep among `names` (names that are not archives are kept, being none of our business)."""
    dated = sorted(((archive_time(n), n) for n in names if archive_time(n)), reverse=True)
    kept = {n for n in names if archive_time(n) is None}
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for moment, name in dated:
        if moment.date() not in days and len(days) < daily:
            days.add(moment.date())
            kept.add(name)
        if (moment.year, moment.month) not in months and len(months) < monthly:
            months.add((moment.year, moment.month))
            kept.add(name)
    return kept


def archives_prune(directory: Path, *, daily: int, monthly: int) -> list[Path]:
    """Delete the archives `archives_kept` does not keep; returns them."""
    present = [p.name for p in directory.iterdir() if p.is_file()]
    doomed = sorted(set(present) - archives_kept(present, daily=daily, monthly=monthly))
    for name in doomed:
        (directory / name).unlink()
    return [directory / name for name in doomed]
