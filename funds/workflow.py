"""The fund status of one award (资金下达 → 拨付 → 到账确认), one declarative table like performance/workflow.py:
the states, the transitions, who may take each, and its label. Services (funds/services/) execute them.

A transition may end in more than one state: a payment leaves the award 部分拨付 or 已拨付 depending on the
amount, so each transition lists the states it may lead to, and the service computes which one
(`fund_status_of`) from the award's figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from accounts.choices import Role


class FundStatus(models.TextChoices):
    PENDING = "pending", "待下达"
    ALLOCATED = "allocated", "已下达"
    PARTIALLY_PAID = "partially_paid", "部分拨付"
    PAID = "paid", "已拨付"
    RECEIPT_CONFIRMED = "receipt_confirmed", "已到账确认"
    DISCREPANCY = "discrepancy", "存在差异"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    roles: frozenset[str]
    label: str  # the audit log's and the timeline's wording


def _t(name, sources, targets, roles, label) -> Transition:
    return Transition(name, tuple(sources), tuple(targets), frozenset(roles), label)


F = FundStatus
COUNTY_FINANCE = (Role.COUNTY_FINANCE_REVIEWER,)
ENTERPRISE = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT)
PAID_STATES = (F.PARTIALLY_PAID, F.PAID, F.RECEIPT_CONFIRMED, F.DISCREPANCY)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        # The 中小企业科's co-signature completes the 资金下达 document the city finance section confirmed.
        _t("allocate", (F.PENDING,), (F.ALLOCATED,), (Role.CITY_SME_COORDINATOR,), "资金下达"),
        _t("disburse", (F.ALLOCATED, F.PARTIALLY_PAID, F.DISCREPANCY), PAID_STATES, COUNTY_FINANCE, "拨付资金"),
        _t("receipt_confirm", (F.PARTIALLY_PAID, F.PAID, F.DISCREPANCY), PAID_STATES, ENTERPRISE, "确认到账"),
        _t("discrepancy_report", (F.PARTIALLY_PAID, F.PAID, F.DISCREPANCY), (F.DISCREPANCY,), ENTERPRISE,
           "报告到账差异"),
        _t("disbursement_correct", (F.DISCREPANCY,), (F.ALLOCATED, *PAID_STATES), COUNTY_FINANCE, "更正拨付"),
    )
}  # fmt: skip


def transition_allowed(name: str, status: str, roles: frozenset[str]) -> str:
    """ "" when the transition may be taken now by someone with these roles, else the reason in Chinese."""
    transition = TRANSITIONS[name]
    if status not in transition.sources:
        return f"资金状态为“{FundStatus(status).label}”，不能{transition.label}。"
    if not (transition.roles & roles):
        return f"您没有{transition.label}的权限。"
    return ""


def fund_status_of(*, allocated: Decimal, paid: Decimal, confirmed: Decimal, disputed: bool) -> str:
    """The status an allocated award is in, from its figures (元) and whether a payment is disputed."""
    if disputed:
        return F.DISCREPANCY
    if paid <= 0:
        return F.ALLOCATED
    if paid < allocated:
        return F.PARTIALLY_PAID
    return F.RECEIPT_CONFIRMED if confirmed >= paid else F.PAID
