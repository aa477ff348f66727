"""Issue 6's second journey: the county returns an application with a comment beside a field, the
enterprise fixes it and resubmits, and the history keeps both rounds."""

import pytest

from accounts.models import User
from applications import services
from applications.tests.helpers import complete
from demo.seed import demo_data_load
from e2e.session import login, logout
from e2e.test_review_journey import county_accepts_targets
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_returns_enterprise_fixes_and_resubmits(page, live_server):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    owner = User.objects.get(username="ent_zhuhui")
    application = services.application_create(
        actor=owner, enterprise=owner.organisation, item=SupportItem.objects.get(number=2)
    )
    application = services.application_submit(actor=owner, application=complete(application, owner))

    # The county 财政 reviewer returns it with a reason and a comment on one field.
    login(page, base, "zhuhui_cz")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="待审核").click()
    page.get_by_role("link", name=owner.organisation.name).click()
    review = page.locator("#review")
    review.get_by_label("退回修改").check()
    review.get_by_label("理由 / 意见（退回、不予时必填）").fill("年利率与贷款合同不一致，请核对后重新提交")
    review.get_by_role("button", name="提交审核意见").click()
    assert "审核意见已提交" in page.locator(".messages").inner_text()
    assert "退回修改" in page.locator("#application-state").inner_text()
    logout(page)

    # The enterprise sees the reason, fixes the field and resubmits.
    login(page, base, "ent_zhuhui")
    row = page.locator("table.data-table tr", has_text="企业智能制造装备贴息项目")
    assert "已退回" in row.inner_text()
    row.get_by_role("link").first.click()
    assert "年利率与贷款合同不一致" in page.locator("#review-comments").inner_text()
    page.locator("#f-2-2__annual_interest_rate").fill("3.85")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    receipt = page.locator("#receipt-number").inner_text()
    assert receipt == application.receipt_number  # the receipt number stays with the application
    page.get_by_role("link", name="查看申报").click()
    timeline = page.locator("#timeline").inner_text()
    assert timeline.count("提交申报") == 2  # both rounds
    assert "财政部门：退回修改" in timeline
    logout(page)

    # The county sees both rounds and, once it has accepted the 绩效目标, can approve the second.
    county_accepts_targets(application, User.objects.get(username="zhuhui_gx"))
    login(page, base, "zhuhui_gx")
    page.goto(f"{base}/applications/{application.pk}/")
    review = page.locator("#review")
    assert "年利率与贷款合同不一致" in review.inner_text()
    review.get_by_label("同意").check()
    review.get_by_role("button", name="提交审核意见").click()
    assert page.locator("#application-state").inner_text() == "县级审核中"  # 财政 still has to give its opinion
