"""Issue 14: a refusal on a 绩效 page is in view where the user acted. A refused 自评 comes back with the page
opened at the 自评 form, whose summary ("有 N 处需要更正") is within the viewport, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from e2e.session import login
from performance.services import evaluation as services
from performance.tests.awarded import awarded_list
from performance.tests.test_evaluation_services import mine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_a_refused_self_evaluation_opens_at_its_errors(
    browser, live_server, stored_pack, city_sme, enterprise_admin, width, height
):
    services.evaluations_open(
        actor=city_sme, award_list=awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=1)[0]
    )
    evaluation = mine(enterprise_admin)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height}, is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server.url, enterprise_admin.username, PASSWORD)
        page.goto(f"{live_server.url}{reverse('performance:evaluation', args=[evaluation.pk])}")
        page.get_by_role("button", name="提交自评").click()
        summary = page.locator("#self-evaluation .form-errors")
        expect(summary).to_contain_text("处需要更正")
        expect(summary).to_be_in_viewport()
    finally:
        context.close()
