"""Reads of the funds ledger: one row per award of a final list (awarded, allocated, paid, confirmed,
outstanding, in 元, and the fund status), filtered and totalled by the database, so that the totals by item,
county, list and status are sums of the same rows and add up to the same grand total."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from awards.models import AwardEntry
from funds import permissions
from funds.models import YUAN_PER_WAN
from funds.workflow import FundStatus

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
            awarded=Coalesce(F("fund__awarded"), F("amount") * Value(YUAN_PER_WAN), output_field=MONEY),
            allocated=Coalesce(F("fund__allocated"), _zero(), output_field=MONEY),
            paid=Coalesce(F("fund__paid"), _zero(), output_field=MONEY),
            confirmed=Coalesce(F("fund__confirmed"), _zero(), output_field=MONEY),
            fund_status=Coalesce(F("fund__status"), Value(FundStatus.PENDING)),
        )
        .annotate(outstanding=F("awarded") - F("paid"))
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

