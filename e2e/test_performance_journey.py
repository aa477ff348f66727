"""Issue 14's journey: the whole life of one award under 全过程绩效管理 (通知 五), every 绩效 step in the
browser by the person who takes it.

- 事前绩效评估 and 目标审核: the enterprise submits with its 附件3; the county 工信 reviewer returns the
  绩效目标 alone for correction with a reason; the enterprise reads the reason, corrects its 附件3 and
  resubmits; the county, then the item's section, accept the targets.
- The award: the county 工信 and 财政 reviewers and the section approve in the browser (the section with an
  amount), in the same visit as their 目标审核; the joint recommendation and the award list (confirmed,
  co-signed, 公示, final) go through the services, because test_review_journey.py already clicks through
  them and they would double this journey's time. The targets are frozen with the award.
- 绩效运行监控: 中小企业科 opens a round; the enterprise reports, one indicator far enough behind the time
  elapsed to raise a 偏离预警, which the county and the section see; the county verifies and asks for a
  纠偏措施, which the enterprise records.
- 绩效评价: 中小企业科 opens it; the enterprise's 自评; the county verifies; the section scores (差 by the
  numbers entered); 中小企业科 confirms; the grade is on the pages.
- 评价结果应用: a next-year pack, the 2023 pack plus "上一年度绩效评价为差的，不得申报", is loaded and
  published, and the enterprise's 可申报事项 shows 不符合 with the clause.

The draft is filled in by the services (test_application_journey.py fills a whole 附件3 in the browser);
the 绩效 steps are all clicked, each person reaching the page from the menu or from the inbox message that
asks for the step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_SECTION_USERS
from accounts.models import User
from applications import services
from applications.models import Application
from applications.tests.helpers import complete
from demo.seed import demo_data_load
from e2e.journeys import (
    county_recommends,
    decide,
    from_inbox,
    list_awarded,
    menu,
    next_years_pack,
    open_from_worklist,
    press,
)
from e2e.session import login, logout
from performance.tests.targets_helpers import indicator_row, usable_targets
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "产出指标“新增智能装备”目标值偏低，请按可研报告调整为不少于12台"
CLAUSE = "上一年度绩效评价为差的，不得申报"
GRADE_CONDITION = {"id": "global.performance_grade", "clause": CLAUSE, "source": "2024年通知 二、申报条件",
                   "kind": "computable", "rule": {"fact": "last_performance_grade", "one_of": ["优", "良", "中"]}}  # fmt: skip
# The 附件3 the enterprise submits: one indicator per 一级指标, 25 分 each.
TARGETS = usable_targets(
    cost_economic=[indicator_row("项目总投资", "≤800", score="25")],
    output_quantity=[indicator_row("新增智能装备", "≥10", unit="台", score="25")],
    benefit_economic=[indicator_row("新增产值", "≥500", score="25")],
    satisfaction_service_recipients=[indicator_row("员工满意度", "满意", unit="/", value_type="定性", score="25")],
)


def my_application(page, item_name: str) -> None:
    """The enterprise opens its application from 我的申报."""
    menu(page, "我的申报")
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.locator("table.data-table tr", has_text=item_name).get_by_role("link").first.click()


def results_of_the_list(page) -> None:
    """中小企业科: 绩效评价 → the award list's 绩效评价结果 page."""
    menu(page, "绩效评价")
    page.locator("#lists-title + .table-wrap").get_by_role("link").first.click()


def targets_review(page, *, accept: bool, reason: str = "", remark: str = "") -> str:
    """The 事前绩效评估 checklist on the application page: every point 是 (or 目标值合理 否 with a remark
    when returning), then the conclusion; the block comes back (htmx) with the outcome in it."""
    form = page.locator("#target-review-form")
    rows = form.locator("#target-checklist tbody tr")
    expect(rows).not_to_have_count(0)  # .all() does not wait: an unloaded page would leave every point blank
    for row in rows.all():
        refused = not accept and row.get_attribute("id") == "check-reasonable"
        row.get_by_label("否" if refused else "是", exact=True).check()
        if refused:
            row.get_by_role("textbox").fill(remark)
    form.get_by_label("审核通过" if accept else "退回企业修改绩效目标", exact=True).check()
    if reason:
        form.get_by_label("退回理由（退回时必填）").fill(reason)
    form.get_by_role("button", name="提交绩效目标审核意见").click()
    return page.locator("#target-review-done").inner_text()


def test_the_whole_life_of_one_award(page, live_server, tmp_path):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    owner = User.objects.get(username="ent_zhuhui")
    enterprise = owner.organisation.name
    item = SupportItem.objects.get(number=2)
    section_user = next(u for u, code, _ in DEMO_SECTION_USERS if code == item.section_code)
    draft = complete(services.application_create(actor=owner, enterprise=owner.organisation, item=item), owner)
    draft = services.application_save(
        actor=owner,
        application=draft,
        answers={**draft.answers, "3": {**TARGETS, "reporting_unit": enterprise}},
        summary={},
        expected_version=draft.version,
    )

    # 1. The enterprise submits, its 附件3 with it.
    login(page, base, "ent_zhuhui")
    my_application(page, item.name)
    page.locator("#submit").get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    page.get_by_role("link", name="查看申报").click()
    assert page.locator("#target-status").inner_text() == "待目标审核"
    logout(page)

    # 2. The county 工信 reviewer returns the targets alone, with a reason; the application stays in review.
    login(page, base, "zhuhui_gx")
    open_from_worklist(page, "待审核", enterprise)
    done = targets_review(page, accept=False, reason=RETURN_REASON, remark="新增智能装备目标值低于可研报告")
    assert done == "已将绩效目标退回企业修改（申报本身不退回）。"
    assert page.locator("#target-status").inner_text() == "目标退回修改"
    assert page.locator("#application-state").inner_text() == "已提交"  # the application is not returned
    logout(page)

    # 3. The enterprise reads the reason, corrects the indicator in its 附件3 and resubmits the targets.
    login(page, base, "ent_zhuhui")
    my_application(page, item.name)
    assert page.locator("#target-return-reason").inner_text() == RETURN_REASON
    page.locator("#target-review").get_by_role("link", name="修改绩效目标").click()
    assert RETURN_REASON in page.locator("#targets-return").inner_text()
    output = page.locator("#f-3__output_quantity tbody tr[data-row]").first
    output.locator("input[type=text], textarea").nth(1).fill("≥12")
    page.get_by_role("button", name="提交修改后的绩效目标").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.pk}/(#.*)?$"))
    expect(page.locator(".messages")).to_contain_text("修改后的绩效目标已提交，等待县级工信部门重新审核。")
    assert page.locator("#target-status").inner_text() == "待目标审核"
    logout(page)

    # 4. The county accepts the corrected targets (事前绩效评估: every point 是), then approves; 财政 approves.
    login(page, base, "zhuhui_gx")
    open_from_worklist(page, "待审核", enterprise)
    assert "≥12" in page.locator("#f-3__output_quantity").inner_text()  # the corrected 附件3
    assert targets_review(page, accept=True) == "已提交绩效目标审核意见：审核通过。"
    assert page.locator("#target-status").inner_text() == "县级目标审核通过"
    reviews = page.locator("#target-reviews").inner_text()
    assert (
        "退回修改" in reviews
        and RETURN_REASON in reviews
        and "目标值合理：否，新增智能装备目标值低于可研报告" in reviews
    )
    decide(page, "同意")
    logout(page)
    login(page, base, "zhuhui_cz")
    open_from_worklist(page, "待审核", enterprise)
    decide(page, "同意")
    logout(page)

    # 5. The county's joint recommendation, through the services (test_review_journey.py clicks it).
    county_recommends(Application.objects.get(pk=draft.pk))

    # 6. The item's section accepts the targets (市级目标审核), then approves the application with an amount.
    login(page, base, section_user)
    open_from_worklist(page, "待审核", enterprise)
    assert targets_review(page, accept=True) == "已提交绩效目标审核意见：审核通过。"
    assert page.locator("#target-status").inner_text() == "目标审核通过"
    decide(page, "同意", amount="12.5")
    logout(page)

    # 7. The award list to its end, through the services (test_review_journey.py clicks it): confirmed,
    # co-signed, publicised, final.
    list_awarded(item.pack)
    assert Application.objects.get(pk=draft.pk).get_status_display() == "已确定奖补"

    # The targets are frozen with the award: the enterprise is told to ask for a 目标调整 instead of editing.
    login(page, base, "ent_zhuhui")
    my_application(page, item.name)
    block = page.locator("#target-review").inner_text()
    assert page.locator("#target-status").inner_text() == "目标已锁定（随奖补确定）"
    assert "请申请目标调整" in block
    logout(page)

    # 8. 绩效运行监控: 中小企业科 opens a round at the middle of the execution period (时间进度 49.73%).
    login(page, base, "city_sme_summary")
    menu(page, "绩效监控")
    opening = page.locator("form[action$='/monitoring/open/']")
    opening.get_by_label("奖补名单").select_option(index=1)
    for label, value in [("监控轮次名称", "2026年绩效运行监控"), ("执行期起", "2026-01-01"), ("执行期止", "2026-12-31"),
                         ("监控截止时点", "2026-07-01")]:  # fmt: skip
        opening.get_by_label(label).fill(value)
    opening.get_by_role("button", name="开展监控").click()
    expect(page.locator(".messages")).to_contain_text("已开展绩效运行监控“2026年绩效运行监控”：共 1 个项目")
    logout(page)

    # 9. The enterprise reports: 新增智能装备 2 of 12 台 is 16.67%, more than 30 points behind 49.73%.
    login(page, base, "ent_zhuhui")
    from_inbox(page, "绩效运行监控待填报：智能产线改造")
    for label, value in [("项目总投资：当前完成值（万元）", "400"), ("新增智能装备：当前完成值（台）", "2"),
                         ("新增智能装备：说明", "设备到货延迟"), ("新增产值：当前完成值（万元）", "300"),
                         ("员工满意度：当前完成值", "基本满意")]:  # fmt: skip
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("已支出资金（万元）").fill("8")
    press(page, "提交", "有 1 项偏离预警，已告知县级和市工信局科室")
    warning = "完成进度 16.67% 落后于时间进度 49.73% 超过 30 个百分点"
    assert warning in page.locator("#progress-title + .table-wrap").inner_text()
    logout(page)

    # 10. The county sees the warning in its message and on the report, verifies it and asks for a 纠偏措施.
    login(page, base, "zhuhui_gx")
    page.locator("#notification-badge").click()
    assert f"新增智能装备：{warning}" in page.locator(".notification-list").inner_text()
    page.get_by_role("link", name=f"待核实绩效监控：{enterprise}的“智能产线改造”").click()
    assert warning in page.locator("#progress-title + .table-wrap").inner_text()
    page.get_by_label("县级核实意见").fill("设备采购进度滞后，请说明追赶计划")
    page.get_by_label("要求企业填报纠偏措施").check()
    press(page, "核实", "已核实该绩效监控报告，并要求企业填报纠偏措施。")
    assert "县级已核实" in page.locator("h1").inner_text()
    logout(page)

    # 11. The section is told of the warning, and the round's overview counts it.
    login(page, base, section_user)
    from_inbox(page, f"绩效偏离预警：{enterprise}的“智能产线改造”")
    assert warning in page.locator("#progress-title + .table-wrap").inner_text()
    menu(page, "绩效监控")
    page.get_by_role("link", name="2026年绩效运行监控").click()
    assert "已核实 1；有偏离预警 1 个" in page.locator(".lead").inner_text()
    logout(page)

    # 12. 绩效评价: 中小企业科 opens the evaluations of the list.
    login(page, base, "city_sme_summary")
    results_of_the_list(page)
    press(page, "开展绩效评价", "已开展绩效评价：1 个项目，已通知企业自评。")
    logout(page)

    # 13. The enterprise records its 纠偏措施, then its 自评: final values well short of the targets.
    login(page, base, "ent_zhuhui")
    from_inbox(page, "请填报纠偏措施：智能产线改造")
    page.get_by_role("textbox", name="纠偏措施").fill("已与设备供应商签订补充协议，第三季度完成全部设备到货安装")
    press(page, "提交纠偏措施", "纠偏措施已填报")
    from_inbox(page, "绩效评价待自评：智能产线改造")
    for label, value in [("项目总投资：实际完成值（万元）", "1000"), ("新增智能装备：实际完成值（台）", "3"),
                         ("新增产值：实际完成值（万元）", "100"), ("员工满意度：实际完成值", "部分职工不满意")]:  # fmt: skip
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("自评总结").fill("项目超支，设备到货延迟，新增产值未达预期。")
    press(page, "提交自评", "绩效自评已提交，待县级核实。")
    logout(page)

    # 14. The county verifies the 自评.
    login(page, base, "zhuhui_gx")
    from_inbox(page, f"待核实绩效自评：{enterprise}的“智能产线改造”")
    page.get_by_label("县级核实意见").fill("与现场核查一致")
    press(page, "核实", "已核实绩效自评，待市工信局科室评分。")
    logout(page)

    # 15. The section scores: 20 + 6.25 + 5 by the proportional rule, and the 定性 indicator not reached.
    login(page, base, section_user)
    from_inbox(page, f"待绩效评分：{enterprise}的“智能产线改造”")
    page.get_by_label("员工满意度：是否达到目标").select_option(label="未达到目标")
    press(page, "评分", "已评分：总分 31.25 分，等级“差”。")
    assert "（待市工信局中小企业科确认）" in page.locator("dl.facts").inner_text()
    logout(page)

    # 16. 中小企业科 confirms the list's results; the grade is on the results page.
    login(page, base, "city_sme_summary")
    results_of_the_list(page)
    press(page, "确认评价结果", "已确认 1 个项目的绩效评价结果，并记入企业档案。")
    row = page.locator("table.data-table tbody tr", has_text=enterprise).inner_text()
    assert "31.25" in row and "差" in row and "评价结果已确认" in row and "新增智能装备" in row
    logout(page)

    # 17. The enterprise is told its grade.
    login(page, base, "ent_zhuhui")
    from_inbox(page, "绩效评价结果：智能产线改造为“差”（31.25 分）")
    facts = page.locator("dl.facts").inner_text()
    assert "31.25 分" in facts and "差" in facts and "待市工信局中小企业科确认" not in facts
    assert "评价结果已确认" in page.locator("h1").inner_text()

    # 18. 评价结果应用: next year's notice bars a 差; the enterprise's 可申报事项 says 不符合 and why.
    pack_load(actor=None, directory=next_years_pack(tmp_path, GRADE_CONDITION))
    menu(page, "可申报事项")
    item2 = page.locator('li[data-item="2"]')
    assert item2.locator("summary .status").first.inner_text() == "不符合"
    item2.locator("summary").click()
    refusal = item2.locator("li.condition--not_met", has_text=CLAUSE)
    assert "不符合：“最近一次绩效评价等级”为差，须为 优、良、中之一" in refusal.inner_text()
