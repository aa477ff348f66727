"""Writes of the documents app: start, run and retry export jobs, and record direct downloads."""

from __future__ import annotations

import hashlib
import logging
import traceback
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
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
PROGRESS_EVERY = 200  # rows between progress writes: the page polls once a second


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
    job.save(update_fields=["status", "error", "progress_done", "progress_total"])
    audit_event_record(actor=actor, verb=AuditVerb.EXPORT_RETRIED, target=job, data={"attempts": job.attempts})
    job_id = str(job.pk)
    transaction.on_commit(lambda: export_job_run_task.enqueue(job_id))
    return job


def export_job_run(*, job_id: str) -> None:
    """Run one job in the worker. Permissions are checked again as the requesting user: access may have
    changed since the job was queued."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requested_by").get(pk=job_id)
        if job.status not in (ExportJobStatus.PENDING,):
            return  # already run (a duplicate delivery) or retried meanwhile
        job.status = ExportJobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])

    last_written = [0]

    def progress(done: int, total: int) -> None:
        if done - last_written[0] >= PROGRESS_EVERY or done == total:
            last_written[0] = done
            ExportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    try:
        exporter = exporter_class(job.exporter).for_user(job.requested_by, job.params)
        rendered = exporter.render(progress)
    except Exception as error:
        logger.exception("export job %s failed", job_id)
        _export_job_failed(job_id=job_id, reason=_reason(error), detail=traceback.format_exc())
        return
    _export_job_done(job_id=job_id, rendered=rendered)


def _reason(error: Exception) -> str:
    if isinstance(error, Http404):
        return "您已无权查看该内容"
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return "系统内部错误"


@transaction.atomic
def _export_job_done(*, job_id: str, rendered: Rendered) -> None:
    job = ExportJob.objects.select_for_update().get(pk=job_id)
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


@transaction.atomic
def _export_job_failed(*, job_id: str, reason: str, detail: str) -> None:
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    job.status = ExportJobStatus.FAILED
    job.error = FAILED.format(reason=reason, job=str(job.pk)[:8])
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    audit_event_record(
        actor=job.requested_by,
        verb=AuditVerb.EXPORT_FAILED,
        target=job,
        data={"exporter": job.exporter, "detail": detail[-2000:]},
    )


@transaction.atomic
def document_downloaded_record(*, actor, exporter: Exporter, rendered: Rendered) -> None:
    """A document rendered in the request: who downloaded what, for the audit trail."""
    audit_event_record(
        actor=actor, verb=AuditVerb.DOCUMENT_EXPORTED, target=None,
        data={"exporter": exporter.identifier, "options": exporter.options.model_dump(mode="json"),
              "filename": rendered.filename, "sha256": hashlib.sha256(rendered.content).hexdigest()},
    )  # fmt: skip
