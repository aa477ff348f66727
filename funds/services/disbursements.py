"""拨付 and the enterprise's answer: the county finance bureau of the enterprise's jurisdiction records each
payment (partial payments allowed, never above what is still payable), the enterprise confirms it (确认到账) or
reports a discrepancy (存在差异), and the county corrects a disputed payment without editing it: a reversal and,
when money was really paid, a new payment, both linked to the disputed one.

Each service locks the award's fund row first, so that two officers paying one award at once are serialised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from core.choices import AuditVerb
from funds import permissions
from funds.choices import DisbursementKind, ReceiptStatus
from funds.models import AwardFund, Disbursement
from funds.services.common import (
    CENT,
    fund_audit,
    fund_locked,
    status_refresh,
    tell_county,
    tell_enterprise,
    transition_check,
    wan_text,
    yuan_text,
)
from funds.workflow import TRANSITIONS
from notifications.choices import NotificationVerb

# User-facing messages (tests import them).
NOT_ALLOCATED = "该项目的奖补资金尚未下达，不能登记拨付。"
AMOUNT_NOT_POSITIVE = "拨付金额须大于 0 元。"
AMOUNT_CENTS = "拨付金额最多保留两位小数（分）。"
OVERPAYMENT = "拨付金额超出可拨付余额：该项目尚可拨付 {wan} 万元（{yuan} 元），本次登记 {amount} 元。"
VOUCHER_REQUIRED = "请填写拨付凭证号。"
ACCOUNT_REQUIRED = "请填写收款开户行、户名和账号。"
RECEIPT_ALREADY_ANSWERED = "该笔拨付当前为“{status}”，不能再确认到账或报告差异。"
REASON_REQUIRED = "请写明差异情况（如实际到账金额、日期）。"
NOT_DISPUTED = "只有企业报告存在差异的拨付才能更正。"
CORRECTION_REASON_REQUIRED = "请写明更正理由。"
CORRECTION_NEGATIVE = "更正后的金额不能小于 0 元。"
CORRECTION_DURING_RECOVERY = (
    "该项目已决定追回奖补资金（应追回 {yuan} 元），拨付记录不能再更正，否则追回金额将与实际拨付不符。"
    "请与市财政局企业科核对后处理。"
)


def _refuse_overpayment(fund: AwardFund, amount: Decimal) -> None:
    """The payment fits in what is still payable (read under the fund's lock)."""
    if amount > fund.payable:
        raise ValidationError(
            {
                "amount": OVERPAYMENT.format(
                    wan=wan_text(fund.payable), yuan=yuan_text(fund.payable), amount=yuan_text(amount)
                )
            }
        )


def _clean_amount(amount: Decimal, *, allow_zero: bool = False) -> Decimal:
    amount = Decimal(amount)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({"amount": CORRECTION_NEGATIVE if allow_zero else AMOUNT_NOT_POSITIVE})
    if amount != amount.quantize(CENT):
        raise ValidationError({"amount": AMOUNT_CENTS})
    return amount


def _payment(*, actor, fund: AwardFund, paid_on, amount, voucher_number, bank_name, account_name, account_number,
             kind=DisbursementKind.PAYMENT, corrects=None, reason="") -> Disbursement:  # fmt: skip
    voucher_number = (voucher_number or "").strip()
    if not voucher_number:
        raise ValidationError({"voucher_number": VOUCHER_REQUIRED})
    account = [(value or "").strip() for value in (bank_name, account_name, account_number)]
    if not all(account):
        raise ValidationError({"account_number": ACCOUNT_REQUIRED})
    disbursement = Disbursement(
        fund=fund, kind=kind, paid_on=paid_on, amount=amount, voucher_number=voucher_number, bank_name=account[0],
        account_name=account[1], account_number=account[2].replace(" ", ""), recorded_by=actor, corrects=corrects,
        correction_reason=reason,
        receipt_status=ReceiptStatus.PENDING if kind == DisbursementKind.PAYMENT else ReceiptStatus.NOT_APPLICABLE,
    )  # fmt: skip
    # The amount and the reason were checked above, and the database holds the same checks: no query per constraint.
    disbursement.full_clean(exclude=["fund", "recorded_by", "corrects"], validate_constraints=False)
    disbursement.save()
    return disbursement


def _disbursement_data(disbursement: Disbursement) -> dict:
    # The account number stays out of the audit data (the auditor reads the record; the log is not masked).
    return {"disbursement": disbursement.pk, "kind": disbursement.kind, "amount": str(disbursement.amount),
            "paid_on": disbursement.paid_on.isoformat(), "voucher_number": disbursement.voucher_number}  # fmt: skip


@transaction.atomic
def disbursement_record(
    *, actor, application: Application, paid_on: dt.date, amount: Decimal, voucher_number: str, bank_name: str,
    account_name: str, account_number: str,
) -> Disbursement:  # fmt: skip
    """The county finance bureau of the enterprise's jurisdiction records a payment (partial payments allowed;
    never more than what is still payable)."""
    if not permissions.can_pay(actor, application):
        raise PermissionDenied(permissions.NOT_THE_COUNTY_FINANCE)
    amount = _clean_amount(amount)
    try:
        fund = fund_locked(application_id=application.pk)
    except AwardFund.DoesNotExist as exc:
        raise ValidationError(NOT_ALLOCATED) from exc
    if fund.status == TRANSITIONS["allocate"].sources[0]:
        raise ValidationError(NOT_ALLOCATED)
    transition_check("disburse", fund, actor)
    _refuse_overpayment(fund, amount)
    disbursement = _payment(
        actor=actor, fund=fund, paid_on=paid_on, amount=amount, voucher_number=voucher_number, bank_name=bank_name,
        account_name=account_name, account_number=account_number,
    )  # fmt: skip
    fund.paid += amount
    status_refresh(fund, "disburse")
    fund_audit(actor=actor, verb=AuditVerb.DISBURSEMENT_RECORDED, fund=fund, transition="disburse",
           data=_disbursement_data(disbursement))  # fmt: skip
    tell_enterprise(
        actor=actor, application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
        title=f"奖补资金已拨付 {yuan_text(amount)} 元", body="请核对账户到账情况，确认到账或报告差异。",
    )  # fmt: skip
    return disbursement


def _answer_locked(actor, disbursement: Disbursement, transition: str) -> tuple[AwardFund, Disbursement]:
    """The fund (locked first, as every funds service does) and the payment the enterprise answers."""
    fund = fund_locked(pk=disbursement.fund_id)
    if not permissions.can_confirm_receipt(actor, fund.application):
        raise PermissionDenied(permissions.NOT_THE_ENTERPRISE)
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disbursement.kind != DisbursementKind.PAYMENT or disbursement.receipt_status != ReceiptStatus.PENDING:
        raise ValidationError(RECEIPT_ALREADY_ANSWERED.format(status=disbursement.get_receipt_status_display()))
    transition_check(transition, fund, actor)
    return fund, disbursement


def _receipt_answer(disbursement: Disbursement, *, actor, status: str, reason: str = "") -> None:
    disbursement.receipt_status, disbursement.receipt_by, disbursement.receipt_at = status, actor, timezone.now()
    disbursement.discrepancy_reason = reason
    disbursement.save(update_fields=["receipt_status", "receipt_by", "receipt_at", "discrepancy_reason", "updated_at"])


@transaction.atomic
def disbursement_receipt_confirm(*, actor, disbursement: Disbursement) -> Disbursement:
    """The enterprise confirms that this payment arrived (确认到账)."""
    fund, disbursement = _answer_locked(actor, disbursement, "receipt_confirm")
    _receipt_answer(disbursement, actor=actor, status=ReceiptStatus.CONFIRMED)
    fund.confirmed += disbursement.amount
    status_refresh(fund, "receipt_confirm")
    fund_audit(actor=actor, verb=AuditVerb.RECEIPT_CONFIRMED, fund=fund, transition="receipt_confirm",
           data=_disbursement_data(disbursement))  # fmt: skip
    return disbursement


@transaction.atomic
def disbursement_discrepancy_report(*, actor, disbursement: Disbursement, reason: str) -> Disbursement:
    """The enterprise reports that this payment did not arrive as recorded; it goes back to the county."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    fund, disbursement = _answer_locked(actor, disbursement, "discrepancy_report")
    _receipt_answer(disbursement, actor=actor, status=ReceiptStatus.DISPUTED, reason=reason)
    status_refresh(fund, "discrepancy_report")
    fund_audit(actor=actor, verb=AuditVerb.DISCREPANCY_REPORTED, fund=fund, transition="discrepancy_report",
           data={**_disbursement_data(disbursement), "reason": reason})  # fmt: skip
    tell_county(actor=actor, application=fund.application, title="企业报告奖补资金到账存在差异",
                 body=f"凭证号 {disbursement.voucher_number}：{reason}")  # fmt: skip
    return disbursement


@transaction.atomic
def disbursement_correct(
    *, actor, disbursement: Disbursement, amount: Decimal, paid_on: dt.date, voucher_number: str, reason: str,
    bank_name: str = "", account_name: str = "", account_number: str = "",
) -> list[Disbursement]:  # fmt: skip
    """The county finance bureau corrects a disputed payment without editing it: a reversal of its full amount
    and, when `amount` (what was really paid) is above 0, a new payment of that amount for the enterprise to
    confirm, both linked to the disputed one. The account defaults to the disputed payment's."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": CORRECTION_REASON_REQUIRED})
    amount = _clean_amount(amount, allow_zero=True)
    fund = fund_locked(pk=disbursement.fund_id)
    if not permissions.can_pay(actor, fund.application):
        raise PermissionDenied(permissions.NOT_THE_COUNTY_FINANCE)
    disputed = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disputed.receipt_status != ReceiptStatus.DISPUTED:
        raise ValidationError(NOT_DISPUTED)
    transition_check("disbursement_correct", fund, actor)
    if fund.recovery_due > 0:  # what is due back was computed from what was paid: it must not move under it
        raise ValidationError(CORRECTION_DURING_RECOVERY.format(yuan=yuan_text(fund.recovery_due)))
    account = {"bank_name": bank_name or disputed.bank_name, "account_name": account_name or disputed.account_name,
               "account_number": account_number or disputed.account_number}  # fmt: skip
    written = [
        _payment(actor=actor, fund=fund, paid_on=paid_on, amount=disputed.amount, voucher_number=voucher_number,
                 kind=DisbursementKind.REVERSAL, corrects=disputed, reason=reason, **account)
    ]  # fmt: skip
    fund.paid -= disputed.amount
    disputed.receipt_status = ReceiptStatus.CORRECTED
    disputed.save(update_fields=["receipt_status", "updated_at"])
    if amount:
        _refuse_overpayment(fund, amount)
        written.append(_payment(actor=actor, fund=fund, paid_on=paid_on, amount=amount, voucher_number=voucher_number,
                                corrects=disputed, reason=reason, **account))  # fmt: skip
        fund.paid += amount
    status_refresh(fund, "disbursement_correct")
    fund_audit(
        actor=actor, verb=AuditVerb.DISBURSEMENT_CORRECTED, fund=fund, transition="disbursement_correct",
        data={"corrects": disputed.pk, "reversed": str(disputed.amount), "paid": str(amount), "reason": reason,
              "written": [d.pk for d in written]},
    )  # fmt: skip
    tell_enterprise(
        actor=actor, application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
        title="县级财政部门已更正奖补资金拨付", body=f"更正理由：{reason}" + ("，请确认到账。" if amount else ""),
    )  # fmt: skip
    return written
