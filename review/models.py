"""Reviewers' opinions: each names the person, the department, the decision and its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from applications.models import Application
from applications.workflow import ReviewDecision


class ReviewOpinion(models.Model):
    class Stage(models.TextChoices):
        COUNTY = "county", "县级"
        CITY = "city", "市级"

    class Department(models.TextChoices):
        INDUSTRY = "industry", "工信部门"
        FINANCE = "finance", "财政部门"
        SECTION = "section", "市工信局科室"

    Decision = ReviewDecision

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    stage = models.CharField("审核层级", max_length=8, choices=Stage.choices)
    department = models.CharField("部门", max_length=16, choices=Department.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    reviewer_name = models.CharField("审核人姓名", max_length=64)
    decision = models.CharField("意见", max_length=8, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    field_comments = models.JSONField("逐项意见", default=dict, blank=True)  # form path -> comment
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_department_display()} {self.reviewer_name}：{self.get_decision_display()}"


class RecommendationBatch(models.Model):
    """A county's joint recommendation (联合推荐): both departments sign before it goes to the city."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待会签"
        SENT = "sent", "已上报市级"

    pack = models.ForeignKey("policies.PolicyPack", verbose_name="政策包", on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.ForeignKey(
        "accounts.Jurisdiction", verbose_name="县市区/园区", on_delete=models.PROTECT, related_name="batches"
    )
    number = models.CharField("文号", max_length=64, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    industry_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工信部门签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry_signed_at = models.DateTimeField("工信部门签发时间", null=True, blank=True)
    finance_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="财政部门签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finance_signed_at = models.DateTimeField("财政部门签发时间", null=True, blank=True)
    sent_at = models.DateTimeField("上报时间", null=True, blank=True)

    class Meta:
        verbose_name = "联合推荐批次"
        verbose_name_plural = "联合推荐批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} 联合推荐 {self.number or self.pk}"


class ItemBudget(models.Model):
    """The city's budget for one item, if it sets one: proposed awards must stay within it."""

    item = models.OneToOneField("policies.SupportItem", on_delete=models.PROTECT, related_name="budget")
    amount = models.DecimalField("预算（万元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "支持事项预算"
        verbose_name_plural = "支持事项预算"

    def __str__(self) -> str:
        return f"{self.item}: {self.amount} 万元"
