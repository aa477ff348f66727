"""Issue 20, the enterprise's side: what a new user meets, checked as the person sees it. The deadline
that applies to the reader, registration found from the home page, a refusal shown where the person
acted, the completeness list in the page's own words, the notice's rules told before a form is filled,
item 14's several honours, a start page with nothing to choose, and the site's own 404."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from core.validators import compose_uscc
from demo.seed import demo_data_load
from e2e.session import login
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_A_PDF = b"<html><body>this is a web page saved with a .pdf name</body></html>"


def _demo(reopen_for: str | None = "city"):
    """The 2023 pack and the demo logins; the city re-opens the window for the whole city (the demo's
    default), for one county only, or not at all."""
    from accounts.models import Jurisdiction, User
    from applications.models import SubmissionWindow

    if reopen_for == "city":
        pack = pack_load(actor=None, directory=PACK_2023)[0]
        demo_data_load()  # re-opens the window for the whole city, as `make run` does
        return pack
    demo_data_load()  # no pack yet: no window
    pack = pack_load(actor=None, directory=PACK_2023)[0]
    if reopen_for:
        SubmissionWindow.objects.create(
            pack=pack, jurisdiction=Jurisdiction.objects.get(code=reopen_for), kind="city_reopened",
            closes_on=dt.date.today() + dt.timedelta(days=30), reason="补报",
            created_by=User.objects.get(username="city_sme_summary"),
        )  # fmt: skip
    return pack


def _start(page, base, number, subtype=None):
    page.goto(f"{base}/applications/new/{number}/")
    if subtype:
        page.get_by_label("申报类型").select_option(label=subtype)
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))


def _hold(username, number, receipt):
    """An application of the enterprise for the item that holds a slot (submitted), made directly."""
    from accounts.models import User
    from applications import services
    from policies.models import SupportItem

    user = User.objects.get(username=username)
    item = SupportItem.objects.get(number=number, pack__status="published")
    application = services.application_create(actor=user, enterprise=user.organisation, item=item)
    type(application).objects.filter(pk=application.pk).update(status="submitted", receipt_number=receipt)


def _completeness(page) -> list[str]:
    """The completeness list as read: each entry after the form (and section) it stands under."""
    return [
        f"{group.locator('.completeness-where').inner_text()}：{entry}"
        for group in page.locator(".completeness-places > li").all()
        for entry in group.locator("ol.completeness > li").all_inner_texts()
    ]


def test_the_home_page_states_the_open_window_and_leads_to_registration(page, live_server):
    """Point 1 (public) and point 11: the home page said 已于 2023年08月25日 截止 while the city had
    re-opened the window; 企业注册 was reachable only from the login page."""
    _demo()
    page.goto(f"{live_server.url}/")
    deadline = page.locator("#deadline")
    expect(deadline).to_be_in_viewport()
    expect(deadline).to_contain_text("市级重新开放申报")
    expect(deadline).to_contain_text("距截止还有")
    expect(deadline).not_to_contain_text("已于")
    top_bar = page.locator(".site-header")
    expect(top_bar.get_by_role("link", name="企业注册")).to_be_visible()
    page.get_by_role("region", name="企业如何申报").get_by_role("link", name="企业注册").click()
    page.wait_for_url("**/enterprises/register/")
    uscc = page.get_by_label("统一社会信用代码")
    uscc.fill(compose_uscc(division="430405", organisation_body="MA4J0001")[:-1])  # one character short
    page.get_by_role("button", name="注册").click()
    uscc = page.get_by_label("统一社会信用代码")
    expect(uscc).to_have_attribute("aria-invalid", "true")
    # The error is the input's accessible description, after its help text.
    expect(uscc).to_have_accessible_description(re.compile(r"^18 位，见营业执照.*18"))


def test_each_reader_sees_the_window_that_applies_to_it(page, live_server):
    """Point 1: the city re-opened for 珠晖区 only. The public reads that window; an enterprise of
    珠晖区 reads its date, one of 耒阳市 reads that its window has closed."""
    _demo(reopen_for="430405")
    base = live_server.url
    page.goto(f"{base}/policies/")
    expect(page.locator("#deadline")).to_contain_text("市级为珠晖区重新开放申报，其他县市区已截止")
    login(page, base, "ent_zhuhui")
    page.goto(f"{base}/policies/")
    expect(page.locator("#deadline")).to_contain_text("市级重新开放申报（补报）")
    expect(page.locator("#deadline")).to_contain_text("距截止还有 30 天")
    page.get_by_role("button", name="退出").click()
    login(page, base, "ent_leiyang")
    page.goto(f"{base}/policies/")
    expect(page.locator("#deadline")).to_contain_text("已于 2023年08月25日 截止，逾期不予受理")


def test_a_refused_upload_and_a_refused_submission_are_shown_where_the_person_acted(page, live_server):
    """Point 2 and point 7: item 2 has no sub-types, so its start page asks nothing; a web page named
    .pdf is refused next to its slot, in view; 提交 of an incomplete draft opens at the reason."""
    _demo()
    base = live_server.url
    login(page, base, "ent_zhuhui")
    page.goto(f"{base}/applications/new/2/")
    expect(page.get_by_label("申报类型")).to_have_count(0)  # nothing to choose, nothing shown
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    slot = page.locator("li.material").filter(has=page.locator("input[type=file]")).last
    slot.scroll_into_view_if_needed()
    slot.locator("input[type=file]").set_input_files(
        {"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": NOT_A_PDF}
    )
    if slot.locator("input[type=date]").count():
        slot.locator("input[type=date]").fill("2023-08-09")
    with page.expect_navigation():  # wait for the new page, not the one being left
        slot.get_by_role("button", name="上传", exact=True).click()
    slot_id = slot.get_attribute("id")
    reason = page.locator(f"#{slot_id}-error")
    expect(reason).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == f"{slot_id}-error"  # read out by screen readers
    expect(reason).to_contain_text("未上传")
    assert page.evaluate("window.scrollY") > 1000  # not the top of the page

    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name="提交申报").click()
    refusal = page.locator("#submit-errors")
    expect(refusal).to_be_in_viewport()
    assert page.evaluate("document.activeElement.id") == "submit-errors"
    expect(refusal).to_contain_text(re.compile(r"未能提交：\s*还有 \d+ 项未完成"))


def test_the_completeness_list_names_forms_and_fields_as_the_page_shows_them(page, live_server):
    """Point 3: item 14's mistyped 身份证号 read "2-12.legal_representative_id_number：…"; item 10 listed
    "…基本要求 › 是否符合" eight times; "(20 年)" showed no year; form titles were printed twice."""
    _demo()
    base = live_server.url
    login(page, base, "ent_zhuhui")
    _start(page, base, 14, "通过两化融合管理体系贯标评定")
    page.locator("#f-2-12__legal_representative_id_number").fill("43040519800101123")  # 17 characters
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name="保存草稿").click()
    texts = _completeness(page)
    wrong = next(t for t in texts if "身份证号" in t)
    assert wrong.startswith("附件2-12《衡阳市企业数字化转型项目专项资金申请表》：法人代表 › 身份证号：填写有误，"), (
        wrong
    )
    assert not any(re.search(r"[a-z]+_[a-z_]+", t) for t in texts)  # no internal key anywhere
    # On screen the entries stand under their form's name, each form named once.
    form_2_12 = page.locator(".completeness-places > li").filter(
        has=page.locator(
            ".completeness-where", has_text=re.compile(r"^附件2-12《衡阳市企业数字化转型项目专项资金申请表》$")
        )
    )
    expect(form_2_12.get_by_role("link", name=re.compile("法人代表 › 身份证号：填写有误"))).to_be_visible()
    # The save opened the page at the field in error.
    expect(page.locator("#f-2-12__legal_representative_id_number")).to_be_in_viewport()

    _start(page, base, 10)
    texts = _completeness(page)
    assert len(texts) == len(set(texts)), [t for t in texts if texts.count(t) > 1][:3]
    basic = [t for t in texts if "基本要求 › 是否符合" in t]
    assert len(basic) >= 8 and basic[0].startswith(
        "附件2-10-1《绿色工厂基本要求自评表》：基本要求 › 是否符合（绿色工厂应依法设立"
    )
    assert any(t.startswith("附件2-10-2《绿色工厂评价指标自评表》：年份（20__ 年）") for t in texts)
    assert not any("绿色工厂基本要求自评表 · 绿色工厂基本要求自评表" in t for t in texts)


def test_the_notice_s_rules_are_told_before_a_form_is_filled(page, live_server):
    """Point 4: 附件1 第12项 “同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目。” and 通知 四（二）
    “申报项目数合计不得超过2个(产业数字化工作推进项目除外)” were told only at 提交."""
    _demo()
    base = live_server.url
    _hold("ent_zhuhui", 2, "HY2023-430405-02-00001")
    login(page, base, "ent_zhuhui")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="可申报事项").click()
    item12 = page.locator('li[data-item="12"]')
    expect(item12.locator(".status--blocked")).to_have_text("暂不能申报")
    reason = item12.locator(".not-available")
    expect(reason).to_be_visible()
    expect(reason).to_contain_text("已申报第2项“企业智能制造装备贴息项目”（回执号 HY2023-430405-02-00001）")
    expect(reason).to_contain_text("同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目")
    expect(item12.get_by_role("link", name="申报")).to_have_count(0)

    page.goto(f"{base}/applications/new/12/")
    notice = page.locator("#not-available")
    expect(notice).to_be_in_viewport()
    expect(notice).to_contain_text("本事项暂不能申报")
    expect(notice).to_contain_text("回执号 HY2023-430405-02-00001")
    expect(page.get_by_role("button", name="开始填写申报书")).to_have_count(0)

    _hold("ent_zhuhui", 11, "HY2023-430405-11-00002")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="可申报事项").click()
    item7 = page.locator('li[data-item="7"]')
    expect(item7.locator(".not-available")).to_contain_text(
        "已提交 2 个项目：第2项（回执号 HY2023-430405-02-00001）、第11项（回执号 HY2023-430405-11-00002）"
    )
    expect(item7.locator(".not-available")).to_contain_text("申报项目数合计不得超过2个(产业数字化工作推进项目除外)")
    expect(page.locator('li[data-item^="14"] .not-available')).to_have_count(0)  # item 14 stays open


def test_an_enterprise_with_two_honours_applies_for_both(page, live_server):
    """Point 5: 附件2-12 三（一）–（六） give each 2022 honour of item 14 its own checklist, and item 14 is
    outside the two-project limit: two honours, two applications; the same honour twice is refused."""
    _demo()
    base = live_server.url
    login(page, base, "ent_zhuhui")
    _start(page, base, 14, "通过两化融合管理体系贯标评定")
    _start(page, base, 14, "获评省级优秀工业APP")
    page.goto(f"{base}/applications/")
    listing = page.locator("table.data-table")
    expect(listing.locator("tr", has_text="产业数字化工作推进项目")).to_have_count(2)

    page.goto(f"{base}/applications/new/14/")
    page.get_by_label("申报类型").select_option(label="通过两化融合管理体系贯标评定")
    page.get_by_role("button", name="开始填写申报书").click()
    refusal = page.locator("#start-form .form-errors")
    expect(refusal).to_be_in_viewport()
    expect(refusal).to_contain_text("本企业已有“产业数字化工作推进项目（通过两化融合管理体系贯标评定）”的申报（草稿）")


def test_a_missing_page_is_the_site_s_own(page, live_server):
    """Point 12: a missing page shows the site's Chinese 404, never Django's list of URL patterns."""
    pack_load(actor=None, directory=PACK_2023)
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page).to_have_title(re.compile("页面不存在"))
    expect(page.locator("body")).not_to_contain_text("URLconf")
