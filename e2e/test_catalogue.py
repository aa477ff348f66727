"""An anonymous visitor opens the catalogue and reads an item's conditions and contact."""

import pytest

from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_reads_item_conditions_and_contact(page, live_server):
    pack_load(actor=None, directory=PACK_2023)
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/policies/")
    assert page.get_by_role("heading", name="2023年工信领域奖补资金支持事项").is_visible()
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 14
    page.get_by_role("link", name="培育制造业单项冠军企业").click()
    page.wait_for_url("**/policies/items/3/")
    assert page.get_by_role("heading", name="3. 培育制造业单项冠军企业").is_visible()
    facts = page.locator("dl.facts").inner_text()
    assert "政策法规科 刘海峰 0734-8859605" in facts
    conditions = page.get_by_role("heading", name="申报条件", exact=True).locator("xpath=..").inner_text()
    assert "企业上年度研发投入占营业收入比重达3%以上" in conditions
    assert "各县市区、市直园区限报1个" in conditions
    assert "逾期不予受理" in page.locator(".countdown").first.inner_text()
    # The form preview opens and shows the template's rows.
    page.locator("summary", has_text="附件2-3").click()
    assert page.locator(".form-preview").first.is_visible()
