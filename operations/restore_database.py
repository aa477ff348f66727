"""The database part of a restore: is the target empty, load a dump into it (pg_restore in one transaction on
PostgreSQL, the online-backup API on SQLite), and count what it then holds."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from operations.backup_database import DatabaseFacts, facts_read, model_tables, pg_client_env

PG_RESTORE_FAILED = (
    "pg_restore 失败，数据库已回滚到恢复前的状态（pg_restore failed, exit {code}; rolled back）：{stderr}"
)
PG_RESTORE_MISSING = (
    "找不到 pg_restore：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。pg_restore not found on PATH."
)


def database_tables_with_rows() -> list[str]:
    """The models whose table in the target database holds at least one row (tables not yet created hold none)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in model_tables():
            if table.table in existing:
                cursor.execute(f"SELECT 1 FROM {quote(table.table)} LIMIT 1")  # noqa: S608 - a model's table
                if cursor.fetchone():
                    found.append(table.label)
    return found


def database_facts() -> DatabaseFacts:
    """What the target database holds now, counted as the backup counted its snapshot."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        return facts_read(cursor, existing_tables=tables, quote=connection.ops.quote_name)


def database_load(dump: Path, *, replace: bool) -> None:
    if connection.vendor == "postgresql":
        _postgresql_load(dump, replace=replace)
    else:
        _sqlite_load(dump)


def _postgresql_load(dump: Path, *, replace: bool) -> None:
    """pg_restore in a single transaction that stops at the first error: the database is either restored or as
    it was. With replace, the dump's objects are dropped first (--clean) inside that same transaction. The tables
    belong to the role restoring (--no-owner: run it as the role `migrate` runs as, which owns the schema); the
    privileges granted to other roles (an application role) are restored, so those roles must exist."""
    options, env = pg_client_env(connection.settings_dict)
    connection.close()  # this process holds no lock on the tables pg_restore drops
    command = ["pg_restore", *options, f"--dbname={connection.settings_dict['NAME']}", "--single-transaction",
               "--exit-on-error", "--no-owner"]  # fmt: skip
    if replace:
        command += ["--clean", "--if-exists"]
    try:
        finished = subprocess.run(  # noqa: S603 - pg_restore, settings' own values
            [*command, str(dump)], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise RuntimeError(PG_RESTORE_MISSING) from None
    if finished.returncode != 0:
        raise RuntimeError(PG_RESTORE_FAILED.format(code=finished.returncode, stderr=finished.stderr.strip()))


def _sqlite_load(dump: Path) -> None:
    """The online-backup API, from the dump into the live database: it replaces every page under SQLite's own
    lock, so the file keeps its name, its WAL and the other connections' view stay consistent."""
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # the next query opens a connection that reads the new schema
