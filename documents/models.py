"""Background export jobs: who asked for which export with which options, its progress, and the file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from documents.choices import ExportJobStatus


def export_path(instance: ExportJob, filename: str) -> str:
    # Never the Chinese display name: that is kept in `filename` and sent as Content-Disposition.
    return f"exports/{instance.pk}/{instance.exporter}.bin"


class ExportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exporter = models.CharField("导出类型", max_length=64)
    verbose_name = models.CharField("名称", max_length=128)
    params = models.JSONField("选项", default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="export_jobs"
    )
    status = models.CharField(
        "状态", max_length=8, choices=ExportJobStatus.choices, default=ExportJobStatus.PENDING, db_index=True
    )
    progress_done = models.PositiveIntegerField("已完成", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    error = models.TextField("失败原因", blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    file = models.FileField("文件", upload_to=export_path, max_length=255, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    mimetype = models.CharField("类型", max_length=128, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # The last sign of life: queued (or retried), started, or progress written by the worker. A job whose
    # heartbeat is too old is failed by the sweep (documents.services.export_jobs_sweep), so it can be retried.
    heartbeat_at = models.DateTimeField("最近进展", default=timezone.now)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.verbose_name}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == ExportJobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, self.progress_done * 100 // self.progress_total)
