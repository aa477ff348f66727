"""The background worker's heartbeat: the row a running `manage.py worker` renews, which /readyz reads."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running worker process (host + pid) and when it last said it was alive. Rows of workers that stopped
    are pruned by the next heartbeat of any worker (operations.services)."""

    host = models.CharField("主机", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_seen_at = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        verbose_name = "后台任务进程心跳"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["host", "pid"], name="workerheartbeat_one_row_per_process")]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
