"""The 调减/撤销 and 追回 pages: the 中小企业科 decides (a refusal comes back at its field with every value kept),
the city finance section co-signs through the sign-off page and opens a recovery from a 整改, the county
finance bureau records repayments (over-recovery refused at the amount, values kept), the enterprise and the
city read. Isolation for every URL and role, and the wrong methods: test_recovery_isolation.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds.models import AwardAdjustment, AwardFund, Recovery, Repayment
from funds.services import recovery as services
from funds.tests.ledger import OTHER, allocation_issued, county_finance_in, enterprise_in, pay
from funds.tests.recovery import cosign, decide
from performance.models import Rectification
from performance.tests.awarded import awarded_list

pytestmark = pytest.mark.django_db

DECISION = {
    "kind": "revoke", "document_number": "衡工信〔2024〕9号", "reason": "销售收入与审计报告不符",
    "legal_basis": "管理办法第二十条", "commitment_clause": "", "commitment_quote": "", "false_reporting": "on",
    "recovery_due_on": "2024-09-30",
}  # fmt: skip


@pytest.fixture
def fund(issued, county_finance):
    home, _ = issued
    pay(county_finance, home, "400000.00")
    return AwardFund.objects.get(application=home)


def test_the_sme_section_decides_with_a_clause_of_the_commitment(client, fund, city_sme):
    client.force_login(city_sme)
    page = client.get(reverse("funds:adjustment_decide", args=[fund.pk]))
    assert page.status_code == 200
    clauses = page.context["clauses"]
    assert clauses and all(c in page.content.decode() for c in clauses)
    response = client.post(
        reverse("funds:adjustment_decide", args=[fund.pk]), {**DECISION, "commitment_clause": clauses[0]}
    )
    assert response.status_code == 302 and response.url == reverse("funds:recovery", args=[fund.pk])
    adjustment = AwardAdjustment.objects.get()
    assert (adjustment.commitment_clause, adjustment.false_reporting) == (clauses[0], True)


def test_a_refused_decision_comes_back_at_its_field_with_every_value_kept(client, fund, city_sme):
    client.force_login(city_sme)
    typed = {**DECISION, "kind": "reduce", "new_award": "1000000", "false_reporting": ""}
    response = client.post(reverse("funds:adjustment_decide", args=[fund.pk]), typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["new_award"] == [
        "调减后的奖补金额须大于 0 元且低于现有奖补金额 100.00 万元（1,000,000.00 元）；减至 0 请选择撤销。"
    ]
    html = response.content.decode()
    assert "销售收入与审计报告不符" in html and "衡工信〔2024〕9号" in html and 'value="1000000"' in html
    assert not AwardAdjustment.objects.exists()


def test_the_finance_section_cosigns_on_the_sign_off_page(client, fund, city_sme, city_finance):
    adjustment = decide(city_sme, fund.application, false_reporting=True)
    client.force_login(city_finance)
    url = reverse("funds:adjustment_cosign", args=[adjustment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "衡工信〔2024〕9号" in page.content.decode()
    assert client.post(url, {"count": 1, "total": "0.00"}).status_code == 400  # not ticked: nothing signed
    response = client.post(url, {"count": 1, "total": "0.00", "confirm": "on"})
    assert response.status_code == 302
    assert Recovery.objects.get().due == fund.paid
    assert client.get(url).status_code == 302  # nothing left to sign


def test_the_county_records_repayments_and_an_over_recovery_keeps_the_values(client, fund, city_sme, city_finance,
                                                                              county_finance):  # fmt: skip
    cosign(city_finance, decide(city_sme, fund.application))
    recovery = Recovery.objects.get()
    client.force_login(county_finance)
    url = reverse("funds:repayment_record", args=[recovery.pk])
    typed = {"repaid_on": "2024-06-01", "amount": "400000.01", "voucher_number": "缴-77"}
    response = client.post(url, typed)
    assert response.status_code == 400
    assert response.context["repay_form"].errors["amount"] == [
        services.OVER_RECOVERY.format(wan="40.00", yuan="400,000.00", amount="400,000.01")
    ]
    assert 'value="缴-77"' in response.content.decode() and not Repayment.objects.exists()
    assert client.post(url, {**typed, "amount": "150000"}).status_code == 302
    page = client.get(reverse("funds:recovery", args=[fund.pk]))
    assert "250,000.00" in page.content.decode() and page.context["repay_form"] is not None


def test_the_enterprise_and_the_city_read_the_recovery_without_forms(client, fund, city_sme, city_finance,
                                                                       enterprise_admin):  # fmt: skip
    cosign(city_finance, decide(city_sme, fund.application, false_reporting=True))
    for reader in (enterprise_admin, city_finance, city_sme):
        client.force_login(reader)
        page = client.get(reverse("funds:recovery", args=[fund.pk]))
        assert page.status_code == 200 and page.context["repay_form"] is None
        assert "认定虚假申报" in page.content.decode()
        listed = client.get(reverse("funds:recovery_index"))
        assert [r.pk for r in listed.context["recoveries"]] == [fund.recovery.pk]


def test_a_recovery_opened_from_a_rectification_defaults_to_what_was_paid(client, fund, city_sme, city_finance):
    rectification = Rectification.objects.create(
        application=fund.application, cause=Rectification.Cause.POOR_GRADE, requirement="整改",
        recovery_requested=True, opened_by=city_sme,
    )  # fmt: skip
    client.force_login(city_finance)
    assert [r.pk for r in client.get(reverse("funds:recovery_index")).context["requested"]] == [rectification.pk]
    url = reverse("funds:recovery_open", args=[rectification.pk])
    page = client.get(url)
    assert page.context["form"].initial["amount"] == fund.paid
    refused = client.post(url, {"amount": "400000.01", "due_on": "2024-09-30"})
    assert refused.status_code == 400 and refused.context["form"].errors["amount"]
    assert client.post(url, {"amount": "400000.00", "due_on": "2024-09-30"}).status_code == 302
    assert Recovery.objects.get().rectification == rectification
    assert list(client.get(reverse("funds:recovery_index")).context["requested"]) == []


def _index_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("funds:recovery_index"))  # the session's first request renews it (core/passive_session.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("funds:recovery_index")).status_code == 200
    return len(queries)


def test_the_list_takes_a_constant_number_of_queries(client, stored_pack, fund, city_sme, city_finance):
    """Session, user, roles, the unread badge, the user's organisation (the header); pending decisions,
    requested 整改, recoveries: 8, for one recovery as for four (the session is not written again)."""
    cosign(city_finance, decide(city_sme, fund.application))
    Rectification.objects.create(application=fund.application, cause=Rectification.Cause.POOR_GRADE,
                                 requirement="整改", recovery_requested=True, opened_by=city_sme)  # fmt: skip
    one = _index_queries(client, city_finance)
    award_list, applications = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_in(OTHER) for _ in range(3)])
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme, number="衡财企指〔2024〕7号")
    officer = county_finance_in(OTHER)
    for application in applications:
        pay(officer, application, "1000.00")
        cosign(city_finance, decide(city_sme, application))
    assert _index_queries(client, city_finance) == one == 7
