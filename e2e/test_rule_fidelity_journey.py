"""Issue 12's journey: an enterprise that holds a 2022 workshop title may still apply as an enterprise
("不得重复申报相应项目"), and a "三化" project completed in 2023 is 需佐证 with a warning, not 不符合
("项目原则上年12月31日前完工"). Both applications are submitted."""

import re

import pytest

from accounts.models import User
from applications.models import Application
from applications.tests.helpers import complete
from demo.seed import demo_data_load
from e2e.session import login
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, group, choice):
    page.get_by_role("group", name=re.compile(re.escape(group))).get_by_label(choice, exact=True).check()


def submit_in_browser(page, base, application, owner):
    """The forms are long and tested elsewhere: fill them through the services, then submit as a person."""
    complete(application, owner)
    page.goto(f"{base}/applications/{application.pk}/")
    assert "所有必填内容、材料和承诺均已完成" in page.locator("#submit").inner_text()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url(re.compile(r"/receipt/(#.*)?$"))
    return page.locator("#receipt-number").inner_text()


def test_workshop_title_leaves_the_enterprise_subtype_open_and_a_2023_completion_is_soft(page, live_server):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    owner = User.objects.get(username="ent_zhuhui")

    # The enterprise records its figures and its 2022 workshop title in its profile.
    login(page, base, "ent_zhuhui")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="企业档案").click()
    page.get_by_label("近三年（2020-2022年）实施智能制造的投入").fill("12000")
    page.get_by_label("开展智能制造创新实践的环节数").fill("9")
    page.get_by_label("开展智能制造创新实践的场景数").fill("12")
    page.get_by_label("车间近3年（2020-2022年）实施智能制造的总投入").fill("3600")
    answer(page, "2022年已获得省智能制造标杆企业", "否")
    answer(page, "2022年已获得省智能制造标杆车间", "是")
    answer(page, "2022年已获得衡阳市培育国家级智能制造试点示范", "否")
    answer(page, "2022年已获得衡阳市培育省级智能制造标杆企业", "否")
    answer(page, "2022年已获得衡阳市培育省级智能制造标杆车间", "否")
    page.get_by_label("“三化”改造项目投资额").fill("500")
    answer(page, "“三化”改造项目于2022年12月31日前完工", "否")
    page.get_by_role("button", name="保存企业档案").click()
    assert "企业档案已保存" in page.locator(".messages").inner_text()

    # 可申报事项: the workshop title bars the workshop sub-type only.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="可申报事项").click()
    enterprise = page.locator('li[data-item="1:city_benchmark_enterprise"]')
    workshop = page.locator('li[data-item="1:city_benchmark_workshop"]')
    assert enterprise.locator("summary .status").first.inner_text() == "需佐证"
    assert workshop.locator("summary .status").first.inner_text() == "不符合"
    workshop.locator("summary").click()
    refusal = workshop.locator("li.condition--not_met")
    assert "不得重复申报相应项目" in refusal.inner_text()
    assert "“2022年已获得省智能制造标杆车间”为“是”，须为“否”" in refusal.inner_text()

    # Item 12: the 2023 completion is 需佐证 with the warning in view, not 不符合.
    sanhua = page.locator('li[data-item="12"]')
    assert sanhua.locator("summary .status").first.inner_text() == "需佐证"
    sanhua.locator("summary").click()
    warning = sanhua.locator(".condition__warning")
    warning.scroll_into_view_if_needed()
    assert "原则上" in warning.inner_text() and "仍可提交" in warning.inner_text()
    assert "互斥规则：同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in sanhua.inner_text()

    # Item 1 as an enterprise: started on the start page, then submitted.
    enterprise.locator("summary").click()
    enterprise.get_by_role("link", name="申报").click()
    page.get_by_label("申报类型").select_option(label="培育市级智能制造标杆企业")
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/(#.*)?$"))
    first = Application.objects.get(enterprise=owner.organisation, item__number=1)
    assert first.subtype_code == "city_benchmark_enterprise"
    assert re.fullmatch(r"HY2023-430405-01-\d{5}", submit_in_browser(page, base, first, owner))

    # Item 12: the start page repeats the warning; the application is submitted.
    page.goto(f"{base}/applications/new/12/")
    assert "原则上" in page.locator(".condition__warning").first.inner_text()
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/(#.*)?$"))
    second = Application.objects.get(enterprise=owner.organisation, item__number=12)
    assert re.fullmatch(r"HY2023-430405-12-\d{5}", submit_in_browser(page, base, second, owner))
    second.refresh_from_db()
    snapshot = {c["id"]: c["status"] for c in second.eligibility_snapshot["conditions"]}
    assert snapshot["item12.completed_by_year_end"] == "needs_evidence"
