"""Signing in and out in the browser, shared by the journeys."""

from __future__ import annotations

from accounts.demo import DEMO_PASSWORD


def login(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name="登录").click()


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")
