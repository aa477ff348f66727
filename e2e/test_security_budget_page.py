"""Issue 16, finding 9: the 中小企业科 sets an item's budget from its menu, as a person would, on a desktop and
on a phone. A budget below what the city has already approved is refused at its field, in view, with the value
typed kept; the budget then set shows with what remains. The pages are captured (E2E_SCREENSHOTS=dir, e2e.screens)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from applications.models import Application
from applications.workflow import ApplicationStatus as S
from e2e.journeys import menu
from e2e.screens import capture
from e2e.session import login
from review.tests.helpers import applications_in_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_sme_section_sets_a_budget_from_its_menu(browser, live_server, stored_pack, city_sme, width, height):
    approved = applications_in_county(stored_pack, 1, status=S.CITY_APPROVED)[0]
    Application.objects.filter(pk=approved.pk).update(proposed_amount=Decimal("30"))
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height}, is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server.url, city_sme.username, PASSWORD)
        menu(page, "支持事项预算")
        expect(page.get_by_role("heading", name="支持事项预算")).to_be_visible()
        row = page.locator("#item-2")
        expect(row).to_contain_text("30.00")
        capture(page, f"budgets-{width}")

        field = page.get_by_label("第2项预算（万元）")
        field.fill("20")
        row.get_by_role("button", name="保存").click()
        page.wait_for_load_state("load")
        error = page.locator("#item-2 .field-error")
        expect(error).to_have_text("第2项已建议奖补 30.00 万元，预算不能低于此数。")
        expect(page.get_by_label("第2项预算（万元）")).to_have_value("20")
        error.scroll_into_view_if_needed()
        expect(error).to_be_in_viewport()
        capture(page, f"budgets-refused-{width}")

        page.get_by_label("第2项预算（万元）").fill("50")
        page.locator("#item-2").get_by_role("button", name="保存").click()
        expect(page.get_by_text("第2项的预算已设为 50.00 万元。")).to_be_visible()
        expect(page.locator("#item-2 td").nth(2)).to_have_text("20.00")  # 剩余
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        capture(page, f"budgets-set-{width}")
    finally:
        context.close()
