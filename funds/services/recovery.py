"""追回: money paid above the award in force, due back by a date. A recovery is opened by the co-signature of a
调减 or 撤销 (funds/services/adjustments.py) or, by the city finance section, from a 整改 that asked for it
(performance.models.Rectification.recovery_requested); the county finance bureau of the enterprise records each
repayment (date, amount, 凭证号), never above what is still due. One recovery per award; a later decision
raises what is due on it. Every write locks the award's fund row first (as the other funds services do), so
that two officers recording repayments at once are serialised; the database holds recovered ≤ due.

Each change rewrites the enterprise's funds facts (fund_recovery_open, false_reporting_finding_year) on its
record, through the one writer of recorded facts (enterprises.services.recorded_facts_write)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.choices import AuditVerb
from core.services import audit_event_record
from enterprises.services import recorded_facts_write
from funds import permissions
from funds.choices import RecoveryStatus
from funds.models import AwardFund, Recovery, Repayment
from funds.selectors import enterprise_funds_facts
from funds.services.common import CENT, fund_locked, tell_county, tell_enterprise, wan_text, yuan_text
from funds.workflow import NEW, RECOVERY_LABELS, RECOVERY_TRANSITIONS, recovery_status_of, step_allowed
from notifications.choices import NotificationVerb
from performance.models import Rectification

# User-facing messages (tests import them).
NOT_ALLOCATED = "该项目的奖补资金尚未下达，无需追回。"
NOTHING_PAID = "该项目尚未拨付资金，无需追回。"
RECOVERY_EXISTS = "该项目已有追回记录（应追回 {due} 元），请在追回页面办理。"
NOT_REQUESTED = "该整改没有建议追回奖补资金，不能据此启动追回。"
AMOUNT_NOT_POSITIVE = "金额须大于 0 元。"
AMOUNT_CENTS = "金额最多保留两位小数（分）。"
ABOVE_PAID = "应追回金额不能超过已拨付的 {wan} 万元（{yuan} 元）。"
DUE_ON_REQUIRED = "请填写追回期限。"
REASON_REQUIRED = "请写明追回事由。"
VOUCHER_REQUIRED = "请填写缴款凭证号。"
OVER_RECOVERY = "追回款超出尚未追回的金额：该项目尚应追回 {wan} 万元（{yuan} 元），本次登记 {amount} 元。"
RECOVERY_SETTLED = "该项目的奖补资金已全部追回。"
# A recovery's due date when the decision gave none (a reduction with nothing paid above it when decided).
DEFAULT_DAYS_TO_REPAY = 30


def money_clean(amount, *, field: str = "amount") -> Decimal:
    """A positive amount in 元 with at most two decimals, else a message at `field`."""
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({field: AMOUNT_NOT_POSITIVE})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: AMOUNT_CENTS})
    return amount


def step_check(name: str, status: str, actor) -> None:
    reason = step_allowed(RECOVERY_TRANSITIONS, RECOVERY_LABELS, name, status, actor.role_set)
    if reason:
        raise ValidationError(reason)


def recovery_url(fund: AwardFund) -> str:
    """The award's page of its decisions and recovery, where every message of these services leads."""
    return reverse("funds:recovery", args=[fund.pk])


def funds_facts_record(enterprise_ids, *, actor) -> None:
    """The enterprise's funds facts on its record, recomputed from the adjustments and recoveries."""
    recorded_facts_write(source="funds_record", facts=enterprise_funds_facts(enterprise_ids), actor=actor)


def _recovery_data(recovery: Recovery, **data) -> dict:
    return {"recovery": recovery.pk, "due": str(recovery.due), "due_on": recovery.due_on.isoformat(),
            "recovered": str(recovery.recovered), "status": recovery.status, **data}  # fmt: skip


def recovery_due_raise(
    *, actor, fund: AwardFund, due: Decimal, due_on: dt.date | None, reason: str, adjustment=None
) -> Recovery | None:
    """Within a funds service that holds the fund's lock: the award's recovery is made to ask for `due` in all
    (opened, or raised when it asked for less; never lowered). None when nothing is due. Audited here."""
    if due <= 0:
        return None
    recovery = Recovery.objects.select_for_update().filter(fund=fund).first()
    due_on = due_on or (timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS_TO_REPAY))
    if recovery is None:
        step_check("recovery_open", NEW, actor)
        recovery = Recovery(fund=fund, due=due, due_on=due_on, adjustment=adjustment, reason=reason, opened_by=actor)
        recovery.full_clean(exclude=["fund", "adjustment", "rectification", "opened_by"], validate_constraints=False)
        recovery.save()
        verb = AuditVerb.RECOVERY_OPENED
    elif due > recovery.due:
        step_check("recovery_extend", recovery.status, actor)
        recovery.due, recovery.due_on, recovery.adjustment = due, due_on, adjustment or recovery.adjustment
        recovery.status = recovery_status_of(due=recovery.due, recovered=recovery.recovered)
        recovery.save(update_fields=["due", "due_on", "adjustment", "status", "updated_at"])
        verb = AuditVerb.RECOVERY_EXTENDED
    else:
        return recovery
    fund.recovery_due = recovery.due
    fund.save(update_fields=["recovery_due"])
    audit_event_record(actor=actor, verb=verb, target=fund.application,
                       data=_recovery_data(recovery, reason=reason))  # fmt: skip
    tell_county(
        actor=actor, application=fund.application, title="请追回奖补资金",
        body=f"应追回 {yuan_text(recovery.due)} 元，期限 {recovery.due_on:%Y年%m月%d日}。追回事由：{reason}",
        url=recovery_url(fund),
    )  # fmt: skip
    return recovery


@transaction.atomic
def recovery_open_from_rectification(
    *, actor, rectification: Rectification, due_on: dt.date | None, amount: Decimal | None = None
) -> Recovery:
    """The city finance section opens the recovery a 整改 asked for: `amount` defaults to what was paid."""
    if not permissions.can_open_recovery(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE_SIGNER)
    rectification = Rectification.objects.select_related("application").get(pk=rectification.pk)
    if not rectification.recovery_requested:
        raise ValidationError(NOT_REQUESTED)
    try:
        fund = fund_locked(application_id=rectification.application_id)
    except AwardFund.DoesNotExist as exc:
        raise ValidationError(NOT_ALLOCATED) from exc
    existing = Recovery.objects.filter(fund=fund).first()
    if existing:
        raise ValidationError(RECOVERY_EXISTS.format(due=yuan_text(existing.due)))
    step_check("recovery_open", NEW, actor)
    if fund.paid <= 0:
        raise ValidationError(NOTHING_PAID)
    amount = fund.paid if amount in (None, "") else money_clean(amount)
    if amount > fund.paid:
        raise ValidationError({"amount": ABOVE_PAID.format(wan=wan_text(fund.paid), yuan=yuan_text(fund.paid))})
    if due_on is None:
        raise ValidationError({"due_on": DUE_ON_REQUIRED})
    reason = f"绩效整改（{rectification.get_cause_display()}）：{rectification.requirement}"
    recovery = Recovery(fund=fund, due=amount, due_on=due_on, rectification=rectification, reason=reason,
                        opened_by=actor)  # fmt: skip
    recovery.full_clean(exclude=["fund", "adjustment", "rectification", "opened_by"], validate_constraints=False)
    recovery.save()
    fund.recovery_due = amount
    fund.save(update_fields=["recovery_due"])
    audit_event_record(actor=actor, verb=AuditVerb.RECOVERY_OPENED, target=fund.application,
                       data=_recovery_data(recovery, rectification=rectification.pk, reason=reason))  # fmt: skip
    funds_facts_record([fund.application.enterprise_id], actor=actor)
    body = f"应缴回 {yuan_text(amount)} 元，期限 {due_on:%Y年%m月%d日}。事由：{reason}"
    tell_enterprise(actor=actor, application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
                    title="奖补资金追回通知", body=body, url=recovery_url(fund))  # fmt: skip
    tell_county(actor=actor, application=fund.application, title="请追回奖补资金", body=body, url=recovery_url(fund))
    return recovery


def _refuse_over_recovery(recovery: Recovery, amount: Decimal) -> None:
    """The repayment fits in what is still due (read under the fund's lock)."""
    if amount > recovery.outstanding:
        left = recovery.outstanding
        raise ValidationError(
            {"amount": OVER_RECOVERY.format(wan=wan_text(left), yuan=yuan_text(left), amount=yuan_text(amount))}
        )


@transaction.atomic
def repayment_record(
    *, actor, recovery: Recovery, repaid_on: dt.date, amount: Decimal, voucher_number: str
) -> Repayment:
    """The county finance bureau of the enterprise's jurisdiction records a repayment (never above what is
    still due); the recovery is settled when all is repaid."""
    amount = money_clean(amount)
    fund = fund_locked(pk=recovery.fund_id)
    if not permissions.can_record_repayment(actor, fund.application):
        raise PermissionDenied(permissions.NOT_THE_COUNTY_FINANCE_RECOVERY)
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    if recovery.status == RecoveryStatus.SETTLED:
        raise ValidationError(RECOVERY_SETTLED)
    step_check("repayment_record", recovery.status, actor)
    voucher_number = (voucher_number or "").strip()
    if not voucher_number:
        raise ValidationError({"voucher_number": VOUCHER_REQUIRED})
    _refuse_over_recovery(recovery, amount)
    repayment = Repayment(recovery=recovery, repaid_on=repaid_on, amount=amount, voucher_number=voucher_number,
                          recorded_by=actor)  # fmt: skip
    repayment.full_clean(exclude=["recovery", "recorded_by"], validate_constraints=False)
    repayment.save()
    recovery.recovered += amount
    recovery.status = recovery_status_of(due=recovery.due, recovered=recovery.recovered)
    recovery.save(update_fields=["recovered", "status", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.REPAYMENT_RECORDED, target=fund.application,
        data=_recovery_data(recovery, repayment=repayment.pk, amount=str(amount), repaid_on=repaid_on.isoformat(),
                            voucher_number=voucher_number),
    )  # fmt: skip
    funds_facts_record([fund.application.enterprise_id], actor=actor)
    settled = recovery.status == RecoveryStatus.SETTLED
    tell_enterprise(
        actor=actor, application=fund.application, title=f"已登记追回款 {yuan_text(amount)} 元",
        body="奖补资金已全部追回。" if settled else f"尚应缴回 {yuan_text(recovery.outstanding)} 元。",
        url=recovery_url(fund),
    )  # fmt: skip
    return repayment
