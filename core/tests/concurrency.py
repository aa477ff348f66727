"""Two people acting at once, for the tests of row locks in every app: the calls start together (a barrier)
on their own connections, and a function the service calls after taking its lock can be slowed down, so that
without the lock both would read the old state before either commits.

PostgreSQL only (CI sets DATABASE_URL), where SELECT … FOR UPDATE really locks the row; SQLite has no row
locks to test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

POSTGRESQL_ONLY = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI with DATABASE_URL)"
    ),
]


def race(calls: list[Callable[[], object]], done: str = "done") -> list[str]:
    """Run the calls at once; `done` for each that succeeded, else its first message (sorted)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append(done)
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def slowed(monkeypatch, owner: object, name: str, seconds: float = 0.5) -> None:
    """`owner.name` waits `seconds` before it runs (to widen the window after the lock)."""
    original = getattr(owner, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
