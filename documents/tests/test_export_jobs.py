"""The job services: start, run (as the requesting user), fail with a reason, retry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from documents import services
from documents.choices import ExportJobStatus
from documents.models import ExportJob


def start(user, params, capture):
    exporter = services.exporter_class("test_echo").for_user(user, params)
    with capture(execute=True):
        job = services.export_job_start(actor=user, exporter=exporter, params=params)
    job.refresh_from_db()
    return job


def test_job_runs_after_commit_and_keeps_the_file(county_industry, echo_exporters, django_capture_on_commit_callbacks):
    job = start(county_industry, {"rows": "450"}, django_capture_on_commit_callbacks)
    assert job.status == ExportJobStatus.DONE
    assert (job.progress_done, job.progress_total) == (450, 450)
    assert job.file.read() == b"rows=450"
    assert job.filename == "测试导出.xlsx" and job.size == 8 and len(job.sha256) == 64
    verbs = list(AuditEvent.objects.filter(target_id=str(job.pk)).values_list("verb", flat=True))
    assert sorted(verbs) == ["export_finished", "export_requested"]


def test_job_is_not_run_before_commit(county_industry, echo_exporters, django_capture_on_commit_callbacks):
    exporter = services.exporter_class("test_echo").for_user(county_industry, {})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_start(actor=county_industry, exporter=exporter, params={})
    job.refresh_from_db()
    assert job.status == ExportJobStatus.PENDING and len(callbacks) == 1


def test_failed_job_shows_a_reason_and_can_be_retried(
    county_industry, echo_exporters, django_capture_on_commit_callbacks
):
    job = start(county_industry, {"rows": "2", "fail": "true"}, django_capture_on_commit_callbacks)
    assert job.status == ExportJobStatus.FAILED
    assert "生成失败：系统内部错误" in job.error and str(job.pk)[:8] in job.error
    assert "boom" not in job.error  # the technical detail goes to the audit log, not to the page
    assert AuditEvent.objects.filter(target_id=str(job.pk), verb="export_failed").exists()

    ExportJob.objects.filter(pk=job.pk).update(params={"rows": "2"})  # the cause is gone
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.export_job_retry(actor=county_industry, job=job)
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE and job.attempts == 2 and job.error == ""


def test_only_a_failed_job_can_be_retried(county_industry, echo_exporters, django_capture_on_commit_callbacks):
    job = start(county_industry, {}, django_capture_on_commit_callbacks)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.export_job_retry(actor=county_industry, job=job)
    assert error.value.messages == [services.NOT_RETRYABLE]
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE and AuditEvent.objects.count() == events


def test_worker_checks_access_again(county_industry, echo_exporters, django_capture_on_commit_callbacks):
    exporter = services.exporter_class("test_echo").for_user(county_industry, {})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.export_job_start(actor=county_industry, exporter=exporter, params={})
    county_industry.is_active = False  # access withdrawn while the job waited
    county_industry.save(update_fields=["is_active"])
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ExportJobStatus.FAILED and "无权" in job.error and not job.file


def test_a_job_runs_once(county_industry, echo_exporters, django_capture_on_commit_callbacks):
    job = start(county_industry, {}, django_capture_on_commit_callbacks)
    services.export_job_run(job_id=str(job.pk))  # a duplicate delivery
    job.refresh_from_db()
    assert job.attempts == 1


def test_unknown_exporter_is_refused():
    with pytest.raises(ValidationError) as error:
        services.exporter_class("no_such_export")
    assert error.value.messages == [services.UNKNOWN_EXPORTER]
