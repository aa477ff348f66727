"""调减/撤销 and 追回 in the browser, as the people do it: an award of 100 万元, 40 万元 already paid, is revoked for
false reporting by the 中小企业科 (a reduction typed wrongly is refused at its field first, nothing lost); the city
finance section co-signs it in its own name; the county finance bureau records the recovery in two repayments
(an over-recovery refused at the amount); the enterprise reads what it owes and, once repaid, the facts on its
record (一企一档) say the recovery is closed and the year of the finding. Then a 整改 asking for a recovery
of another award is opened by the city finance section, the amount defaulting to what was paid.

The award, its allocation and the payments are built through the services (their own journeys are elsewhere);
everything after is typed and clicked at 1280 px, and the recovery page is checked at 390 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from e2e.journeys import menu, press
from e2e.session import login, logout
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from enterprises.tests.factories import make_profile
from funds.models import AwardFund
from funds.tests.ledger import OTHER, allocation_issued, county_finance_in, pay, two_county_list
from performance.models import Rectification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_revocation_for_false_reporting_is_recovered_in_two_repayments(
    page, phone_page, live_server, stored_pack, city_sme, city_finance, county_finance, enterprise_admin
):
    make_profile(enterprise=enterprise_admin.organisation)
    award_list, (home, other) = two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme)
    pay(county_finance, home, "400000.00", "记-2024-031")
    fund = AwardFund.objects.get(application=home)
    base, recovery_url = live_server.url, live_server.url + reverse("funds:recovery", args=[fund.pk])

    # 中小企业科: a reduction to the whole award is refused at the amount, every value kept; then a revocation.
    login(page, base, city_sme.username, PASSWORD)
    page.goto(recovery_url)
    expect(page.locator("#adjustments-title + p")).to_have_text("没有调减或撤销决定。")
    page.get_by_role("link", name="调减或撤销奖补").click()
    page.get_by_label("调减", exact=True).check()
    page.get_by_label("调减后的奖补金额（元）").fill("1000000")
    page.get_by_label("决定文号").fill("衡工信〔2024〕9号")
    page.get_by_label("调减或撤销的理由").fill("核查发现申报材料中的销售收入与审计报告不符")
    page.get_by_label("依据").fill("《衡阳市工信领域奖补资金管理办法》第二十条")
    page.get_by_label("追回期限").fill("2024-09-30")
    page.get_by_role("button", name="以本人实名作出决定").click()
    expect(page.locator("#field-new_award")).to_contain_text("减至 0 请选择撤销")
    expect(page.get_by_label("调减或撤销的理由")).to_have_value("核查发现申报材料中的销售收入与审计报告不符")
    page.get_by_label("撤销", exact=True).check()
    page.get_by_label("调减后的奖补金额（元）").fill("")
    clause = page.locator("#field-commitment_clause label").nth(1)
    clause_text = clause.inner_text().strip()
    clause.click()
    page.get_by_label("经核查认定虚假申报（仅撤销时可选；将记入企业档案）").check()
    press(page, "以本人实名作出决定", "已作出撤销决定（衡工信〔2024〕9号），待市财政局企业科会签后生效。")
    expect(page.locator(".state--decided")).to_have_text("中小企业科已决定，待财政局企业科会签")
    logout(page)

    # 市财政局企业科: from the list of what awaits it, checks and co-signs in its own name.
    login(page, base, city_finance.username, PASSWORD)
    menu(page, "调减与追回")
    page.get_by_role("link", name="核对并会签 ›").click()
    expect(page.locator("#sign-off-facts")).to_contain_text("0.00 万元（大写：人民币零元整）")
    page.get_by_label("确认以本人实名会签", exact=False).check()
    press(page, "以本人实名会签", "已实名会签，撤销决定生效；已通知企业。")
    expect(page.locator("#award-in-force")).to_have_text("0.00 万元（0.00 元）")
    expect(page.locator("#recovery-outstanding")).to_have_text("400,000.00")
    logout(page)

    # 县级财政: two repayments, the first attempt above what is due refused at the amount.
    login(page, base, county_finance.username, PASSWORD)
    page.goto(recovery_url)
    page.get_by_label("缴回日期").fill("2024-06-01")
    page.get_by_label("金额（元）").fill("500000")
    page.get_by_label("缴款凭证号").fill("缴-2024-001")
    page.get_by_role("button", name="登记追回款").click()
    expect(page.locator("#field-amount")).to_contain_text(
        "该项目尚应追回 40.00 万元（400,000.00 元），本次登记 500,000.00 元"
    )
    expect(page.get_by_label("缴款凭证号")).to_have_value("缴-2024-001")
    page.get_by_label("金额（元）").fill("150000")
    press(page, "登记追回款", "已登记追回款 150,000.00 元（凭证号 缴-2024-001）。")
    page.get_by_label("缴回日期").fill("2024-07-01")
    page.get_by_label("金额（元）").fill("250000")
    page.get_by_label("缴款凭证号").fill("缴-2024-002")
    press(page, "登记追回款", "已登记追回款 250,000.00 元（凭证号 缴-2024-002）。")
    expect(page.locator("#recovery-status")).to_have_text("已追回")
    expect(page.locator("#repayment-form")).to_have_count(0)
    logout(page)

    # The enterprise reads the decision, the clause it broke and the repayments, on a phone too.
    login(phone_page, base, enterprise_admin.username, PASSWORD)
    phone_page.goto(recovery_url)
    expect(phone_page.locator("#adjustments-title + article")).to_contain_text(clause_text)
    expect(phone_page.locator("#adjustments-title + article")).to_contain_text("认定虚假申报")
    expect(phone_page.locator("#repayments tbody tr")).to_have_count(2)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    facts = profile_facts(EnterpriseProfile.objects.get(organisation=enterprise_admin.organisation))
    assert (facts["fund_recovery_open"], facts["false_reporting_finding_year"]) == (False, timezone.localdate().year)

    # A 整改 asking for a recovery of the other county's award: the city finance section opens it.
    pay(county_finance_in(OTHER), other, "200000.00", "记-2024-090")
    Rectification.objects.create(application=other, cause=Rectification.Cause.POOR_GRADE, requirement="按评价意见整改",
                                 recovery_requested=True, opened_by=city_sme)  # fmt: skip
    login(page, base, city_finance.username, PASSWORD)
    menu(page, "调减与追回")
    page.get_by_role("link", name="启动追回 ›").click()
    expect(page.get_by_label("应追回金额（元）")).to_have_value("200000.00")
    page.get_by_label("追回期限").fill("2024-10-31")
    press(page, "启动追回", "已启动追回：应追回 200,000.00 元，已通知企业和县级财政部门。")
    expect(page.locator("#recovery-outstanding")).to_have_text("200,000.00")
