"""A platform that passes every readiness check, for the probe tests: its migrations recorded, a fresh worker
heartbeat (the shared 2023 pack is published, and the media root is a writable folder)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from operations.services import worker_heartbeat_beat


@pytest.fixture(scope="session")
def migration_table(django_db_setup, django_db_blocker):
    """The test database is built from the models (--no-migrations): on SQLite it has no django_migrations
    table, which can only be created outside a transaction."""
    with django_db_blocker.unblock():
        MigrationRecorder(connection).ensure_schema()


@pytest.fixture
def migrations_on_disk(migration_table, settings):
    """With --no-migrations the loader sees no migration on disk: bring the project's back, so that the check
    compares them with the rows of django_migrations."""
    settings.MIGRATION_MODULES = {}


def migrations_all_recorded() -> None:
    recorder = MigrationRecorder(connection)
    for app_label, name in MigrationLoader(connection).graph.nodes:
        recorder.record_applied(app_label, name)


@pytest.fixture
def ready(db, migrations_on_disk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    migrations_all_recorded()
    worker_heartbeat_beat(host="worker-1", pid=4242)
