"""Issue 5's journey: a new enterprise registers, the county confirms it, it fills in its profile,
applies for item 2 (a repeating table included), uploads its materials, closes the tab and finds
the draft intact, signs, submits and sees its receipt; then an item-12 and a third application are
refused with the notice's reasons."""

import re

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from applications.tests.helpers import complete
from core.validators import compose_uscc
from demo.seed import demo_data_load
from e2e.session import login, logout
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
USCC = compose_uscc(division="430405", organisation_body="MA4J0001")


def answer(page, group, choice):
    page.get_by_role("group", name=group).get_by_label(choice, exact=True).check()


def wait_saved(page):
    # A locator wait, not wait_for_function: the Content-Security-Policy refuses a string evaluated in the page.
    expect(page.locator("#save-status")).to_contain_text("已自动保存")


def test_enterprise_registers_applies_and_submits(page, live_server):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()  # county reviewers, and the city re-opening the 2023 window for the demo

    # 1. Self-service registration.
    page.goto(f"{base}/accounts/login/")
    page.locator("#main").get_by_role("link", name="企业注册").click()
    page.get_by_label("企业名称").fill("衡阳旅程测试装备有限公司")
    page.get_by_label("统一社会信用代码").fill(USCC[:-1])  # a typo first: one character short
    page.get_by_label("所属县市区/园区").select_option(label="珠晖区")
    page.get_by_label("法定代表人").fill("欧阳法人")
    page.get_by_label("申报联系人（经办人）姓名").fill("周经办")
    page.get_by_label("联系人手机号码").fill("13807345678")
    page.get_by_label("登录用户名").fill("journey_corp")
    page.locator("#id_password").fill("Journey2023x")
    page.get_by_label("再次输入密码").fill("Journey2023x")
    page.get_by_label("验证码").fill("PASSED")  # the CAPTCHA's test mode (config/settings/test.py)
    page.get_by_role("button", name="注册").click()
    assert "18" in page.locator("#field-uscc .field-error").inner_text()
    assert page.get_by_label("企业名称").input_value() == "衡阳旅程测试装备有限公司"  # nothing typed is lost
    page.get_by_label("统一社会信用代码").fill(USCC)
    page.locator("#id_password").fill("Journey2023x")
    page.get_by_label("再次输入密码").fill("Journey2023x")
    page.get_by_label("验证码").fill("PASSED")  # the CAPTCHA's test mode (config/settings/test.py)
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/enterprises/profile/")
    assert "待县级工信部门确认" in page.locator("dl.facts").inner_text()
    logout(page)

    # 2. The county 工信 reviewer confirms the account.
    login(page, base, "zhuhui_gx", DEMO_PASSWORD)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="待确认企业").click()
    row = page.locator("tr", has_text="衡阳旅程测试装备有限公司")
    assert USCC in row.inner_text()
    row.get_by_role("button", name="确认").click()
    assert "已确认" in page.locator(".messages").inner_text()
    logout(page)

    # 3. The enterprise fills in its profile.
    login(page, base, "journey_corp", "Journey2023x")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="企业档案").click()
    assert "已确认" in page.locator("dl.facts").inner_text()
    page.get_by_label("成立时间").fill("2015-03-01")
    answer(page, "企业性质 （必填）", "民营")
    page.get_by_label("所属行业（大类）").fill("35")
    page.get_by_label("单位地址").fill("衡阳市珠晖区测试路 8 号")
    page.get_by_label("纳税属地").fill("珠晖区")
    page.get_by_label("法定代表人手机").fill("13807340099")
    for label, value in [("营业收入（万元） 2022年", "26000"), ("上缴税金（万元） 2022年", "950"),
                         ("净利润（万元） 2022年", "1200"), ("总资产（万元） 2022年", "41000")]:  # fmt: skip
        page.get_by_label(label, exact=True).fill(value)
    answer(page, "具有独立法人资格", "是")
    answer(page, "企业信用信息正常", "是")
    answer(page, "被列入“失信被执行人”", "否")
    answer(page, "获得银行业金融机构在衡营业机构的贷款", "是")
    answer(page, "已通过智能制造数据资源公共服务平台开展智能制造能力成熟度自评估", "是")
    page.get_by_label("智能制造能力成熟度等级（GB/T39116-2020）").fill("2")
    page.get_by_label(re.compile("2022年生产线、关键工序推广应用智能制造装备投资额")).fill("380")
    page.get_by_role("button", name="保存企业档案").click()
    assert "企业档案已保存" in page.locator(".messages").inner_text()

    # 4. Item 2 is open to it (需佐证: declared figures need evidence); it starts an application.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="可申报事项").click()
    item2 = page.locator('li[data-item="2"]')
    assert item2.locator("summary .status").inner_text() == "需佐证"
    item2.locator("summary").click()
    item2.get_by_role("link", name="申报").click()
    assert "需佐证" in page.locator(".result-list").inner_text()
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    edit_url = page.url
    assert page.locator("#f-2-2__enterprise_name").input_value() == "衡阳旅程测试装备有限公司"  # pre-filled
    assert page.locator("#f-2-2__enterprise_nature").input_value() == "民营"

    # 5. Fill in part of the form, then close the tab.
    page.locator("#id_summary-project_name").fill("智能产线贴息项目")
    page.locator("#f-2-2__project_name").fill("智能产线贴息项目")
    page.locator("#f-2-2__construction_period").fill("2022年1月至2022年12月")
    page.locator("#f-2-2__expected_benefits").fill("产能提升30%，不良率下降10%。")
    wait_saved(page)
    page.close()

    page = page.context.new_page()
    page.goto(f"{base}/applications/")
    page.get_by_role("link", name=re.compile("企业智能制造装备贴息项目")).click()
    assert page.url == edit_url
    assert page.locator("#id_summary-project_name").input_value() == "智能产线贴息项目"
    assert page.locator("#f-2-2__expected_benefits").input_value() == "产能提升30%，不良率下降10%。"

    # 6. The rest of the form, including a repeating table of the 绩效目标表.
    page.get_by_label("申请金额（万元）（必填）").fill("30")
    page.get_by_label("总投资（万元）（如适用）").fill("600")
    for name, value in [("application_date", "2023-08-10"), ("investment_smart_equipment", "380"),
                        ("investment_other", "220"), ("funding_own", "300"), ("funding_loan", "300"),
                        ("funding_other", "0"), ("annual_interest_rate", "4.35"), ("loan_interest_paid_2022", "13.05"),
                        ("legal_representative_phone", "13807340099")]:  # fmt: skip
        page.locator(f"#f-2-2__{name}").fill(value)
    page.locator("#f-2-2-1__commitment_date").fill("2023-08-10")
    page.locator("#f-2-2-1__credit_hunan_query_date").fill("2023-08-09")
    page.locator("#f-3__fund_name").fill("企业智能制造装备贴息")
    benefits = page.locator("#f-3__benefit_economic")  # the 经济效益指标 repeating table (role=group)
    assert "经济效益指标" in benefits.locator(".field-label").inner_text()
    benefits.get_by_role("button", name="添加一行").click()
    rows = benefits.locator("tbody tr[data-row]")
    assert rows.count() == 2
    for index, values in enumerate([["产值增长", "≥500", "新增产值", "未达标扣分", "万元", "定量", "20"],
                                    ["节能降耗", "≥5", "能耗下降", "未达标扣分", "%", "定量", "10"]]):  # fmt: skip
        inputs = rows.nth(index).locator("input[type=text], textarea")
        for column, value in enumerate(values):
            inputs.nth(column).fill(value)
    # One indicator under every other 一级指标 of 附件3, in the blank first row of one of its tables.
    for table, values in [("cost_economic", ["设备投入", "≤600", "项目总投资", "超支扣分", "万元", "定量", "10"]),
                          ("output_quantity", ["新增智能装备", "≥10", "台套数", "未达标扣分", "台", "定量", "50"]),
                          ("satisfaction_service_recipients",
                           ["员工满意度", "≥90", "问卷满意率", "未达标扣分", "%", "定量", "10"])]:  # fmt: skip
        inputs = page.locator(f"#f-3__{table} tbody tr[data-row]").first.locator("input[type=text], textarea")
        for column, value in enumerate(values):
            inputs.nth(column).fill(value)
    # The purchase list of 申报材料4 ("2022年1月1日至2022年12月31日，采购…清单及相对应的发票"): one invoice of 2022.
    purchase = page.locator("#f-2-2__equipment_purchases tbody tr[data-row]").first
    for column, value in enumerate(["六轴工业机器人", "04400221", "380"]):
        purchase.locator("input[type=text], textarea").nth(column).fill(value)
    purchase.locator("input[type=date]").fill("2022-06-15")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存" in page.locator(".messages").inner_text()
    assert page.locator("#f-3__benefit_economic input[value='产值增长']").count() == 1  # kept after the reload

    # 7. Upload every required material (the 信用湖南 screenshot with its 查询时间).
    slots = page.locator("li.material").filter(has=page.locator("input[type=file]"))
    material_ids = [slots.nth(i).get_attribute("id") for i in range(slots.count())]
    for material_id in material_ids:
        slot = page.locator(f"#{material_id}")
        if "选报" in slot.locator("strong").locator("xpath=..").inner_text():
            continue
        slot.locator("input[type=file]").set_input_files(
            {"name": "证明材料.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        if slot.locator("input[type=date]").count():
            slot.locator("input[type=date]").fill("2023-08-09")
        with page.expect_navigation():  # wait for the new page, not the one being left
            slot.get_by_role("button", name="上传", exact=True).click()
        assert "已上传" in page.locator(".messages").inner_text(), material_id

    # 8. Sign the commitment and submit.
    commitment = page.locator("#commitment")
    commitment.get_by_label("法定代表人（签字）").fill("欧阳法人")
    commitment.get_by_label("日期").fill("2023-08-10")
    commitment.get_by_label(re.compile("本单位已阅读上述承诺书全文")).check()
    commitment.get_by_role("button", name="签署承诺").click()
    assert "已签署真实性承诺" in page.locator(".messages").inner_text()

    # 9. The completeness report lists what is still missing; follow each link and fill the field.
    values = {"填表人": "周经办", "联系电话": "13807345678", "填报日期": "2023-08-10"}
    links = page.locator("#submit ol.completeness a")
    todo = [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]
    assert todo, "the report should list the 绩效目标表 footer fields"
    for href, text in todo:
        page.locator(f"#submit a[href='{href}']").click()
        label = next(key for key in values if text.endswith(key))
        page.locator(href).fill(values[label])
    page.get_by_role("button", name="保存草稿").click()
    assert "所有必填内容、材料和承诺均已完成" in page.locator("#submit").inner_text(), page.locator(
        "#submit"
    ).inner_text()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    receipt = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"HY2023-430405-02-\d{5}", receipt)

    # 10. Item 12 is refused at its start page, before any form is filled: the same legal person may not
    # also apply for item 2.
    page.goto(f"{base}/applications/new/12/")
    refusal = page.locator("#not-available").inner_text()
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in refusal and receipt in refusal
    assert page.get_by_role("button", name="开始填写申报书").count() == 0

    # 11. With a second project submitted, a third is refused by the 2-project limit.
    from accounts.models import User
    from applications import services
    from policies.models import SupportItem

    user = User.objects.get(username="journey_corp")
    item11 = SupportItem.objects.get(number=11)
    second = services.application_create(actor=user, enterprise=user.organisation, item=item11)
    second = services.application_submit(actor=user, application=complete(second, user))
    page.goto(f"{base}/applications/new/7/")
    refusal = page.locator("#not-available").inner_text()
    assert f"已提交 2 个项目：第2项（回执号 {receipt}）、第11项（回执号 {second.receipt_number}）" in refusal
    assert "申报项目数合计不得超过2个" in refusal

    # The enterprise follows its applications.
    page.goto(f"{base}/applications/")
    listing = page.locator("table.data-table").inner_text()
    assert receipt in listing and "已提交，等待县级审核" in listing
