"""Reads for officials: the scoped work list, batches, and the 附件4 summary rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, TextField
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from accounts.models import Organisation
from applications.models import Application, SubmissionWindow
from applications.permissions import applications_visible_to
from applications.workflow import BUDGET_USING_STATES, ApplicationStatus
from core.prepared import PreparedQuery
from policies.choices import SupportMethod
from policies.models import SupportItem
from review.models import ItemBudget, RecommendationBatch, ReviewOpinion
from review.signoff import SignOffFacts

# The largest columns of a row, which no list shows: the frozen forms and answers (tens of kB each), the
# eligibility snapshot, the item's and the profile's JSON. Lists defer them, or a page of 50 rows would
# read and decode megabytes.
LIST_DEFERRED = ("forms", "answers", "eligibility_snapshot", "item__data")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# The columns the work list shows (review/worklist_rows.py), and only those: building 50 rows from every column of
# the application, its enterprise, jurisdiction and item cost about a third more CPU (bench/page_cpu/README.md). A
# column the list starts to show belongs here too: the page's rows are these columns only (worklist_rows), and the
# query count of the work list is pinned in review/tests/test_selectors.py.
WORKLIST_COLUMNS = (
    "enterprise__name", "jurisdiction__name", "item__number", "item__name", "subtype_name",
    "project_name", "requested_amount", "status", "submitted_at", "contact_name", "contact_phone",
)  # fmt: skip


# The review block of every application page an official opens: compiled once per process (core/prepared.py).
_OPINIONS_OF_APPLICATION = PreparedQuery(
    lambda application: ReviewOpinion.objects.filter(application_id=application), application=int
)


def opinions_of(application: Application) -> list[ReviewOpinion]:
    """The application's opinions, oldest first (the model's order)."""
    return _OPINIONS_OF_APPLICATION.all(application=application.pk)


def worklist(*, user, filters: dict[str, Any]) -> QuerySet[Application]:
    """The applications the official may see, filtered; rows carry the columns of theirs, their enterprise's,
    jurisdiction's and item's that the list shows (WORKLIST_COLUMNS)."""
    applications = (
        applications_visible_to(user)
        .select_related(None)  # not the pack: its JSON is the whole policy pack, repeated on every row
        .select_related("enterprise", "jurisdiction", "item")
        .only(*WORKLIST_COLUMNS)
    )
    if filters.get("q"):
        # The matching enterprises first (a small table), so that the applications are then found by their
        # enterprise index rather than by reading every visible row.
        term = filters["q"].strip()
        enterprises = Organisation.objects.filter(Q(name__icontains=term) | Q(profile__uscc=term.upper()))
        applications = applications.filter(enterprise_id__in=enterprises.values("pk"))
    if filters.get("pack"):
        applications = applications.filter(pack__pack_id=filters["pack"])
    if filters.get("item"):
        applications = applications.filter(item__number=filters["item"])
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("jurisdiction"):
        applications = applications.filter(jurisdiction=filters["jurisdiction"])
    # Dates compare as the bounds of local days, not as dates cast from each row, so an index can serve them.
    if filters.get("submitted_from"):
        applications = applications.filter(submitted_at__gte=_day_start(filters["submitted_from"]))
    if filters.get("submitted_to"):
        applications = applications.filter(submitted_at__lt=_day_start(filters["submitted_to"] + dt.timedelta(days=1)))
    return applications.order_by("-submitted_at", "-pk")


def worklist_rows(applications: QuerySet[Application]) -> QuerySet:
    """The page's rows of `worklist()`: named tuples of the pk and WORKLIST_COLUMNS (`row.enterprise__name`), in its
    order, from the same one query; no model instances (four per row) are built (review/worklist_rows.py draws
    them)."""
    return applications.values_list("pk", *WORKLIST_COLUMNS, named=True)


# The pack's own labels, one table for every page and document.
METHOD_LABELS = dict(SupportMethod.choices)


# ---------------------------------------------------------------------------
# 附件4 申报汇总表: one row builder for the batch page, the joint letter and the Excel file
# ---------------------------------------------------------------------------

CHUNK_SIZE = 2000

STATUS_LABELS = dict(ApplicationStatus.choices)
DECISION_LABELS = dict(ReviewOpinion.Decision.choices)
COUNTY_DEPARTMENTS = (ReviewOpinion.Department.INDUSTRY, ReviewOpinion.Department.FINANCE)


class SummaryRow(NamedTuple):
    """One line of 附件4, its fields in the table's column order. Texts are raw (not yet cleaned for XML);
    amounts are in 万元."""

    serial_number: int
    jurisdiction: str
    enterprise_name: str
    uscc: str
    support_item: str
    subtype: str
    project_name: str
    total_investment: Decimal | None
    requested_amount: Decimal | None
    support_method: str
    contact_name: str
    contact_phone: str
    county_opinion: str
    status: str


def _latest_county_opinion(department: str) -> Subquery:
    """The department's latest county opinion as one JSON text, so that the row query stays one query.
    Read as text, not decoded per row: most rows share a few opinions, decoded once (_opinions_text)."""
    opinion = JSONObject(round="round", decision="decision", reason="reason")
    latest = (
        ReviewOpinion.objects.filter(
            application_id=OuterRef("pk"), stage=ReviewOpinion.Stage.COUNTY, department=department
        )
        .order_by("-round", "-created_at", "-id")
        .values(data=Cast(opinion, TextField()))[:1]
    )
    return Subquery(latest, output_field=TextField())


@lru_cache(maxsize=4096)
def _opinions_text(*opinions: str | None) -> str:
    """county_opinion_text of the departments' opinions as the query returns them (JSON text or None)."""
    decoded = [json.loads(o) if o else None for o in opinions]
    return county_opinion_text(list(zip(COUNTY_DEPARTMENTS, decoded, strict=True)))


def county_opinion_text(opinions: list[tuple[str, dict | None]]) -> str:
    """ "工信部门：同意；财政部门：退回修改（理由）", from the latest round in which the county gave an opinion.
    An older round's opinion is left out: after a return, the new round starts afresh."""
    given = [(department, o) for department, o in opinions if o]
    if not given:
        return ""
    latest_round = max(o["round"] for _, o in given)
    parts = []
    for department, opinion in given:
        if opinion["round"] != latest_round:
            continue
        text = f"{ReviewOpinion.Department(department).label}：{DECISION_LABELS.get(opinion['decision'], '')}"
        if opinion["decision"] != ReviewOpinion.Decision.AGREE and opinion.get("reason"):
            text += f"（{opinion['reason']}）"
        parts.append(text)
    return "；".join(parts)


def summary_rows(*, applications: QuerySet) -> Iterator[SummaryRow]:
    """附件4 rows of the given (already permission-scoped) applications, ordered by jurisdiction, item
    number and pk. One query whatever the number of rows, read in chunks so memory stays flat."""
    annotations = {f"county_{d}": _latest_county_opinion(d) for d in COUNTY_DEPARTMENTS}
    rows = (
        applications.annotate(**annotations)
        .order_by("enterprise__jurisdiction__sort_order", "enterprise__jurisdiction__code", "item__number", "pk")
        .values_list(
            "enterprise__jurisdiction__name",
            "enterprise__name",
            "enterprise__profile__uscc",
            "item__number",
            "item__name",
            "subtype_name",
            "project_name",
            "total_investment",
            "requested_amount",
            "item__support_method",
            "contact_name",
            "contact_phone",
            "status",
            *annotations,
        )
    )
    for serial, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        (jurisdiction, enterprise, uscc, number, item, subtype, project, total, requested, method, contact, phone,
         status, *opinions) = row  # fmt: skip
        yield SummaryRow(
            serial_number=serial,
            jurisdiction=jurisdiction or "",
            enterprise_name=enterprise,
            uscc=uscc or "",
            support_item=f"{number}. {item}",
            subtype=subtype,
            project_name=project,
            total_investment=total,
            requested_amount=requested,
            support_method=METHOD_LABELS.get(method, ""),
            contact_name=contact,
            contact_phone=phone,
            county_opinion=_opinions_text(*opinions),
            status=STATUS_LABELS.get(status, status),
        )


# The header of each SummaryRow field: the labels of the pack's form 4 (附件4), in the same order.
SUMMARY_LABELS = {
    "serial_number": "序号", "jurisdiction": "县市区/园区", "enterprise_name": "企业名称", "uscc": "统一社会信用代码",
    "support_item": "支持事项", "subtype": "申报类型", "project_name": "项目名称",
    "total_investment": "总投资（万元）", "requested_amount": "申请金额（万元）", "support_method": "支持方式",
    "contact_name": "联系人", "contact_phone": "联系电话", "county_opinion": "县级意见", "status": "状态",
}  # fmt: skip


def _plus(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    return total if value is None else (total or Decimal(0)) + value


@dataclass
class SummaryTotals:
    """附件4's 合计 row: the number of projects and the sums of the two amount columns (万元). A sum stays
    None while every value added is blank: a column nobody filled in totals to nothing, not to 0."""

    count: int = 0
    total_investment: Decimal | None = None
    requested_amount: Decimal | None = None

    def add(self, row: SummaryRow) -> None:
        self.count += 1
        self.total_investment = _plus(self.total_investment, row.total_investment)
        self.requested_amount = _plus(self.requested_amount, row.requested_amount)


def summary_totals(rows: Iterable[SummaryRow]) -> SummaryTotals:
    totals = SummaryTotals()
    for row in rows:
        totals.add(row)
    return totals


BATCH_NUMBER_MISSING = "（文号待填）"


def batch_sign_off_facts(batch: RecommendationBatch) -> SignOffFacts:
    """What a department signs when it signs the batch: its 文号, how many projects, the requested total (one query)."""
    totals = batch.applications.aggregate(count=Count("pk"), total=Sum("requested_amount"))
    return SignOffFacts(
        document=batch.number or BATCH_NUMBER_MISSING, count=totals["count"], total=totals["total"],
        total_label="申请金额合计",
    )  # fmt: skip


def batch_summary_rows(batch: RecommendationBatch) -> list[SummaryRow]:
    """The batch's 附件4 rows, in item order: one query, whatever the batch's size."""
    return list(summary_rows(applications=batch.applications.all()))


def recommendation_deadline(*, pack, jurisdiction) -> tuple[dt.date, str]:
    """The county's joint letter is due at the city by the notice's date, unless the city re-opened it."""
    notice = pack.data["pack"]["notice"]
    deadline = dt.date.fromisoformat(notice["deadline"])
    source = (
        f"{notice['document_number']}：请于{deadline.month}月{deadline.day}日前报送"  # the notice's words, its date
    )
    reopened = (
        SubmissionWindow.objects.filter(pack=pack, kind=SubmissionWindow.Kind.CITY_REOPENED)
        .filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction=None))
        .order_by("-closes_on")
        .first()
    )
    if reopened and reopened.closes_on > deadline:
        return reopened.closes_on, f"市级重新开放（{reopened.reason}）"
    return deadline, source


# Item budgets (预算): what the city set for each item and what its decisions have drawn on it.


def item_budget_used(*, item_id: int, excluding: int | None = None) -> Decimal:
    """The amounts proposed for the item by the city's approvals in force (市级审核通过 and after), in 万元;
    `excluding` leaves out one application (the one being decided again)."""
    applications = Application.objects.filter(item_id=item_id, status__in=BUDGET_USING_STATES)
    if excluding is not None:
        applications = applications.exclude(pk=excluding)
    return applications.aggregate(total=Sum("proposed_amount"))["total"] or Decimal(0)


@dataclass(frozen=True)
class ItemBudgetRow:
    item: SupportItem
    budget: Decimal | None  # None: the city set no budget for the item
    used: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.used


def item_budget_rows(*, items: Iterable[SupportItem]) -> list[ItemBudgetRow]:
    """One row per item, in the order given, with its budget and what is used (two queries)."""
    items = list(items)
    budgets = dict(ItemBudget.objects.filter(item__in=items).values_list("item_id", "amount"))
    used = dict(
        Application.objects.filter(item__in=items, status__in=BUDGET_USING_STATES)
        .values("item_id")
        .annotate(total=Sum("proposed_amount"))
        .values_list("item_id", "total")
    )
    return [ItemBudgetRow(i, budgets.get(i.pk), used.get(i.pk) or Decimal(0)) for i in items]
