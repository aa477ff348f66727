"""/readyz: each check and its result; 200 when all pass, 503 when one fails (the others still reported); nothing
secret in the body; anonymous; GET or HEAD only; no session, rate-limit count or audit event for a probe."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from operations.health import CHECKS
from operations.models import WorkerHeartbeat
from operations.tests.readiness import migration_table, migrations_on_disk, ready  # noqa: F401 (fixtures)

# Every test starts from a platform that passes every check (operations/tests/readiness.py).
pytestmark = pytest.mark.usefixtures("ready")

URL = "/readyz"
ALL_CHECKS = ["database", "migrations", "policy_pack", "media_storage", "worker"]
SECRET = 'connection to server at "db-7.intra.example" (10.20.30.40), port 5432 failed: password authentication failed for user "hengyang"'


def _failed_only(response, name: str) -> None:
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert list(body["checks"]) == ALL_CHECKS  # every check still reported, in order
    assert body["checks"][name] == "fail"
    assert {n for n, result in body["checks"].items() if result == "fail"} == {name}


def test_the_probe_has_its_address_and_reports_every_check():
    assert reverse("operations:readyz") == URL
    assert list(CHECKS) == ALL_CHECKS


def test_all_pass_gives_200_to_an_anonymous_caller(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(ALL_CHECKS, "ok")}
    assert "no-cache" in response["Cache-Control"]


def test_head_gives_the_status_without_a_body(client):
    response = client.head(URL)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_not_allowed(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_database_unreachable(client, monkeypatch, caplog):
    def refused(*args, **kwargs):
        raise OperationalError(SECRET)

    monkeypatch.setattr(type(connections["default"]), "cursor", refused)
    response = client.get(URL)
    monkeypatch.undo()
    assert response.status_code == 503
    body = response.json()
    assert list(body["checks"]) == ALL_CHECKS
    assert body["checks"]["database"] == "fail"
    assert body["checks"]["media_storage"] == "ok"  # the storage does not need the database
    text = response.content.decode()
    for secret in ("db-7", "10.20.30.40", "5432", "password", "hengyang", "OperationalError", "/"):
        assert secret not in text
    # The operator finds the reason in the log.
    assert any("readiness check database failed: OperationalError" in r.getMessage() for r in caplog.records)


def test_a_migration_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="operations", name="0001_initial").delete()
    _failed_only(client.get(URL), "migrations")


@pytest.mark.no_shared_pack
def test_no_published_policy_pack(client):
    _failed_only(client.get(URL), "policy_pack")


def test_media_storage_not_writable(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder's parent should be")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get(URL)
    _failed_only(response, "media_storage")
    assert str(tmp_path) not in response.content.decode()


def test_the_storage_probe_leaves_no_file(client, settings):
    client.get(URL)
    media = settings.MEDIA_ROOT
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_no_worker_heartbeat(client):
    WorkerHeartbeat.objects.all().delete()
    _failed_only(client.get(URL), "worker")


def test_an_unready_answer_is_a_warning_not_an_error_per_poll(client, caplog):
    """A load balancer polls every few seconds: a 503 of the probe is in the request line (and a check that raised
    is logged at WARNING with its cause), and Django's "Service Unavailable: /readyz" ERROR is dropped. Other server
    errors are still logged at ERROR."""
    WorkerHeartbeat.objects.all().delete()
    with caplog.at_level("INFO"):
        assert client.get(URL).status_code == 503
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert any(r.name == "operations.request" and "GET /readyz 503" in r.getMessage() for r in caplog.records)

    caplog.clear()
    django_request = logging.getLogger("django.request")
    other = HttpRequest()
    other.path = "/review/"
    django_request.error("Service Unavailable: %s", other.path, extra={"status_code": 503, "request": other})
    assert [r.levelname for r in caplog.records if r.name == "django.request"] == ["ERROR"]


@pytest.mark.parametrize(("age", "status"), [(119, 200), (120, 200), (121, 503)])
def test_the_worker_heartbeat_freshness_boundary(client, settings, age, status):
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 120
    # +1 s of slack for the request itself on the fresh side; the stale side stays stale however slow it is.
    seen = timezone.now() - timedelta(seconds=age) + (timedelta(seconds=1) if status == 200 else timedelta(0))
    WorkerHeartbeat.objects.update(last_seen_at=seen)
    response = client.get(URL)
    assert response.status_code == status
    assert response.json()["checks"]["worker"] == ("ok" if status == 200 else "fail")


def test_a_probe_creates_no_session_no_rate_limit_count_and_no_audit_event():
    probe = Client()
    with CaptureQueriesContext(connection) as passing:
        assert probe.get(URL).status_code == 200
    WorkerHeartbeat.objects.all().delete()
    with CaptureQueriesContext(connection) as failing:
        assert probe.get(URL).status_code == 503  # a failing probe is not a refused access either
    statements = [q["sql"] for q in [*passing.captured_queries, *failing.captured_queries]]
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    for table in ("django_session", "core_ratelimit_cache", "core_auditevent"):
        assert not [sql for sql in statements if table in sql]
    assert "sessionid" not in probe.cookies


def _production_settings(*names: str) -> list:
    """Read in a child process: production settings refuse to load without their keys, and are not the tests'."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "s" * 50,
        "AUDIT_HMAC_KEY": "a" * 40,
        "PERSONAL_DATA_KEY": "p" * 40,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/not_opened",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    code = f"import django, json; django.setup(); from django.conf import settings as s; print(json.dumps([getattr(s, n) for n in {list(names)!r}], default=str))"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True,
                         text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_settings_do_not_redirect_the_probes_to_https(client, settings):
    redirect, exempt = _production_settings("SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT")
    assert redirect is True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = exempt
    assert client.get("/healthz").status_code == 200
    assert client.get(URL).status_code == 200
    # Everything else still goes to HTTPS.
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/readyz/x").status_code == 301
    assert client.get("/healthzz").status_code == 301


def test_a_squashed_migration_counts_as_applied_by_its_replaced_ones(monkeypatch):
    from types import SimpleNamespace

    from operations import health

    squashed = ("operations", "0001_squashed_0002")
    replaced = [("operations", "0001_initial"), ("operations", "0002_more")]
    graph = SimpleNamespace(nodes={squashed: SimpleNamespace(replaces=replaced)})
    monkeypatch.setattr(health, "MigrationLoader", lambda *args, **kwargs: SimpleNamespace(graph=graph))
    health._migrations_on_disk.cache_clear()
    try:
        MigrationRecorder.Migration.objects.all().delete()
        recorder = MigrationRecorder(connection)
        recorder.record_applied(*replaced[0])
        assert health.migrations_applied() is False
        recorder.record_applied(*replaced[1])
        assert health.migrations_applied() is True
    finally:
        health._migrations_on_disk.cache_clear()
