"""The fund status of one award (资金下达 → 拨付 → 到账确认), one declarative table like performance/workflow.py:
the states, the transitions, who may take each, and its label. Services (funds/services/) execute them.

A transition may end in more than one state: a payment leaves the award 部分拨付 or 已拨付 depending on the
amount, so each transition lists the states it may lead to, and the service computes which one
(`fund_status_of`) from the award's figures.

调减 / 撤销 (AwardAdjustment) and 追回 (Recovery) have their own small tables below, with the same shape."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from accounts.choices import Role
from funds.choices import AdjustmentStatus, RecoveryStatus


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


# 调减 / 撤销 and 追回: two small tables of the same shape. "" is the state before the record exists.
NEW = ""
ADJUSTMENT_LABELS = {NEW: "未决定", **dict(AdjustmentStatus.choices)}
RECOVERY_LABELS = {NEW: "未追回", **dict(RecoveryStatus.choices)}
A, R = AdjustmentStatus, RecoveryStatus
CITY_SME = (Role.CITY_SME_COORDINATOR,)
CITY_FINANCE = (Role.CITY_FINANCE_REVIEWER,)

ADJUSTMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        # The 中小企业科 decides in its own name; the city finance section co-signs, and the decision takes effect.
        _t("adjustment_decide", (NEW,), (A.DECIDED,), CITY_SME, "决定调减或撤销奖补"),
        _t("adjustment_cosign", (A.DECIDED,), (A.IN_FORCE,), CITY_FINANCE, "会签调减或撤销奖补"),
    )
}  # fmt: skip

RECOVERY_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        # Opened by an adjustment's co-signature (the city finance section signs it) or from a 整改.
        _t("recovery_open", (NEW,), (R.OPEN,), CITY_FINANCE, "追回奖补资金"),
        # A later decision (a reduction, then a revocation) raises what is due on the award's one recovery.
        _t("recovery_extend", (R.OPEN, R.SETTLED), (R.OPEN,), CITY_FINANCE, "增加应追回金额"),
        _t("repayment_record", (R.OPEN,), (R.OPEN, R.SETTLED), COUNTY_FINANCE, "登记追回款"),
    )
}  # fmt: skip


def step_allowed(table: dict[str, Transition], labels: dict[str, str], name: str, status: str,
                 roles: frozenset[str]) -> str:  # fmt: skip
    """ "" when the step of `table` may be taken now by someone with these roles, else the reason in Chinese."""
    transition = table[name]
    if status not in transition.sources:
        return f"当前为“{labels[status]}”，不能{transition.label}。"
    if not (transition.roles & roles):
        return f"您没有{transition.label}的权限。"
    return ""


def recovery_status_of(*, due: Decimal, recovered: Decimal) -> str:
    return R.SETTLED if recovered >= due else R.OPEN
