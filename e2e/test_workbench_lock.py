"""The 中小企业科 has item 5 of next year's draft open in two tabs. The first sets 每县市区/园区限报 2 个 and saves;
the second, still showing the item as it was, changes the 联系人 and saves: the save is refused at the top of its
form, in view, with what was typed kept, and nothing is written (it would have put the old quota back).
Reopened, the page shows the first tab's quota, and the second change saves. Screenshots (E2E_SCREENSHOTS) of
the refusal at 1280 px and 390 px."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, persona
from e2e.screens import capture
from e2e.session import login
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from workbench.models import PackDraft
from workbench.services import draft_create_from_pack
from workbench.services.drafts import DRAFT_CHANGED_ELSEWHERE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(live_server):
    pack, _ = pack_load(actor=None, directory=PACK_2023)
    return draft_create_from_pack(actor=persona("city_sme"), pack=pack, year=2024, pack_id="hengyang-2024-gxj")


def _item_5(draft) -> dict:
    return next(i for i in PackDraft.objects.get(pk=draft.pk).data["items"] if i["number"] == 5)


def test_a_save_from_a_tab_another_save_made_stale_is_refused_and_succeeds_once_reopened(page, live_server, draft):
    login(page, live_server.url, draft.prepared_by.username, PASSWORD)
    url = f"{live_server.url}/workbench/drafts/{draft.pk}/items/5/"
    first, second = page, page.context.new_page()
    first.goto(url)
    second.goto(url)
    person = _item_5(draft)["contact"]["person"]
    expect(second.get_by_label("联系人")).to_have_value(person)

    first.get_by_label("每县市区/园区限报（个）").fill("2")
    with first.expect_navigation():
        first.get_by_role("button", name="保存", exact=True).click()
    expect(first.locator("#messages")).to_contain_text("已保存：修改第5项支持事项")
    assert _item_5(draft)["county_quota"] == 2

    second.get_by_label("联系人").fill("第二个窗口的联系人")
    with second.expect_navigation():
        second.get_by_role("button", name="保存", exact=True).click()
    refusal = second.locator("#item-form .form-errors")
    expect(refusal).to_have_text(DRAFT_CHANGED_ELSEWHERE)
    expect(refusal).to_be_in_viewport()
    expect(second.get_by_label("联系人")).to_have_value("第二个窗口的联系人")
    capture(second, "workbench-lock-refused", both_widths=True)
    second.set_viewport_size({"width": 390, "height": 844})
    second.evaluate("window.scrollTo(0, 0)")
    expect(refusal).to_be_in_viewport()
    assert second.evaluate("document.documentElement.scrollWidth") <= 390
    second.set_viewport_size({"width": 1280, "height": 900})
    item = _item_5(draft)
    assert (item["county_quota"], item["contact"]["person"]) == (2, person)

    # Saving the refused page again is refused again: it still shows the item as it was.
    with second.expect_navigation():
        second.get_by_role("button", name="保存", exact=True).click()
    expect(second.locator("#item-form .form-errors")).to_have_text(DRAFT_CHANGED_ELSEWHERE)
    assert _item_5(draft)["contact"]["person"] == person

    # Reopened, the page shows the first tab's quota; the change typed again is saved, and so is the next one.
    second.goto(url)
    expect(second.get_by_label("每县市区/园区限报（个）")).to_have_value("2")
    second.get_by_label("联系人").fill("第二个窗口的联系人")
    with second.expect_navigation():
        second.get_by_role("button", name="保存", exact=True).click()
    expect(second.locator("#messages")).to_contain_text("已保存：修改第5项支持事项")
    item = _item_5(draft)
    assert (item["county_quota"], item["contact"]["person"]) == (2, "第二个窗口的联系人")
    with second.expect_navigation():
        second.locator("#items").get_by_role("link", name=item["name"]).click()
    second.get_by_label("联系电话").fill("0734-8888888")
    with second.expect_navigation():
        second.get_by_role("button", name="保存", exact=True).click()
    expect(second.locator("#messages")).to_contain_text("已保存：修改第5项支持事项")
    assert _item_5(draft)["contact"]["phone"] == "0734-8888888"
