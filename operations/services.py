"""Writes of the operations app: the worker's heartbeat."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from operations.models import WorkerHeartbeat

# A worker that stopped leaves its row behind (a killed process says nothing); any live worker deletes rows
# this old. Far longer than WORKER_HEARTBEAT_MAX_AGE_SECONDS, so that /readyz never misses a live one.
HEARTBEAT_PRUNE_AFTER = timedelta(hours=1)


@transaction.atomic
def worker_heartbeat_beat(*, host: str, pid: int, now: datetime | None = None) -> WorkerHeartbeat:
    """Record that the worker `host`:`pid` is alive now, and prune the rows of workers long gone."""
    now = now or timezone.now()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        host=host[:255],
        pid=pid,
        defaults={"last_seen_at": now},
        create_defaults={"started_at": now, "last_seen_at": now},
    )
    WorkerHeartbeat.objects.filter(last_seen_at__lt=now - HEARTBEAT_PRUNE_AFTER).delete()
    return heartbeat
