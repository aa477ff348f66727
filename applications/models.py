"""Applications: answers beside a frozen copy of the forms they answer, revisions, attachments,
submission windows and receipt numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Jurisdiction, Organisation
from applications.workflow import ApplicationStatus
from core.fields import EncryptedCharField, PersonalJSONField, SharedJSONField
from core.models import TimeStampedModel
from policies.models import PolicyPack, SupportItem

# The columns the 数据看板 reads besides the pack, status and item (see Application.Meta.indexes).
DASHBOARD_COLUMNS = ["enterprise", "submitted_at", "batch", "requested_amount", "proposed_amount", "award_amount"]


class Application(TimeStampedModel):
    enterprise = models.ForeignKey(
        Organisation, verbose_name="申报单位", on_delete=models.PROTECT, related_name="applications"
    )
    # The enterprise's jurisdiction, kept on the application so that a county's work list and counts read an index
    # of its own applications instead of joining every application of the city with its enterprises (bench/load:
    # that join was over half of PostgreSQL's time in the surge). Set from the enterprise when the application is
    # saved first; accounts.services.organisation_update moves it with the enterprise's. Never edited on its own.
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="县市区/园区", null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="applications",
    )  # fmt: skip
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.PROTECT, related_name="applications")
    item = models.ForeignKey(
        SupportItem, verbose_name="支持事项", on_delete=models.PROTECT, related_name="applications"
    )
    subtype_code = models.CharField("申报类型", max_length=64, blank=True)
    subtype_name = models.CharField("申报类型名称", max_length=128, blank=True)
    status = models.CharField(
        "状态", max_length=32, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    forms = SharedJSONField("表单结构（冻结副本）")
    answers = PersonalJSONField("填报内容", default=dict, blank=True)  # ID and phone numbers encrypted (§13)
    # The 附件4 columns every application provides, whatever its template.
    project_name = models.CharField("项目名称", max_length=200, blank=True)
    total_investment = models.DecimalField("总投资（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    requested_amount = models.DecimalField("申请金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = EncryptedCharField("联系电话", max_length=32, blank=True)  # SM4-GCM at rest (issue 16 §13)
    commitment_signer = models.CharField("法定代表人（签字）", max_length=64, blank=True)
    commitment_date = models.DateField("承诺日期", null=True, blank=True)
    commitment_confirmed_at = models.DateTimeField("承诺确认时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    receipt_number = models.CharField("回执号", max_length=40, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submission_digest = models.CharField("提交数据摘要（SM3）", max_length=64, blank=True, db_index=True)
    eligibility_snapshot = models.JSONField("提交时资格评估", default=dict, blank=True)
    review_round = models.PositiveSmallIntegerField("审核轮次", default=1)
    batch = models.ForeignKey(
        "review.RecommendationBatch",
        verbose_name="推荐批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    proposed_amount = models.DecimalField(
        "科室建议金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    award_amount = models.DecimalField("确定奖补金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "申报"
        verbose_name_plural = "申报"
        ordering = ["-updated_at"]
        constraints = [
            # One application per item and sub-type; an item with one_application_per: item (the default)
            # allows one for all its sub-types, checked by application_create under the profile lock.
            models.UniqueConstraint(
                fields=["enterprise", "pack", "item", "subtype_code"], name="application_one_per_item_subtype"
            ),
        ]
        indexes = [
            models.Index(fields=["pack", "status"]),
            models.Index(fields=["item", "status"]),
            # Work lists sort by submission time; on SQLite the column sits after the large JSON columns,
            # so without an index a city-wide list reads every row's overflow pages (bench/review).
            models.Index(fields=["-submitted_at", "-id"], name="application_submitted"),
            # A county's work list (applications.permissions.applications_visible_to: its jurisdiction, no drafts):
            # its count reads only this index, and its pages, newest first, are a range of it.
            models.Index(
                fields=["jurisdiction", "-submitted_at", "-id"],
                condition=~Q(status=ApplicationStatus.DRAFT),
                name="application_county_submitted",
            ),
            # The 数据看板 counts and sums applications by pack, status, item and county, and times the review
            # stages from the submission and the batch: every column it reads is in these indexes, so that
            # SQLite never reads the rows, whose columns sit after the large JSON ones (bench/dashboard). The
            # city's reads start from the pack; a county's from its enterprises.
            models.Index(fields=["pack", "status", "item", *DASHBOARD_COLUMNS], name="application_dashboard"),
            models.Index(
                fields=["enterprise", "pack", "status", "item", *DASHBOARD_COLUMNS[1:]],
                name="application_dashboard_county",
            ),
        ]

    def __str__(self) -> str:
        title = self.project_name or self.item.name
        return f"{self.enterprise.name} · {title}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.jurisdiction_id is None and self.enterprise_id is not None:
            self.jurisdiction_id = Organisation.objects.values_list("jurisdiction_id", flat=True).get(
                pk=self.enterprise_id
            )
        super().save(*args, **kwargs)


class ApplicationRevision(models.Model):
    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", "自动保存"
        SAVE = "save", "保存"
        SUBMIT = "submit", "提交"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("版本")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    answers = PersonalJSONField("填报内容")  # ID and phone numbers encrypted at rest (issue 16 §13)
    summary = PersonalJSONField("概要", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报修订"
        verbose_name_plural = "申报修订"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["application", "version"], name="revision_unique_version")]

    def __str__(self) -> str:
        return f"{self.application_id} 第{self.version}版"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never uses the uploaded name: it is kept only as metadata.
    return f"applications/{instance.application_id}/{instance.material_id}/{instance.sha256[:16]}.{instance.kind}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    material_id = models.CharField("材料", max_length=64)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    sm3 = models.CharField("SM3", max_length=64)
    query_date = models.DateField("查询时间", null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报材料"
        verbose_name_plural = "申报材料"
        ordering = ["material_id", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionWindow(models.Model):
    """A deadline other than the notice's: a county's earlier one, or the city re-opening the window."""

    class Kind(models.TextChoices):
        COUNTY_EARLIER = "county_earlier", "县级提前截止"
        CITY_REOPENED = "city_reopened", "市级重新开放"

    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.PROTECT, related_name="windows")
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="县市区/园区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="留空表示全市",
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    closes_on = models.DateField("截止日期（含当日）")
    reason = models.CharField("理由", max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申报时限调整"
        verbose_name_plural = "申报时限调整"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.closes_on}"


class ReceiptSequence(models.Model):
    """The last receipt number issued per pack; locked while a submission takes the next one."""

    pack = models.OneToOneField(PolicyPack, on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.pack_id}: {self.last_number}"
