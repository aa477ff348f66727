"""The database part of a backup: a dump taken from one consistent snapshot (pg_dump --format=custom on
PostgreSQL, the online-backup API on SQLite), and the facts the manifest reports, read from that same snapshot:
rows per model, the stored files the rows name, the applied migrations and the policy packs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.models import FileField

from operations.backup_manifest import schema_version_applied

DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
PG_DUMP_FAILED = "pg_dump 失败（pg_dump failed, exit {code}）：{stderr}"
PG_DUMP_MISSING = (
    "找不到 pg_dump：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。pg_dump not found on PATH."
)
VENDOR_UNSUPPORTED = "不支持备份此类数据库：{vendor}（only PostgreSQL and SQLite are supported）。"


@dataclass(frozen=True)
class ModelTable:
    label: str  # app_label.model_name, as apps.get_models() names it
    table: str
    file_columns: tuple[str, ...]


@dataclass(frozen=True)
class DatabaseFacts:
    counts: dict[str, int]  # model label -> rows
    referenced_files: frozenset[str]  # storage names held in FileFields
    schema: dict[str, str]  # app -> latest applied migration
    packs: list[dict]


def model_tables() -> list[ModelTable]:
    """Every table a model owns (many-to-many tables included), once."""
    seen: dict[str, ModelTable] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or meta.db_table in seen:
            continue
        columns = tuple(f.column for f in meta.concrete_fields if isinstance(f, FileField))
        seen[meta.db_table] = ModelTable(label=meta.label_lower, table=meta.db_table, file_columns=columns)
    return sorted(seen.values(), key=lambda t: t.label)


def facts_read(cursor, *, existing_tables: set[str], quote: Callable[[str], str]) -> DatabaseFacts:
    """The manifest's facts through a DB-API cursor on the snapshot (no ORM: the snapshot is not Django's
    connection). Tables the snapshot lacks count as empty."""
    counts: dict[str, int] = {}
    referenced: set[str] = set()
    for table in model_tables():
        if table.table not in existing_tables:
            counts[table.label] = 0
            continue
        # Names from the models, quoted by the backend.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table.table)}")  # noqa: S608
        counts[table.label] = cursor.fetchone()[0]
        for column in table.file_columns:
            column, name = quote(column), quote(table.table)
            cursor.execute(f"SELECT {column} FROM {name} WHERE {column} <> ''")  # noqa: S608
            referenced.update(name for (name,) in cursor.fetchall() if name)
    applied: list[tuple[str, str]] = []
    if "django_migrations" in existing_tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = [(app, name) for app, name in cursor.fetchall()]
    packs: list[dict] = []
    if "policies_policypack" in existing_tables:
        cursor.execute(
            "SELECT pack_id, version, status, document_number, digest FROM policies_policypack "
            "ORDER BY pack_id, version"
        )
        keys = ("pack_id", "version", "status", "document_number", "digest")
        packs = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    return DatabaseFacts(
        counts=counts, referenced_files=frozenset(referenced), schema=schema_version_applied(applied), packs=packs
    )


def database_dump(directory: Path) -> tuple[Path, DatabaseFacts]:
    """Dump the default database into `directory`; returns the dump's path and the snapshot's facts."""
    vendor = connection.vendor
    target = directory / DUMP_NAMES.get(vendor, "database")
    if vendor == "postgresql":
        return target, _postgresql_dump(target)
    if vendor == "sqlite":
        return target, _sqlite_dump(target)
    raise RuntimeError(VENDOR_UNSUPPORTED.format(vendor=vendor))


def _sqlite_dump(target: Path) -> DatabaseFacts:
    """The online-backup API copies the database page by page, restarting if another connection writes, so the
    copy is one consistent state even while the site runs. Facts are then read from the copy."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        return facts_read(cursor, existing_tables=tables, quote=connection.ops.quote_name)
    finally:
        copy.close()


def pg_client_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore (-U -h -p) and their environment (PGPASSWORD, PGSSLMODE…),
    from Django's own psql client; the database name is left to the caller."""
    args, env = DatabaseClient.settings_to_cmd_args_env({**settings_dict, "NAME": "placeholder"}, [])
    return args[1:-1], {**os.environ, **(env or {})}  # without "psql" and the database name it appends last


@contextmanager
def _postgresql_snapshot() -> Iterator[tuple[str, object, object]]:
    """A read-only REPEATABLE READ transaction on a connection of its own, with its snapshot exported for
    pg_dump --snapshot: the dump and the facts see exactly the same rows."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0], cursor, wrapper
            cursor.execute("COMMIT")
    finally:
        wrapper.close()


def _postgresql_dump(target: Path) -> DatabaseFacts:
    options, env = pg_client_env(connection.settings_dict)
    with _postgresql_snapshot() as (snapshot, cursor, wrapper):
        # Owners and privileges are kept in the dump; pg_restore decides what to apply (restore_database.py).
        command = ["pg_dump", *options, "--format=custom", f"--snapshot={snapshot}", f"--file={target}",
                   connection.settings_dict["NAME"]]  # fmt: skip
        try:
            # pg_dump with the settings' own values
            finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        except FileNotFoundError:
            raise RuntimeError(PG_DUMP_MISSING) from None
        if finished.returncode != 0:
            raise RuntimeError(PG_DUMP_FAILED.format(code=finished.returncode, stderr=finished.stderr.strip()))
        tables = set(wrapper.introspection.table_names(cursor))
        return facts_read(cursor, existing_tables=tables, quote=wrapper.ops.quote_name)
