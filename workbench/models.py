"""Drafts of a policy pack, prepared in web forms by the 中小企业科 and published as a new PolicyPack version."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel
from policies.models import PolicyPack
from workbench.choices import DraftStatus


class PackDraft(TimeStampedModel):
    based_on = models.ForeignKey(
        PolicyPack, verbose_name="基于政策包", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pack_id = models.CharField("政策包标识", max_length=64)
    version = models.PositiveIntegerField("版本")
    year = models.PositiveSmallIntegerField("年度")
    # Exactly the shape of PolicyPack.data: {"pack": {...}, "items": [...], "forms": {id: {...}}, "cases": {...}|None}
    data = models.JSONField("内容")
    # The optimistic lock of `data`: every save adds one, and a save computed from a page of an older value is
    # refused (services.draft_data_save). Not `version`, which is the pack's own version number.
    data_version = models.PositiveIntegerField("内容修改次数", default=1)
    status = models.CharField("状态", max_length=16, choices=DraftStatus.choices, default=DraftStatus.EDITING)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编制人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("提交审批时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approval_name = models.CharField("审批人签名（实名）", max_length=64, blank=True)
    return_reason = models.TextField("退回原因", blank=True)
    published_pack = models.ForeignKey(
        PolicyPack, verbose_name="发布的政策包", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "政策包草稿"
        verbose_name_plural = "政策包草稿"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.pack_id} 第{self.version}版（{self.get_status_display()}）"

    @property
    def title(self) -> str:
        return self.data.get("pack", {}).get("notice", {}).get("title", "")
