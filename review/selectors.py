"""Reads for officials: the scoped work list, batches, and the 附件4 summary rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from accounts import permissions as base
from accounts.choices import Role
from applications.models import Application
from applications.permissions import applications_visible_to
from review.models import RecommendationBatch


def worklist(*, user, filters: dict[str, Any]) -> QuerySet[Application]:
    applications = applications_visible_to(user).select_related("enterprise__profile")
    if filters.get("q"):
        term = filters["q"].strip()
        applications = applications.filter(
            Q(enterprise__name__icontains=term) | Q(enterprise__profile__uscc=term.upper())
        )
    if filters.get("item"):
        applications = applications.filter(item__number=filters["item"])
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("jurisdiction"):
        applications = applications.filter(enterprise__jurisdiction=filters["jurisdiction"])
    if filters.get("submitted_from"):
        applications = applications.filter(submitted_at__date__gte=filters["submitted_from"])
    if filters.get("submitted_to"):
        applications = applications.filter(submitted_at__date__lte=filters["submitted_to"])
    return applications.order_by("-submitted_at", "-pk")


def batches_visible_to(user) -> QuerySet[RecommendationBatch]:
    batches = RecommendationBatch.objects.select_related("jurisdiction", "industry_signed_by", "finance_signed_by")
    if base.is_county_reviewer(user):
        return batches.filter(jurisdiction_id=user.organisation.jurisdiction_id)
    if user.has_role(Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER):
        return batches.filter(status=RecommendationBatch.Status.SENT)
    return batches.none()


METHOD_LABELS = {"award": "奖励", "subsidy": "补助", "interest_subsidy": "贴息"}


def summary_rows(*, batch: RecommendationBatch) -> list[dict[str, Any]]:
    """The 附件4 columns for one batch, in item order."""
    rows = []
    applications = batch.applications.select_related("enterprise__jurisdiction", "enterprise__profile", "item")
    for index, a in enumerate(applications.order_by("item__number", "pk"), start=1):
        county = a.opinions.filter(stage="county").order_by("-created_at").first()
        rows.append({
            "序号": index, "县市区/园区": a.enterprise.jurisdiction.name, "企业名称": a.enterprise.name,
            "统一社会信用代码": getattr(getattr(a.enterprise, "profile", None), "uscc", ""),
            "支持事项": f"{a.item.number}. {a.item.name}", "申报类型": a.subtype_name, "项目名称": a.project_name,
            "总投资（万元）": a.total_investment, "申请金额（万元）": a.requested_amount,
            "支持方式": METHOD_LABELS.get(a.item.support_method, ""), "联系人": a.contact_name,
            "联系电话": a.contact_phone, "县级意见": county.get_decision_display() if county else "",
            "状态": a.get_status_display(),
        })  # fmt: skip
    return rows


def totals(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((r[key] or Decimal(0) for r in rows), Decimal(0)) for key in ("总投资（万元）", "申请金额（万元）")
    }
