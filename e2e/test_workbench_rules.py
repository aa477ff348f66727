"""The 中小企业科 sets 每县市区/园区限报 2 个 on an item of next year's draft in the browser: the 申报限制规则 page
then shows the quota rule the county's recommendation enforces, and the draft's data holds it; a quota rule naming
an item that another rule already limits is refused at the items field, with what was typed kept. Screenshots
(E2E_SCREENSHOTS) of the rules page and of the refusal at 1280 px and 390 px."""

import pytest
from playwright.sync_api import expect

from e2e.screens import capture
from e2e.session import login
from workbench.models import PackDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLOW = 30000


def test_a_quota_set_on_an_item_is_the_rule_the_rules_page_shows(page, live_server, draft):
    base = live_server.url
    page.set_default_timeout(45000)
    login(page, base, "city_sme_summary")
    page.goto(f"{base}/workbench/drafts/{draft.pk}/")
    name = next(i["name"] for i in draft.data["items"] if i["number"] == 5)
    with page.expect_navigation():
        page.locator("#items").get_by_role("link", name=name).click()
    page.get_by_label("每县市区/园区限报（个）").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect(page.locator("#messages")).to_contain_text("已保存：修改第5项支持事项", timeout=SLOW)

    with page.expect_navigation():
        page.get_by_role("link", name="申报限制规则").click()
    row = page.locator("#quota-table tbody tr", has_text="第5项")
    expect(row).to_contain_text("2 个", timeout=SLOW)
    expect(row).to_contain_text("“各县市区、市直园区限报2个。”", timeout=SLOW)
    expect(page.locator("#project-limit")).to_contain_text("不得超过2个(产业数字化工作推进项目除外)", timeout=SLOW)
    expect(page.locator("#exclusions")).to_contain_text("同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目")
    capture(page, "workbench-rules", both_widths=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    data = PackDraft.objects.get(pk=draft.pk).data
    assert {"items": [5], "per_jurisdiction": 2, "clause": "各县市区、市直园区限报2个。",
            "source": "附件1 第5项申报条件"} in data["pack"]["quotas"]  # fmt: skip
    assert next(i for i in data["items"] if i["number"] == 5)["county_quota"] == 2

    # A second rule may not limit item 3 again: refused at the items, the clause as typed.
    with page.expect_navigation():
        page.get_by_role("link", name="新增限报规则").click()
    form = page.locator("#rule-form")
    form.get_by_label("第3项", exact=False).first.check()
    form.get_by_label("第6项", exact=False).first.check()
    form.get_by_label("每县市区/园区限报（个）").fill("3")
    form.get_by_label("规则原文（照通知原文）").fill("各县市区、市直园区限报3个。")
    form.get_by_label("出处").fill("附件1 第6项申报条件")
    with page.expect_navigation():
        form.get_by_role("button", name="新增限报规则").click()
    expect(page.locator("#field-items .field-error")).to_contain_text("第3项已在另一条限报规则", timeout=SLOW)
    expect(page.locator("#rule-form").get_by_label("规则原文（照通知原文）")).to_have_value(
        "各县市区、市直园区限报3个。"
    )
    expect(page.locator("#rule-form").get_by_label("第6项", exact=False).first).to_be_checked()
    capture(page, "workbench-rules-refused", both_widths=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert len(PackDraft.objects.get(pk=draft.pk).data["pack"]["quotas"]) == 2
