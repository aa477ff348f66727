"""Builders for the recovery tests: a decision to reduce or revoke an award, co-signed, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from funds.choices import AdjustmentKind
from funds.models import AwardFund
from funds.services.adjustments import adjustment_cosign, adjustment_decide, adjustment_sign_off_facts
from funds.services.recovery import repayment_record

DUE_ON = dt.date(2024, 9, 30)
CLAUSE = "我单位申报提供的所有材料均真实、完整、准确。"


def decide(sme, application, *, kind=AdjustmentKind.REVOKE, new_award=None, false_reporting=False, **extra):
    return adjustment_decide(
        actor=sme, fund=AwardFund.objects.get(application=application), kind=kind, document_number="衡工信〔2024〕9号",
        reason="核查发现申报材料中的销售收入与审计报告不符", legal_basis="《衡阳市工信领域奖补资金管理办法》第二十条",
        commitment_clause=CLAUSE, false_reporting=false_reporting,
        new_award=None if new_award is None else Decimal(new_award), recovery_due_on=DUE_ON, **extra,
    )  # fmt: skip


def cosign(finance, adjustment):
    return adjustment_cosign(actor=finance, adjustment=adjustment, confirmed=adjustment_sign_off_facts(adjustment))


def repay(officer, recovery, amount: str, voucher: str = "缴-001"):
    return repayment_record(
        actor=officer, recovery=recovery, repaid_on=dt.date(2024, 6, 1), amount=Decimal(amount), voucher_number=voucher
    )
