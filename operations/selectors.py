"""Reads of the operations app: whether a worker is alive."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from operations.models import WorkerHeartbeat


def worker_last_seen() -> datetime | None:
    """When any worker last sent a heartbeat; None if none ever did (or every row was pruned)."""
    return WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]


def worker_alive(*, max_age_seconds: float, now: datetime | None = None) -> bool:
    """A worker sent a heartbeat within the last `max_age_seconds` (the boundary itself counts as alive)."""
    last = worker_last_seen()
    if last is None:
        return False
    return (now or timezone.now()) - last <= timedelta(seconds=max_age_seconds)
