"""调减 / 撤销 and 追回 through their services: the decision and its co-signature, the recovery of what was paid
above the award in force, repayments (over-recovery refused at the amount, nothing written), a recovery opened
from a 整改, who may act, and an audit event per write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.choices import AuditVerb
from core.models import AuditEvent
from funds import permissions
from funds.choices import AdjustmentKind, AdjustmentStatus, RecoveryStatus
from funds.models import AwardAdjustment, AwardFund, Recovery, Repayment
from funds.selectors import ledger_rows, ledger_total
from funds.services import adjustments
from funds.services import recovery as services
from funds.services.allocation import allocation_create
from funds.services.disbursements import OVERPAYMENT
from funds.tests.ledger import OTHER, county_finance_in, pay
from funds.tests.recovery import DUE_ON, cosign, decide, repay
from notifications.models import Notification
from performance.models import Rectification

pytestmark = pytest.mark.django_db
D = Decimal


def fund_of(application) -> AwardFund:
    return AwardFund.objects.get(application=application)


def test_a_revocation_for_false_reporting_turns_what_was_paid_into_a_recovery(
    issued, county_finance, city_sme, city_finance, enterprise_admin
):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    adjustment = decide(city_sme, home, false_reporting=True)
    assert adjustment.status == AdjustmentStatus.DECIDED and not Recovery.objects.exists()
    assert fund_of(home).in_force == D("1000000.00")  # not in force before the co-signature
    cosign(city_finance, adjustment)
    fund = fund_of(home)
    assert (fund.awarded, fund.withdrawn, fund.in_force, fund.paid, fund.recovery_due) == (
        D("1000000.00"), D("1000000.00"), 0, D("400000.00"), D("400000.00"),
    )  # fmt: skip
    recovery = fund.recovery
    assert (recovery.due, recovery.due_on, recovery.status, recovery.adjustment) == (
        D("400000.00"), DUE_ON, RecoveryStatus.OPEN, adjustment,
    )  # fmt: skip
    verbs = list(AuditEvent.objects.filter(target_id=str(home.pk)).values_list("verb", flat=True).order_by("pk"))
    assert verbs[-3:] == [AuditVerb.ADJUSTMENT_DECIDED, AuditVerb.ADJUSTMENT_COSIGNED, AuditVerb.RECOVERY_OPENED]
    told = Notification.objects.filter(recipient=enterprise_admin, title="奖补已撤销").get()
    assert "违反承诺" in told.body and "2024年09月30日" in told.body and "400,000.00" in told.body
    assert told.url == reverse("funds:recovery", args=[fund.pk])  # the message leads to the award's page
    # The ledger: the award in force is 0, nothing is outstanding, the recovery is shown apart.
    row = ledger_rows(city_finance).get(application=home)
    assert (row.awarded, row.paid, row.outstanding, row.recovery_due) == (0, D("400000.00"), 0, D("400000.00"))
    assert ledger_total(ledger_rows(enterprise_admin))["outstanding"] == 0
    # Nothing more can be paid to a revoked award.
    with pytest.raises(ValidationError) as refused:
        pay(county_finance, home, "1.00")
    assert refused.value.message_dict["amount"] == [OVERPAYMENT.format(wan="0.00", yuan="0.00", amount="1.00")]


def test_repayments_settle_the_recovery_and_over_recovery_is_refused_at_the_amount(
    issued, county_finance, city_sme, city_finance
):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home))
    recovery = fund_of(home).recovery
    repay(county_finance, recovery, "150000.00", "缴-1")
    with pytest.raises(ValidationError) as refused:
        repay(county_finance, recovery, "250000.01", "缴-2")
    assert refused.value.message_dict["amount"] == [
        services.OVER_RECOVERY.format(wan="25.00", yuan="250,000.00", amount="250,000.01")
    ]
    assert Repayment.objects.count() == 1
    repay(county_finance, recovery, "250000.00", "缴-2")
    recovery.refresh_from_db()
    assert (recovery.recovered, recovery.status, recovery.outstanding) == (D("400000.00"), RecoveryStatus.SETTLED, 0)
    assert AuditEvent.objects.filter(verb=AuditVerb.REPAYMENT_RECORDED).count() == 2
    with pytest.raises(ValidationError, match=services.RECOVERY_SETTLED):
        repay(county_finance, recovery, "1.00")


@pytest.mark.parametrize(
    ("amount", "voucher", "field", "message"),
    [
        ("0", "缴-1", "amount", services.AMOUNT_NOT_POSITIVE),
        ("1.001", "缴-1", "amount", services.AMOUNT_CENTS),
        ("1.00", " ", "voucher_number", services.VOUCHER_REQUIRED),
    ],
)
def test_a_repayment_needs_a_positive_amount_in_cents_and_a_voucher(
    issued, county_finance, city_sme, city_finance, amount, voucher, field, message
):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home))
    with pytest.raises(ValidationError) as refused:
        repay(county_finance, fund_of(home).recovery, amount, voucher)
    assert refused.value.message_dict[field] == [message]
    assert not Repayment.objects.exists()


def test_only_the_enterprises_county_finance_bureau_records_repayments(
    issued, county_finance, county_industry, city_sme, city_finance
):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home))
    recovery = fund_of(home).recovery
    for stranger in (county_finance_in(OTHER), county_industry, city_finance):
        with pytest.raises(PermissionDenied, match=permissions.NOT_THE_COUNTY_FINANCE_RECOVERY):
            repay(stranger, recovery, "1.00")
    assert not Repayment.objects.exists()


def test_a_reduction_below_what_was_paid_recovers_the_difference_and_stops_payments(
    issued, county_finance, city_sme, city_finance
):
    home, _ = issued
    pay(county_finance, home, "700000.00")
    cosign(city_finance, decide(city_sme, home, kind=AdjustmentKind.REDUCE, new_award="600000.00"))
    fund = fund_of(home)
    assert (fund.in_force, fund.recovery_due, fund.payable) == (D("600000.00"), D("100000.00"), 0)
    # A later revocation raises what is due on the same recovery.
    cosign(city_finance, decide(city_sme, home))
    recovery = Recovery.objects.get()
    assert (recovery.due, fund_of(home).recovery_due) == (D("700000.00"), D("700000.00"))
    assert AuditEvent.objects.filter(verb=AuditVerb.RECOVERY_EXTENDED).count() == 1


def test_a_reduction_above_what_was_paid_leaves_the_rest_payable(issued, county_finance, city_sme, city_finance):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home, kind=AdjustmentKind.REDUCE, new_award="600000.00"))
    fund = fund_of(home)
    assert (fund.payable, fund.recovery_due) == (D("200000.00"), 0) and not Recovery.objects.exists()
    with pytest.raises(ValidationError):
        pay(county_finance, home, "200000.01")
    pay(county_finance, home, "200000.00")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "nonsense"}, "kind", adjustments.KIND_REQUIRED),
        ({"kind": AdjustmentKind.REDUCE}, "new_award", adjustments.NEW_AWARD_REQUIRED),
        ({"kind": AdjustmentKind.REDUCE, "new_award": "1000000.00"}, "new_award",
         adjustments.NEW_AWARD_NOT_LOWER.format(wan="100.00", yuan="1,000,000.00")),
        ({"kind": AdjustmentKind.REDUCE, "new_award": "10.00", "false_reporting": True}, "false_reporting",
         adjustments.FALSE_REPORTING_REVOKES),
        ({"reason": " "}, "reason", adjustments.REASON_REQUIRED),
        ({"legal_basis": ""}, "legal_basis", adjustments.LEGAL_BASIS_REQUIRED),
        ({"document_number": ""}, "document_number", adjustments.DOCUMENT_NUMBER_REQUIRED),
        ({"recovery_due_on": None}, "recovery_due_on", adjustments.DUE_ON_REQUIRED),
    ],
)  # fmt: skip
def test_a_decision_states_its_kind_amount_reason_and_basis(issued, county_finance, city_sme, changes, field, message):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    arguments = {"actor": city_sme, "fund": fund_of(home), "kind": AdjustmentKind.REVOKE, "document_number": "文-1",
                 "reason": "理由", "legal_basis": "依据", "recovery_due_on": DUE_ON}  # fmt: skip
    for key, value in changes.items():
        arguments[key] = Decimal(value) if key == "new_award" else value
    with pytest.raises(ValidationError) as refused:
        adjustments.adjustment_decide(**arguments)
    assert refused.value.message_dict[field] == [message]
    assert not AwardAdjustment.objects.exists()


def test_who_decides_and_who_cosigns(issued, county_finance, city_sme, city_finance):
    home, _ = issued
    with pytest.raises(PermissionDenied, match=permissions.NOT_SME_DECIDER):
        decide(city_finance, home)
    adjustment = decide(city_sme, home)
    with pytest.raises(ValidationError, match=adjustments.ADJUSTMENT_PENDING):
        decide(city_sme, home)
    with pytest.raises(PermissionDenied, match=permissions.NOT_CITY_FINANCE_SIGNER):
        cosign(city_sme, adjustment)
    with pytest.raises(ValidationError):  # not confirmed: no facts shown
        adjustments.adjustment_cosign(actor=city_finance, adjustment=adjustment, confirmed=None)
    cosign(city_finance, adjustment)
    with pytest.raises(ValidationError, match="已会签生效"):
        cosign(city_finance, adjustment)
    with pytest.raises(ValidationError, match=adjustments.ALREADY_REVOKED):
        decide(city_sme, home)
    assert AuditEvent.objects.filter(verb=AuditVerb.ADJUSTMENT_COSIGNED).count() == 1


def test_an_award_not_yet_allocated_is_not_adjusted_here(final_list, city_finance, city_sme):
    award_list, (home, _) = final_list
    allocation_create(actor=city_finance, award_list=award_list, document_number="文-0", issued_on=dt.date(2024, 2, 1))
    with pytest.raises(ValidationError, match=adjustments.NOT_ALLOCATED):
        decide(city_sme, home)


def test_the_decider_signs_in_a_real_name(issued, city_sme):
    home, _ = issued
    city_sme.full_name = ""
    city_sme.save(update_fields=["full_name"])
    with pytest.raises(ValidationError, match="实名"):
        decide(city_sme, home)


@pytest.fixture
def rectification(issued, city_sme):
    home, _ = issued
    return Rectification.objects.create(application=home, cause=Rectification.Cause.FALSE_REPORTING,
                                        requirement="退回虚报部分", recovery_requested=True, opened_by=city_sme)  # fmt: skip


def test_a_recovery_opened_from_a_rectification_defaults_to_what_was_paid(
    rectification, county_finance, city_finance, enterprise_admin
):
    home = rectification.application
    pay(county_finance, home, "300000.00")
    recovery = services.recovery_open_from_rectification(actor=city_finance, rectification=rectification, due_on=DUE_ON)
    assert (recovery.due, recovery.rectification, fund_of(home).recovery_due) == (
        D("300000.00"), rectification, D("300000.00"),
    )  # fmt: skip
    assert AuditEvent.objects.filter(verb=AuditVerb.RECOVERY_OPENED, target_id=str(home.pk)).exists()
    assert Notification.objects.filter(recipient=enterprise_admin, title="奖补资金追回通知").exists()
    with pytest.raises(ValidationError, match="已有追回记录"):
        services.recovery_open_from_rectification(actor=city_finance, rectification=rectification, due_on=DUE_ON)


@pytest.mark.parametrize(
    ("amount", "due_on", "field", "message"),
    [
        ("300000.01", DUE_ON, "amount", services.ABOVE_PAID.format(wan="30.00", yuan="300,000.00")),
        ("-5", DUE_ON, "amount", services.AMOUNT_NOT_POSITIVE),
        ("100.00", None, "due_on", services.DUE_ON_REQUIRED),
    ],
)
def test_a_recovery_from_a_rectification_is_refused_at_its_field(
    rectification, county_finance, city_finance, amount, due_on, field, message
):
    pay(county_finance, rectification.application, "300000.00")
    with pytest.raises(ValidationError) as refused:
        services.recovery_open_from_rectification(
            actor=city_finance, rectification=rectification, due_on=due_on, amount=Decimal(amount)
        )
    assert refused.value.message_dict[field] == [message]
    assert not Recovery.objects.exists()


def test_a_recovery_needs_a_request_money_paid_and_the_city_finance_section(
    rectification, county_finance, city_finance, city_sme
):
    with pytest.raises(ValidationError, match=services.NOTHING_PAID):
        services.recovery_open_from_rectification(actor=city_finance, rectification=rectification, due_on=DUE_ON)
    pay(county_finance, rectification.application, "300000.00")
    with pytest.raises(PermissionDenied):
        services.recovery_open_from_rectification(actor=city_sme, rectification=rectification, due_on=DUE_ON)
    Rectification.objects.filter(pk=rectification.pk).update(recovery_requested=False)
    rectification.refresh_from_db()
    with pytest.raises(ValidationError, match=services.NOT_REQUESTED):
        services.recovery_open_from_rectification(actor=city_finance, rectification=rectification, due_on=DUE_ON)
    assert not Recovery.objects.exists()
