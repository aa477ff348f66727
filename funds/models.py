"""The funds ledger: allocation documents (资金下达) with their amount per county or park, each award's fund
account (awarded, allocated, paid, confirmed, in 元), and the disbursements (拨付) to the enterprise.

Amounts are Decimal in 元 (the award list keeps 万元; 1 万元 = 10,000 元). A disbursement is never edited:
a correction writes a reversal and, when money was still due, a new payment, each linked to the one it
corrects. The award's running totals (`AwardFund`) are kept by the services under a row lock, and the
database checks that each row is consistent: confirmed ≤ paid ≤ allocated ≤ awarded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Jurisdiction
from applications.models import Application
from awards.models import AwardEntry, AwardList
from core.models import TimeStampedModel
from funds.choices import AllocationStatus, DisbursementKind, ReceiptStatus
from funds.workflow import FundStatus

YUAN_PER_WAN = 10000


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


def _signer(verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class Allocation(TimeStampedModel):
    """资金下达: the city finance section's document that releases a final award list's money to the counties."""

    award_list = models.OneToOneField(
        AwardList, verbose_name="奖补名单", on_delete=models.PROTECT, related_name="allocation"
    )
    document_number = models.CharField("文号", max_length=64, unique=True)
    issued_on = models.DateField("下达日期")
    budget_subject = models.CharField("预算科目", max_length=128, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    # Real-name sign-offs, as for the award list: the person and the moment.
    confirmed_by = _signer("财政局企业科确认人")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    cosigned_by = _signer("中小企业科会签人")
    cosigned_at = models.DateTimeField("会签时间", null=True, blank=True)

    class Meta:
        verbose_name = "资金下达"
        verbose_name_plural = "资金下达"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"资金下达 {self.document_number}"


class AllocationLine(models.Model):
    """The amount of an allocation for one county or park: the awards of its enterprises on the list."""

    allocation = models.ForeignKey(Allocation, verbose_name="资金下达", on_delete=models.PROTECT, related_name="lines")
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="县市区/园区", on_delete=models.PROTECT, related_name="+"
    )
    awarded = _money("奖补金额（元）")
    amount = _money("下达金额（元）")
    award_count = models.PositiveIntegerField("奖补项目数")

    class Meta:
        verbose_name = "资金下达明细"
        verbose_name_plural = "资金下达明细"
        ordering = ["jurisdiction__sort_order", "jurisdiction__code"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "jurisdiction"], name="allocationline_one_per_jurisdiction"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=F("awarded")), name="allocationline_within_awards"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction}：{self.amount} 元"


class AwardFund(models.Model):
    """One award's fund account: the row every payment to it locks, with its running totals and status."""

    entry = models.OneToOneField(AwardEntry, verbose_name="奖补名单条目", on_delete=models.PROTECT, related_name="fund")
    application = models.OneToOneField(Application, verbose_name="申报", on_delete=models.PROTECT, related_name="fund")
    allocation = models.ForeignKey(Allocation, verbose_name="资金下达", on_delete=models.PROTECT, related_name="funds")
    status = models.CharField(
        "资金状态", max_length=20, choices=FundStatus.choices, default=FundStatus.PENDING, db_index=True
    )
    awarded = _money("奖补金额（元）")
    allocated = _money("已下达（元）", default=0)
    paid = _money("已拨付（元）", default=0)
    confirmed = _money("已确认到账（元）", default=0)

    class Meta:
        verbose_name = "奖补资金台账"
        verbose_name_plural = "奖补资金台账"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed__gte=0) & Q(confirmed__lte=F("paid")) & Q(paid__lte=F("allocated"))
                & Q(allocated__lte=F("awarded")),
                name="awardfund_confirmed_paid_allocated_awarded",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"奖补资金台账 #{self.pk}"

    @property
    def payable(self):
        """What may still be paid (元)."""
        return self.allocated - self.paid


class Disbursement(TimeStampedModel):
    """拨付: one payment by the county finance bureau to the enterprise (or the reversal of one), never edited."""

    fund = models.ForeignKey(
        AwardFund, verbose_name="奖补资金台账", on_delete=models.PROTECT, related_name="disbursements"
    )
    kind = models.CharField("类型", max_length=16, choices=DisbursementKind.choices, default=DisbursementKind.PAYMENT)
    paid_on = models.DateField("拨付日期")
    amount = _money("金额（元）")
    voucher_number = models.CharField("凭证号", max_length=64)
    bank_name = models.CharField("收款开户行", max_length=128)
    account_name = models.CharField("收款户名", max_length=128)
    account_number = models.CharField("收款账号", max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    receipt_status = models.CharField(
        "到账状态", max_length=16, choices=ReceiptStatus.choices, default=ReceiptStatus.PENDING, db_index=True
    )
    receipt_by = _signer("到账确认人")
    receipt_at = models.DateTimeField("到账确认时间", null=True, blank=True)
    discrepancy_reason = models.TextField("差异说明", blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name="更正的拨付", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField("更正说明", blank=True)

    class Meta:
        verbose_name = "资金拨付"
        verbose_name_plural = "资金拨付"
        ordering = ["paid_on", "id"]
        constraints = [
            # A reversal carries a positive amount too: its kind says it takes money back.
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(receipt_status=ReceiptStatus.DISPUTED) | ~Q(discrepancy_reason=""),
                name="disbursement_discrepancy_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.voucher_number}"
