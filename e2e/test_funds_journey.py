"""Issue 15's journey: the money of a final award list, every step in the browser by the person who takes it.

- 资金下达: 市财政局企业科 drafts the allocation from the final list (文号, 下达日期) and confirms it in its
  own name; 中小企业科 co-signs; the 资金下达通知书 is downloaded as Word, with the 文号 and the amounts in
  capitals.
- 拨付: the county finance bureau pays the enterprise in two parts; the second, typed above what is left, is
  refused with the message in view under the amount and every value kept.
- 到账确认: the enterprise confirms the first part and reports a discrepancy on the second; the county
  corrects it to what really arrived.
- 台账: the enterprise, its county and the city each read their totals (awarded, allocated, paid, confirmed,
  outstanding) on the ledger.
- 撤销与追回: 中小企业科 revokes the award for false reporting; 财政局企业科 co-signs; the county records the
  recovery in two repayments.
- The enterprise's facts: a next year's pack whose conditions read fund_recovery_open and
  false_reporting_finding_year shows them on the enterprise's 可申报事项; the ORM confirms the record.

The final list is built directly (performance/tests/awarded.py; test_review_journey.py clicks its making):
three awards, 100 万元 to the persona's enterprise and 30 万元 to another in its county (珠晖区), 50 万元 in
耒阳市, so that the enterprise, the county and the city each have different totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from e2e.journeys import docx_text, download, from_inbox, menu, next_years_pack, press, sign_off
from e2e.session import login, logout
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from funds.tests.ledger import HOME, OTHER, enterprise_in
from performance.tests.awarded import awarded_list
from policies.services import pack_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "衡财企指〔2024〕7号"
SUBJECT = "2150805 中小企业发展专项"
NO_OPEN_RECOVERY = {
    "id": "global.no_open_recovery", "clause": "有未缴回的奖补资金的，不得申报", "source": "2024年通知 二、申报条件",
    "kind": "computable", "rule": {"fact": "fund_recovery_open", "equals": False},
}  # fmt: skip
NO_FALSE_REPORTING = {
    "id": "global.no_false_reporting", "clause": "近三年因虚假申报被撤销奖补的，不得申报",
    "source": "2024年通知 二、申报条件", "kind": "computable",
    "rule": {"fact": "false_reporting_finding_year", "wording": "低于", "value": 2021, "unit": "年"},
}  # fmt: skip


def ledger_totals(page) -> list[str]:
    """奖补资金 from the menu: the ledger's 合计 row (奖补, 已下达, 已拨付, 已确认到账, 未拨付, 万元)."""
    menu(page, "奖补资金")
    cells = page.locator("#ledger-totals tfoot td")
    expect(cells).to_have_count(5)  # all_inner_texts() does not wait
    return cells.all_inner_texts()


def fund_page(page, enterprise: str) -> None:
    """An award's fund page, reached from the ledger's row of the enterprise."""
    menu(page, "奖补资金")
    page.locator("#ledger-rows").get_by_role("link", name=enterprise, exact=True).click()
    expect(page.locator("#fund-figures")).to_be_visible()


def pay(page, paid_on: str, amount: str, voucher: str) -> None:
    """登记拨付: the form keeps the receiving account of the last payment."""
    form = page.locator("#payment-form")
    form.get_by_label("拨付日期").fill(paid_on)
    form.get_by_label("拨付金额（元）").fill(amount)
    form.get_by_label("凭证号").fill(voucher)
    form.get_by_role("button", name="登记拨付").click()


def test_the_money_of_a_final_award_list(
    page, live_server, tmp_path, stored_pack, profile, city_sme, city_finance, county_finance, enterprise_admin
):
    base = live_server.url
    owners = [enterprise_admin, enterprise_in(HOME), enterprise_in(OTHER)]
    _, awards = awarded_list(stored_pack, sme=city_sme, owners=owners)
    for application, amount in zip(awards, ("100.00", "30.00", "50.00"), strict=True):
        application.award_entries.update(amount=Decimal(amount))
    enterprise = enterprise_admin.organisation.name

    # 1. 市财政局企业科 drafts the allocation from the final list, then confirms it in its own name.
    login(page, base, city_finance.username, PASSWORD)
    menu(page, "资金下达")
    page.locator("#awaiting").get_by_role("link", name="办理资金下达").click()
    expect(page.locator("#allocation-preview tfoot")).to_contain_text("180.00")
    page.get_by_label("文号").fill(NUMBER)
    page.get_by_label("下达日期").fill("2024-02-01")
    page.get_by_label("预算科目").fill(SUBJECT)  # the 2023 pack names no default
    press(page, "生成资金下达", f"资金下达已生成（{NUMBER}），共 3 个项目。")
    expect(page.locator("#allocation-lines tbody tr", has_text="珠晖区")).to_contain_text("130.00")
    sign_off(page, f"以本人实名（{city_finance.full_name}）确认资金下达", action="确认", document=NUMBER, count=3,
             signer=city_finance.full_name, total="180.00 万元（大写：人民币壹佰捌拾万元整）")  # fmt: skip
    expect(page.locator(".messages")).to_contain_text("已实名确认资金下达，待市工信局中小企业科会签。")
    logout(page)

    # 2. 中小企业科 co-signs; the 资金下达通知书 downloads as Word with the 文号 and the amounts in capitals.
    login(page, base, city_sme.username, PASSWORD)
    menu(page, "资金下达")
    page.get_by_role("link", name=NUMBER).click()
    sign_off(page, f"以本人实名（{city_sme.full_name}）会签资金下达", action="会签", document=NUMBER, count=3,
             signer=city_sme.full_name, total="180.00 万元")  # fmt: skip
    expect(page.locator(".messages")).to_contain_text("已实名会签，资金已下达")
    name, letter = download(page, "资金下达通知书（Word）")
    text = docx_text(letter)  # python-docx opens it: a valid DOCX
    assert name.endswith(".docx") and letter[:2] == b"PK"
    assert NUMBER in text and SUBJECT in text and "壹佰捌拾万元整" in text and "壹佰叁拾万元整" in text, text
    logout(page)

    # 3. The county finance bureau pays in two parts; the second, typed above what is left, is refused first.
    login(page, base, county_finance.username, PASSWORD)
    fund_page(page, enterprise)
    page.get_by_label("收款开户行").fill("中国工商银行衡阳分行")
    page.get_by_label("收款户名").fill(enterprise)
    page.get_by_label("收款账号").fill("6222021234567890123")
    pay(page, "2024-03-01", "600000", "记-2024-031")
    expect(page.locator(".messages")).to_contain_text("已登记拨付 600,000.00 元（凭证号 记-2024-031）")
    pay(page, "2024-04-01", "500000", "记-2024-032")
    error = page.locator("#field-amount .field-error")
    expect(error).to_contain_text("拨付金额超出可拨付余额：该项目尚可拨付 40.00 万元（400,000.00 元）")
    expect(error).to_be_in_viewport()
    expect(page.locator("#payment-form").get_by_label("凭证号")).to_have_value("记-2024-032")
    expect(page.get_by_label("拨付日期")).to_have_value("2024-04-01")
    page.get_by_label("拨付金额（元）").fill("400000")
    page.get_by_role("button", name="登记拨付").click()
    expect(page.locator(".messages")).to_contain_text("已登记拨付 400,000.00 元（凭证号 记-2024-032）")
    expect(page.locator("#fund-status")).to_have_text("已拨付")
    logout(page)

    # 4. The enterprise confirms the first part and reports that only 350,000 元 of the second arrived.
    login(page, base, enterprise_admin.username, PASSWORD)
    fund_page(page, enterprise)
    page.get_by_role("button", name="确认到账 600,000.00 元").click()
    expect(page.locator(".messages")).to_contain_text("已确认到账 600,000.00 元。")
    second = page.locator("section.panel", has_text="凭证号 记-2024-032")
    second.get_by_label("差异情况").fill("2024年4月3日实际到账 350,000.00 元，少 50,000.00 元")
    second.get_by_role("button", name="报告差异").click()
    expect(page.locator(".messages")).to_contain_text("已报告到账差异，县级财政部门将核实更正。")
    expect(page.locator("#fund-status")).to_have_text("存在差异")
    logout(page)

    # 5. The county reads the discrepancy and corrects the payment to what was really paid.
    login(page, base, county_finance.username, PASSWORD)
    fund_page(page, enterprise)
    correction = page.locator("section.panel", has_text="更正拨付：凭证号 记-2024-032")
    expect(correction).to_contain_text("实际到账 350,000.00 元")
    correction.get_by_label("实际拨付金额（元）").fill("350000")
    correction.get_by_label("更正日期").fill("2024-04-10")
    correction.get_by_label("更正凭证号").fill("记-2024-045")
    correction.get_by_label("更正说明").fill("经核对银行回单，该笔实际拨付 350,000.00 元")
    correction.get_by_role("button", name="更正拨付").click()
    expect(page.locator(".messages")).to_contain_text("已更正该笔拨付：原记录已冲销")
    figures = page.locator("#fund-figures")
    expect(figures.locator("tr", has_text="已拨付")).to_contain_text("950,000.00")
    expect(figures.locator("tr", has_text="已确认到账")).to_contain_text("600,000.00")

    # 6. The ledger's totals for the county (its two awards), the enterprise (its own) and the city (all three).
    assert ledger_totals(page) == ["130.00", "130.00", "95.00", "60.00", "35.00"]
    logout(page)
    login(page, base, enterprise_admin.username, PASSWORD)
    assert ledger_totals(page) == ["100.00", "100.00", "95.00", "60.00", "5.00"]
    logout(page)
    login(page, base, city_sme.username, PASSWORD)
    assert ledger_totals(page) == ["180.00", "180.00", "95.00", "60.00", "85.00"]

    # 7. 中小企业科 revokes the award for false reporting, from the award's fund page.
    fund_page(page, enterprise)
    page.get_by_role("link", name="查看决定与追回记录").click()
    page.get_by_role("link", name="调减或撤销奖补").click()
    page.get_by_label("撤销", exact=True).check()
    page.get_by_label("决定文号").fill("衡工信〔2024〕21号")
    page.get_by_label("调减或撤销的理由").fill("核查发现申报材料中的销售收入与审计报告不符")
    page.get_by_label("依据").fill("《衡阳市工信领域奖补资金管理办法》第二十条")
    page.get_by_label("追回期限").fill("2024-09-30")
    page.locator("#field-commitment_clause label").nth(1).click()
    page.get_by_label("经核查认定虚假申报（仅撤销时可选；将记入企业档案）").check()
    press(page, "以本人实名作出决定", "已作出撤销决定（衡工信〔2024〕21号），待市财政局企业科会签后生效。")
    logout(page)

    # 8. 财政局企业科 co-signs in its own name, from the message that asks it to.
    login(page, base, city_finance.username, PASSWORD)
    from_inbox(page, "请会签撤销奖补决定（衡工信〔2024〕21号）")
    expect(page.locator("#sign-off-facts")).to_contain_text("0.00 万元（大写：人民币零元整）")
    page.get_by_label("确认以本人实名会签", exact=False).check()
    press(page, "以本人实名会签", "已实名会签，撤销决定生效；已通知企业。")
    expect(page.locator("#recovery-outstanding")).to_have_text("950,000.00")
    logout(page)

    # 9. The county records the recovery in two repayments.
    login(page, base, county_finance.username, PASSWORD)
    fund_page(page, enterprise)
    page.get_by_role("link", name="查看决定与追回记录").click()
    for repaid_on, amount, voucher, shown in [("2024-06-01", "500000", "缴-2024-001", "500,000.00"),
                                              ("2024-07-01", "450000", "缴-2024-002", "450,000.00")]:  # fmt: skip
        page.get_by_label("缴回日期").fill(repaid_on)
        page.get_by_label("金额（元）").fill(amount)
        page.get_by_label("缴款凭证号").fill(voucher)
        press(page, "登记追回款", f"已登记追回款 {shown} 元（凭证号 {voucher}）。")
    expect(page.locator("#recovery-status")).to_have_text("已追回")
    logout(page)

    # 10. A next year's pack reads the two facts: the enterprise's 可申报事项 shows the finding, the recovery closed.
    pack_load(actor=None, directory=next_years_pack(tmp_path, NO_OPEN_RECOVERY, NO_FALSE_REPORTING))
    year = timezone.localdate().year
    login(page, base, enterprise_admin.username, PASSWORD)
    menu(page, "可申报事项")
    item = page.locator('li[data-item="2"]')
    expect(item.locator("summary .status").first).to_have_text("不符合")
    item.locator("summary").click()
    finding = item.locator("li.condition--not_met", has_text=NO_FALSE_REPORTING["clause"])
    expect(finding).to_contain_text(f"不符合：最近一次被认定虚假申报的年度 {year}年，不满足“低于2021年”")
    closed = item.locator("li.condition--met", has_text=NO_OPEN_RECOVERY["clause"])
    expect(closed).to_contain_text("“有未追回完毕的奖补资金”为“否”")
    facts = profile_facts(EnterpriseProfile.objects.get(organisation=enterprise_admin.organisation))
    assert (facts["fund_recovery_open"], facts["false_reporting_finding_year"]) == (False, year)
