"""Issue 20, the officials' and the documents' side, checked as each person sees it: the QR code of a printed
申报书 verifies with no typing; the county sees which of its choices share a 限报1个 item and is told the rule
once; 签发, 确认 and 会签 each ask first, naming the 文号, the count, the total and the signer; the batch
page lays out its buttons and 附件4 readably, with "—" for a column nobody filled; officials are not offered
草稿; the enterprise is told its award with the amount in figures and in capitals."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal

import pytest
from docx import Document
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from applications import services as application_services
from applications.models import Application
from applications.tests.helpers import complete
from awards import services as award_services
from awards.models import AwardList
from demo.seed import demo_data_load
from documents.exporters.application_docx import qr_png
from e2e.journeys import menu
from e2e.session import login, logout
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from review.tests.helpers import applications_in_county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZBARIMG = shutil.which("zbarimg")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
COUNTY_APPROVED = "county_approved"  # ApplicationStatus.COUNTY_APPROVED


def _demo():
    pack = pack_load(actor=None, directory=PACK_2023)[0]
    demo_data_load()  # the demo logins; the window re-opened for the whole city, as `make run` does
    return pack


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def _cover_address_and_qr(content: bytes, site: str) -> tuple[str, bytes]:
    """The address printed under the QR code on the cover, and the QR picture itself."""
    document = Document(io.BytesIO(content))
    address = next(p.text.strip() for p in document.paragraphs if p.text.strip().startswith(site))
    blip = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    return address, document.part.related_parts[blip].blob


def _decoded(png: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(png)
        image.flush()
        result = subprocess.run([ZBARIMG, "--quiet", "--raw", image.name], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def _line_count(locator) -> int:
    """How many lines the text of a table cell takes as laid out."""
    return locator.evaluate(
        "cell => { const r = document.createRange(); r.selectNodeContents(cell);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
    )


def sign_off(page, link: str, *, action: str, facts: list[str], signer: str) -> None:
    """The link opens the confirmation step; nothing is signed without the tick; then the person signs."""
    page.get_by_role("link", name=link).click()
    shown = page.locator("#sign-off-facts")
    for fact in [*facts, signer]:
        expect(shown).to_contain_text(fact)
    page.get_by_role("button", name=f"以本人实名{action}", exact=True).click()
    refusal = page.get_by_text("请勾选确认后再签署。")
    expect(refusal).to_be_visible()
    expect(refusal).to_be_in_viewport()
    page.get_by_label(f"本人{signer}已核对上述内容").check()
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name=f"以本人实名{action}", exact=True).click()


def test_the_qr_code_on_the_cover_verifies_with_no_typing(page, browser, live_server, settings):
    settings.SITE_URL = live_server.url  # the address the cover prints is this server's
    _demo()
    owner = User.objects.get(username="ent_zhuhui")
    item = SupportItem.objects.get(number=2, pack__status="published")
    draft = complete(application_services.application_create(actor=owner, enterprise=owner.organisation, item=item),
                     owner)  # fmt: skip
    submitted = application_services.application_submit(actor=owner, application=draft)

    # The enterprise downloads its 申报书 and finds the address under the QR code on the cover.
    login(page, live_server.url, "ent_zhuhui")
    page.goto(f"{live_server.url}/applications/{submitted.pk}/")
    address, picture = _cover_address_and_qr(_download(page, "申报书（Word）"), live_server.url)
    assert f"/documents/verify/{submitted.receipt_number}/?digest=" in address
    assert picture == qr_png(address)  # the QR code is exactly the printed address
    if ZBARIMG:
        assert _decoded(picture) == address  # and a scanner reads it so
    else:
        assert not REQUIRE_BROWSER, "zbarimg (Debian zbar-tools) is required to decode the QR code in CI"

    # A citizen scans it: the page says 核验通过 at once, no digest typed.
    citizen = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    citizen.goto(address)
    result = citizen.locator("#result")
    expect(result).to_contain_text("核验通过：摘要与该回执号的当前提交内容一致。")
    expect(result).to_be_in_viewport()
    expect(result).to_contain_text(owner.organisation.name)
    expect(citizen.get_by_label("摘要")).not_to_have_value("")

    # The page still takes a typed digest; a wrong one does not verify.
    citizen.get_by_label("摘要").fill("0000-0000-0000-0000")
    citizen.get_by_role("button", name="核验").click()
    expect(citizen.locator("#result")).to_contain_text("核验未通过")
    citizen.get_by_label("摘要").fill(submitted.submission_digest[:16].lower())
    citizen.get_by_role("button", name="核验").click()
    expect(citizen.locator("#result")).to_contain_text("核验通过")
    citizen.context.close()


def test_the_county_recommends_within_its_quota_and_signs_what_it_read(page, live_server):
    pack = _demo()
    base = live_server.url
    item2 = applications_in_county(pack, 1, number=2, status=COUNTY_APPROVED)
    item3 = applications_in_county(pack, 2, number=3, status=COUNTY_APPROVED)
    for application, amount in zip([*item2, *item3], ("50", "30", "20")):
        Application.objects.filter(pk=application.pk).update(requested_amount=Decimal(amount), total_investment=None,
                                                             contact_name="钱联系", contact_phone="13907340000")  # fmt: skip
    signer = User.objects.get(username="zhuhui_gx").full_name
    login(page, base, "zhuhui_gx")

    # The work list offers no 草稿: officials never see drafts.
    menu(page, "待审核")
    statuses = page.get_by_label("状态").locator("option").all_inner_texts()
    assert "草稿" not in statuses and "已提交" in statuses

    # The 联合推荐 form groups the choices by item; the 限报 item says its rule once, at its group.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="联合推荐").click()
    quota_group = page.locator("fieldset.choice-group[data-item='3']")
    expect(quota_group.locator("legend")).to_have_text("第3项 培育制造业单项冠军企业")
    expect(quota_group).to_contain_text("各县市区、市直园区限报1个：本组只能选择1个")
    for application in item3:
        expect(quota_group.get_by_label(application.enterprise.name, exact=False)).to_be_visible()
    expect(page.locator("fieldset.choice-group[data-item='2'] legend")).to_have_text("第2项 企业智能制造装备贴息项目")

    # Both item-3 choices: refused, the clause said once, the message in view.
    page.get_by_label("推荐文件文号").fill("珠工信联〔2023〕8号")
    page.get_by_label(item2[0].enterprise.name, exact=False).check()
    for application in item3:
        page.get_by_label(application.enterprise.name, exact=False).check()
    page.get_by_role("button", name="创建").click()
    refusal = page.locator("#batch-create-errors")
    expect(refusal).to_have_text(
        "第3项“培育制造业单项冠军企业”：各县市区、市直园区限报1个。本辖区已推荐或选择了 2 个，请只保留 1 个。"
    )
    expect(refusal).to_be_in_viewport()

    # One of them: the batch is made.
    page.get_by_label(item3[1].enterprise.name, exact=False).uncheck()
    page.get_by_role("button", name="创建").click()
    page.wait_for_url("**/review/batches/*/")

    # The batch page: the document buttons on one row, 附件4 readable, "—" for the 总投资 nobody gave.
    buttons = page.locator(".document-actions").get_by_role("link").all() + [
        page.locator(".document-actions").get_by_role("button", name=name)
        for name in ("申报汇总表（附件4，Excel）", "打印本页")
    ]  # fmt: skip
    boxes = [b.bounding_box() for b in buttons]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert len(boxes) == 3 and max(middles) - min(middles) < min(box["height"] for box in boxes) / 2, boxes
    table = page.locator("#summary-table")
    footer = table.locator("tfoot tr").locator("td")
    expect(footer.nth(0)).to_have_text("—")
    expect(footer.nth(1)).to_have_text("80.00")
    first_row = table.locator("tbody tr").first.locator("td")
    for column in (10, 11, 13):  # 联系人, 联系电话, 状态: one line each, not one character per line
        assert _line_count(first_row.nth(column)) == 1, column

    # 签发 asks first, naming the 文号, the count, the total and the signer.
    sign_off(
        page, "本部门签发（实名）", action="签发", signer=signer,
        facts=["珠工信联〔2023〕8号", "2 项", "80.00 万元（大写：人民币捌拾万元整）"],
    )  # fmt: skip
    done = page.locator(".messages")
    expect(done).to_contain_text("已以本人实名签发：珠工信联〔2023〕8号，共 2 项。")
    expect(done).to_be_in_viewport()
    expect(page.locator("article.letter")).to_contain_text(f"签发：{signer}")

    # 财政 signs too (its own page is the same step); 工信 sends; the item-3 application left out is told
    # why, with the clause once.
    from review import services as review_services
    from review.models import RecommendationBatch
    from review.selectors import batch_sign_off_facts

    batch = RecommendationBatch.objects.get()
    review_services.batch_sign(actor=User.objects.get(username="zhuhui_cz"), batch=batch,
                               confirmed=batch_sign_off_facts(batch))  # fmt: skip
    page.reload()
    page.get_by_role("button", name="上报市级").click()
    expect(page.locator(".messages")).to_contain_text("已上报")
    logout(page)
    left_out = User.objects.get(pk=item3[1].created_by_id)
    left_out.set_password(DEMO_PASSWORD)
    left_out.save(update_fields=["password"])
    login(page, base, left_out.username)
    page.goto(f"{base}/notifications/")
    told = page.locator("li", has_text="状态变为：").first
    expect(told).to_contain_text("理由：各县市区、市直园区限报1个。本辖区已推荐其他申报。")
    assert told.inner_text().count("限报1个") == 1


def test_the_city_confirms_and_cosigns_what_it_read_and_the_enterprise_is_told_the_amount(page, live_server):
    from awards.tests.helpers import approved

    pack = _demo()
    base = live_server.url
    owner = User.objects.get(username="ent_zhuhui")
    application = approved(pack, owner, 2, "12.50")
    amount = "12.50 万元（大写：人民币壹拾贰万伍仟元整）"

    login(page, base, "city_sme_summary")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="奖补名单").click()
    page.get_by_label("政策包").select_option(index=1)
    page.get_by_role("button", name="生成名单").click()
    award_list = AwardList.objects.get()
    sign_off(
        page, "以本人实名（中小企业科汇总员）确认名单", action="确认", signer="中小企业科汇总员",
        facts=[f"衡市工信〔2023〕51号 奖补名单 #{award_list.pk}", "1 项", amount],
    )  # fmt: skip
    expect(page.locator(".messages")).to_contain_text("已实名确认奖补名单")
    expect(page.locator(".messages")).to_be_in_viewport()
    logout(page)

    login(page, base, "city_finance")
    page.goto(f"{base}/awards/{award_list.pk}/")
    sign_off(
        page, "以本人实名（财政局企业科审核员）会签名单", action="会签", signer="财政局企业科审核员",
        facts=[f"奖补名单 #{award_list.pk}", "1 项", amount],
    )  # fmt: skip
    expect(page.locator(".messages")).to_contain_text("已实名会签奖补名单")
    logout(page)

    # 公示 and its end are not what this test is about: they run through the services.
    sme = User.objects.get(username="city_sme_summary")
    today = dt.date.today()
    notice = award_services.public_notice_publish(actor=sme, award_list=award_list, starts_on=today, working_days=1,
                                                  today=today)  # fmt: skip
    award_services.award_list_finalise(actor=sme, award_list=award_list, today=notice.ends_on + dt.timedelta(days=1))

    # The enterprise's notification and its application page state the amount in figures and in capitals.
    login(page, base, "ent_zhuhui")
    page.goto(f"{base}/notifications/")
    told = page.locator("li", has_text="状态变为：已确定奖补").first
    expect(told).to_contain_text(f"奖补金额：{amount}")
    page.goto(f"{base}/applications/{application.pk}/")
    award = page.locator("#award")
    expect(award).to_have_text(f"已确定奖补：{amount}")
    expect(award).to_be_in_viewport()
