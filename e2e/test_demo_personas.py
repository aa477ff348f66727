"""Issue 19 §1, done when: after `make run`'s seed (the demo logins, then the city in mid-process), each
printed demo login lands on its home page with work on it, and the work list its menu opens has something
waiting for that person. Screenshots of every home page at 1280 and 390 px go to $SCREENSHOT_DIR (if set)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from accounts.choices import Role
from accounts.models import User
from e2e.session import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ["SCREENSHOT_DIR"]) if os.environ.get("SCREENSHOT_DIR") else None

# By role: the menu entry that opens the person's work, and the row statuses (or texts) that are work there.
COUNTY = ("待审核", {"已提交", "县级审核中", "退回县级", "县级已通过"})
WORK = {
    Role.COUNTY_INDUSTRY_REVIEWER: COUNTY,
    Role.COUNTY_FINANCE_REVIEWER: COUNTY,
    Role.CITY_SECTION_REVIEWER: ("待审核", {"已推荐"}),
    Role.CITY_SME_COORDINATOR: ("奖补名单", {"公示中", "已定稿"}),
    Role.CITY_FINANCE_REVIEWER: ("资金下达", {"待确认"}),
    Role.AUDIT_READER: ("审计日志", {"提交申报"}),  # filtered: the newest events are this test's own logins
}


def _work_for(username: str) -> tuple[str, set[str]] | None:
    """None for the system and security administrators, whose work is the admin site their home links to."""
    roles = User.objects.get(username=username).role_set
    return next((work for role, work in WORK.items() if role in roles), None)


def _rows(page) -> list[str]:
    rows = page.locator("main table tbody tr")
    return [rows.nth(i).inner_text() for i in range(rows.count())]


def _home_shows_work(page) -> bool:
    """我的待办 with at least one count above zero: applications whose turn is this person's."""
    waiting = page.locator("#work-waiting")
    if not waiting.count():
        return False
    return any(int(n) > 0 for n in re.findall(r"(\d+)\s*件", waiting.inner_text()))


@pytest.fixture
def seeded(demo_city_rows):
    return [row["username"] for row in demo_city_rows]


def test_every_demo_login_lands_on_work(seeded, live_server, page, browser):
    base = live_server.url
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    checked = []
    for username in seeded:
        login(page, base, username)
        page.wait_for_url(re.compile(r".*/(home|applications)/$"))
        phone.context.add_cookies(page.context.cookies())  # the same session on a phone: no second login
        phone.goto(page.url)
        if SHOTS:
            page.screenshot(path=str(SHOTS / f"{username}-1280.png"), full_page=True)
            phone.screenshot(path=str(SHOTS / f"{username}-390.png"), full_page=True)
        # Nothing overflows sideways on the home page, on a desktop or a phone (wide tables scroll inside).
        for screen in (page, phone):
            assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), username
        phone.context.clear_cookies()
        if username.startswith("ent_"):  # 我的申报: two applications each, in different states
            rows = page.locator("main table tbody tr")
            states = {rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())}
            assert rows.count() >= 2 and len(states) == rows.count(), (username, states)
        elif (work := _work_for(username)) is None:
            assert page.get_by_role("heading", name=re.compile("系统管理|角色与安全管理")).first.is_visible()
        else:
            if work[0] != "审计日志":  # the auditor's home is a link to the log
                assert _home_shows_work(page), username
            with page.expect_navigation():  # wait for the new page, not the one being left
                page.get_by_role("navigation", name="主菜单").get_by_role("link", name=work[0], exact=True).click()
            if work[0] == "审计日志":
                page.goto(f"{page.url}?verb=application_submitted")
            waiting = [row for row in _rows(page) if any(label in row for label in work[1])]
            assert waiting, (username, work, _rows(page)[:3])
        checked.append(username)
        logout(page)
    phone.context.close()
    assert len(checked) == len(seeded) >= 20
