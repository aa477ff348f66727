"""拨付 and the enterprise's answer: partial payments, overpayment refused (the exact limit allowed), 确认到账,
存在差异 with a reason, and the county's correction, which keeps the disputed payment and writes new rows."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.choices import AuditVerb
from core.models import AuditEvent
from funds import permissions
from funds.choices import DisbursementKind, ReceiptStatus
from funds.models import AwardFund, Disbursement
from funds.services import disbursements as services
from funds.services.allocation import allocation_create
from funds.services.disbursements import (
    disbursement_correct,
    disbursement_discrepancy_report,
    disbursement_receipt_confirm,
)
from funds.tests.ledger import PAID_ON, pay
from funds.tests.recovery import cosign, decide
from funds.workflow import FundStatus
from notifications.models import Notification

pytestmark = pytest.mark.django_db
# Savepoint, the fund row locked, the payment, the dispute check, the fund's update, the audit event (the
# chain head locked, the event, the head moved: core.audit_chain), the enterprise's members, their
# notification, release.
QUERIES_PER_PAYMENT = 11


def fund_of(application) -> AwardFund:
    return AwardFund.objects.get(application=application)


def test_partial_payments_up_to_exactly_the_allocation(issued, county_finance, enterprise_admin):
    home, _ = issued
    pay(county_finance, home, "400000.00", "记-001")
    assert (fund_of(home).paid, fund_of(home).status) == (Decimal("400000.00"), FundStatus.PARTIALLY_PAID)
    pay(county_finance, home, "600000.00", "记-002")  # exactly what is left: allowed
    fund = fund_of(home)
    assert (fund.paid, fund.payable, fund.status) == (Decimal("1000000.00"), 0, FundStatus.PAID)
    assert AuditEvent.objects.filter(verb=AuditVerb.DISBURSEMENT_RECORDED, target_id=str(home.pk)).count() == 2
    assert Notification.objects.filter(recipient=enterprise_admin, title__contains="已拨付").count() == 2


def test_an_overpayment_is_refused_with_what_is_still_payable(issued, county_finance):
    home, _ = issued
    pay(county_finance, home, "999999.99")
    with pytest.raises(ValidationError) as refused:
        pay(county_finance, home, "0.02", "记-002")
    assert refused.value.messages == [services.OVERPAYMENT.format(wan="0.000001", yuan="0.01", amount="0.02")]
    assert "尚可拨付 0.000001 万元（0.01 元）" in refused.value.messages[0]
    assert Disbursement.objects.count() == 1 and fund_of(home).paid == Decimal("999999.99")


def test_the_payable_amount_is_stated_in_wan_and_yuan(issued, county_finance):
    home, _ = issued
    pay(county_finance, home, "250000.00")
    with pytest.raises(ValidationError, match=r"尚可拨付 75.00 万元（750,000.00 元），本次登记 1,000,000.00 元"):
        pay(county_finance, home, "1000000.00", "记-002")


@pytest.mark.parametrize(("amount", "message"), [("0", services.AMOUNT_NOT_POSITIVE), ("-5", services.AMOUNT_NOT_POSITIVE),
                                                 ("10.001", services.AMOUNT_CENTS)])  # fmt: skip
def test_an_amount_must_be_positive_and_in_cents(issued, county_finance, amount, message):
    with pytest.raises(ValidationError, match=message):
        pay(county_finance, issued[0], amount)
    assert not Disbursement.objects.exists()


def test_no_payment_before_the_allocation_is_issued(final_list, county_finance, city_finance):
    with pytest.raises(ValidationError, match=services.NOT_ALLOCATED):
        pay(county_finance, final_list[1][0], "100.00")
    allocation_create(actor=city_finance, award_list=final_list[0], document_number="X1", issued_on=PAID_ON)
    with pytest.raises(ValidationError, match=services.NOT_ALLOCATED):
        pay(county_finance, final_list[1][0], "100.00")
    assert not Disbursement.objects.exists()


def test_the_enterprise_confirms_one_payment_and_disputes_the_other_then_the_county_corrects(
    issued, county_finance, enterprise_admin
):
    home, _ = issued
    first = pay(county_finance, home, "400000.00", "记-001")
    second = pay(county_finance, home, "600000.00", "记-002")
    disbursement_receipt_confirm(actor=enterprise_admin, disbursement=first)
    assert (fund_of(home).confirmed, fund_of(home).status) == (Decimal("400000.00"), FundStatus.PAID)
    with pytest.raises(ValidationError, match=services.REASON_REQUIRED):
        disbursement_discrepancy_report(actor=enterprise_admin, disbursement=second, reason="  ")
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=second, reason="实际到账 50 万元")
    assert fund_of(home).status == FundStatus.DISCREPANCY
    assert Notification.objects.filter(recipient=county_finance, title__contains="存在差异").exists()
    with pytest.raises(ValidationError, match="不能再确认到账"):
        disbursement_receipt_confirm(actor=enterprise_admin, disbursement=second)
    with pytest.raises(ValidationError, match=services.NOT_DISPUTED):
        disbursement_correct(actor=county_finance, disbursement=first, amount=Decimal("1"), paid_on=PAID_ON,
                        voucher_number="记-003", reason="核对")  # fmt: skip

    reversal, corrected = disbursement_correct(
        actor=county_finance, disbursement=second, amount=Decimal("500000.00"), paid_on=PAID_ON,
        voucher_number="记-003", reason="银行回单核对，实际拨付 50 万元",
    )  # fmt: skip
    second.refresh_from_db()
    assert second.receipt_status == ReceiptStatus.CORRECTED and second.amount == Decimal("600000.00")  # kept
    assert (reversal.kind, reversal.amount, reversal.corrects) == (DisbursementKind.REVERSAL, second.amount, second)
    assert (corrected.kind, corrected.amount, corrected.receipt_status) == (
        DisbursementKind.PAYMENT, Decimal("500000.00"), ReceiptStatus.PENDING,
    )  # fmt: skip
    fund = fund_of(home)
    assert (fund.paid, fund.confirmed, fund.status) == (Decimal("900000.00"), Decimal("400000.00"),
                                                        FundStatus.PARTIALLY_PAID)  # fmt: skip
    disbursement_receipt_confirm(actor=enterprise_admin, disbursement=corrected)
    pay(county_finance, home, "100000.00", "记-004")
    disbursement_receipt_confirm(actor=enterprise_admin, disbursement=Disbursement.objects.get(voucher_number="记-004"))
    fund = fund_of(home)
    assert (fund.paid, fund.confirmed, fund.status) == (fund.allocated, fund.allocated, FundStatus.RECEIPT_CONFIRMED)
    verbs = AuditEvent.objects.filter(target_id=str(home.pk), target_type="applications.application").order_by("pk")
    assert [e.verb for e in verbs if e.verb.startswith(("disbursement", "receipt", "discrepancy"))] == [
        AuditVerb.DISBURSEMENT_RECORDED, AuditVerb.DISBURSEMENT_RECORDED, AuditVerb.RECEIPT_CONFIRMED,
        AuditVerb.DISCREPANCY_REPORTED, AuditVerb.DISBURSEMENT_CORRECTED, AuditVerb.RECEIPT_CONFIRMED,
        AuditVerb.DISBURSEMENT_RECORDED, AuditVerb.RECEIPT_CONFIRMED,
    ]  # fmt: skip


def test_a_correction_to_nothing_reverses_the_payment(issued, county_finance, enterprise_admin):
    home, _ = issued
    payment = pay(county_finance, home, "300000.00")
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=payment, reason="未到账")
    (reversal,) = disbursement_correct(actor=county_finance, disbursement=payment, amount=Decimal("0"), paid_on=PAID_ON,
                                  voucher_number="冲-001", reason="退票")  # fmt: skip
    assert reversal.receipt_status == ReceiptStatus.NOT_APPLICABLE
    assert (fund_of(home).paid, fund_of(home).status) == (0, FundStatus.ALLOCATED)


def test_a_correction_above_what_is_payable_is_refused_and_nothing_is_written(issued, county_finance,
                                                                            enterprise_admin):  # fmt: skip
    home, _ = issued
    pay(county_finance, home, "700000.00", "记-001")
    disputed = pay(county_finance, home, "300000.00", "记-002")
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=disputed, reason="实际到账 30.5 万元")
    with pytest.raises(ValidationError, match=r"尚可拨付 30.00 万元（300,000.00 元），本次登记 305,000.00 元"):
        disbursement_correct(actor=county_finance, disbursement=disputed, amount=Decimal("305000.00"),
                             paid_on=PAID_ON, voucher_number="记-003", reason="核对")  # fmt: skip
    disputed.refresh_from_db()
    assert disputed.receipt_status == ReceiptStatus.DISPUTED and Disbursement.objects.count() == 2
    assert (fund_of(home).paid, fund_of(home).status) == (Decimal("1000000.00"), FundStatus.DISCREPANCY)


def test_no_correction_moves_what_was_paid_under_a_recovery(issued, county_finance, enterprise_admin, city_sme,
                                                            city_finance):  # fmt: skip
    home, _ = issued
    disputed = pay(county_finance, home, "300000.00")
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=disputed, reason="实际未到账")
    cosign(city_finance, decide(city_sme, home))  # revoked: the 300,000 paid is due back
    with pytest.raises(ValidationError, match=r"已决定追回奖补资金（应追回 300,000.00 元），拨付记录不能再更正"):
        disbursement_correct(actor=county_finance, disbursement=disputed, amount=Decimal("0"), paid_on=PAID_ON,
                             voucher_number="冲-001", reason="退票")  # fmt: skip
    fund = fund_of(home)
    assert (fund.paid, fund.recovery_due, Disbursement.objects.count()) == (Decimal("300000.00"), fund.paid, 1)


def test_only_the_enterprise_answers_and_only_its_county_corrects(issued, county_finance, enterprise_admin,
                                                                   enterprise_user):  # fmt: skip
    home, _ = issued
    payment = pay(county_finance, home, "100.00")
    for stranger in (county_finance, enterprise_user):  # enterprise_user belongs to another enterprise
        with pytest.raises(PermissionDenied, match=permissions.NOT_THE_ENTERPRISE):
            disbursement_receipt_confirm(actor=stranger, disbursement=payment)
    disbursement_discrepancy_report(actor=enterprise_admin, disbursement=payment, reason="未到账")
    with pytest.raises(PermissionDenied, match=permissions.NOT_THE_COUNTY_FINANCE):
        disbursement_correct(actor=enterprise_admin, disbursement=payment, amount=Decimal("0"), paid_on=PAID_ON,
                        voucher_number="冲-001", reason="退票")  # fmt: skip
    assert Disbursement.objects.count() == 1


def test_the_database_keeps_paid_within_the_allocation(issued, county_finance):
    home, _ = issued
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFund.objects.filter(application=home).update(paid=Decimal("1000000.01"))


def test_recording_a_payment_takes_a_constant_number_of_queries(issued, county_finance, django_assert_num_queries):
    home, _ = issued
    pay(county_finance, home, "100.00", "记-001")
    home = type(home).objects.select_related("enterprise").get(pk=home.pk)
    with django_assert_num_queries(QUERIES_PER_PAYMENT):
        pay(county_finance, home, "100.00", "记-002")
