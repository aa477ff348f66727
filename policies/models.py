"""Loaded policy packs. A published pack is immutable: a change is a new version."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.fields import SharedJSONField
from core.models import TimeStampedModel
from policies.choices import PackStatus, SupportMethod

PACK_IMMUTABLE = "已发布的政策包不可修改；如需调整，请以新版本号加载。"


class PolicyPack(TimeStampedModel):
    pack_id = models.CharField("政策包标识", max_length=64)
    version = models.PositiveIntegerField("版本")
    year = models.PositiveSmallIntegerField("年度")
    document_number = models.CharField("文号", max_length=64)
    title = models.CharField("标题", max_length=255)
    digest = models.CharField("内容摘要（SHA-256）", max_length=64)
    status = models.CharField("状态", max_length=16, choices=PackStatus.choices, default=PackStatus.DRAFT)
    data = SharedJSONField("内容")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="加载人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "政策包"
        verbose_name_plural = "政策包"
        ordering = ["-year", "pack_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["pack_id", "version"], name="policypack_unique_version")]

    def __str__(self) -> str:
        return f"{self.document_number}（{self.pack_id} 第{self.version}版）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = PolicyPack.objects.filter(pk=self.pk).values("digest", "data", "status").first()
            if (
                stored
                and stored["status"] != PackStatus.DRAFT
                and (stored["digest"] != self.digest or stored["data"] != self.data)
            ):
                raise ValidationError(PACK_IMMUTABLE)
        super().save(*args, **kwargs)

    @property
    def notice(self) -> dict:
        return self.data["pack"]["notice"]


class SupportItem(models.Model):
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    code = models.CharField("代码", max_length=64)
    name = models.CharField("支持事项", max_length=128)
    support_method = models.CharField("支持方式", max_length=32, choices=SupportMethod.choices)
    section_code = models.CharField("负责科室", max_length=32, db_index=True)
    county_quota = models.PositiveSmallIntegerField("每县市区/园区限报", null=True, blank=True)
    counts_toward_project_limit = models.BooleanField("计入申报项目数", default=True)
    data = SharedJSONField("内容")

    class Meta:
        verbose_name = "支持事项"
        verbose_name_plural = "支持事项"
        ordering = ["pack", "number"]
        constraints = [models.UniqueConstraint(fields=["pack", "number"], name="supportitem_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class FormTemplate(models.Model):
    pack = models.ForeignKey(PolicyPack, verbose_name="政策包", on_delete=models.PROTECT, related_name="forms")
    form_id = models.CharField("模板编号", max_length=16)
    title = models.CharField("标题", max_length=255)
    schema = SharedJSONField("表单结构")

    class Meta:
        verbose_name = "申报材料模板"
        verbose_name_plural = "申报材料模板"
        constraints = [models.UniqueConstraint(fields=["pack", "form_id"], name="formtemplate_unique_id")]

    def __str__(self) -> str:
        return f"附件{self.form_id} {self.title}"
