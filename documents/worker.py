"""The background worker's own housekeeping: every minute it fails the export jobs that can no longer end
(documents.services.export_jobs_sweep), in a thread beside django_tasks_db's worker loop."""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connections

from documents.services import export_jobs_sweep

logger = logging.getLogger(__name__)

SWEEP_EVERY = 60  # seconds


def sweep_periodically(stop: threading.Event, *, every: float = SWEEP_EVERY, close_connections: bool = True) -> None:
    """Sweep every `every` seconds until `stop` is set. A database error is logged and tried again next time."""
    while not stop.wait(every):
        try:
            swept = export_jobs_sweep()
            if swept:
                logger.warning("export jobs swept: %d failed as stale", swept)
        except DatabaseError:
            logger.exception("export job sweep failed; trying again in %s s", every)
        finally:
            if close_connections:
                connections.close_all()  # this thread's own connection, not the worker loop's


def sweeper_start(*, every: float = SWEEP_EVERY) -> threading.Event:
    """Start the sweeping thread (a daemon: it ends with the worker process); set the event to stop it."""
    stop = threading.Event()
    threading.Thread(target=sweep_periodically, args=(stop,), kwargs={"every": every}, daemon=True,
                     name="export-job-sweeper").start()  # fmt: skip
    return stop
