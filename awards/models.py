"""Award lists (奖补名单), their public notice (公示) and the objections raised during it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from applications.models import Application
from awards.choices import AwardListStatus, ObjectionStatus
from core.fields import EncryptedCharField, LookupDigestField
from core.models import TimeStampedModel
from policies.models import PolicyPack

MIN_WORKING_DAYS = 1
MAX_WORKING_DAYS = 30


class AwardList(TimeStampedModel):
    """The city's list of awards for one pack: confirmed by the SME section, co-signed by finance, publicised."""

    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.PROTECT, related_name="award_lists")
    status = models.CharField(
        "状态", max_length=16, choices=AwardListStatus.choices, default=AwardListStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    # Real-name sign-offs: the person and the moment, never a department alone.
    sme_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="中小企业科确认人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    sme_confirmed_at = models.DateTimeField("中小企业科确认时间", null=True, blank=True)
    finance_cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="财政局企业科会签人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    finance_cosigned_at = models.DateTimeField("财政局企业科会签时间", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="定稿人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)

    class Meta:
        verbose_name = "奖补名单"
        verbose_name_plural = "奖补名单"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"奖补名单 #{self.pk}"


class AwardEntry(models.Model):
    """One application on a list. `amount` is the section's proposed amount, frozen when the list is confirmed."""

    award_list = models.ForeignKey(AwardList, verbose_name="奖补名单", on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="award_entries"
    )
    amount = models.DecimalField("奖补金额（万元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    # An upheld objection keeps the entry on the record (the notice showed it) but it is not awarded.
    excluded = models.BooleanField("异议成立，不予奖补", default=False)

    class Meta:
        verbose_name = "奖补名单条目"
        verbose_name_plural = "奖补名单条目"
        ordering = ["application__item__number", "application__enterprise__name", "id"]
        constraints = [
            # An application is listed once: a later list for the same pack takes only the rest.
            models.UniqueConstraint(fields=["application"], name="awardentry_one_list_per_application"),
        ]

    def __str__(self) -> str:
        return str(self.application)


class PublicNotice(models.Model):
    """The 公示 of a co-signed list: a period of working days during which anyone may object."""

    award_list = models.OneToOneField(
        AwardList, verbose_name="奖补名单", on_delete=models.PROTECT, related_name="public_notice"
    )
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示截止日期（含当日）")
    working_days = models.PositiveSmallIntegerField(
        "公示期（工作日）", default=5,
        validators=[MinValueValidator(MIN_WORKING_DAYS), MaxValueValidator(MAX_WORKING_DAYS)],
    )  # fmt: skip
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间")

    class Meta:
        verbose_name = "奖补公示"
        verbose_name_plural = "奖补公示"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"奖补公示 #{self.pk}（{self.starts_on:%Y-%m-%d} 至 {self.ends_on:%Y-%m-%d}）"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "公示截止日期不能早于开始日期。"})

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Objection(models.Model):
    """An objection to one entry. The objector's identity is shown to the city only, never in public or audit data."""

    public_notice = models.ForeignKey(
        PublicNotice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )
    entry = models.ForeignKey(AwardEntry, verbose_name="异议对象", on_delete=models.PROTECT, related_name="objections")
    objector_name = models.CharField("异议人姓名", max_length=30)
    # Personal data: SM4-GCM encrypted at rest, searched through their keyed digests (core.fields, issue 16 §13).
    objector_phone = EncryptedCharField("联系电话", max_length=20)
    objector_id_number = EncryptedCharField("身份证号", max_length=18, blank=True)
    objector_phone_digest = LookupDigestField("联系电话摘要", source="objector_phone")
    objector_id_number_digest = LookupDigestField("身份证号摘要", source="objector_id_number")
    content = models.TextField("异议内容", max_length=2000)
    submitted_at = models.DateTimeField("提交时间")
    status = models.CharField(
        "状态", max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN, db_index=True
    )
    resolution = models.TextField("处理意见", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        # Used as the audit event's target text: no name, no phone.
        return f"公示异议 #{self.pk}"

    def clean(self) -> None:
        if self.entry_id and self.public_notice_id and self.entry.award_list_id != self.public_notice.award_list_id:
            raise ValidationError({"entry": "该条目不在本次公示的名单中。"})
