"""Long forms that guide (issue 19 §4): the enterprise profile and an application form show each section's
completion beside the form, the count follows what the person types, "下一个未填必填项" takes them to the
field still missing, and on a phone the navigator is a closed bar that opens. Screenshots: E2E_SCREENSHOTS=dir (e2e.screens)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from applications.tests.factories import ApplicationFactory
from e2e.screens import capture
from e2e.session import login
from policies.formengine.progress import forms_progress
from policies.formengine.render import render_sections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(page, anchor: str):
    return page.locator(f'[data-guide-entry="{anchor}"] [data-guide-count]')


def _next(page) -> None:
    page.locator(".guide").get_by_role("link", name="下一个未填必填项").click()


def _shown(section) -> str:
    if section.required_total:
        return f"必填 {section.required_filled}/{section.required_total}"
    return f"已填 {section.filled}/{section.total}"


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_the_profile_counts_live_and_jumps_to_the_missing_field(page, live_server, profile, enterprise_admin):
    login(page, live_server.url, enterprise_admin.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprises/profile/")
    nav = page.get_by_role("navigation", name="填写导航")
    expect(nav).to_be_visible()
    # The profile has the name and the industry of the five required 基本信息; the people are complete.
    expect(_count(page, "s-0__basic")).to_have_text("必填 2/5")
    expect(_count(page, "s-0__people")).to_have_text("必填 3/3")
    expect(_count(page, "s-0__staff")).to_have_text("已填 0/5")
    capture(page, "profile-1280")

    _next(page)
    assert _focused_id(page) == "f-0__founding_date"
    box = page.locator("#f-0__founding_date").bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"] - box["height"]  # in view, not under anything

    page.locator("#f-0__founding_date").fill("2012-05-18")
    expect(_count(page, "s-0__basic")).to_have_text("必填 3/5")
    page.get_by_label("从业人数").fill("120")
    expect(_count(page, "s-0__staff")).to_have_text("已填 1/5")

    _next(page)  # the next one after the date: 企业性质, a choice
    assert _focused_id(page) == "f-0__enterprise_nature--state_owned"
    page.get_by_label("民营").check()
    expect(_count(page, "s-0__basic")).to_have_text("必填 4/5")
    _next(page)
    assert _focused_id(page) == "f-0__address"
    page.locator("#f-0__address").fill("衡阳市珠晖区示范路 1 号")
    expect(_count(page, "s-0__basic")).to_have_text("必填 5/5")
    expect(page.locator('[data-guide-entry="s-0__basic"]')).to_have_class("guide__entry guide__entry--done")
    expect(nav.locator("[data-guide-overall]")).to_have_text("必填 8/8")


def test_an_application_form_counts_its_summary_and_sections(page, live_server, stored_pack, profile, enterprise_admin):
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=5)
    sections = forms_progress(render_sections(application.forms, application.answers))
    login(page, live_server.url, enterprise_admin.username, PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    # 联系人 and 联系电话 come from the profile; 项目名称 and 申请金额 are still missing.
    expect(_count(page, "summary")).to_have_text("必填 2/4")
    for section in sections:
        if section.counted:  # the browser's count of the page agrees with the server's first render
            expect(_count(page, section.anchor)).to_have_text(_shown(section))
    capture(page, "application-1280")

    _next(page)
    assert _focused_id(page) == "id_summary-project_name"
    page.keyboard.type("智能产线改造")
    expect(_count(page, "summary")).to_have_text("必填 3/4")
    _next(page)
    assert _focused_id(page) == "id_summary-requested_amount"
    page.keyboard.type("50")
    expect(_count(page, "summary")).to_have_text("必填 4/4")

    # The summary complete, the next missing field is the forms' first, in its section.
    first = next(s for s in sections if s.first_missing)
    _next(page)
    assert _focused_id(page).startswith(first.first_missing)
    box = page.locator(f"#{_focused_id(page)}")
    kind = box.get_attribute("type")
    if kind in ("radio", "checkbox"):
        box.check()
    else:
        box.fill("2023-08-01" if kind == "date" else "示范内容")
    expect(_count(page, first.anchor)).to_have_text(f"必填 {first.required_filled + 1}/{first.required_total}")


def test_on_a_phone_the_navigator_is_a_closed_bar_that_opens(phone_page, live_server, profile, enterprise_admin):
    page = phone_page
    login(page, live_server.url, enterprise_admin.username, PASSWORD)
    page.goto(f"{live_server.url}/enterprises/profile/")
    nav = page.get_by_role("navigation", name="填写导航")
    expect(nav.locator(".guide__list")).to_be_hidden()
    expect(nav.locator("[data-guide-overall]")).to_have_text("必填 5/8")
    capture(page, "profile-390-closed")
    nav.get_by_text("填写导航").click()
    expect(nav.get_by_role("link", name="基本信息")).to_be_visible()
    expect(_count(page, "s-0__basic")).to_have_text("必填 2/5")
    capture(page, "profile-390-open")
    # Choosing a section closes the list again, and the section is not hidden under the bar.
    nav.get_by_role("link", name="从业人员").click()
    expect(nav.locator(".guide__list")).to_be_hidden()
    page.wait_for_timeout(300)  # the jump to the anchor
    section = page.locator("#s-0__staff").bounding_box()
    assert section["y"] >= nav.bounding_box()["height"] - 1

    # The button still jumps from the closed bar, to a field below it.
    _next(page)
    assert _focused_id(page) == "f-0__founding_date"
    assert page.locator("#f-0__founding_date").bounding_box()["y"] >= nav.bounding_box()["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
