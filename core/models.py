"""Base model and the append-only audit log; no business rules live here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from core.choices import AuditVerb


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("审计日志不可修改")

    def delete(self):
        raise PermissionDenied("审计日志不可删除")


class AuditEvent(models.Model):
    """One recorded action. Written in the same transaction as the change it records; never changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField("动作", max_length=64, choices=AuditVerb.choices, db_index=True)
    target_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    # Set by core.services once the chain head is locked, so that times follow the chain (not auto_now_add,
    # which would change the time after the HMAC that covers it was computed).
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # HMAC-SM3 chained to the previous event (core.audit_chain); set by core.services when the event is written.
    chain_hmac = models.CharField("校验值（HMAC-SM3）", max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计日志不可删除")


class AuditChainHead(models.Model):
    """The one row that holds the end of the audit chain; writers lock it (core.audit_chain)."""

    last_hmac = models.CharField("链尾校验值", max_length=64)
    # A purge deletes the oldest events; the first event kept chains onto the last one deleted.
    anchor_hmac = models.CharField("链首锚点", max_length=64)
    anchor_event_id = models.BigIntegerField("已清理至事件编号", null=True, blank=True)
    purged_before = models.DateTimeField("已清理此前的事件", null=True, blank=True)
    seal = models.CharField("链头校验值", max_length=64, blank=True)  # core.audit_chain.head_seal

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"审计链头 {self.last_hmac[:12]}"


class HolidayArrangement(TimeStampedModel):
    """A year's 节假日安排 as the State Council published it, entered by the city (policies.calendar_views). For the
    dates it covers it takes precedence over the chinesecalendar package (core.workdays), which knows a year only
    once a new release of it is installed."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    document_number = models.CharField("通知文号", max_length=100)
    published_on = models.DateField("发布日期", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排（{self.document_number}）"


class CalendarDay(models.Model):
    """One date an arrangement names: a holiday (放假) or a make-up working day (调休上班)."""

    arrangement = models.ForeignKey(HolidayArrangement, on_delete=models.CASCADE, related_name="days")
    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("上班")
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = "节假日安排日期"
        verbose_name_plural = "节假日安排日期"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}（{'上班' if self.is_working_day else '放假'}）"
