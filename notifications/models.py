"""In-app notifications: one row per recipient, read or not."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from notifications.choices import NotificationVerb


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申报",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField("类型", max_length=32, choices=NotificationVerb.choices)
    title = models.CharField("标题", max_length=255)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True, help_text="站内路径")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # A message to be sent once per recipient, however often its job runs (a reminder stage, say), names
    # itself here; the constraint makes a second copy impossible even when two runs overlap.
    key = models.CharField("去重标识", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        # The unread badge on every page counts by recipient and read_at.
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
