"""Issue 18 §3 in the browser: the example pack of next year's call is loaded beside the 2023 pack; an enterprise
that applied in 2023 finds the catalogue badged 示例, applies for the example's new item 15, fills its new form
附件2-13 (its 2022 figures pre-filled, 2023 typed), uploads, signs and submits; the county reviews it, while its
2023 application stays as it was submitted."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_SECTION_USERS
from accounts.models import User
from applications import services
from applications.models import Application
from applications.tests.helpers import complete, complete_answers
from demo.seed import demo_data_load
from e2e.journeys import county_recommends, decide, list_awarded, menu, open_from_worklist
from e2e.screens import capture
from e2e.session import login, logout
from performance.selectors.targets import target_checklist
from performance.services.targets import target_review_record
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.example_pack import EXAMPLE_2024
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BADGE = "示例政策包，非正式通知"
NEW_ITEM = "【示例】中小企业数字化改造示范"


def _both_packs_and_a_2023_application() -> tuple[User, Application]:
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()  # demo users, and the city re-opening the 2023 window for the demo
    owner = User.objects.get(username="ent_zhuhui")
    item2 = SupportItem.objects.get(pack__pack_id="hengyang-2023-gxj51", number=2)
    draft = complete(services.application_create(actor=owner, enterprise=owner.organisation, item=item2), owner)
    submitted = services.application_submit(actor=owner, application=draft)
    example, _ = pack_load(actor=None, directory=EXAMPLE_2024)
    # The example's window (2024-08-23) is long past: the city re-opens it, as it may for any notice.
    services.submission_window_set(
        actor=User.objects.get(username="city_sme_summary"), pack=example, jurisdiction=None, kind="city_reopened",
        closes_on=timezone.localdate() + dt.timedelta(days=30), reason="示例政策包演示",
    )  # fmt: skip
    return owner, submitted


def _fill_targets(owner: User, pk: int) -> None:
    """附件3, the 绩效目标表 every item shares, filled as tests.helpers fills it; the journey types 附件2-13."""
    application = Application.objects.get(pk=pk)
    answers = copy.deepcopy(application.answers)
    answers["3"] = complete_answers(application)["3"]
    services.application_save(
        actor=owner, application=application, answers=answers, summary=services._summary(application),
        expected_version=application.version,
    )  # fmt: skip


def test_enterprise_applies_under_the_example_pack_and_the_county_reviews(page, live_server):
    base = live_server.url
    owner, old = _both_packs_and_a_2023_application()
    frozen = (old.forms, old.answers, old.eligibility_snapshot)
    enterprise = owner.organisation.name

    # 1. The catalogue is still the 2023 notice's; its pack switcher leads to the example's, badged as an example,
    # where item 13 is gone and item 15 is new.
    login(page, base, "ent_zhuhui")
    page.goto(base + reverse("policies:catalogue"))
    expect(page.locator("h1")).not_to_contain_text(BADGE)
    page.get_by_test_id("pack-switcher").get_by_role("link", name=re.compile("示例〔2024〕1号")).click()
    expect(page.locator("h1")).to_contain_text(BADGE)
    body = page.locator("#main").inner_text()
    assert "示例〔2024〕1号" in body and NEW_ITEM in body and "市级移动互联网重点企业" not in body
    capture(page, "catalogue", both_widths=True)
    page.get_by_role("link", name=NEW_ITEM).first.click()
    expect(page.locator("h1")).to_contain_text(BADGE)
    assert "2023年度营业收入在1000万元以上" in page.locator("#main").inner_text()
    capture(page, "item-15", both_widths=True)

    # 2. Item 15 reads the 2023 figures, which the profile now asks for beside the 2020-2022 ones it keeps.
    menu(page, "企业档案")
    assert page.get_by_label("营业收入（万元） 2022年", exact=True).input_value() == "25000"
    page.get_by_label("营业收入（万元） 2023年", exact=True).fill("28000")
    page.get_by_label("研发投入（万元） 2023年", exact=True).fill("700")
    page.get_by_role("button", name="保存企业档案").click()
    assert "企业档案已保存" in page.locator(".messages").inner_text()

    # 3. It starts an application for item 15 from its list of items.
    menu(page, "可申报事项")
    page.get_by_test_id("pack-switcher").get_by_role("link", name=re.compile("示例〔2024〕1号")).click()
    item = page.locator('li[data-item="15"]')
    item.locator("summary").click()
    item.get_by_role("link", name="申报").click()
    page.get_by_role("button", name="开始填写申报书").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    pk = int(re.search(r"/applications/(\d+)/$", page.url).group(1))
    edit_url = page.url

    # 4. 附件2-13 asks for 2021-2023: 2021 and 2022 come from the figures entered for the 2023 call.
    table = page.locator("#f-2-13__finance_overview")
    assert [t.strip() for t in table.locator("thead th").all_inner_texts()] == ["项目", "2021年", "2022年", "2023年"]
    cell = "#f-2-13__finance_overview__{}__{}".format
    assert [page.locator(cell("operating_revenue", y)).input_value() for y in (2021, 2022, 2023)] == [
        "21000", "25000", "28000",
    ]  # fmt: skip
    assert [page.locator(cell("rd_expense", y)).input_value() for y in (2021, 2022, 2023)] == ["", "600", "700"]
    assert page.locator("#f-2-13__enterprise_name").input_value() == enterprise
    page.locator(cell("rd_expense", 2021)).fill("500")
    page.locator("#id_summary-project_name").fill("数字化车间改造")
    page.get_by_label("申请金额（万元）（必填）").fill("40")
    page.get_by_label("总投资（万元）（如适用）").fill("900")
    page.locator("#f-2-13__project_name").fill("数字化车间改造")
    scope = page.locator("#f-2-13__upgrade_scope")
    scope.get_by_label("生产制造", exact=True).check()
    scope.get_by_label("经营管理", exact=True).check()
    page.locator("#f-2-13__started_on").fill("2023-03-01")
    page.locator("#f-2-13__investment").fill("900")
    page.locator("#f-2-13__uses_industrial_internet_platform").get_by_label("是", exact=True).check()
    page.locator("#f-2-13__project_summary").fill("建设MES与设备联网，生产效率提升20%。")
    page.locator("#f-2-13__declaration_date").fill("2024-08-01")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存" in page.locator(".messages").inner_text()
    capture(page, "form-2-13", both_widths=True)
    _fill_targets(owner, pk)
    page.goto(edit_url)

    # 5. Every required material, the commitment, then submit.
    slots = page.locator("li.material").filter(has=page.locator("input[type=file]"))
    for material_id in [slots.nth(i).get_attribute("id") for i in range(slots.count())]:
        slot = page.locator(f"#{material_id}")
        if "选报" in slot.locator("strong").locator("xpath=..").inner_text():
            continue
        slot.locator("input[type=file]").set_input_files(
            {"name": "证明材料.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        with page.expect_navigation():  # wait for the new page, not the one being left
            slot.get_by_role("button", name="上传", exact=True).click()
        assert "已上传" in page.locator(".messages").inner_text(), material_id
    commitment = page.locator("#commitment")
    assert "《中小企业数字化改造示范申报表》" in commitment.inner_text()
    commitment.get_by_label("法定代表人（签字）").fill(owner.organisation.profile.data["legal_representative_name"])
    commitment.get_by_label("日期").fill("2024-08-01")
    commitment.get_by_label(re.compile("本单位已阅读上述承诺书全文")).check()
    commitment.get_by_role("button", name="签署承诺").click()
    assert "已签署真实性承诺" in page.locator(".messages").inner_text()
    assert "所有必填内容、材料和承诺均已完成" in page.locator("#submit").inner_text(), page.locator(
        "#submit"
    ).inner_text()
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    assert page.locator("#receipt-number").inner_text().startswith("HY2024-")
    logout(page)
    application = Application.objects.get(pk=pk)
    assert application.pack.pack_id == "example-2024" and application.get_status_display() == "已提交"
    assert application.answers["2-13"]["finance_overview"]["operating_revenue"] == {
        "2021": "21000", "2022": "25000", "2023": "28000",
    }  # fmt: skip

    # 6. The county accepts its 绩效目标 and both departments agree, on the example's application.
    checks = {point.code: (True, "") for point in target_checklist(application)}
    target_review_record(actor=User.objects.get(username="zhuhui_gx"), application=application, checks=checks,
                         accepted=True)  # fmt: skip
    for username in ("zhuhui_gx", "zhuhui_cz"):
        login(page, base, username)
        menu(page, "待审核")
        with page.expect_navigation():  # wait for the new page, not the one being left
            page.locator("tr", has_text=NEW_ITEM).get_by_role("link", name=enterprise).click()
        assert NEW_ITEM in page.locator("#main").inner_text()
        decide(page, "同意")
        logout(page)
    assert Application.objects.get(pk=pk).get_status_display() == "县级已通过"

    # 7. To the award under the example pack: the county's joint letter (services), the item's section accepts
    # the targets (services) and approves with an amount in the browser, then the example's award list is
    # confirmed, co-signed, publicised and final (services; test_review_journey.py clicks those).
    application = Application.objects.get(pk=pk)
    county_recommends(application)
    item = application.item
    section_user = next(u for u, code, _ in DEMO_SECTION_USERS if code == item.section_code)
    section = User.objects.get(username=section_user)
    checks = {point.code: (True, "") for point in target_checklist(application)}
    target_review_record(actor=section, application=application, checks=checks, accepted=True)
    login(page, base, section_user)
    open_from_worklist(page, "待审核", enterprise)
    assert NEW_ITEM in page.locator("#main").inner_text()
    decide(page, "同意", amount="20")
    logout(page)
    award_list = list_awarded(application.pack)
    assert award_list.pack.pack_id == "example-2024"
    awarded = Application.objects.get(pk=pk)
    assert awarded.get_status_display() == "已确定奖补" and awarded.proposed_amount == 20

    # The 2023 application is as it was submitted.
    old.refresh_from_db()
    assert (old.forms, old.answers, old.eligibility_snapshot) == frozen and old.pack.pack_id == "hengyang-2023-gxj51"
