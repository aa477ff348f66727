"""The readiness checks behind /readyz: each answers True or False, never raises, and says nothing about why to
the caller (the reason goes to the log, for the operator)."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import receiver

from operations.selectors import worker_alive
from policies.selectors import pack_current

logger = logging.getLogger(__name__)

STORAGE_PROBE_PREFIX = "readyz-probe/"


def database_reachable() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


@functools.cache
def _migrations_on_disk() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Every migration of the code this process runs, each with the migrations it replaces (a squashed one).
    Read once per process: building the graph from disk took 40-70 ms, and the code changes only with a restart."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(loader.graph.nodes[key].replaces) for key in loader.graph.nodes}


@receiver(setting_changed)
def _migrations_on_disk_forget(*, setting: str, **kwargs) -> None:
    if setting == "MIGRATION_MODULES":
        _migrations_on_disk.cache_clear()


def migrations_applied() -> bool:
    """No migration on disk is unapplied (what `manage.py migrate --check` asks), in one query. A squashed
    migration counts as applied when it, or every migration it replaces, is recorded."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return all(
        key in applied or (replaces and applied.issuperset(replaces)) for key, replaces in _migrations_on_disk().items()
    )


def policy_pack_published() -> bool:
    return pack_current() is not None


def media_storage_writable() -> bool:
    """Write a small file to the media storage (local or S3) and delete it again."""
    name = default_storage.save(f"{STORAGE_PROBE_PREFIX}{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        return default_storage.exists(name)
    finally:
        default_storage.delete(name)


def worker_heartbeat_fresh() -> bool:
    return worker_alive(max_age_seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)


# In the order /readyz reports them.
CHECKS: dict[str, Callable[[], bool]] = {
    "database": database_reachable,
    "migrations": migrations_applied,
    "policy_pack": policy_pack_published,
    "media_storage": media_storage_writable,
    "worker": worker_heartbeat_fresh,
}


def readiness() -> dict[str, bool]:
    """Every check's result, in order. A check that raises has failed; its exception is logged (class and text,
    no traceback: a load balancer probes every few seconds) and never returned."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = bool(check())
        except Exception as exc:
            logger.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = False
    return results
