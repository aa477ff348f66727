"""一企一档: the enterprise profile, the facts store every form and the eligibility engine read."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from core.fields import PersonalJSONField
from core.models import TimeStampedModel
from enterprises.choices import ConfirmationStatus


class EnterpriseProfile(TimeStampedModel):
    """One per enterprise organisation. `data` holds profile keys (policies/pack/prefill.py), yearly
    figures (`<metric>_<year>`) and declared eligibility facts (policies/facts.py)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name="企业", on_delete=models.PROTECT, related_name="profile"
    )
    # The confirmed code. Unique among accounts that are not refused: a code registered by someone the county
    # then refused is free to be registered again (issue 16 §5).
    uscc = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    status = models.CharField(
        "确认状态", max_length=16, choices=ConfirmationStatus.choices, default=ConfirmationStatus.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    status_reason = models.CharField("说明", max_length=500, blank=True)
    data = PersonalJSONField("档案内容", default=dict, blank=True)  # ID and phone numbers encrypted (issue 16 §13)
    version = models.PositiveIntegerField("版本", default=1)
    # A confirmed enterprise's new name or code waits here for the county to confirm it again; until then the
    # confirmed ones (organisation.name, uscc, data) are used everywhere (issue 16 §5).
    pending_name = models.CharField("待确认的企业名称", max_length=128, blank=True)
    pending_uscc = models.CharField("待确认的统一社会信用代码", max_length=18, blank=True)
    change_requested_at = models.DateTimeField("申请变更时间", null=True, blank=True)

    class Meta:
        verbose_name = "企业档案"
        verbose_name_plural = "企业档案"
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(status="rejected"), name="profile_uscc_unique_unless_rejected"
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def is_confirmed(self) -> bool:
        return self.status == ConfirmationStatus.CONFIRMED

    @property
    def has_pending_change(self) -> bool:
        return bool(self.pending_name or self.pending_uscc)


class ProfileRevision(models.Model):
    """Every change of a profile: who, when, which keys, and the whole content after the change."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("版本")
    data = PersonalJSONField("档案内容")  # ID and phone numbers encrypted at rest (issue 16 §13)
    changed_keys = models.JSONField("变更项", default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业档案修订"
        verbose_name_plural = "企业档案修订"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["profile", "version"], name="profilerevision_unique_version")]

    def __str__(self) -> str:
        return f"{self.profile_id} 第{self.version}版"
