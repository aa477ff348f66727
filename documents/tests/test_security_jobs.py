"""Issue 16, finding 8: background export jobs end, whatever happens to the worker, and their page's polling
ends too and keeps no session alive.

Before the fix, a worker killed mid-export left its job 生成中 forever (and retry was refused), a job whose run
hit a database error stayed 排队中, and the page polled every second for as long as it was open, each poll
renewing the session. Now a job carries a heartbeat (written when it is queued, started and as it makes
progress), a sweep (run by the worker every minute, and as `manage.py export_jobs_sweep`) fails stale jobs
with a Chinese reason so they can be retried, a database error fails the job, and polling stops when the job
ends or after a limit, without renewing the session."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from documents import services
from documents.choices import ExportJobStatus
from documents.exporters.base import EXPORTERS, XLSX, Rendered
from documents.models import ExportJob
from documents.tests.conftest import EchoExporter

pytestmark = pytest.mark.django_db
S = ExportJobStatus


def _queued(user) -> ExportJob:
    exporter = services.exporter_class("test_echo").for_user(user, {"rows": "3"})
    return services.export_job_start(actor=user, exporter=exporter, params={"rows": "3"})  # not run: no commit


def _aged(job: ExportJob, status: str, minutes: int) -> ExportJob:
    long_ago = timezone.now() - dt.timedelta(minutes=minutes)
    ExportJob.objects.filter(pk=job.pk).update(status=status, started_at=long_ago, heartbeat_at=long_ago)
    job.refresh_from_db()
    return job


# A worker killed mid-export


def test_a_job_whose_worker_died_is_failed_by_the_sweep_and_can_be_retried(
    county_industry, echo_exporters, django_capture_on_commit_callbacks
):
    job = _aged(_queued(county_industry), S.RUNNING, minutes=30)
    assert services.export_jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == S.FAILED and "生成中断" in job.error and str(job.pk)[:8] in job.error
    assert AuditEvent.objects.filter(target_id=str(job.pk), verb="export_failed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.export_job_retry(actor=county_industry, job=job)
    job.refresh_from_db()
    assert job.status == S.DONE and job.attempts == 1


def test_a_job_queued_for_too_long_is_failed_too(county_industry, echo_exporters):
    job = _aged(_queued(county_industry), S.PENDING, minutes=120)
    assert services.export_jobs_sweep() == 1
    job.refresh_from_db()
    assert job.status == S.FAILED and "排队超时" in job.error


def test_live_and_finished_jobs_are_left_alone(county_industry, echo_exporters):
    running = _aged(_queued(county_industry), S.RUNNING, minutes=1)
    queued = _queued(county_industry)
    done = _aged(_queued(county_industry), S.DONE, minutes=500)
    events = AuditEvent.objects.count()
    assert services.export_jobs_sweep() == 0
    assert [ExportJob.objects.get(pk=j.pk).status for j in (running, queued, done)] == [S.RUNNING, S.PENDING, S.DONE]
    assert AuditEvent.objects.count() == events


def test_the_sweep_is_a_command(county_industry, echo_exporters, capsys):
    job = _aged(_queued(county_industry), S.RUNNING, minutes=30)
    call_command("export_jobs_sweep")
    assert "1" in capsys.readouterr().out
    assert ExportJob.objects.get(pk=job.pk).status == S.FAILED


def test_the_worker_sweeps_periodically(county_industry, echo_exporters, monkeypatch):
    from documents import worker

    job = _aged(_queued(county_industry), S.RUNNING, minutes=30)
    stop = threading.Event()
    swept = []
    monkeypatch.setattr(worker, "export_jobs_sweep", lambda: swept.append(services.export_jobs_sweep()) or stop.set())
    worker.sweep_periodically(stop, every=0.01, close_connections=False)
    assert swept == [1] and ExportJob.objects.get(pk=job.pk).status == S.FAILED


class BeatingExporter(EchoExporter):
    """Reads its job's heartbeat before and after reporting progress."""

    identifier = "test_beating"
    seen: list = []

    def render(self, progress=lambda done, total: None):
        job = ExportJob.objects.get(exporter=self.identifier)
        BeatingExporter.seen.append(job.heartbeat_at)
        progress(1, 2)
        BeatingExporter.seen.append(ExportJob.objects.get(pk=job.pk).heartbeat_at)
        return Rendered("测试导出.xlsx", XLSX, b"ok")


def test_progress_writes_the_heartbeat(county_industry, echo_exporters, monkeypatch):
    EXPORTERS[BeatingExporter.identifier] = BeatingExporter
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", 0)
    try:
        job = ExportJob.objects.create(exporter="test_beating", verbose_name="测试", requested_by=county_industry)
        _aged(job, S.PENDING, minutes=5)
        services.export_job_run(job_id=str(job.pk))
    finally:
        EXPORTERS.pop(BeatingExporter.identifier)
    before, after = BeatingExporter.seen[-2:]
    assert after > before and ExportJob.objects.get(pk=job.pk).status == S.DONE


def test_a_worker_that_was_only_slow_stops_and_does_not_undo_the_sweep(county_industry, echo_exporters, monkeypatch):
    """The sweep failed the job while its worker was alive: the worker's next progress stops the render."""
    job = _queued(county_industry)
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", 0)
    original = EchoExporter.render

    def swept_meanwhile(self, progress=lambda done, total: None):
        _aged(job, S.RUNNING, minutes=30)
        services.export_jobs_sweep()
        return original(self, progress)

    monkeypatch.setattr(EchoExporter, "render", swept_meanwhile)
    services.export_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == S.FAILED and "生成中断" in job.error and not job.file


# A database error


def test_a_database_error_when_the_job_starts_fails_it(county_industry, echo_exporters, monkeypatch):
    job = _queued(county_industry)
    claim = services._export_job_claim

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_export_job_claim", locked)
    services.export_job_run(job_id=str(job.pk))
    monkeypatch.setattr(services, "_export_job_claim", claim)
    job.refresh_from_db()
    assert job.status == S.FAILED and "数据库" in job.error
    services.export_job_retry(actor=county_industry, job=job)  # and it can be retried


def test_a_database_error_when_the_job_finishes_fails_it(county_industry, echo_exporters, monkeypatch):
    job = _queued(county_industry)

    def broken(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_export_job_done", broken)
    services.export_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == S.FAILED and "数据库" in job.error


# The page's polling


def _detail(client, job, **query):
    return client.get(reverse("documents:job_detail", args=[job.pk]), query, headers={"HX-Request": "true"})


def test_polling_stops_after_a_limit(client, county_industry, echo_exporters):
    job = _queued(county_industry)
    client.force_login(county_industry)
    first = _detail(client, job).content.decode()
    assert 'hx-trigger="every' in first and "poll=1" in first
    last = _detail(client, job, poll=services.POLL_LIMIT).content.decode()
    assert "hx-trigger" not in last and "已停止自动刷新" in last


def test_polling_stops_when_the_job_ends(client, county_industry, echo_exporters):
    job = _aged(_queued(county_industry), S.FAILED, minutes=1)
    client.force_login(county_industry)
    assert "hx-trigger" not in _detail(client, job).content.decode()


def test_a_bad_poll_count_is_read_as_the_first(client, county_industry, echo_exporters):
    job = _queued(county_industry)
    client.force_login(county_industry)
    assert "poll=1" in _detail(client, job, poll="nope").content.decode()


def test_polling_does_not_extend_the_session(client, county_industry, echo_exporters):
    job = _queued(county_industry)
    client.force_login(county_industry)
    soon = timezone.now() + dt.timedelta(minutes=5)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=soon)
    assert _detail(client, job).status_code == 200
    assert Session.objects.get(pk=key).expire_date == soon  # a poll is not activity
    client.get(reverse("documents:job_detail", args=[job.pk]))  # opening the page is
    assert Session.objects.get(pk=key).expire_date > soon
