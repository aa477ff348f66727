"""The funds ledger: allocation documents (资金下达) with their amount per county or park, each award's fund
account (awarded, allocated, paid, confirmed, in 元), and the disbursements (拨付) to the enterprise.

Amounts are Decimal in 元 (the award list keeps 万元; 1 万元 = 10,000 元). A disbursement is never edited:
a correction writes a reversal and, when money was still due, a new payment, each linked to the one it
corrects. The award's running totals (`AwardFund`) are kept by the services under a row lock, and the
database checks that each row is consistent: confirmed ≤ paid ≤ allocated ≤ awarded."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Jurisdiction
from applications.models import Application
from awards.models import AwardEntry, AwardList
from core.models import TimeStampedModel
from funds.choices import (
    AdjustmentKind,
    AdjustmentStatus,
    AllocationStatus,
    DisbursementKind,
    ReceiptStatus,
    RecoveryStatus,
)
from funds.workflow import FundStatus
from performance.models import Rectification

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
    # 调减 / 撤销 (AwardAdjustment) keep `awarded` as the list's figure and record what was taken off, so that
    # confirmed ≤ paid ≤ allocated ≤ awarded still holds; the award in force is awarded − withdrawn. Money paid
    # above it is due back: `recovery_due` is the award's Recovery.due, kept here so that paying checks it
    # without another query.
    withdrawn = _money("调减金额（元）", default=0)
    recovery_due = _money("应追回（元）", default=0)

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
            models.CheckConstraint(
                condition=Q(withdrawn__gte=0) & Q(withdrawn__lte=F("awarded")) & Q(recovery_due__gte=0),
                name="awardfund_withdrawn_within_award",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"奖补资金台账 #{self.pk}"

    @property
    def in_force(self):
        """The award in force (元): the list's figure less what a 调减 or 撤销 took off."""
        return self.awarded - self.withdrawn

    @property
    def outstanding(self):
        """What is still to pay (元): the award in force less what was paid, never below 0 (money paid above the
        award in force is `recovery_due`, as the ledger shows it)."""
        return max(self.in_force - self.paid, Decimal("0.00"))

    @property
    def payable(self):
        """What may still be paid (元): the allocation, up to the award in force; nothing while money is due back."""
        if self.recovery_due > 0:
            return Decimal("0.00")
        return min(self.allocated, self.in_force) - self.paid


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


class AwardAdjustment(TimeStampedModel):
    """调减 / 撤销: the 中小企业科's real-name decision to reduce or revoke an allocated award, with its reason and
    legal basis (free text and the clause of the 承诺书 broken), co-signed by the city finance section, when it
    takes effect (AwardFund.withdrawn). Never edited; a later decision is a new row."""

    fund = models.ForeignKey(
        AwardFund, verbose_name="奖补资金台账", on_delete=models.PROTECT, related_name="adjustments"
    )
    kind = models.CharField("调整方式", max_length=8, choices=AdjustmentKind.choices)
    status = models.CharField(
        "状态", max_length=16, choices=AdjustmentStatus.choices, default=AdjustmentStatus.DECIDED, db_index=True
    )
    document_number = models.CharField("决定文号", max_length=64)
    previous_award = _money("调整前奖补金额（元）")
    new_award = _money("调整后奖补金额（元）")
    reason = models.TextField("调整理由")
    legal_basis = models.TextField("依据")
    commitment_clause = models.TextField("违反的承诺书条款", blank=True)
    false_reporting = models.BooleanField("认定虚假申报", default=False)
    recovery_due_on = models.DateField("追回期限", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="中小企业科决定人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间")
    cosigned_by = _signer("财政局企业科会签人")
    cosigned_at = models.DateTimeField("会签时间", null=True, blank=True)

    class Meta:
        verbose_name = "奖补调减或撤销"
        verbose_name_plural = "奖补调减或撤销"
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_award__gte=0) & Q(new_award__lt=F("previous_award")), name="adjustment_lowers_award"
            ),
            models.CheckConstraint(
                condition=~Q(kind=AdjustmentKind.REVOKE) | Q(new_award=0), name="adjustment_revocation_to_zero"
            ),
            models.CheckConstraint(
                condition=~Q(false_reporting=True) | Q(kind=AdjustmentKind.REVOKE),
                name="adjustment_false_reporting_revokes",
            ),
            models.UniqueConstraint(
                fields=["fund"], condition=Q(status=AdjustmentStatus.DECIDED), name="adjustment_one_pending_per_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}奖补 {self.document_number}"

    @property
    def reduction(self):
        return self.previous_award - self.new_award


class Recovery(TimeStampedModel):
    """追回: money paid above the award in force (after a 调减 or 撤销) or asked back after a 整改, due by a
    date; the county finance bureau records each repayment. One per award: a later decision raises `due`."""

    fund = models.OneToOneField(
        AwardFund, verbose_name="奖补资金台账", on_delete=models.PROTECT, related_name="recovery"
    )
    status = models.CharField(
        "状态", max_length=16, choices=RecoveryStatus.choices, default=RecoveryStatus.OPEN, db_index=True
    )
    due = _money("应追回（元）")
    due_on = models.DateField("追回期限")
    recovered = _money("已追回（元）", default=0)
    adjustment = models.ForeignKey(
        AwardAdjustment, verbose_name="调减或撤销决定", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    rectification = models.ForeignKey(
        Rectification, verbose_name="绩效整改", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("追回事由")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "奖补资金追回"
        verbose_name_plural = "奖补资金追回"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__gt=0) & Q(recovered__gte=0) & Q(recovered__lte=F("due")),
                name="recovery_recovered_within_due",
            ),
            models.CheckConstraint(
                condition=(Q(status=RecoveryStatus.SETTLED) & Q(recovered=F("due")))
                | (Q(status=RecoveryStatus.OPEN) & Q(recovered__lt=F("due"))),
                name="recovery_status_matches_figures",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"奖补资金追回 #{self.pk}"

    @property
    def outstanding(self):
        return self.due - self.recovered


class Repayment(TimeStampedModel):
    """One repayment of a recovery, recorded by the county finance bureau: date, amount, 凭证号. Never edited."""

    recovery = models.ForeignKey(Recovery, verbose_name="追回", on_delete=models.PROTECT, related_name="repayments")
    repaid_on = models.DateField("缴回日期")
    amount = _money("金额（元）")
    voucher_number = models.CharField("凭证号", max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "追回款"
        verbose_name_plural = "追回款"
        ordering = ["repaid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive")]

    def __str__(self) -> str:
        return f"追回款 {self.voucher_number}"
