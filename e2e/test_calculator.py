"""An enterprise chooses items 2 and 3, fills in its figures, reads both verdicts with the reason, fixes a figure
and sees the change."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from demo.seed import demo_data_load
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _status(page, key):
    return page.locator(f'li[data-item="{key}"] summary .status').inner_text()


def test_enterprise_uses_the_calculator(page, live_server):
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("ent_zhuhui")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="政策计算器").click()
    page.wait_for_url("**/eligibility/")

    # First the items the enterprise is interested in: then only the facts their conditions read are asked,
    # those in its profile already filled in.
    expect(page.locator("#fact-valid_patents")).to_have_count(0)
    page.get_by_label("2. 企业智能制造装备贴息项目").check()
    page.get_by_label("3. 培育制造业单项冠军企业").check()
    expect(page.get_by_label("有效专利数量（个）")).to_be_visible()
    expect(page.locator("#fact-design_center_years")).to_have_count(0)  # item 4's, not chosen
    expect(page.locator("#fact-registered_in_hengyang .guide__prefilled")).to_have_text("来自企业信息")

    for label, value in [
        ("在衡阳市登记注册", "是"), ("具有独立法人资格", "是"), ("企业信用信息正常", "是"),
        ("被列入“失信被执行人”", "否"), ("获得银行业金融机构在衡营业机构的贷款", "是"),
        ("已通过智能制造数据资源公共服务平台开展智能制造能力成熟度自评估", "是"),
    ]:  # fmt: skip
        page.get_by_label(label, exact=True).select_option(label=value)
    page.get_by_label("所属行业门类（GB/T 4754-2017）").select_option("C")
    page.get_by_label("智能制造能力成熟度等级（GB/T39116-2020）").fill("2")
    page.get_by_label("2022年生产线、关键工序推广应用智能制造装备投资额（万元）").fill("350")
    page.get_by_label("2022年营业收入（万元）").fill("10000")
    page.get_by_label("2022年研发投入（研发经费支出）（万元）").fill("200")
    page.get_by_label("有效专利数量（个）").fill("8")
    page.get_by_role("button", name="计算").click()

    # The panel already showed verdicts from the profile before 计算: wait for the answer to the figures typed
    # (200 / 10000 = 2 %, one point short), not for any panel.
    reason = page.locator('li[data-item="3"] .condition--not_met').first
    expect(reason).to_contain_text("差 1个百分点")
    assert _status(page, "2") in ("符合", "需佐证")
    assert _status(page, "3") == "不符合"
    page.locator('li[data-item="3"] summary').click()
    assert "研发投入" in reason.inner_text()

    # The equipment investment was really 250 万元: item 2 is no longer open (the page updates by itself).
    page.get_by_label("2022年生产线、关键工序推广应用智能制造装备投资额（万元）").fill("250")
    page.get_by_label("2022年生产线、关键工序推广应用智能制造装备投资额（万元）").blur()
    # A locator wait, not wait_for_function: the Content-Security-Policy refuses a string evaluated in the page.
    expect(page.locator('li[data-item="2"] summary .status')).to_have_text("不符合")
    page.locator('li[data-item="2"] summary').click()
    assert "差 50万元" in page.locator('li[data-item="2"] .condition--not_met').first.inner_text()

    # The results panel is not a fixed-height box with its own scrollbar: with every item open it grows with
    # its content, and nothing inside it is cut off (issue 19 §4).
    for summary in page.locator("#results summary").all():
        summary.click()
    panel = page.locator("#results")
    sizes = panel.evaluate("e => [e.scrollHeight, e.clientHeight, getComputedStyle(e).overflowY]")
    assert sizes[0] <= sizes[1] + 1 and sizes[2] == "visible", sizes


def test_all_items_and_single_items_exclude_each_other(page, live_server):
    """Ticking 全部支持事项 unticks the single items, and ticking a single item unticks 全部: the boxes say what is
    asked (both ticked meant all, which the page did not show). A tick posts one request, not two."""
    pack_load(actor=None, directory=PACK_2023)
    page.goto(f"{live_server.url}/eligibility/")
    everything = page.get_by_label("全部支持事项")
    single = page.get_by_label("2. 企业智能制造装备贴息项目")
    single.check()
    everything.check()
    expect(single).not_to_be_checked()
    expect(page.get_by_label("有效专利数量（个）")).to_be_visible()  # item 3's fact: all items are asked
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    single.check()
    expect(everything).not_to_be_checked()
    expect(page.get_by_label("有效专利数量（个）")).to_have_count(0)  # item 2 alone does not ask it
    page.wait_for_timeout(800)  # the form's own trigger waits 400 ms after a change
    assert len(posts) == 1, posts  # the choice's answer carries the results: no second request for them
