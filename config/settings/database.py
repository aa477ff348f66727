"""The database from DATABASE_URL (dj-database-url), with SQLite set up for a web server's concurrent requests.

SQLite is the `make run` default. Out of the box it lets two requests that both read before writing run into
each other: the second to write gets "database is locked" at once (SQLite refuses to wait where waiting could
deadlock), and the request answers 500 (issue 16 §10). Three settings make writers queue instead:
- transaction_mode IMMEDIATE (Django 5.1+): every transaction takes the write lock at BEGIN, so a transaction
  never holds a read lock while waiting to write, and the others wait at BEGIN for the busy timeout;
- a busy timeout (the driver's `timeout`, seconds) long enough for a slow export's transaction;
- WAL, so that readers (page views) read while one writer writes, and synchronous=NORMAL, which WAL makes safe.
PostgreSQL (production) needs none of this.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"
SQLITE_BUSY_TIMEOUT_SECONDS = 20
SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON"


def sqlite_options(timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS) -> dict:
    return {"transaction_mode": "IMMEDIATE", "timeout": timeout, "init_command": SQLITE_INIT_COMMAND}


def database_config(environ: Mapping[str, str], *, default_path: Path) -> dict:
    config = dj_database_url.parse(
        environ.get("DATABASE_URL") or f"sqlite:///{default_path}",
        conn_max_age=int(environ.get("DB_CONN_MAX_AGE", "0")),
    )
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**sqlite_options(), **config.get("OPTIONS", {})}
    return config
