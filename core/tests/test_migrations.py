"""The migrations are the schema of record. The test databases are built straight from the models (pytest's
--no-migrations, set in pyproject.toml: replaying 29 migrations cost each worker of each CI pass several
seconds), so this module proves, once per run, that the two agree: no model change lacks its migration, and
replaying every migration on an empty database gives the same tables, columns and reference rows as the
database the tests use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

SCHEMA_SCRIPT = """
import json, django
django.setup()
from django.db import connection
from core.tests.test_migrations import schema_of
print(json.dumps(schema_of(connection)))
"""


def schema_of(conn) -> dict:
    """Every table but Django's migration log, with its columns (name and whether it may be null), and the
    number of reference rows (jurisdictions and organisations) the data migration writes."""
    from accounts.models import Jurisdiction, Organisation

    with conn.cursor() as cursor:
        tables = sorted(
            t.name for t in conn.introspection.get_table_list(cursor) if t.type == "t" and t.name != "django_migrations"
        )
        schema = {
            name: sorted([c.name, bool(c.null_ok)] for c in conn.introspection.get_table_description(cursor, name))
            for name in tables
        }
    schema["reference rows"] = [Jurisdiction.objects.count(), Organisation.objects.count()]
    return schema


def _fresh_database_url(tmp_path: Path) -> tuple[str, callable]:
    """A URL of an empty database of the same engine as the tests', and how to drop it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}", lambda: None
    import psycopg

    params = connection.get_connection_params()
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = f"{admin.get('user', '')}{':' + admin['password'] if admin.get('password') else ''}@"
    return f"postgres://{user}{admin.get('host', '')}:{admin.get('port', 5432)}/{name}", drop


@pytest.mark.django_db
def test_replaying_every_migration_builds_the_schema_and_rows_the_tests_use_and_none_is_missing(tmp_path):
    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    load_reference_data(Jurisdiction, Organisation)  # as the test session does (a flush may have removed them)
    url, drop = _fresh_database_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    try:
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert migrate.returncode == 0, migrate.stderr
        # No model change lacks its migration (run here, where the migrations are not disabled).
        check = subprocess.run(
            [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], cwd=ROOT, env=env,
            capture_output=True, text=True,
        )  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
        read = subprocess.run(
            [sys.executable, "-c", SCHEMA_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        migrated = json.loads(read.stdout)
    finally:
        drop()
    assert migrated == json.loads(json.dumps(schema_of(connection)))
