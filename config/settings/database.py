"""The database from DATABASE_URL (dj-database-url), with SQLite set up for a web server's concurrent requests.

SQLite is the `make run` default. Out of the box it lets two requests that both read before writing run into
each other: the second to write gets "database is locked" at once (SQLite refuses to wait where waiting could
deadlock), and the request answers 500 (issue 16 §10). Three settings make writers queue instead:
- transaction_mode IMMEDIATE (Django 5.1+): every transaction takes the write lock at BEGIN, so a transaction
  never holds a read lock while waiting to write, and the others wait at BEGIN for the busy timeout;
- a busy timeout (the driver's `timeout`, seconds) long enough for a slow export's transaction;
- WAL, so that readers (page views) read while one writer writes, and synchronous=NORMAL, which WAL makes safe.
PostgreSQL (production) needs none of this. There, statements are bound and prepared by the server:
- server-side binding (psycopg's Cursor instead of Django's default ClientCursor): the values travel apart from
  the SQL, so the same query has the same text whatever its values;
- prepared statements (psycopg's prepare_threshold): a statement a connection has run that many times is prepared,
  and PostgreSQL then neither parses, analyses nor plans it again. With persistent connections (DB_CONN_MAX_AGE)
  the reads every request repeats (the user, the application with its enterprise, item and pack, the windows) are
  prepared within a worker's first requests. On bench_load (bench/load/README.md) the application's read took
  0.8-0.95 ms of PostgreSQL's CPU bound by the client, and 0.09 ms prepared; the user's read 0.3 and 0.08 ms.
DB_PREPARED_STATEMENTS=0 turns both off, for a pooler in front of PostgreSQL that cannot carry prepared statements
from one transaction to the next (PgBouncer in transaction mode before 1.21).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"
SQLITE_BUSY_TIMEOUT_SECONDS = 20
SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON"
POSTGRESQL_ENGINE = "django.db.backends.postgresql"
# A statement is prepared on its fifth run on a connection (psycopg's own default): a query run once or twice, as
# an export's or an administrator's are, is not kept in the server's memory.
POSTGRESQL_PREPARE_THRESHOLD = 5


def sqlite_options(timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS) -> dict:
    return {"transaction_mode": "IMMEDIATE", "timeout": timeout, "init_command": SQLITE_INIT_COMMAND}


def database_config(environ: Mapping[str, str], *, default_path: Path) -> dict:
    config = dj_database_url.parse(
        environ.get("DATABASE_URL") or f"sqlite:///{default_path}",
        conn_max_age=int(environ.get("DB_CONN_MAX_AGE", "0")),
    )
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**sqlite_options(), **config.get("OPTIONS", {})}
    elif config["ENGINE"] == POSTGRESQL_ENGINE and environ.get("DB_PREPARED_STATEMENTS", "1") != "0":
        prepared = {"server_side_binding": True, "prepare_threshold": POSTGRESQL_PREPARE_THRESHOLD}
        config["OPTIONS"] = {**prepared, **config.get("OPTIONS", {})}
    return config
