"""The worker's heartbeat: one row per process (host + pid) renewed while `manage.py worker` runs, old rows
pruned, and the freshness boundary /readyz uses."""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command, get_commands
from django.db import DatabaseError, connection
from django.utils import timezone

from operations import worker_heartbeat
from operations.management.commands import worker as worker_command
from operations.models import WorkerHeartbeat
from operations.selectors import worker_alive, worker_last_seen
from operations.services import HEARTBEAT_PRUNE_AFTER, worker_heartbeat_beat


@pytest.mark.django_db
def test_one_row_per_worker_process_renewed_by_each_beat():
    start = timezone.now()
    worker_heartbeat_beat(host="node-a", pid=100, now=start)
    worker_heartbeat_beat(host="node-a", pid=100, now=start + timedelta(seconds=15))
    worker_heartbeat_beat(host="node-b", pid=100, now=start + timedelta(seconds=20))
    rows = {(r.host, r.pid): r for r in WorkerHeartbeat.objects.all()}
    assert set(rows) == {("node-a", 100), ("node-b", 100)}
    assert rows["node-a", 100].started_at == start
    assert rows["node-a", 100].last_seen_at == start + timedelta(seconds=15)
    assert worker_last_seen() == start + timedelta(seconds=20)


@pytest.mark.django_db
def test_rows_of_workers_long_gone_are_pruned_by_the_next_beat():
    now = timezone.now()
    worker_heartbeat_beat(host="gone", pid=1, now=now - HEARTBEAT_PRUNE_AFTER - timedelta(seconds=1))
    worker_heartbeat_beat(host="stopped-recently", pid=2, now=now - HEARTBEAT_PRUNE_AFTER + timedelta(seconds=1))
    worker_heartbeat_beat(host="alive", pid=3, now=now)
    assert set(WorkerHeartbeat.objects.values_list("host", flat=True)) == {"stopped-recently", "alive"}


@pytest.mark.django_db
def test_freshness_boundary():
    now = timezone.now()
    assert worker_alive(max_age_seconds=120, now=now) is False  # no worker ever
    worker_heartbeat_beat(host="node-a", pid=1, now=now - timedelta(seconds=120))
    assert worker_alive(max_age_seconds=120, now=now) is True  # exactly the allowed age
    assert worker_alive(max_age_seconds=120, now=now + timedelta(microseconds=1)) is False
    worker_heartbeat_beat(host="node-b", pid=2, now=now)  # the newest worker counts
    assert worker_alive(max_age_seconds=120, now=now + timedelta(seconds=60)) is True


@pytest.mark.django_db
def test_the_thread_beats_at_once_and_then_every_period(monkeypatch):
    stop = threading.Event()
    beats = []

    def beat(**kwargs):
        beats.append(time.monotonic())
        worker_heartbeat_beat(**kwargs)
        if len(beats) == 3:
            stop.set()

    monkeypatch.setattr(worker_heartbeat, "worker_heartbeat_beat", beat)
    worker_heartbeat.beat_periodically(stop, every=0.05, host="node-a", pid=7, close_connections=False)
    assert len(beats) == 3
    assert beats[2] - beats[0] >= 0.1
    assert WorkerHeartbeat.objects.get(host="node-a", pid=7)


@pytest.mark.django_db
def test_a_database_error_is_logged_and_the_next_beat_tried(monkeypatch, caplog):
    stop = threading.Event()
    attempts = []

    def beat(**kwargs):
        attempts.append(kwargs)
        if len(attempts) == 1:
            raise DatabaseError("server closed the connection")
        stop.set()

    monkeypatch.setattr(worker_heartbeat, "worker_heartbeat_beat", beat)
    worker_heartbeat.beat_periodically(stop, every=0.01, host="node-a", pid=7, close_connections=False)
    assert len(attempts) == 2
    assert "worker heartbeat failed" in caplog.text


@pytest.fixture
def database_tasks(settings):
    """The worker runs django_tasks_db's backend (the tests run tasks immediately instead)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_manage_py_worker_is_the_operations_command():
    assert get_commands()["worker"] == "operations"


@pytest.mark.django_db(transaction=True)  # the worker loop closes a connection left in a transaction
def test_the_command_starts_and_stops_the_sweeper_and_the_heartbeat(monkeypatch, database_tasks):
    started = {}

    def starter(name):
        def start():
            started[name] = threading.Event()
            return started[name]

        return start

    monkeypatch.setattr(worker_command, "sweeper_start", starter("sweeper"))
    monkeypatch.setattr(worker_command, "heartbeat_start", starter("heartbeat"))
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(started) == {"sweeper", "heartbeat"}
    assert all(event.is_set() for event in started.values())  # stopped when the worker loop ended


def test_with_reload_only_the_child_that_runs_jobs_beats(monkeypatch, database_tasks):
    """The reloader's parent only watches files: a heartbeat there would outlive a crashed child."""
    started = []
    monkeypatch.setattr(worker_command, "heartbeat_start", lambda: started.append("heartbeat") or threading.Event())
    monkeypatch.setattr(worker_command, "sweeper_start", lambda: started.append("sweeper") or threading.Event())
    monkeypatch.setattr(worker_command.DatabaseWorkerCommand, "handle", lambda self, *a, **o: None)
    monkeypatch.delenv("RUN_MAIN", raising=False)
    call_command("worker", "--reload", verbosity=0)
    assert started == []
    monkeypatch.setenv("RUN_MAIN", "true")
    call_command("worker", "--reload", verbosity=0)
    assert sorted(started) == ["heartbeat", "sweeper"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the test's in-memory SQLite, shared between threads, locks whole tables (run in CI with DATABASE_URL)",
)
def test_a_running_worker_writes_its_heartbeat_row(database_tasks):
    """The real thread, on its own database connection: the row appears while the worker runs."""
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    deadline = time.monotonic() + 10
    while not WorkerHeartbeat.objects.filter(pid=os.getpid()).exists():
        assert time.monotonic() < deadline, "no heartbeat row within 10 s"
        time.sleep(0.05)
    assert worker_alive(max_age_seconds=120)
