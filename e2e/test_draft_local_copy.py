"""The local copy of an application form (core/static/core/draft.js): once 保存草稿 has saved what was typed, the
page does not offer to restore it; what the server never received (the session ended) is still offered, and
restored, after signing in again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from applications import services
from demo.seed import demo_data_load
from e2e.session import login
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANNER = "本机浏览器中有尚未保存到服务器的内容"


def test_a_saved_draft_is_not_offered_again_and_an_unsaved_one_is(page, live_server):
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()  # demo users, and the city re-opening the 2023 window for the demo
    owner = User.objects.get(username="ent_zhuhui")
    item = SupportItem.objects.get(pack__pack_id="hengyang-2023-gxj51", number=2)
    application = services.application_create(actor=owner, enterprise=owner.organisation, item=item)
    edit_url = live_server.url + reverse("applications:edit", args=[application.pk])
    login(page, live_server.url, owner.username)
    page.goto(edit_url)

    # Typed and saved at once with 保存草稿, before the autosave has run: the server has it, nothing to restore.
    page.get_by_label("申请金额（万元）（必填）").fill("30")
    page.get_by_label("总投资（万元）（如适用）").fill("600")
    page.locator("#f-2-2__expected_benefits").fill("产能提升30%，不良率下降10%。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(page.get_by_text(BANNER)).to_have_count(0)
    page.reload()
    expect(page.locator("#f-2-2__expected_benefits")).to_have_value("产能提升30%，不良率下降10%。")
    expect(page.get_by_text(BANNER)).to_have_count(0)

    # Typed, and the session ends before it is saved: after signing in again the typed text is offered, and restored.
    page.locator("#f-2-2__expected_benefits").fill("产能提升40%。")
    page.context.clear_cookies(name="sessionid")  # the session ends; the CSRF cookie stays
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    login(page, live_server.url, owner.username)
    page.goto(edit_url)
    expect(page.locator("#f-2-2__expected_benefits")).to_have_value("产能提升30%，不良率下降10%。")
    banner = page.locator(".draft-banner")
    expect(banner).to_contain_text(BANNER)
    page.screenshot(path="/tmp/shots/f/draft-banner-1280.png")
    banner.get_by_role("button", name="恢复这些内容").click()
    expect(page.locator("#f-2-2__expected_benefits")).to_have_value("产能提升40%。")
