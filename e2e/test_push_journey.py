"""政策推送 in the browser (issue 19 §3), on the demo city that make run seeds: a county official opens
可能符合但尚未申报 from the menu, ticks an enterprise and notifies it; the enterprise finds the message in its inbox,
which opens its probable items (符合 and 需佐证 first, with 开始申报), and mutes the notices; the county's list then
says so. At 1280 and 390 px, without sideways scrolling. Screenshots go to $E2E_SCREENSHOTS if set (e2e.screens);
with SAVE_DOCS_SCREENSHOTS=1 the county list at 1280 px also to docs/screenshots/county-push-list.png."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.journeys import from_inbox, menu
from e2e.screens import capture
from e2e.session import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL, ENTERPRISE_USER, ENTERPRISE = "zhuhui_gx", "ent_zhuhui", "衡阳珠晖示范智能装备有限公司"


def _shoot(page, name: str, docs_name: str = "") -> None:
    """A look at the page (e2e.screens), and with SAVE_DOCS_SCREENSHOTS=1 the README's picture of it."""
    capture(page, name)
    if docs_name and os.environ.get("SAVE_DOCS_SCREENSHOTS") == "1":
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / docs_name), full_page=True)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def demo_city(demo_city_rows):
    """The demo of `make run`, whose seed stores the eligibility results the lists read."""


def test_county_notifies_and_the_enterprise_sees_its_items_and_mutes(demo_city, live_server, page, phone_page):
    base = live_server.url
    login(page, base, OFFICIAL)
    menu(page, "政策推送")
    expect(page.get_by_role("heading", name="可能符合但尚未申报（珠晖区）")).to_be_visible()
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 5  # the demo county's enterprises that probably qualify and have not applied
    row = rows.filter(has_text=ENTERPRISE)
    expect(row).to_contain_text("需佐证")
    assert _no_sideways_scroll(page)
    _shoot(page, "county-push-list-1280", "county-push-list.png")

    login(phone_page, base, OFFICIAL)
    phone_page.goto(f"{base}/outreach/county/")
    assert _no_sideways_scroll(phone_page)
    _shoot(phone_page, "county-push-list-390")

    page.get_by_label(f"选择{ENTERPRISE}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="发送站内消息和邮件提醒").click()
    expect(page.locator(".messages")).to_contain_text("已通知 1 家企业；跳过 0 家")
    expect(rows.filter(has_text=ENTERPRISE)).to_contain_text(re.compile(r"已于 \d{4}-\d{2}-\d{2} 通知"))
    logout(page)

    login(page, base, ENTERPRISE_USER)
    # The enterprise's home (我的申报) shows what it probably qualifies for, before its inbox is opened.
    card = page.locator("#probable-items-card")
    expect(card).to_contain_text("可能符合的支持事项")
    expect(card.get_by_role("link", name="开始申报").first).to_be_visible()
    from_inbox(page, "政策推送：贵单位可能符合")
    expect(page.get_by_role("heading", name="可能符合的支持事项")).to_be_visible()
    first = page.locator("#probable-items tbody tr").first
    expect(first).to_contain_text(re.compile("需佐证|符合"))
    expect(page.locator("#probable-items").get_by_role("link", name="开始申报").first).to_be_visible()
    _shoot(page, "enterprise-push-items-1280")
    page.get_by_role("button", name="不再接收提醒").click()
    expect(page.locator(".messages")).to_contain_text("已设置：不再接收政策推送提醒。")
    expect(page.get_by_role("button", name="恢复接收提醒")).to_be_visible()

    phone_page.context.clear_cookies()
    login(phone_page, base, ENTERPRISE_USER)
    phone_page.goto(f"{base}/outreach/mine/")
    assert _no_sideways_scroll(phone_page)
    # On a phone each item is a card: its 开始申报 lies inside the screen's width, under the column's name.
    start = phone_page.locator("#probable-items").get_by_role("link", name="开始申报").first
    box = start.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    row = phone_page.locator("#probable-items tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    _shoot(phone_page, "enterprise-push-items-390")
    logout(page)

    login(page, base, OFFICIAL)
    menu(page, "政策推送")
    expect(page.locator("main table tbody tr").filter(has_text=ENTERPRISE)).to_contain_text("企业已设置不接收提醒")
    expect(page.get_by_label(f"选择{ENTERPRISE}")).to_be_disabled()
