"""Reads of the funds ledger: one row per award of a final list (awarded, allocated, paid, confirmed,
outstanding, in 元, and the fund status), filtered and totalled by the database, so that the totals by item,
county, list and status are sums of the same rows and add up to the same grand total."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import Jurisdiction
from applications.selectors import commitment_text
from awards.choices import AwardListStatus
from awards.models import AwardEntry, AwardList
from funds import permissions
from funds.choices import AdjustmentStatus, RecoveryStatus
from funds.models import YUAN_PER_WAN, AwardAdjustment, AwardFund, Recovery
from funds.workflow import FundStatus
from performance.models import Rectification
from policies.models import PolicyPack, SupportItem

MONEY = DecimalField(max_digits=16, decimal_places=2)
FIGURES = ("awarded", "allocated", "paid", "confirmed", "outstanding")
# The groupings of the ledger's totals: name → the row's field.
GROUPINGS = {
    "item": "application__item_id",
    "county": "application__enterprise__jurisdiction_id",
    "list": "award_list_id",
    "status": "fund_status",
}


def _zero():
    return Value(Decimal("0.00"), output_field=MONEY)


def ledger_rows(
    user, *, item_id: int | None = None, jurisdiction_id: int | None = None, award_list_id: int | None = None,
    status: str | None = None,
) -> QuerySet[AwardEntry]:  # fmt: skip
    """The awards `user` may see, each annotated with its figures (元) and `fund_status` (待下达 before any
    allocation), with the filters given."""
    rows = (
        permissions.award_entries_visible_to(user)
        .annotate(
            # Before an allocation the award's figure is the list's (万元); after, the account's (元), the same sum.
            # After a 调减 or 撤销, the award in force: the list's figure less what was taken off.
            awarded=Coalesce(
                F("fund__awarded") - F("fund__withdrawn"), F("amount") * Value(YUAN_PER_WAN), output_field=MONEY
            ),
            allocated=Coalesce(F("fund__allocated"), _zero(), output_field=MONEY),
            paid=Coalesce(F("fund__paid"), _zero(), output_field=MONEY),
            confirmed=Coalesce(F("fund__confirmed"), _zero(), output_field=MONEY),
            fund_status=Coalesce(F("fund__status"), Value(FundStatus.PENDING)),
            recovery_due=Coalesce(F("fund__recovery_due"), _zero(), output_field=MONEY),
        )
        # Money paid above the award in force is a recovery (recovery_due), not a negative outstanding figure.
        .annotate(outstanding=Greatest(F("awarded") - F("paid"), _zero(), output_field=MONEY))
    )
    filters = {
        "application__item_id": item_id, "application__enterprise__jurisdiction_id": jurisdiction_id,
        "award_list_id": award_list_id, "fund_status": status,
    }  # fmt: skip
    return rows.filter(**{key: value for key, value in filters.items() if value is not None})


def _sums() -> dict:
    # Named apart from the rows' own annotations: aggregate(paid=Sum("paid")) would shadow the column it sums.
    return {f"total_{figure}": Coalesce(Sum(figure), _zero(), output_field=MONEY) for figure in FIGURES}


def _figures(row: dict) -> dict[str, Decimal]:
    return {figure: row[f"total_{figure}"] for figure in FIGURES}


def ledger_total(rows: QuerySet[AwardEntry]) -> dict[str, Decimal]:
    """The grand total of each figure over `rows` (one query)."""
    return _figures(rows.order_by().aggregate(**_sums()))


def ledger_totals_by(rows: QuerySet[AwardEntry], grouping: str) -> list[dict]:
    """The totals of `rows` per group (`GROUPINGS`: item, county, list or status), one query; each dict has
    `key` (the group's id or status) and the figures."""
    field = GROUPINGS[grouping]
    return [
        {"key": row[field], **_figures(row)}
        for row in rows.order_by().values(field).annotate(**_sums()).order_by(field)
    ]


# Reads for the exports (documents/exporters/funds_ledger_xlsx.py, budget_export.py).

LEDGER_EXPORT_FIELDS = (
    "application__enterprise__jurisdiction__name", "application__enterprise__name",
    "application__enterprise__profile__uscc", "application__item__number", "application__item__name",
    "application__project_name", "award_list_id", "awarded", "allocated", "paid", "confirmed", "outstanding",
    "fund_status",
)  # fmt: skip


def ledger_export_rows(rows: QuerySet[AwardEntry]):
    """The ledger rows as tuples of LEDGER_EXPORT_FIELDS, county by county (the city's order), then by item and
    award: one query, read in chunks (a server-side cursor on PostgreSQL) so 50,000 rows keep memory flat."""
    ordered = rows.order_by(
        "application__enterprise__jurisdiction__sort_order", "application__enterprise__jurisdiction__code",
        "application__item__number", "pk",
    )  # fmt: skip
    return ordered.values_list(*LEDGER_EXPORT_FIELDS).iterator(chunk_size=2000)


def allocation_disbursements_for(user, allocation) -> QuerySet:
    """Every disbursement row (payments and reversals) of `allocation` that `user` may see, county by county,
    then by date and entry: a stable order, so two exports of the same allocation are identical."""
    return (
        permissions.disbursements_visible_to(user)
        .filter(fund__allocation=allocation)
        .select_related(
            "fund__application__enterprise__jurisdiction", "fund__application__enterprise__profile",
            "fund__application__item", "corrects",
        )
        .order_by(
            "fund__application__enterprise__jurisdiction__sort_order",
            "fund__application__enterprise__jurisdiction__code", "paid_on", "pk",
        )
    )  # fmt: skip


# Reads for the pages (funds/views/): the ledger's page of rows, its filters' choices and group names, the
# lists awaiting an allocation with their amounts per county, an allocation's lines and awards, a fund's payments.

LEDGER_PAGE_ORDER = ("-award_list_id", "application__item__number", "pk")
_PAGE_FIELDS = (
    "id", "amount", "award_list_id", "application__id", "application__project_name", "application__enterprise__id",
    "application__enterprise__name", "application__enterprise__jurisdiction__id",
    "application__enterprise__jurisdiction__name", "application__item__id", "application__item__number",
    "application__item__name", "fund__id", "fund__allocation_id",
)  # fmt: skip


def ledger_page_rows(rows: QuerySet[AwardEntry]) -> QuerySet[AwardEntry]:
    """The ledger's rows as a page draws them: the enterprise, its county, the item and the fund account joined
    (one query per page, whatever the number of awards), newest list first."""
    return (
        rows.select_related("application__enterprise__jurisdiction", "application__item", "fund")
        .only(*_PAGE_FIELDS)
        .order_by(*LEDGER_PAGE_ORDER)
    )


def ledger_group_names(grouping: str, keys: list) -> dict:
    """The name of each group of ledger_totals_by (one query, none for the statuses)."""

    if grouping == "status":
        return {key: FundStatus(key).label for key in keys}
    if grouping == "item":
        return {i.pk: str(i) for i in SupportItem.objects.filter(pk__in=keys).only("number", "name")}
    if grouping == "county":
        return dict(Jurisdiction.objects.filter(pk__in=keys).values_list("pk", "name"))
    lists = AwardList.objects.filter(pk__in=keys).select_related("pack").only("pack__title")
    return {award_list.pk: f"{award_list}（{award_list.pack.title}）" for award_list in lists}


def ledger_filter_items():
    """The support items of packs with a final award list: the ledger's item filter."""

    return (
        SupportItem.objects.filter(pack__award_lists__status=AwardListStatus.FINAL)
        .distinct()
        .only("number", "name", "pack_id")
        .order_by("pack_id", "number")
    )


def ledger_filter_lists():

    return AwardList.objects.filter(status=AwardListStatus.FINAL).order_by("-pk")


def award_lists_awaiting_allocation():
    """Final award lists with no 资金下达 yet, each with the number and total (万元) of its awards."""

    awarded = Q(entries__excluded=False)
    return (
        AwardList.objects.filter(status=AwardListStatus.FINAL, allocation__isnull=True)
        .select_related("pack")
        .only("pk", "finalised_at", "pack__title", "pack__document_number")
        .annotate(award_count=Count("entries", filter=awarded), total=Sum("entries__amount", filter=awarded))
        .order_by("-pk")
    )


def allocation_preview(award_list) -> list[dict]:
    """What an allocation of `award_list` would release, per county or park: `name`, `count`, `total` (万元),
    in the city's order (one query)."""

    return list(
        award_list.entries.filter(excluded=False)
        .order_by()
        .values(
            "application__enterprise__jurisdiction_id", "application__enterprise__jurisdiction__name",
            "application__enterprise__jurisdiction__sort_order",
        )
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("application__enterprise__jurisdiction__sort_order", "application__enterprise__jurisdiction_id")
    )  # fmt: skip


def budget_subject_default(award_list) -> str:
    """The pack's default 预算科目 (its data's `budget_subject`), read without loading the pack's whole text."""

    value = PolicyPack.objects.filter(pk=award_list.pack_id).values_list("data__budget_subject", flat=True).first()
    return str(value or "")


def allocations_with_totals(allocations):
    """Allocations with the number of awards and the amount (元) of their lines, newest first."""
    return allocations.annotate(award_count=Sum("lines__award_count"), total=Sum("lines__amount")).order_by(
        "-issued_on", "-pk"
    )


def allocation_lines(allocation):
    return allocation.lines.select_related("jurisdiction").order_by("jurisdiction__sort_order", "jurisdiction__code")


def allocation_funds(allocation, funds) -> QuerySet:
    """The fund accounts of `allocation` among `funds` (the reader's), with the enterprise, county and item."""
    return (
        funds.filter(allocation=allocation)
        .select_related("application__enterprise__jurisdiction", "application__item")
        .only(
            "status", "awarded", "allocated", "paid", "confirmed", "application__project_name",
            "application__enterprise__name", "application__enterprise__jurisdiction__name",
            "application__item__number", "application__item__name",
        )
        .order_by("application__enterprise__jurisdiction__sort_order", "application__item__number", "pk")
    )  # fmt: skip


def fund_disbursements(fund) -> QuerySet:
    """A fund's payments and reversals in the order they were made, with who recorded and answered them."""
    return fund.disbursements.select_related("recorded_by", "receipt_by").order_by("paid_on", "pk")


# 调减 / 撤销 and 追回 (funds/services/recovery.py, funds/views/recovery.py).


def enterprise_funds_facts(enterprise_ids) -> dict[int, dict[str, object]]:
    """{enterprise id: {"fund_recovery_open": …, and "false_reporting_finding_year" when there is a finding}}:
    a recovery not yet repaid in full, and the year of the latest revocation for false reporting in force (the
    year it was co-signed, when it took effect), recomputed from the funds records."""
    ids = list(enterprise_ids)
    facts: dict[int, dict[str, object]] = {i: {"fund_recovery_open": False} for i in ids}
    open_recoveries = Recovery.objects.filter(status=RecoveryStatus.OPEN, fund__application__enterprise_id__in=ids)
    for enterprise_id in open_recoveries.values_list("fund__application__enterprise_id", flat=True).distinct():
        facts[enterprise_id]["fund_recovery_open"] = True
    findings = AwardAdjustment.objects.filter(
        status=AdjustmentStatus.IN_FORCE, false_reporting=True, fund__application__enterprise_id__in=ids
    )
    for enterprise_id, cosigned_at in findings.values_list("fund__application__enterprise_id", "cosigned_at"):
        year = timezone.localtime(cosigned_at).year
        facts[enterprise_id]["false_reporting_finding_year"] = max(
            year, facts[enterprise_id].get("false_reporting_finding_year", 0)
        )
    return facts


def commitment_clauses(application) -> list[str]:
    """The clauses of the 真实性承诺书 the enterprise signed (its pack's text, one clause a line), for the
    decision to name the one it broke."""
    lines = [line.strip() for line in commitment_text(application).splitlines()]
    return [line for line in lines if line and line not in ("特此承诺！", "特此承诺。")]


def fund_adjustments(fund) -> QuerySet:
    return fund.adjustments.select_related("decided_by", "cosigned_by").order_by("decided_at", "pk")


def recovery_repayments(recovery) -> QuerySet:
    return recovery.repayments.select_related("recorded_by").order_by("repaid_on", "pk")


def adjustments_awaiting_cosignature(adjustments) -> QuerySet:
    """Decisions not yet in force among `adjustments` (the reader's), oldest first."""
    return (
        adjustments.filter(status=AdjustmentStatus.DECIDED)
        .select_related("fund__application__enterprise__jurisdiction", "fund__application__item", "decided_by")
        .order_by("decided_at", "pk")
    )


def rectifications_awaiting_recovery() -> QuerySet:
    """整改 that asked for a recovery of an allocated award which has none yet (for the city finance section)."""
    return (
        Rectification.objects.filter(recovery_requested=True, application__fund__isnull=False)
        .exclude(application__fund__recovery__isnull=False)
        .select_related("application__enterprise__jurisdiction", "application__item", "application__fund")
        .order_by("created_at", "pk")
    )


def recoveries_listed(recoveries) -> QuerySet:
    """The reader's recoveries, open ones first, with the award they belong to."""
    # "open" sorts before "settled".
    return recoveries.select_related("fund__application__enterprise__jurisdiction", "fund__application__item").order_by(
        "status", "due_on", "pk"
    )


def fund_of_application(application_id: int):
    """The award's fund account, or None before its allocation."""
    return AwardFund.objects.filter(application_id=application_id).first()
