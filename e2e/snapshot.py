"""The demo city of `make run`, seeded once per test session and copied into each browser journey that needs it.

`demo_city_load` walks about 200 enterprises' applications through the real services: 40–80 s of a worker on
PostgreSQL, which three journeys paid each (issue 13's cheaper tests). The first journey to ask seeds it as
before and keeps a copy of every table and of the uploaded files; the others (on any xdist worker) wait for that
copy and restore it in a second or two. The rows restored are the rows the seed wrote, primary keys, audit chain
and file digests included, so a journey cannot tell the difference; demo/tests still seed for real, and so does
this module's first caller.

Restoring replaces every table's rows: a journey asks for the city before it writes anything of its own."""

from __future__ import annotations

import fcntl
import json
import pickle
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

DATA = "tables.pickle"
ROWS = "rows.json"
MEDIA = "media"


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _dump() -> dict[str, Any]:
    """Every table's rows: PostgreSQL's COPY text (exact for every type), SQLite's values as stored."""
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT * FROM {name}")
                tables[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return tables


def _load(tables: dict[str, Any]) -> None:
    """Replace every table's rows with `tables`; foreign keys are checked once all are in."""
    style = no_style()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(style, _tables(), allow_cascade=True):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, text in tables.items():
                if text:
                    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                        copy.write(text)
        else:
            with connection.constraint_checks_disabled():
                for table, (columns, rows) in tables.items():
                    if rows:
                        names = ", ".join(connection.ops.quote_name(c) for c in columns)
                        marks = ", ".join(["%s"] * len(columns))
                        cursor.executemany(
                            f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", rows
                        )
            connection.check_constraints()
        for sql in connection.ops.sequence_reset_sql(style, apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()  # the copy's content types may have other keys than this worker's had


@contextmanager
def _locked(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def seeded_once(directory: Path, seed: Callable[[], list[dict]]) -> list[dict]:
    """`seed()` the first time in this session (its rows are kept), a copy of what it wrote every later time.
    Returns the rows `seed` returned."""
    media = Path(settings.MEDIA_ROOT)
    with _locked(directory):
        if (directory / ROWS).exists():
            _load(pickle.loads((directory / DATA).read_bytes()))
            shutil.copytree(directory / MEDIA, media, dirs_exist_ok=True)
            return json.loads((directory / ROWS).read_text(encoding="utf-8"))
        before = _files(media)
        rows = seed()
        (directory / DATA).write_bytes(pickle.dumps(_dump(), protocol=pickle.HIGHEST_PROTOCOL))
        (directory / MEDIA).mkdir(exist_ok=True)
        for name, stat in _files(media).items():
            if before.get(name) != stat:  # written by the seed, not left by an earlier test of this worker
                (directory / MEDIA / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(media / name, directory / MEDIA / name)
        (directory / ROWS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return rows


def _files(root: Path) -> dict[str, tuple[int, int]]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): (stat.st_size, stat.st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and (stat := path.stat())
    }
