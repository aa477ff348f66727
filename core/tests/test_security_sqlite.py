"""Issue 16 finding 10: SQLite under concurrent requests, files of a write that rolled back, and production
refusing SQLite.

The race runs against a file database (not the test suite's in-memory one) with Django's own SQLite backend
and transaction start, once as SQLite comes out of the box and once with config/settings/database.py's options."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.utils import ConnectionHandler

from config.settings.database import SQLITE_ENGINE, database_config

WRITERS = 8


@pytest.fixture
def file_database(django_db_blocker):
    """The file databases are the tests' own, not the suite's: let them be opened."""
    with django_db_blocker.unblock():
        yield


def _settings_dict(path: Path, *, configured: bool) -> dict:
    config = database_config({"DATABASE_URL": f"sqlite:///{path}"}, default_path=path)
    if not configured:
        config["OPTIONS"] = {}  # SQLite as it comes: deferred transactions, rollback journal, 5 s timeout
    return ConnectionHandler().configure_settings({"default": config})["default"]


def _race(path: Path, *, configured: bool) -> tuple[int, list[str]]:
    """Eight requests at once, each reading a counter and writing it back one higher in one transaction (a
    save, an opinion, an autosave: read, check, write); the final count and the errors."""
    setup = DatabaseWrapper(_settings_dict(path, configured=configured), alias="race")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    barrier = threading.Barrier(WRITERS)
    errors: list[str] = []

    def request():
        connection = DatabaseWrapper(_settings_dict(path, configured=configured), alias="race")
        try:
            barrier.wait(timeout=10)
            # What transaction.atomic() does on SQLite: BEGIN (BEGIN IMMEDIATE with transaction_mode).
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                value = cursor.fetchone()[0]
                time.sleep(0.05)  # the checks a service makes between reading and writing
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
            connection.commit()
        except OperationalError as exc:
            errors.append(str(exc))
            connection.rollback()
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    check = DatabaseWrapper(_settings_dict(path, configured=configured), alias="race")
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        count = cursor.fetchone()[0]
    check.close()
    return count, errors


def test_sqlite_out_of_the_box_answers_database_is_locked(tmp_path, file_database):
    """The reproduction: as `make run` was configured, simultaneous writers fail (500) or lose updates."""
    count, errors = _race(tmp_path / "default.sqlite3", configured=False)
    assert errors and all("database is locked" in e for e in errors)
    assert count < WRITERS


def test_configured_sqlite_queues_writers_and_loses_no_update(tmp_path, file_database):
    count, errors = _race(tmp_path / "configured.sqlite3", configured=True)
    assert errors == [] and count == WRITERS


def _requests_race(path: Path, mode: str) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-m", "core.tests.sqlite_requests_race", str(path), mode],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return [int(s) for s in result.stdout.split()]


def test_eight_simultaneous_profile_saves_through_the_test_client(tmp_path):
    """The same through whole requests (session, profile, revision, audit event): as SQLite came, some of eight
    simultaneous saves answered 500 "database is locked"; configured, all eight are saved."""
    before = _requests_race(tmp_path / "default.sqlite3", "default")
    assert len(before) == WRITERS and 500 in before
    after = _requests_race(tmp_path / "configured.sqlite3", "configured")
    assert after == [302] * WRITERS


def test_configured_sqlite_is_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path, file_database):
    config = database_config({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, default_path=tmp_path)
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and config["OPTIONS"]["timeout"] >= 10
    connection = DatabaseWrapper(_settings_dict(tmp_path / "db.sqlite3", configured=True), alias="race")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    connection.close()


def test_the_project_settings_use_the_configured_sqlite(tmp_path):
    """Without DATABASE_URL (the embedded default) the settings build the configured SQLite; on the SQLite pass
    the running settings are that configuration."""
    built = database_config({}, default_path=tmp_path / "db.sqlite3")
    assert built["ENGINE"] == SQLITE_ENGINE and built["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    if settings.DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_gets_no_sqlite_options(tmp_path):
    config = database_config({"DATABASE_URL": "postgres://u:p@db:5432/hengyang"}, default_path=tmp_path)
    assert "transaction_mode" not in config.get("OPTIONS", {})


# Production refuses SQLite --------------------------------------------------------------------------------------

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60,
    "AUDIT_HMAC_KEY": "k" * 40,
    "PERSONAL_DATA_KEY": "p" * 40,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
}


def _import_production(database_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | PRODUCTION_ENV
    if database_url:
        env["DATABASE_URL"] = database_url
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd=settings.BASE_DIR, timeout=120)  # fmt: skip


def test_production_settings_refuse_to_start_on_sqlite():
    result = _import_production(None)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr and "SQLite" in result.stderr and "PostgreSQL" in result.stderr
    explicit = _import_production("sqlite:////tmp/hengyang-prod.sqlite3")
    assert explicit.returncode != 0 and "SQLite" in explicit.stderr


def test_production_settings_start_on_postgresql():
    result = _import_production("postgres://postgres@127.0.0.1:5432/hengyang")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


# Files of a write that rolled back ---------------------------------------------------------------------------


@pytest.fixture
def draft(stored_pack, profile, enterprise_admin, open_window):
    from applications import services

    return services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2)
    )


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
def test_an_upload_whose_write_fails_leaves_no_file(draft, enterprise_admin, monkeypatch):
    """ "database is locked" after the file was stored (at the audit event, or at COMMIT): the file goes too."""
    from applications import attachments, services
    from applications.completeness import item_materials
    from applications.models import Attachment
    from applications.tests.helpers import pdf_upload

    material = item_materials(draft)[0]["id"]
    before = _stored_files()

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(attachments, "audit_event_record", locked)
    with pytest.raises(OperationalError):
        services.attachment_add(actor=enterprise_admin, application=draft, material_id=material, upload=pdf_upload())
    assert not Attachment.objects.exists()
    assert _stored_files() == before
    monkeypatch.undo()
    attachment = services.attachment_add(
        actor=enterprise_admin, application=draft, material_id=material, upload=pdf_upload()
    )
    assert Path(attachment.file.path).exists()  # a write that commits keeps its file


@pytest.mark.django_db
def test_any_service_deletes_the_files_it_stored_when_its_write_fails(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    from core.stored_files import deletes_stored_files_on_rollback, stored_in_transaction

    storage = FileSystemStorage(location=tmp_path)

    class Holder:
        pass

    @deletes_stored_files_on_rollback
    def service():
        name = storage.save("evidence.pdf", ContentFile(b"%PDF-1.4"))
        file = FieldFile(Holder(), type("F", (), {"storage": storage})(), name)
        stored_in_transaction(file)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError):
        service()
    assert list(tmp_path.iterdir()) == []
