"""Issue 6's journey through the whole flow, every step in the browser by the person who takes it:
the enterprise submits; the county 工信 and 财政 reviewers approve; the county recommends with its joint
letter and 附件4 summary, signed by both departments; the city section approves with an amount;
中小企业科 confirms the award list and 财政局企业科 co-signs; 公示 runs to its end; the list is finalised;
the enterprise sees its award and the whole timeline. Issue 7's downloads are taken on the way: the
county downloads its summary and letter, the enterprise its bundle and award notice."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from accounts.demo import DEMO_SECTION_USERS
from accounts.models import User
from applications import services
from applications.models import Application
from applications.tests.helpers import complete
from demo.seed import demo_data_load
from e2e.journeys import decide, docx_text, download, open_from_worklist, sign_off
from e2e.session import login, logout
from performance.selectors.targets import target_checklist
from performance.services.targets import target_review_record
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def county_accepts_targets(application, reviewer) -> None:
    """通知 五: the county's 目标审核 comes before its 同意 (test_performance_journey.py clicks it through)."""
    checks = {point.code: (True, "") for point in target_checklist(application)}
    target_review_record(actor=reviewer, application=application, checks=checks, accepted=True)


def test_whole_flow_from_submission_to_award(page, live_server, monkeypatch):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    owner = User.objects.get(username="ent_zhuhui")
    enterprise = owner.organisation.name
    item = SupportItem.objects.get(number=2)
    section_user = next(u for u, code, _ in DEMO_SECTION_USERS if code == item.section_code)
    draft = complete(services.application_create(actor=owner, enterprise=owner.organisation, item=item), owner)

    # 1. The enterprise submits.
    login(page, base, "ent_zhuhui")
    page.goto(f"{base}/applications/{draft.pk}/")
    page.locator("#submit").get_by_role("button", name="提交申报").click()
    page.wait_for_url("**/receipt/")
    receipt = page.locator("#receipt-number").inner_text()
    logout(page)

    # 2. The county 工信 and 财政 reviewers both approve, once the county has accepted the 绩效目标.
    county_accepts_targets(Application.objects.get(pk=draft.pk), User.objects.get(username="zhuhui_gx"))
    for username in ("zhuhui_gx", "zhuhui_cz"):
        login(page, base, username)
        open_from_worklist(page, "待审核", enterprise)
        decide(page, "同意")
        logout(page)
    assert Application.objects.get(pk=draft.pk).get_status_display() == "县级已通过"

    # 3. The county recommends: 工信 makes the batch and signs, 财政 signs, 工信 sends it to the city.
    login(page, base, "zhuhui_gx")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="联合推荐").click()
    page.get_by_label("推荐文件文号").fill("珠工信联〔2023〕8号")
    page.get_by_label(enterprise, exact=False).check()
    page.get_by_role("button", name="创建").click()
    letter_panel = page.locator("article.letter")
    assert "珠工信联〔2023〕8号" in letter_panel.inner_text()
    assert enterprise in page.locator("#summary-table").inner_text()
    batch_url = page.url
    sign_off(page, "本部门签发（实名）", action="签发", document="珠工信联〔2023〕8号", count=1,
             signer=User.objects.get(username="zhuhui_gx").full_name)  # fmt: skip
    assert "已以本人实名签发" in page.locator(".messages").inner_text()
    # The county downloads its 附件4 summary and the joint letter (issue 7).
    name, letter = download(page, "联合推荐文件（Word）")
    assert name.endswith(".docx")
    letter_text = docx_text(letter)
    assert "珠工信联〔2023〕8号" in letter_text
    page.get_by_role("button", name="申报汇总表（附件4，Excel）").click()  # a background job
    page.wait_for_selector("[data-job-status=done]")
    name, summary = download(page, "下载")
    sheet = load_workbook(io.BytesIO(summary), read_only=True).active
    assert any(enterprise in str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    logout(page)
    login(page, base, "zhuhui_cz")
    page.goto(batch_url)
    sign_off(page, "本部门签发（实名）", action="签发", document="珠工信联〔2023〕8号", count=1,
             signer=User.objects.get(username="zhuhui_cz").full_name)  # fmt: skip
    logout(page)
    login(page, base, "zhuhui_gx")
    page.goto(batch_url)
    page.get_by_role("button", name="上报市级").click()
    assert "已上报" in page.locator(".messages").inner_text()
    logout(page)

    # 4. The city section approves with an amount.
    login(page, base, section_user)
    open_from_worklist(page, "待审核", enterprise)
    decide(page, "同意", amount="12.5")
    assert page.locator("#application-state").inner_text() == "市级已通过"
    logout(page)

    # 5. 中小企业科 makes and confirms the award list; 财政局企业科 co-signs; 中小企业科 publishes it.
    login(page, base, "city_sme_summary")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="奖补名单").click()
    page.get_by_label("政策包").select_option(index=1)
    page.get_by_role("button", name="生成名单").click()
    list_url = page.url
    sign_off(page, "以本人实名（中小企业科汇总员）确认名单", action="确认", document="衡市工信〔2023〕51号",
             count=1, signer="中小企业科汇总员", total="12.50 万元（大写：人民币壹拾贰万伍仟元整）")  # fmt: skip
    assert "已实名确认奖补名单" in page.locator(".messages").inner_text()
    logout(page)
    login(page, base, "city_finance")
    page.goto(list_url)
    sign_off(page, "以本人实名（财政局企业科审核员）会签名单", action="会签", document="衡市工信〔2023〕51号",
             count=1, signer="财政局企业科审核员")  # fmt: skip
    logout(page)
    login(page, base, "city_sme_summary")
    page.goto(list_url)
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name="发布公示").click()
    assert "公示" in page.locator(".messages").inner_text()
    assert "公示中" in Application.objects.get(pk=draft.pk).get_status_display()
    public = page.get_by_role("link", name="公示页面").get_attribute("href")

    # The public page shows the enterprise, item and amount, and no personal data.
    page.goto(f"{base}{public}")
    public_text = page.locator("main").inner_text()
    assert enterprise in public_text and "12.50" in public_text
    profile = owner.organisation.profile.data
    for personal in (
        profile.get("contact_mobile"),
        profile.get("legal_representative_name"),
        profile.get("contact_name"),
    ):
        assert not personal or personal not in public_text

    # 6. The 公示 period runs to its end (the clock moves past the last working day), then finalise.
    monkeypatch.setattr("awards.views._today", lambda: dt.date(2026, 12, 31))
    page.goto(list_url)
    page.get_by_role("button", name="定稿").click()
    assert Application.objects.get(pk=draft.pk).get_status_display() == "已确定奖补"
    logout(page)

    # 7. The enterprise sees the award and the whole timeline, and downloads its bundle and award notice.
    login(page, base, "ent_zhuhui")
    row = page.locator("table.data-table tr", has_text=item.name)
    assert "已确定奖补" in row.inner_text()
    row.get_by_role("link").first.click()
    assert "12.50 万元" in page.locator("#award").inner_text()
    timeline = page.locator("#timeline").inner_text()
    for step in (
        "提交申报",
        "工信部门：同意",
        "财政部门：同意",
        "联合推荐上报",
        "市级审核通过",
        "列入奖补名单公示",
        "确定奖补",
    ):
        assert step in timeline, step
    name, notice = download(page, "奖补通知书（Word）")
    notice_text = docx_text(notice)
    assert "壹拾贰万伍仟元整" in notice_text
    page.get_by_role("button", name="申报材料包（ZIP）").click()
    page.wait_for_selector("[data-job-status=done]")
    name, bundle = download(page, "下载")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        names = archive.namelist()
        assert names[0].startswith("01-") and any(n.startswith("manifest") for n in names)
        assert receipt in archive.read(next(n for n in names if n.startswith("manifest"))).decode()
