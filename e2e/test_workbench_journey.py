"""Issue 18 §4 in the browser, without touching YAML: the 中小企业科 copies the 2023 pack to a 2024 draft, sets
the new deadline, adds a new item with a condition in the notice's words and a material, lowers a threshold,
looks at the preview and the try-out, and submits; a second coordinator reads the changes and approves by real
name, which publishes the pack; an enterprise then finds the new item in the catalogue and applies for it.
Screenshots of each workbench page at 1280 px and 390 px go to /tmp/shots/c1/."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applications import services as application_services
from applications.models import Application
from applications.tests.helpers import complete_answers
from demo.seed import demo_data_load
from e2e.journeys import menu
from e2e.session import login, logout
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from workbench.models import PackDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/c1")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
NEW_ITEM = "绿色工厂奖励"
CLAUSE = "2023年度营业收入在1000万元以上"
# A page that the server builds from the whole pack (publishing, preview, try-out) may take a while on a busy machine.
SLOW = 30000


def _shot(page, name: str) -> None:
    """The page at 1280 px and at 390 px, where it must not be wider than the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if width == 390:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 390, f"{name}: {scroll} px wide on a phone"
    page.set_viewport_size(size)


def _fill_targets(owner: User, pk: int) -> None:
    """附件3, the 绩效目标表 every item shares, filled as applications.tests.helpers fills it."""
    application = Application.objects.get(pk=pk)
    answers = copy.deepcopy(application.answers)
    answers["3"] = complete_answers(application)["3"]
    application_services.application_save(
        actor=owner, application=application, answers=answers, summary=application_services._summary(application),
        expected_version=application.version,
    )  # fmt: skip


def _author(page, base: str, deadline: str) -> int:
    login(page, base, "city_sme_summary")
    menu(page, "政策配置")
    form = page.locator("#draft-create")
    form.get_by_label("新政策包年度").fill("2024")
    form.get_by_label("新政策包标识").fill("hengyang-2024-gxj")
    _shot(page, "home")
    form.get_by_role("button", name="新建草稿").click()
    page.wait_for_url(re.compile(r"/workbench/drafts/\d+/$"))
    pk = int(re.search(r"/drafts/(\d+)/$", page.url).group(1))
    expect(page.locator("h1")).to_contain_text("hengyang-2024-gxj 第1版", timeout=SLOW)
    _shot(page, "draft")

    # The notice: a date typed wrongly is refused at its field, with the rest as typed.
    page.get_by_role("link", name="通知信息").click()
    page.get_by_label("文号").fill("衡市工信〔2024〕18号")
    page.get_by_label("申报截止日期").evaluate("(el) => { el.type = 'text'; }")
    page.get_by_label("申报截止日期").fill("8月30日")
    page.get_by_role("button", name="保存通知信息").click()
    expect(page.locator("#field-deadline .field-error")).to_contain_text("请按 2024-08-25 的格式填写日期", timeout=SLOW)
    expect(page.get_by_label("文号")).to_have_value("衡市工信〔2024〕18号", timeout=SLOW)
    page.locator("#field-deadline").scroll_into_view_if_needed()
    _shot(page, "notice-error")
    page.get_by_label("申报截止日期").fill(deadline)
    page.get_by_role("button", name="保存通知信息").click()
    expect(page.locator("#messages")).to_contain_text("已保存：修改通知信息", timeout=SLOW)

    # A new item with a new application form 附件2-13.
    page.get_by_role("link", name="新增支持事项").click()
    page.get_by_label("支持事项名称").fill(NEW_ITEM)
    page.get_by_label("事项代码").fill("green_factory_award")
    page.get_by_label("申报条件（附件1 原文）").fill(f"{CLAUSE}，获评省级以上绿色工厂。")
    page.get_by_label("支持方式").select_option(label="奖励")
    page.get_by_label("负责科室").select_option(label="节能与综合利用科")
    page.get_by_label("联系人").fill("周明")
    page.get_by_label("联系电话").fill("0734-8851234")
    page.get_by_label("申报材料模板编号").fill("2-13")
    page.get_by_label("真实性承诺书原文").fill(
        "我单位承诺：此次申报绿色工厂奖励所提交的申报材料内容和附件资料均真实、合法。"
    )
    _shot(page, "item-new")
    page.get_by_role("button", name="新增支持事项").click()
    page.wait_for_url(f"**/workbench/drafts/{pk}/items/15/conditions/")

    # Its condition: the fact from the 2024 notice's vocabulary, the notice's own word 以上; a value typed in
    # words is refused at the field.
    form = page.locator("#condition-form")
    form.get_by_label("条件原文").fill(CLAUSE)
    form.get_by_label("出处").fill("附件1 第15项 申报条件1")
    form.get_by_label("判断依据的指标").select_option("operating_revenue_2023")
    form.get_by_label("比较用语（通知原文）").select_option("以上")
    form.get_by_label("数值或内容").fill("一千")
    form.get_by_role("button", name="新增条件").click()
    expect(page.locator("#field-value .field-error")).to_contain_text("请填写数字", timeout=SLOW)
    expect(page.locator("#condition-form").get_by_label("条件原文")).to_have_value(CLAUSE, timeout=SLOW)
    page.locator("#field-value").scroll_into_view_if_needed()
    _shot(page, "conditions-error")
    page.locator("#condition-form").get_by_label("数值或内容").fill("1000")
    page.locator("#condition-form").get_by_role("button", name="新增条件").click()
    expect(page.locator("#conditions")).to_contain_text(CLAUSE, timeout=SLOW)
    _shot(page, "conditions")

    # Its materials: the 申报书 came with the item; the certificate is added.
    page.get_by_role("link", name=re.compile("申报材料（")).click()
    form = page.locator("#material-form")
    form.get_by_label("材料名称（照录申报材料清单）").fill("省级以上绿色工厂认定文件")
    form.get_by_label("出处").fill("附件2-13 申报材料2")
    form.get_by_label("必须提供").check()
    form.get_by_role("button", name="新增材料").click()
    expect(page.locator("#materials")).to_contain_text("省级以上绿色工厂认定文件", timeout=SLOW)
    _shot(page, "materials")

    # A threshold of item 2 lowered from 300 to 200 万元.
    page.goto(f"{base}/workbench/drafts/{pk}/items/2/conditions/")
    page.locator("#conditions tr", has_text="投资额不少于300万元").get_by_role("link", name="修改").click()
    page.get_by_label("数值或内容").fill("200")
    _shot(page, "condition-edit")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#conditions")).to_contain_text("不少于 200 万元", timeout=SLOW)

    # Item 14 keeps its conditions under its sub-types (申报类型), each on its own page.
    page.goto(f"{base}/workbench/drafts/{pk}/items/14/conditions/")
    page.locator("#part-nav").get_by_role("link").first.click()
    expect(page.locator("h2")).to_contain_text("·", timeout=SLOW)
    _shot(page, "subtype-conditions")
    return pk


def test_a_pack_authored_approved_and_published_in_the_browser_then_applied_for(page, live_server):
    base = live_server.url
    # Publishing validates and loads the whole pack, and the try-out judges every confirmed enterprise twice: on a
    # busy machine either can take longer than the usual 15 s.
    page.set_default_timeout(45000)
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    deadline = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    pk = _author(page, base, deadline)

    # The preview (C2's) shows the new item; the try-out (C2's) compares the draft with the 2023 pack.
    page.goto(f"{base}/workbench/drafts/{pk}/")
    page.get_by_role("link", name="预览").click()
    expect(page.locator("#main")).to_contain_text(NEW_ITEM, timeout=SLOW)
    page.goto(f"{base}/workbench/drafts/{pk}/")
    page.get_by_role("link", name="试算").click()
    expect(page.locator("#tryout-summary")).to_contain_text("家企业将符合", timeout=SLOW)

    # Submitted; its preparer cannot approve it.
    page.goto(f"{base}/workbench/drafts/{pk}/")
    page.locator("#submit-form").get_by_role("button", name="提交审批").click()
    expect(page.locator("#messages")).to_contain_text("已提交审批", timeout=SLOW)
    page.get_by_role("link", name="查看审批").click()
    expect(page.locator("#main")).to_contain_text("须由中小企业科另一名工作人员审批", timeout=SLOW)
    assert page.locator("#approve-form").count() == 0
    logout(page)

    # The second coordinator reads the changes and approves by real name.
    login(page, base, "city_sme_approver")
    menu(page, "政策配置")
    page.get_by_role("link", name="hengyang-2024-gxj 第1版").click()
    page.get_by_role("link", name="审批", exact=True).click()
    changes = page.locator("#changes")
    expect(changes).to_contain_text(NEW_ITEM, timeout=SLOW)
    expect(changes).to_contain_text(deadline, timeout=SLOW)
    _shot(page, "approval")
    page.get_by_label("本人已核对草稿内容，同意发布，并以实名签批").check()
    page.get_by_role("button", name="审批通过并发布").click()
    expect(page.locator("#messages")).to_contain_text("已审批并发布 hengyang-2024-gxj 第1版", timeout=SLOW)
    expect(page.locator("h1")).to_contain_text("已发布", timeout=SLOW)
    expect(page.locator("#main")).to_contain_text("中小企业科审批员", timeout=SLOW)
    _shot(page, "published")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载政策包文件夹（zip）").click()
    assert download.value.suggested_filename == "hengyang-2024-gxj-v1.zip"
    logout(page)
    pack = PolicyPack.objects.get(pack_id="hengyang-2024-gxj", version=1)
    assert pack.status == PackStatus.PUBLISHED and pack.data == PackDraft.objects.get(pk=pk).data

    # An enterprise finds the new item in the catalogue and applies for it.
    owner = User.objects.get(username="ent_zhuhui")
    login(page, base, "ent_zhuhui")
    menu(page, "政策目录")
    expect(page.locator("#main")).to_contain_text(NEW_ITEM, timeout=SLOW)
    expect(page.locator("#main")).to_contain_text("衡市工信〔2024〕18号", timeout=SLOW)
    menu(page, "企业档案")
    page.get_by_label("营业收入（万元） 2023年", exact=True).fill("28000")
    page.get_by_role("button", name="保存企业档案").click()
    assert "企业档案已保存" in page.locator(".messages").inner_text()
    menu(page, "可申报事项")
    item = page.locator('li[data-item="15"]')
    item.locator("summary").click()
    item.get_by_role("link", name="申报").click()
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application_pk = int(re.search(r"/applications/(\d+)/$", page.url).group(1))
    edit_url = page.url
    page.locator("#id_summary-project_name").fill("绿色工厂创建")
    page.get_by_label("申请金额（万元）（必填）").fill("30")
    page.locator("#f-2-13__enterprise_name").fill(owner.organisation.name)
    page.locator("#f-2-13__contact_person").fill("李四")
    page.locator("#f-2-13__contact_phone").fill("0734-8850001")
    page.locator("#f-2-13__project_summary").fill("获评省级绿色工厂，单位产值能耗下降12%。")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存" in page.locator(".messages").inner_text()
    _fill_targets(owner, application_pk)
    page.goto(edit_url)
    slots = page.locator("li.material").filter(has=page.locator("input[type=file]"))
    for material_id in [slots.nth(i).get_attribute("id") for i in range(slots.count())]:
        slot = page.locator(f"#{material_id}")
        slot.locator("input[type=file]").set_input_files(
            {"name": "绿色工厂认定文件.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        with page.expect_navigation():  # wait for the new page, not the one being left
            slot.get_by_role("button", name="上传", exact=True).click()
        assert "已上传" in page.locator(".messages").inner_text(), material_id
    commitment = page.locator("#commitment")
    assert "此次申报绿色工厂奖励" in commitment.inner_text()
    commitment.get_by_label("法定代表人（签字）").fill(owner.organisation.profile.data["legal_representative_name"])
    commitment.get_by_label("日期").fill(timezone.localdate().isoformat())
    commitment.get_by_label(re.compile("本单位已阅读上述承诺书全文")).check()
    commitment.get_by_role("button", name="签署承诺").click()
    assert "已签署真实性承诺" in page.locator(".messages").inner_text()
    assert "所有必填内容、材料和承诺均已完成" in page.locator("#submit").inner_text(), page.locator(
        "#submit"
    ).inner_text()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    application = Application.objects.get(pk=application_pk)
    assert application.pack == pack and application.item.name == NEW_ITEM
    assert application.get_status_display() == "已提交"
