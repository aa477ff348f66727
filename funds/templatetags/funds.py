"""Amounts as the funds pages show them (元 → 万元 in the tables, 元 where a payment is exact), and the fund
line of the application page (applications does not import funds)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.urls import reverse

from applications.workflow import ApplicationStatus
from funds import permissions
from funds.services.common import wan_text, yuan_text
from funds.workflow import FundStatus

register = template.Library()


@register.filter
def wan(amount_yuan: Decimal | None) -> str:
    """元 → 万元, two decimals (more only when a cent would be lost): 1,234,567.89 → 123.456789."""
    return "—" if amount_yuan is None else wan_text(Decimal(amount_yuan))


@register.filter
def yuan(amount_yuan: Decimal | None) -> str:
    return "—" if amount_yuan is None else yuan_text(Decimal(amount_yuan))


@dataclass(frozen=True)
class FundLine:
    status: str
    paid: Decimal
    allocated: Decimal
    url: str


@register.simple_tag(takes_context=True)
def fund_of(context, application) -> FundLine | None:
    """{% fund_of application as fund %}: the award's fund account as the reader may see it, or None before the
    资金下达 (or outside the reader's scope)."""
    user = context.get("user")
    # Only an awarded application has a fund account: no query on the page of any other.
    if application.status != ApplicationStatus.AWARDED or user is None or not permissions.can_view_ledger(user):
        return None
    fund = permissions.funds_visible_to(user).filter(application_id=application.pk).only("status", "paid", "allocated")
    fund = fund.first()
    if fund is None:
        return None
    return FundLine(fund.get_status_display(), fund.paid, fund.allocated, reverse("funds:fund", args=[fund.pk]))


@register.filter
def fund_status(value: str) -> str:
    """A fund status's label from the workflow table (the ledger's rows carry the key)."""
    return FundStatus(value).label if value in FundStatus.values else value
