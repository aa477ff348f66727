"""Writes of the funds ledger: the allocation (create, confirm, co-sign), disbursements (record, correct) and the
enterprise's answer to each (确认到账, 报告差异).

Every function is atomic, takes the acting person, checks who may act (PermissionDenied otherwise), locks the
award's fund row (`AwardFund`) before reading its figures, so that two officers paying the same award at once
are serialised and cannot pay more than was allocated, then records one audit event on the application in
the same transaction and tells the other side through notifications.services.notify_users."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from applications.models import Application
from awards.choices import AwardListStatus
from awards.models import AwardList
from core.choices import AuditVerb
from core.services import audit_event_record
from core.text import amount_in_figures
from funds import permissions
from funds.choices import AllocationStatus, DisbursementKind, ReceiptStatus
from funds.models import YUAN_PER_WAN, Allocation, AllocationLine, AwardFund, Disbursement
from funds.workflow import TRANSITIONS, fund_status_of, transition_allowed
from notifications.choices import NotificationVerb
from notifications.selectors import enterprise_members_of
from notifications.services import notify_users
from review.signoff import SignOffFacts, real_name_check, sign_off_check

# User-facing messages (tests import them).
LIST_NOT_FINAL = "奖补名单尚未定稿，不能办理资金下达。"
LIST_ALREADY_ALLOCATED = "该奖补名单已办理资金下达（{number}），不能重复下达。"
NOTHING_AWARDED = "该奖补名单没有予以奖补的项目，无需下达资金。"
DOCUMENT_NUMBER_TAKEN = "文号“{number}”已被其他资金下达使用，请核对后重新填写。"
DOCUMENT_NUMBER_REQUIRED = "请填写资金下达文号。"
NO_JURISDICTION = "“{enterprise}”未登记所属县市区（园区），无法计算下达金额。"
WRONG_ALLOCATION_STATUS = "资金下达当前为“{status}”，不能{action}。"
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

CENT = Decimal("0.01")


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _wan(amount_yuan: Decimal) -> str:
    """元 → 万元 without rounding away a cent: 2 decimals at least, up to 6 (1,234,567.89 元 → 123.456789)."""
    wan = amount_in_figures(amount_yuan / YUAN_PER_WAN)
    exact = f"{amount_yuan / YUAN_PER_WAN:,.6f}".rstrip("0")
    return exact if len(exact) > len(wan) else wan


def _transition_check(name: str, fund: AwardFund, actor) -> None:
    reason = transition_allowed(name, fund.status, actor.role_set)
    if reason:
        raise ValidationError(reason)


def _fund_locked(**lookup) -> AwardFund:
    """The award's fund row, locked (its own row only), with the application and its enterprise."""
    return (
        AwardFund.objects.select_for_update(of=("self",))
        .select_related("application__enterprise", "application__item")
        .get(**lookup)
    )


def _status_refresh(fund: AwardFund, transition: str) -> None:
    """Recompute the award's status from its figures and save them (the transition must allow the result)."""
    status = fund_status_of(
        allocated=fund.allocated, paid=fund.paid, confirmed=fund.confirmed,
        disputed=fund.disbursements.filter(receipt_status=ReceiptStatus.DISPUTED).exists(),
    )  # fmt: skip
    if status not in TRANSITIONS[transition].targets:  # the table and fund_status_of disagree: a bug, not input
        raise AssertionError(f"{transition} cannot lead to {status}")
    fund.status = status
    fund.save(update_fields=["status", "allocated", "paid", "confirmed"])


def _audit(*, actor, verb: AuditVerb, fund: AwardFund, transition: str, data: dict) -> None:
    audit_event_record(
        actor=actor, verb=verb, target=fund.application,
        data={"label": TRANSITIONS[transition].label, "fund_status": fund.status, **data},
    )  # fmt: skip


def _county_finance(jurisdiction_ids) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, roles__role=Role.COUNTY_FINANCE_REVIEWER, organisation__is_active=True,
            organisation__jurisdiction_id__in=list(jurisdiction_ids),
        ).distinct().order_by("pk")
    )  # fmt: skip


def _tell_enterprise(*, actor, application: Application, title: str, body: str, verb=NotificationVerb.STATUS_CHANGED):
    notify_users(
        actor=actor, recipients=enterprise_members_of([application])[application.pk], application=application,
        verb=verb, title=title, body=body, url="",
    )  # fmt: skip


def _tell_county(*, actor, application: Application, title: str, body: str) -> None:
    notify_users(
        actor=actor, recipients=_county_finance([application.enterprise.jurisdiction_id]), application=application,
        verb=NotificationVerb.ACTION_REQUIRED, title=title, body=body, url="",
    )  # fmt: skip


# 资金下达


def allocation_sign_off_facts(allocation: Allocation) -> SignOffFacts:
    """What the confirmation and the co-signature are checked against: 文号, number of awards, total (万元)."""
    totals = allocation.lines.aggregate(count=Sum("award_count"), total=Sum("amount"))
    return SignOffFacts(
        document=allocation.document_number, count=totals["count"] or 0,
        total=(totals["total"] or Decimal(0)) / YUAN_PER_WAN, total_label="下达金额合计",
    )  # fmt: skip


@transaction.atomic
def allocation_create(
    *, actor, award_list: AwardList, document_number: str, issued_on: dt.date, budget_subject: str | None = None
) -> Allocation:
    """The city finance section drafts the allocation of a final list: one fund account per award (not
    excluded) and one line per county or park, whose amount is the sum of its enterprises' awards."""
    if not permissions.can_create_allocation(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE)
    award_list = AwardList.objects.select_for_update().select_related("pack").get(pk=award_list.pk)
    if award_list.status != AwardListStatus.FINAL:
        raise ValidationError(LIST_NOT_FINAL)
    existing = Allocation.objects.filter(award_list=award_list).first()
    if existing:
        raise ValidationError(LIST_ALREADY_ALLOCATED.format(number=existing.document_number))
    document_number = (document_number or "").strip()
    if not document_number:
        raise ValidationError({"document_number": DOCUMENT_NUMBER_REQUIRED})
    if Allocation.objects.filter(document_number=document_number).exists():
        raise ValidationError({"document_number": DOCUMENT_NUMBER_TAKEN.format(number=document_number)})
    entries = list(award_list.entries.filter(excluded=False).select_related("application__enterprise"))
    if not entries:
        raise ValidationError(NOTHING_AWARDED)
    for entry in entries:
        if entry.application.enterprise.jurisdiction_id is None:
            raise ValidationError(NO_JURISDICTION.format(enterprise=entry.application.enterprise))
    if budget_subject is None:
        data = award_list.pack.data if isinstance(award_list.pack.data, dict) else {}
        budget_subject = str(data.get("budget_subject") or "")
    allocation = Allocation(
        award_list=award_list, document_number=document_number, issued_on=issued_on,
        budget_subject=budget_subject.strip(), created_by=actor,
    )  # fmt: skip
    allocation.full_clean()
    allocation.save()
    AwardFund.objects.bulk_create(
        AwardFund(entry=entry, application=entry.application, allocation=allocation,
                  awarded=entry.amount * YUAN_PER_WAN)
        for entry in entries
    )  # fmt: skip
    # The lines are summed by the database from the accounts just written, so they equal the awards.
    lines = [
        AllocationLine(
            allocation=allocation, jurisdiction_id=row["application__enterprise__jurisdiction_id"],
            awarded=row["total"], amount=row["total"], award_count=row["count"],
        )
        for row in allocation.funds.values("application__enterprise__jurisdiction_id")
        .annotate(total=Sum("awarded"), count=Count("pk")).order_by("application__enterprise__jurisdiction_id")
    ]  # fmt: skip
    AllocationLine.objects.bulk_create(lines)
    facts = allocation_sign_off_facts(allocation)
    audit_event_record(
        actor=actor, verb=AuditVerb.ALLOCATION_CREATED, target=allocation,
        data={"award_list": award_list.pk, "awards": facts.count, "total_wan": _wan(facts.total * YUAN_PER_WAN),
              "lines": {str(line.jurisdiction_id): str(line.amount) for line in lines}},
    )  # fmt: skip
    return allocation


def _allocation_locked(allocation: Allocation, *, status: str, action: str) -> Allocation:
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != status:
        raise ValidationError(WRONG_ALLOCATION_STATUS.format(status=allocation.get_status_display(), action=action))
    return allocation


@transaction.atomic
def allocation_confirm(*, actor, allocation: Allocation, confirmed: SignOffFacts | None = None) -> Allocation:
    """The city finance section confirms the allocation in its own name, having checked 文号, count and total."""
    if not permissions.can_create_allocation(actor):
        raise PermissionDenied(permissions.NOT_CITY_FINANCE)
    allocation = _allocation_locked(allocation, status=AllocationStatus.DRAFT, action="确认")
    real_name_check(actor)
    facts = allocation_sign_off_facts(allocation)
    sign_off_check(confirmed=confirmed, current=facts)
    allocation.status = AllocationStatus.CONFIRMED
    allocation.confirmed_by, allocation.confirmed_at = actor, timezone.now()
    allocation.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.ALLOCATION_CONFIRMED, target=allocation,
        data={"awards": facts.count, "total_wan": _wan(facts.total * YUAN_PER_WAN)},
    )  # fmt: skip
    return allocation


@transaction.atomic
def allocation_cosign(*, actor, allocation: Allocation, confirmed: SignOffFacts | None = None) -> Allocation:
    """The 中小企业科 co-signs in its own name: the allocation is issued, each award moves 待下达 → 已下达 and
    the county finance bureaus may pay."""
    if not permissions.can_cosign_allocation(actor):
        raise PermissionDenied(permissions.NOT_SME_COORDINATOR)
    allocation = _allocation_locked(allocation, status=AllocationStatus.CONFIRMED, action="会签")
    real_name_check(actor)
    facts = allocation_sign_off_facts(allocation)
    sign_off_check(confirmed=confirmed, current=facts)
    funds = list(allocation.funds.select_for_update().order_by("pk"))
    for fund in funds:
        _transition_check("allocate", fund, actor)
        fund.allocated, fund.status = fund.awarded, TRANSITIONS["allocate"].targets[0]
    AwardFund.objects.bulk_update(funds, ["allocated", "status"])
    allocation.status = AllocationStatus.ISSUED
    allocation.cosigned_by, allocation.cosigned_at = actor, timezone.now()
    allocation.save(update_fields=["status", "cosigned_by", "cosigned_at", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.ALLOCATION_COSIGNED, target=allocation,
        data={"label": TRANSITIONS["allocate"].label, "awards": facts.count, "total_wan": _wan(facts.total * YUAN_PER_WAN)},
    )  # fmt: skip
    notify_users(
        actor=actor, recipients=_county_finance(allocation.lines.values_list("jurisdiction_id", flat=True)),
        application=None, verb=NotificationVerb.ACTION_REQUIRED, title=f"奖补资金已下达（{allocation.document_number}）",
        body="请按下达金额向企业拨付资金，并登记拨付凭证。", url="",
    )  # fmt: skip
    return allocation


# 拨付


def _refuse_overpayment(fund: AwardFund, amount: Decimal) -> None:
    """The payment fits in what is still payable (read under the fund's lock)."""
    if amount > fund.payable:
        raise ValidationError(
            {"amount": OVERPAYMENT.format(wan=_wan(fund.payable), yuan=_yuan(fund.payable), amount=_yuan(amount))}
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
    disbursement.full_clean(exclude=["fund", "recorded_by", "corrects"])
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
        fund = _fund_locked(application_id=application.pk)
    except AwardFund.DoesNotExist as exc:
        raise ValidationError(NOT_ALLOCATED) from exc
    if fund.status == TRANSITIONS["allocate"].sources[0]:
        raise ValidationError(NOT_ALLOCATED)
    _transition_check("disburse", fund, actor)
    _refuse_overpayment(fund, amount)
    disbursement = _payment(
        actor=actor, fund=fund, paid_on=paid_on, amount=amount, voucher_number=voucher_number, bank_name=bank_name,
        account_name=account_name, account_number=account_number,
    )  # fmt: skip
    fund.paid += amount
    _status_refresh(fund, "disburse")
    _audit(actor=actor, verb=AuditVerb.DISBURSEMENT_RECORDED, fund=fund, transition="disburse",
           data=_disbursement_data(disbursement))  # fmt: skip
    _tell_enterprise(
        actor=actor, application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
        title=f"奖补资金已拨付 {_yuan(amount)} 元", body="请核对账户到账情况，确认到账或报告差异。",
    )  # fmt: skip
    return disbursement


def _answer_locked(actor, disbursement: Disbursement, transition: str) -> tuple[AwardFund, Disbursement]:
    """The fund (locked first, as every funds service does) and the payment the enterprise answers."""
    fund = _fund_locked(pk=disbursement.fund_id)
    if not permissions.can_confirm_receipt(actor, fund.application):
        raise PermissionDenied(permissions.NOT_THE_ENTERPRISE)
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disbursement.kind != DisbursementKind.PAYMENT or disbursement.receipt_status != ReceiptStatus.PENDING:
        raise ValidationError(RECEIPT_ALREADY_ANSWERED.format(status=disbursement.get_receipt_status_display()))
    _transition_check(transition, fund, actor)
    return fund, disbursement


def _receipt_answer(disbursement: Disbursement, *, actor, status: str, reason: str = "") -> None:
    disbursement.receipt_status, disbursement.receipt_by, disbursement.receipt_at = status, actor, timezone.now()
    disbursement.discrepancy_reason = reason
    disbursement.save(update_fields=["receipt_status", "receipt_by", "receipt_at", "discrepancy_reason", "updated_at"])


@transaction.atomic
def payment_receipt_confirm(*, actor, disbursement: Disbursement) -> Disbursement:
    """The enterprise confirms that this payment arrived (确认到账)."""
    fund, disbursement = _answer_locked(actor, disbursement, "receipt_confirm")
    _receipt_answer(disbursement, actor=actor, status=ReceiptStatus.CONFIRMED)
    fund.confirmed += disbursement.amount
    _status_refresh(fund, "receipt_confirm")
    _audit(actor=actor, verb=AuditVerb.RECEIPT_CONFIRMED, fund=fund, transition="receipt_confirm",
           data=_disbursement_data(disbursement))  # fmt: skip
    return disbursement


@transaction.atomic
def payment_discrepancy_report(*, actor, disbursement: Disbursement, reason: str) -> Disbursement:
    """The enterprise reports that this payment did not arrive as recorded; it goes back to the county."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    fund, disbursement = _answer_locked(actor, disbursement, "discrepancy_report")
    _receipt_answer(disbursement, actor=actor, status=ReceiptStatus.DISPUTED, reason=reason)
    _status_refresh(fund, "discrepancy_report")
    _audit(actor=actor, verb=AuditVerb.DISCREPANCY_REPORTED, fund=fund, transition="discrepancy_report",
           data={**_disbursement_data(disbursement), "reason": reason})  # fmt: skip
    _tell_county(actor=actor, application=fund.application, title="企业报告奖补资金到账存在差异",
                 body=f"凭证号 {disbursement.voucher_number}：{reason}")  # fmt: skip
    return disbursement


@transaction.atomic
def payment_correct(
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
    fund = _fund_locked(pk=disbursement.fund_id)
    if not permissions.can_pay(actor, fund.application):
        raise PermissionDenied(permissions.NOT_THE_COUNTY_FINANCE)
    disputed = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disputed.receipt_status != ReceiptStatus.DISPUTED:
        raise ValidationError(NOT_DISPUTED)
    _transition_check("disbursement_correct", fund, actor)
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
    _status_refresh(fund, "disbursement_correct")
    _audit(
        actor=actor, verb=AuditVerb.DISBURSEMENT_CORRECTED, fund=fund, transition="disbursement_correct",
        data={"corrects": disputed.pk, "reversed": str(disputed.amount), "paid": str(amount), "reason": reason,
              "written": [d.pk for d in written]},
    )  # fmt: skip
    _tell_enterprise(
        actor=actor, application=fund.application, verb=NotificationVerb.ACTION_REQUIRED,
        title="县级财政部门已更正奖补资金拨付", body=f"更正理由：{reason}" + ("，请确认到账。" if amount else ""),
    )  # fmt: skip
    return written
