"""Stored eligibility (政策推送): each confirmed enterprise's status for each item of a published pack, the
notices a county sent about them, and the enterprises that muted those notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from eligibility import statuses as st
from policies.models import PolicyPack

STATUS_CHOICES = [(code, st.LABELS[code]) for code in (st.MET, st.NEEDS_EVIDENCE, st.UNKNOWN, st.NOT_MET)]


class EligibilityResult(models.Model):
    """What the bulk engine said about one enterprise and one item ("3") or subtype ("1:national_pilot") of a
    pack, from the profile version it read. Rewritten whole by each evaluation, never edited."""

    enterprise = models.ForeignKey(
        Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="eligibility_results"
    )
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField("事项（申报类型）", max_length=80)
    item_number = models.PositiveSmallIntegerField("支持事项序号")
    status = models.CharField("评估结果", max_length=16, choices=STATUS_CHOICES)
    profile_version = models.PositiveIntegerField("企业档案版本")
    evaluated_at = models.DateTimeField("评估时间")

    class Meta:
        verbose_name = "政策符合情况"
        verbose_name_plural = "政策符合情况"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "pack", "item_key"], name="eligibilityresult_unique_key")
        ]
        # The county list filters a pack's results by status (and item) before joining its enterprises.
        indexes = [models.Index(fields=["pack", "status", "item_number"], name="eligibilityresult_pack_status")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.item_key} {self.status}"

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]


class PushNotice(models.Model):
    """A county told an enterprise that it probably qualifies for an item: one row per (enterprise, item) told,
    so that the same item is not pushed again within PUSH_REPEAT_DAYS."""

    enterprise = models.ForeignKey(Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="+")
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.CASCADE, related_name="+")
    item_number = models.PositiveSmallIntegerField("支持事项序号")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="通知人", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("通知时间", db_index=True)

    class Meta:
        verbose_name = "政策推送记录"
        verbose_name_plural = "政策推送记录"
        indexes = [models.Index(fields=["pack", "enterprise", "item_number"], name="pushnotice_lookup")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.item_number} {self.sent_at:%Y-%m-%d}"


class PushMute(models.Model):
    """An enterprise that does not want these notices (政策推送提醒); counties still see it, marked as muted."""

    enterprise = models.OneToOneField(
        Organisation, verbose_name="企业", on_delete=models.CASCADE, related_name="push_mute"
    )
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    muted_at = models.DateTimeField("设置时间")

    class Meta:
        verbose_name = "不接收政策推送"
        verbose_name_plural = "不接收政策推送"

    def __str__(self) -> str:
        return str(self.enterprise_id)
