"""Writes of the documents app: start, run, retry and sweep export jobs, and record direct downloads.

A job always ends (issue 16, finding 8): its run writes a heartbeat as it goes, a database error fails it, and
the sweep fails a job whose heartbeat stopped (its worker was killed) or that waited too long in the queue.
A run only finishes, fails or reports progress for the attempt it claimed, so a worker that was merely slow
cannot undo the sweep or overwrite a retry."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import traceback
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from core.choices import AuditVerb
from core.services import audit_event_record
from documents.choices import ExportJobStatus
from documents.exporters.base import EXPORTERS, Exporter, Rendered
from documents.models import ExportJob
from documents.tasks import export_job_run_task

logger = logging.getLogger(__name__)

UNKNOWN_EXPORTER = "没有这种导出。"
NOT_RETRYABLE = "只有失败的导出任务可以重试。"
FAILED = "生成失败：{reason}。请稍后重试；如仍失败，请联系平台管理员并告知任务编号 {job}。"
DATABASE_ERROR = "数据库暂时不可用"
STALE_RUNNING = "生成中断：{minutes} 分钟内没有进展（后台任务可能已停止）"
STALE_QUEUED = "排队超时：{minutes} 分钟内未开始生成（后台任务可能未运行）"
PROGRESS_EVERY = 200  # rows between progress writes: the page polls once a second
HEARTBEAT_EVERY = 10  # seconds: a job making progress writes its heartbeat at least this often
# A running job without a heartbeat for this long lost its worker (the largest export, the city-wide ledger
# of 50,000 rows, renders in under 5 s); a queued one this old was taken by no worker.
STALE_RUNNING_MINUTES = 10
STALE_QUEUED_MINUTES = 60
# The page polls once a second for at most this many polls (10 minutes); then it asks to be refreshed.
POLL_LIMIT = 600


class JobNoLongerRunning(Exception):
    """The job this run claimed was failed by the sweep, or retried, while it rendered: stop."""


def exporter_class(identifier: str) -> type[Exporter]:
    try:
        return EXPORTERS[identifier]
    except KeyError:
        raise ValidationError(UNKNOWN_EXPORTER) from None


@transaction.atomic
def export_job_start(*, actor, exporter: Exporter, params: dict[str, Any]):
    """Queue a background export. `exporter` was built by `for_user`, so the permission check is done."""
    job = ExportJob(exporter=exporter.identifier, verbose_name=exporter.verbose_name, params=params, requested_by=actor)
    job.full_clean()
    job.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.EXPORT_REQUESTED, target=job, data={"exporter": job.exporter, "params": params}
    )
    job_id = str(job.pk)
    transaction.on_commit(lambda: export_job_run_task.enqueue(job_id))
    return job


@transaction.atomic
def export_job_retry(*, actor, job):
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ExportJobStatus.FAILED:
        raise ValidationError(NOT_RETRYABLE)
    job.status = ExportJobStatus.PENDING
    job.error = ""
    job.progress_done = job.progress_total = 0
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "error", "progress_done", "progress_total", "heartbeat_at"])
    audit_event_record(actor=actor, verb=AuditVerb.EXPORT_RETRIED, target=job, data={"attempts": job.attempts})
    job_id = str(job.pk)
    transaction.on_commit(lambda: export_job_run_task.enqueue(job_id))
    return job


def export_job_run(*, job_id: str) -> None:
    """Run one job in the worker. Permissions are checked again as the requesting user: access may have
    changed since the job was queued."""
    try:
        job = _export_job_claim(job_id=job_id)
    except DatabaseError:
        logger.exception("export job %s could not start", job_id)
        _export_job_failed_if_possible(job_id=job_id, attempt=None, reason=DATABASE_ERROR)
        return
    if job is None:
        return  # already run (a duplicate delivery) or retried meanwhile
    attempt = job.attempts
    last = {"done": 0, "beat": time.monotonic()}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done - last["done"] >= PROGRESS_EVERY or done == total or now - last["beat"] >= HEARTBEAT_EVERY:
            last.update(done=done, beat=now)
            written = _this_attempt(job_id, attempt).update(
                progress_done=done, progress_total=total, heartbeat_at=timezone.now()
            )
            if not written:
                raise JobNoLongerRunning

    try:
        exporter = exporter_class(job.exporter).for_user(job.requested_by, job.params)
        rendered = exporter.render(progress)
        _export_job_done(job_id=job_id, attempt=attempt, rendered=rendered)
    except JobNoLongerRunning:
        logger.warning("export job %s was swept or retried while it ran: stopped", job_id)
    except Exception as error:
        logger.exception("export job %s failed", job_id)
        _export_job_failed_if_possible(job_id=job_id, attempt=attempt, reason=_reason(error))


def _this_attempt(job_id: str, attempt: int | None):
    """The job, if it is still running the attempt given (None: still queued, before any claim)."""
    if attempt is None:
        return ExportJob.objects.filter(pk=job_id, status=ExportJobStatus.PENDING)
    return ExportJob.objects.filter(pk=job_id, status=ExportJobStatus.RUNNING, attempts=attempt)


@transaction.atomic
def _export_job_claim(*, job_id: str) -> ExportJob | None:
    job = ExportJob.objects.select_for_update().select_related("requested_by").get(pk=job_id)
    if job.status != ExportJobStatus.PENDING:
        return None
    job.status = ExportJobStatus.RUNNING
    job.started_at = job.heartbeat_at = timezone.now()
    job.attempts += 1
    job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
    return job


def _reason(error: Exception) -> str:
    if isinstance(error, DatabaseError):
        return DATABASE_ERROR
    if isinstance(error, Http404):
        return "您已无权查看该内容"
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return "系统内部错误"


@transaction.atomic
def _export_job_done(*, job_id: str, attempt: int, rendered: Rendered) -> None:
    job = _this_attempt(job_id, attempt).select_for_update().first()
    if job is None:
        raise JobNoLongerRunning
    job.file.save(f"{job.exporter}.bin", ContentFile(rendered.content), save=False)
    job.filename = rendered.filename
    job.mimetype = rendered.mimetype
    job.size = len(rendered.content)
    job.sha256 = hashlib.sha256(rendered.content).hexdigest()
    job.status = ExportJobStatus.DONE
    job.finished_at = timezone.now()
    job.progress_done = max(job.progress_done, job.progress_total)
    job.save()
    audit_event_record(
        actor=job.requested_by, verb=AuditVerb.EXPORT_FINISHED, target=job,
        data={"exporter": job.exporter, "size": job.size, "sha256": job.sha256},
    )  # fmt: skip


def _export_job_failed_if_possible(*, job_id: str, attempt: int | None, reason: str) -> None:
    """Fail the job; if the database refuses that too, the sweep will fail it once its heartbeat is old."""
    try:
        _export_job_failed(job_id=job_id, attempt=attempt, reason=reason, detail=traceback.format_exc())
    except DatabaseError:
        logger.exception("export job %s: the failure could not be recorded; the sweep will", job_id)


@transaction.atomic
def _export_job_failed(*, job_id: str, attempt: int | None, reason: str, detail: str) -> None:
    job = _this_attempt(job_id, attempt).select_for_update().select_related("requested_by").first()
    if job is not None:
        _fail(job, reason=reason, data={"detail": detail[-2000:]})


def _fail(job: ExportJob, *, reason: str, data: dict, actor=None) -> None:
    job.status = ExportJobStatus.FAILED
    job.error = FAILED.format(reason=reason, job=str(job.pk)[:8])
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    audit_event_record(
        actor=actor or job.requested_by, verb=AuditVerb.EXPORT_FAILED, target=job,
        data={"exporter": job.exporter, **data},
    )  # fmt: skip


@transaction.atomic
def export_jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Fail the jobs whose worker stopped (生成中, no heartbeat for STALE_RUNNING_MINUTES) or that no worker
    took (排队中 for STALE_QUEUED_MINUTES), each with its Chinese reason and an audit event, so that they
    can be retried. Returns how many. Rows another transaction holds (a job being finished) are skipped."""
    now = now or timezone.now()
    running_minutes, queued_minutes = STALE_RUNNING_MINUTES, STALE_QUEUED_MINUTES
    stale = (
        ExportJob.objects.select_for_update(skip_locked=True)
        .select_related("requested_by")
        .filter(
            Q(status=ExportJobStatus.RUNNING, heartbeat_at__lt=now - dt.timedelta(minutes=running_minutes))
            | Q(status=ExportJobStatus.PENDING, heartbeat_at__lt=now - dt.timedelta(minutes=queued_minutes))
        )
        .order_by("pk")
    )
    count = 0
    for job in stale:
        running = job.status == ExportJobStatus.RUNNING
        reason = (STALE_RUNNING if running else STALE_QUEUED).format(
            minutes=running_minutes if running else queued_minutes
        )
        _fail(job, reason=reason, data={"swept": True, "heartbeat_at": job.heartbeat_at.isoformat()})
        count += 1
    return count


@transaction.atomic
def document_downloaded_record(*, actor, exporter: Exporter, rendered: Rendered) -> None:
    """A document rendered in the request: who downloaded what, for the audit trail."""
    audit_event_record(
        actor=actor, verb=AuditVerb.DOCUMENT_EXPORTED, target=None,
        data={"exporter": exporter.identifier, "options": exporter.options.model_dump(mode="json"),
              "filename": rendered.filename, "sha256": hashlib.sha256(rendered.content).hexdigest()},
    )  # fmt: skip
