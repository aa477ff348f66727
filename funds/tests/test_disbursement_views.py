"""An award's fund page and its steps: the county finance bureau records payments (partial; an overpayment
refused at the amount with every typed value kept) and corrects a disputed one; the enterprise confirms
receipt or reports a discrepancy. The account number is in full for finance roles only. Each step: the happy
path, the personas refused (another county or enterprise: 404; a role that sees but may not act: 403), a
wrong method."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.masking import mask_bank_account
from funds.choices import DisbursementKind, ReceiptStatus
from funds.models import AwardFund, Disbursement
from funds.services import disbursements as services
from funds.tests.ledger import ACCOUNT, OTHER, county_finance_in, pay
from funds.tests.recovery import cosign, decide
from funds.views import disbursement as views
from funds.workflow import FundStatus

pytestmark = pytest.mark.django_db
PAYMENT = {"paid_on": "2024-03-01", "amount": "400000", "voucher_number": "记-101", **ACCOUNT}


def url(name, pk):
    return reverse(f"funds:{name}", args=[pk])


def get(client, user, path):
    client.force_login(user)
    return client.get(path)


def post(client, user, path, data=None):
    client.force_login(user)
    return client.post(path, data or {})


@pytest.fixture
def fund(issued) -> AwardFund:
    return AwardFund.objects.get(application=issued[0])


@pytest.fixture
def paid(fund, county_finance) -> Disbursement:
    return pay(county_finance, fund.application, "400000.00", "记-101")


def body_of(response) -> str:
    return response.content.decode()


# --- the fund page ---


def test_the_county_finance_bureau_sees_the_figures_and_the_payment_form(client, fund, county_finance):
    body = body_of(get(client, county_finance, url("fund", fund.pk)))
    figures = body[body.index('id="fund-figures"') :]
    for label, wan, yuan in (("奖补", "100.00", "1,000,000.00"), ("已下达", "100.00", "1,000,000.00"),
                             ("已拨付", "0.00", "0.00"), ("未拨付", "100.00", "1,000,000.00")):  # fmt: skip
        assert (
            f'<th scope="row">{label}</th><td>{wan}</td><td>{yuan}</td>' in figures
            and 'id="payment-form"' in body
            and "尚可拨付" in body
        )


def test_the_account_number_is_masked_except_to_finance_roles(client, paid, county_finance, city_finance,
                                                               county_industry, enterprise_admin, city_sme):  # fmt: skip
    full, masked = ACCOUNT["account_number"], mask_bank_account(ACCOUNT["account_number"])
    for user in (county_finance, city_finance):
        body = body_of(get(client, user, url("fund", paid.fund_id)))
        assert full in body
    for user in (county_industry, enterprise_admin, city_sme):
        body = body_of(get(client, user, url("fund", paid.fund_id)))
        assert full not in body and masked in body and "收款账号仅显示后四位" in body
        assert 'id="payment-form"' not in body


@pytest.mark.parametrize("persona", ["other_county", "enterprise_user", "auditor"])
def test_the_fund_page_is_not_found_outside_the_readers_scope(client, request, fund, persona):
    assert get(client, request.getfixturevalue(persona), url("fund", fund.pk)).status_code == 404


def test_the_fund_page_refuses_post(client, fund, county_finance):
    assert post(client, county_finance, url("fund", fund.pk)).status_code == 405


# --- recording a payment ---


def test_a_payment_is_recorded_and_a_second_is_prefilled_with_the_account(client, fund, county_finance):
    response = post(client, county_finance, url("payment_record", fund.pk), PAYMENT)
    assert response.status_code == 302 and response["Location"] == url("fund", fund.pk)
    body = body_of(client.get(response["Location"]))
    assert views.PAYMENT_RECORDED.format(amount="400,000.00", voucher="记-101") in body
    fund.refresh_from_db()
    assert fund.paid == Decimal("400000.00") and fund.status == FundStatus.PARTIALLY_PAID
    form = body[body.index('id="payment-form"') :]
    assert f'value="{ACCOUNT["account_number"]}"' in form and "60.00 万元（600,000.00 元）" in form


def test_an_overpayment_is_refused_at_the_amount_with_every_value_kept(client, fund, county_finance):
    data = {**PAYMENT, "amount": "1000000.01"}
    response = post(client, county_finance, url("payment_record", fund.pk), data)
    body = body_of(response)
    assert response.status_code == 400
    field = body[body.index('id="field-amount"') : body.index('id="field-voucher_number"')]
    message = services.OVERPAYMENT.format(wan="100.00", yuan="1,000,000.00", amount="1,000,000.01")
    assert message in field
    for value in ("2024-03-01", "1000000.01", "记-101", ACCOUNT["bank_name"], ACCOUNT["account_name"],
                  ACCOUNT["account_number"]):  # fmt: skip
        assert f'value="{value}"' in body
    assert '<div hidden data-focus-target="payment-form"></div>' in body
    assert not Disbursement.objects.exists()


def test_a_blank_payment_names_each_missing_field(client, fund, county_finance):
    body = body_of(post(client, county_finance, url("payment_record", fund.pk), {"amount": "12.345"}))
    for message in ("请填写日期。", services.AMOUNT_CENTS, services.VOUCHER_REQUIRED, "请填写收款开户行。",
                    "请填写收款户名。", "请填写收款账号。"):  # fmt: skip
        assert message in body
    assert "这个字段是必填项" not in body and not Disbursement.objects.exists()


def test_a_payment_is_refused_to_the_industry_bureau_and_not_found_for_another_county(client, fund, county_industry):
    assert post(client, county_industry, url("payment_record", fund.pk), PAYMENT).status_code == 403
    assert post(client, county_finance_in(OTHER), url("payment_record", fund.pk), PAYMENT).status_code == 404
    assert not Disbursement.objects.exists()


def test_recording_refuses_get(client, fund, county_finance):
    assert get(client, county_finance, url("payment_record", fund.pk)).status_code == 405


# --- the enterprise's answer ---


def test_the_enterprise_confirms_receipt(client, paid, enterprise_admin):
    body = body_of(get(client, enterprise_admin, url("fund", paid.fund_id)))
    assert f'id="payment-{paid.pk}"' in body and url("receipt_confirm", paid.pk) in body
    response = post(client, enterprise_admin, url("receipt_confirm", paid.pk))
    assert response.status_code == 302 and response["Location"] == url("fund", paid.fund_id)
    assert views.RECEIPT_CONFIRMED.format(amount="400,000.00") in body_of(client.get(response["Location"]))
    paid.refresh_from_db()
    assert paid.receipt_status == ReceiptStatus.CONFIRMED


def test_a_second_answer_is_told_why_it_is_refused(client, paid, enterprise_admin):
    post(client, enterprise_admin, url("receipt_confirm", paid.pk))
    response = post(client, enterprise_admin, url("receipt_confirm", paid.pk))
    assert response.status_code == 302
    body = body_of(client.get(response["Location"]))
    assert services.RECEIPT_ALREADY_ANSWERED.format(status="已确认到账") in body


def test_a_discrepancy_without_a_reason_is_refused_at_the_field(client, paid, enterprise_admin):
    response = post(client, enterprise_admin, url("discrepancy_report", paid.pk), {f"d{paid.pk}-reason": " "})
    body = body_of(response)
    assert response.status_code == 400 and services.REASON_REQUIRED in body
    assert f'<div hidden data-focus-target="payment-{paid.pk}"></div>' in body
    paid.refresh_from_db()
    assert paid.receipt_status == ReceiptStatus.PENDING


def test_the_county_corrects_a_reported_discrepancy(client, paid, enterprise_admin, county_finance):
    reason = "实际到账 30 万元"
    response = post(client, enterprise_admin, url("discrepancy_report", paid.pk), {f"d{paid.pk}-reason": reason})
    assert response.status_code == 302
    assert views.DISCREPANCY_REPORTED in body_of(client.get(response["Location"]))
    body = body_of(get(client, county_finance, url("fund", paid.fund_id)))
    assert f'id="payment-{paid.pk}"' in body and reason in body and url("disbursement_correct", paid.pk) in body
    data = {f"c{paid.pk}-amount": "300000", f"c{paid.pk}-paid_on": "2024-03-05", f"c{paid.pk}-voucher_number": "记-102",
            f"c{paid.pk}-reason": "按银行回单更正"}  # fmt: skip
    response = post(client, county_finance, url("disbursement_correct", paid.pk), data)
    assert response.status_code == 302
    assert "登记实际拨付 300,000.00 元" in body_of(client.get(response["Location"]))
    kinds = list(Disbursement.objects.order_by("pk").values_list("kind", "amount"))
    assert kinds == [(DisbursementKind.PAYMENT, Decimal("400000.00")), (DisbursementKind.REVERSAL, Decimal("400000.00")),
                     (DisbursementKind.PAYMENT, Decimal("300000.00"))]  # fmt: skip
    body = body_of(get(client, enterprise_admin, url("fund", paid.fund_id)))
    assert "−400,000.00" in body and "已更正" in body


def test_a_correction_without_a_reason_is_refused_in_place(client, paid, enterprise_admin, county_finance):
    post(client, enterprise_admin, url("discrepancy_report", paid.pk), {f"d{paid.pk}-reason": "未到账"})
    data = {f"c{paid.pk}-amount": "0", f"c{paid.pk}-paid_on": "2024-03-05", f"c{paid.pk}-voucher_number": "记-102"}
    response = post(client, county_finance, url("disbursement_correct", paid.pk), data)
    body = body_of(response)
    assert response.status_code == 400 and services.CORRECTION_REASON_REQUIRED in body
    assert 'value="记-102"' in body and f'<div hidden data-focus-target="payment-{paid.pk}"></div>' in body
    assert Disbursement.objects.count() == 1


def test_the_answers_are_the_enterprises_and_the_correction_the_countys(client, paid, county_finance,
                                                                       enterprise_user, enterprise_admin):  # fmt: skip
    assert post(client, county_finance, url("receipt_confirm", paid.pk)).status_code == 403
    assert post(client, county_finance, url("discrepancy_report", paid.pk), {}).status_code == 403
    assert post(client, enterprise_user, url("receipt_confirm", paid.pk)).status_code == 404
    assert post(client, county_finance_in(OTHER), url("disbursement_correct", paid.pk)).status_code == 404
    assert post(client, enterprise_admin, url("disbursement_correct", paid.pk)).status_code == 403
    paid.refresh_from_db()
    assert paid.receipt_status == ReceiptStatus.PENDING


@pytest.mark.parametrize("name", ["receipt_confirm", "discrepancy_report", "disbursement_correct"])
def test_the_payment_steps_refuse_get(client, paid, enterprise_admin, name):
    assert get(client, enterprise_admin, url(name, paid.pk)).status_code == 405


def _figures(page) -> dict[str, str]:
    """The fund page's figures table: row heading → the 元 cell."""
    table = page.content.decode().split('id="fund-figures"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>[^<]*</td><td>([^<]*)</td>', table))


def test_after_a_revocation_the_page_shows_nothing_left_to_pay_and_what_is_due_back(
    client, fund, county_finance, city_sme, city_finance
):
    pay(county_finance, fund.application, "400000.00")
    before = _figures(get(client, county_finance, url("fund", fund.pk)))
    assert before["未拨付"] == f"{fund.awarded - Decimal('400000.00'):,.2f}" and "应追回" not in before
    cosign(city_finance, decide(city_sme, fund.application))
    after = _figures(get(client, county_finance, url("fund", fund.pk)))
    assert after["调减、撤销"] == after["奖补（名单）"] == f"{fund.awarded:,.2f}"
    assert after["现行奖补"] == "0.00"
    assert after["未拨付"] == "0.00"
    assert after["应追回"] == "400,000.00"
    body = get(client, county_finance, url("fund", fund.pk)).content.decode()
    assert '<span class="state state--withdrawn" id="fund-withdrawn">已撤销</span>' in body
    assert "登记拨付" not in body  # nothing may be paid while money is due back: no form to be refused
    ledger = get(client, county_finance, reverse("funds:ledger")).content.decode()
    assert '<small class="ledger-recovery">应追回 40.00</small>' in ledger
