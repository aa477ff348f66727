"""Issue 15: a refused payment is in view where the county finance officer acted. An overpayment comes back
with the page opened at the 登记拨付 form, the service's message under the amount within the viewport and
every typed value kept, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from e2e.session import login
from funds.models import AwardFund
from funds.tests.ledger import allocation_issued, two_county_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_an_overpayment_opens_at_the_amount(
    browser, live_server, stored_pack, city_sme, city_finance, county_finance, enterprise_admin, width, height
):
    award_list, (home, _) = two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme)
    fund = AwardFund.objects.get(application=home)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height}, is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server.url, county_finance.username, PASSWORD)
        page.goto(f"{live_server.url}{reverse('funds:fund', args=[fund.pk])}")
        page.get_by_label("拨付金额（元）").fill("1000000.01")
        page.get_by_label("凭证号").fill("记-2024-032")
        page.get_by_label("收款开户行").fill("中国工商银行衡阳分行")
        page.get_by_label("收款户名").fill("衡阳测试企业有限公司")
        page.get_by_label("收款账号").fill("6222021234567890123")
        page.get_by_role("button", name="登记拨付").click()
        page.wait_for_load_state("load")
        error = page.locator("#field-amount .field-error")
        expect(error).to_contain_text("拨付金额超出可拨付余额：该项目尚可拨付 100.00 万元（1,000,000.00 元）")
        expect(error).to_be_in_viewport()
        expect(page.get_by_label("拨付金额（元）")).to_have_value("1000000.01")
        expect(page.get_by_label("凭证号")).to_have_value("记-2024-032")
        expect(page.get_by_label("收款账号")).to_have_value("6222021234567890123")
    finally:
        context.close()
