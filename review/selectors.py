"""Reads for officials: the scoped work list, batches, and the 附件4 summary rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import permissions as base
from accounts.choices import Role
from accounts.models import Organisation
from applications.models import Application
from applications.permissions import applications_visible_to
from policies.choices import SupportMethod
from review.models import RecommendationBatch, ReviewOpinion

# The largest columns of a row, which no list shows: the frozen forms and answers (tens of kB each), the
# eligibility snapshot, the item's and the profile's JSON. Lists defer them, or a page of 50 rows would
# read and decode megabytes.
LIST_DEFERRED = ("forms", "answers", "eligibility_snapshot", "item__data")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def worklist(*, user, filters: dict[str, Any]) -> QuerySet[Application]:
    """The applications the official may see, filtered; rows carry their enterprise, jurisdiction and item."""
    applications = (
        applications_visible_to(user)
        .select_related(None)  # not the pack: its JSON is the whole policy pack, repeated on every row
        .select_related("enterprise__jurisdiction", "item")
        .defer(*LIST_DEFERRED)
    )
    if filters.get("q"):
        # The matching enterprises first (a small table), so that the applications are then found by their
        # enterprise index rather than by reading every visible row.
        term = filters["q"].strip()
        enterprises = Organisation.objects.filter(Q(name__icontains=term) | Q(profile__uscc=term.upper()))
        applications = applications.filter(enterprise_id__in=enterprises.values("pk"))
    if filters.get("item"):
        applications = applications.filter(item__number=filters["item"])
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("jurisdiction"):
        applications = applications.filter(enterprise__jurisdiction=filters["jurisdiction"])
    # Dates compare as the bounds of local days, not as dates cast from each row, so an index can serve them.
    if filters.get("submitted_from"):
        applications = applications.filter(submitted_at__gte=_day_start(filters["submitted_from"]))
    if filters.get("submitted_to"):
        applications = applications.filter(submitted_at__lt=_day_start(filters["submitted_to"] + dt.timedelta(days=1)))
    return applications.order_by("-submitted_at", "-pk")


def batches_visible_to(user) -> QuerySet[RecommendationBatch]:
    batches = RecommendationBatch.objects.select_related("jurisdiction", "industry_signed_by", "finance_signed_by")
    if base.is_county_reviewer(user):
        return batches.filter(jurisdiction_id=user.organisation.jurisdiction_id)
    if user.has_role(Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER):
        return batches.filter(status=RecommendationBatch.Status.SENT)
    return batches.none()


# The pack's own labels, one table for every page and document.
METHOD_LABELS = dict(SupportMethod.choices)


def summary_rows(*, batch: RecommendationBatch) -> list[dict[str, Any]]:
    """The 附件4 columns for one batch, in item order: one query, whatever the batch's size."""
    rows = []
    latest_county_decision = (
        ReviewOpinion.objects.filter(application=OuterRef("pk"), stage=ReviewOpinion.Stage.COUNTY)
        .order_by("-created_at", "-id")
        .values("decision")[:1]
    )
    applications = (
        batch.applications.select_related("enterprise__jurisdiction", "enterprise__profile", "item")
        .defer(*LIST_DEFERRED, "enterprise__profile__data")
        .annotate(county_decision=Subquery(latest_county_decision))
    )
    for index, a in enumerate(applications.order_by("item__number", "pk"), start=1):
        county = ReviewOpinion.Decision(a.county_decision).label if a.county_decision else ""
        rows.append({
            "序号": index, "县市区/园区": a.enterprise.jurisdiction.name, "企业名称": a.enterprise.name,
            "统一社会信用代码": getattr(getattr(a.enterprise, "profile", None), "uscc", ""),
            "支持事项": f"{a.item.number}. {a.item.name}", "申报类型": a.subtype_name, "项目名称": a.project_name,
            "总投资（万元）": a.total_investment, "申请金额（万元）": a.requested_amount,
            "支持方式": METHOD_LABELS.get(a.item.support_method, ""), "联系人": a.contact_name,
            "联系电话": a.contact_phone, "县级意见": county,
            "状态": a.get_status_display(),
        })  # fmt: skip
    return rows


def totals(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((r[key] or Decimal(0) for r in rows), Decimal(0)) for key in ("总投资（万元）", "申请金额（万元）")
    }
