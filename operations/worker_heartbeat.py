"""The worker's heartbeat thread: while `manage.py worker` runs, it renews its WorkerHeartbeat row every
HEARTBEAT_EVERY seconds, so that /readyz can tell whether background jobs are being run."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import DatabaseError, connections

from operations.services import worker_heartbeat_beat

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 15  # seconds; /readyz allows WORKER_HEARTBEAT_MAX_AGE_SECONDS (120 by default)


def beat_periodically(
    stop: threading.Event, *, every: float = HEARTBEAT_EVERY, host: str | None = None, pid: int | None = None,
    close_connections: bool = True,
) -> None:  # fmt: skip
    """Beat at once, then every `every` seconds until `stop` is set. A database error is logged and tried again
    next time. The row is left in place when the worker stops: a restart within the allowed age does not make
    /readyz fail, and the row is pruned an hour later."""
    host = host or socket.gethostname()
    pid = pid or os.getpid()
    while True:
        try:
            worker_heartbeat_beat(host=host, pid=pid)
        except DatabaseError:
            logger.exception("worker heartbeat failed; trying again in %s s", every)
        finally:
            if close_connections:
                connections.close_all()  # this thread's own connection, not the worker loop's
        if stop.wait(every):
            return


def heartbeat_start(*, every: float = HEARTBEAT_EVERY) -> threading.Event:
    """Start the heartbeat thread (a daemon: it ends with the worker process); set the event to stop it."""
    stop = threading.Event()
    threading.Thread(target=beat_periodically, args=(stop,), kwargs={"every": every}, daemon=True,
                     name="worker-heartbeat").start()  # fmt: skip
    return stop
