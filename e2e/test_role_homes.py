"""A person logs in as each demo role and sees that role's home page and menu, in Chinese."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from demo.seed import demo_data_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username -> (a heading on the home page, menu entries)
ROLE_HOMES = {
    "ent_zhuhui": ("我的申报", ["我的申报", "可申报事项", "企业档案", "经办人", "修改密码"]),
    "zhuhui_gx": ("待审核", ["待审核", "辖区企业", "政策目录"]),
    "zhuhui_cz": ("待审核", ["待审核", "辖区企业"]),
    "city_equipment": ("待审核（本科室事项）", ["待审核", "企业", "政策目录"]),
    "city_sme_summary": ("汇总", ["汇总", "企业"]),
    "city_finance": ("汇总会签", ["汇总会签", "企业"]),
    "sysadmin": ("系统管理", ["工作台", "系统管理", "登录锁定"]),
    "auditor": ("审计日志", ["工作台", "审计日志"]),
}


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_each_demo_role_sees_its_home_and_menu(page, live_server):
    demo_data_load()
    for username, (heading, menu) in ROLE_HOMES.items():
        _login(page, live_server, username)
        page.wait_for_url("**/applications/" if username.startswith("ent_") else "**/home/")
        if not username.startswith("ent_"):
            assert page.get_by_role("heading", name="工作台").is_visible()
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        nav = page.get_by_role("navigation", name="主菜单")
        for label in menu:
            assert nav.get_by_role("link", name=label, exact=True).is_visible(), (username, label)
        assert "衡阳市工业和信息化局" in page.locator("header").inner_text()
        page.get_by_role("button", name="退出").click()
        page.wait_for_url("**/accounts/login/")


def test_wrong_password_message_and_phone_layout(phone_page, live_server):
    demo_data_load()
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("zhuhui_gx")
    page.get_by_label("密码").fill("not-the-password1")
    page.get_by_role("button", name="登录").click()
    # expect() waits for the page the click posts to; is_visible() looked at once, sometimes at the old page.
    expect(page.get_by_role("alert").filter(has_text="用户名或密码错误")).to_be_visible()
    # Nothing overflows horizontally on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
