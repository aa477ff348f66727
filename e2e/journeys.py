"""Steps the browser journeys share, one home each: reaching a page from the menu or a worklist, a review
decision, a real-name sign-off, a form's button and its message, a download and a Word file's text, and the
next year's pack whose conditions read the facts a journey recorded."""

from __future__ import annotations

import io
import shutil
from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from accounts.models import User
from awards import services as award_services
from awards.models import AwardList
from awards.selectors import award_list_sign_off_facts
from policies.tests.formtools import PACK_2023
from policies.tests.shifted_pack import shift_pack_copy
from review import services as review_services
from review.selectors import batch_sign_off_facts


def menu(page, name: str) -> None:
    """Follow a main-menu link and wait for the new page: callers often read it at once, and
    all_inner_texts() or locator.all() do not wait, so they could read the page being left."""
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("navigation", name="主菜单").get_by_role("link", name=name, exact=True).click()


def open_menu(page) -> None:
    """On a phone the main menu is folded behind its 菜单 button: tap it open (nothing to do on a wide screen)."""
    toggle = page.get_by_role("navigation", name="主菜单").get_by_role("button", name="菜单")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def open_from_worklist(page, menu_name: str, enterprise: str) -> None:
    menu(page, menu_name)
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("link", name=enterprise).first.click()


def from_inbox(page, title: str) -> None:
    """Open the inbox from the header badge and follow the message whose title starts with `title`."""
    page.locator("#notification-badge").click()
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("link", name=title).first.click()


def decide(page, decision: str, *, amount: str = "", reason: str = "") -> None:
    review = page.locator("#review")
    review.get_by_label(decision, exact=True).check()
    if reason:
        review.get_by_label("理由 / 意见（退回、不予时必填）").fill(reason)
    if amount:
        review.get_by_label("建议奖补金额（万元）").fill(amount)
    review.get_by_role("button", name="提交审核意见").click()
    assert "审核意见已提交" in page.locator(".messages").inner_text()


def press(page, button: str, told: str) -> None:
    """Click a form's button; the next page tells the person `told` in its messages."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(told)


def sign_off(page, link: str, *, action: str, document: str, count: int, signer: str, total: str = "") -> None:
    """A real-name sign-off: the link opens a confirmation step that names what is signed and who signs;
    nothing is signed until the person ticks the box and confirms."""
    page.get_by_role("link", name=link).click()
    facts = page.locator("#sign-off-facts").inner_text()
    assert document in facts and f"{count} 项" in facts and signer in facts and total in facts, facts
    page.get_by_role("button", name=f"以本人实名{action}", exact=True).click()
    assert "请勾选确认后再签署" in page.locator("#sign-off").inner_text()  # no tick, no signature
    page.get_by_label(f"本人{signer}已核对上述内容").check()
    with page.expect_navigation():  # wait for the new page, not the one being left
        page.get_by_role("button", name=f"以本人实名{action}", exact=True).click()


def download(page, name: str) -> tuple[str, bytes]:
    """Click the download link `name`; the file's suggested name and its bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def docx_text(content: bytes) -> str:
    """A Word file's paragraphs, then its tables' cells, one a line (raises if it is not a valid DOCX)."""
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def next_years_pack(folder: Path, *conditions: dict) -> Path:
    """The 2023 pack as the 2024 notice might write it: a new id and year, every year-relative fact and
    year table moved by one year (policies/tests/shifted_pack.py), and `conditions` (each a global condition
    as pack.yaml writes it) added to its 申报条件. Load it with policies.services.pack_load."""
    copy = folder / "hengyang-2024-next"
    shutil.copytree(PACK_2023, copy)
    shift_pack_copy(copy, year=2024, pack_id="hengyang-2024-next")
    pack = copy / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    added = yaml.safe_dump(list(conditions), allow_unicode=True, sort_keys=False, default_flow_style=None)
    added = "".join(f"  {line}\n" for line in added.splitlines())
    assert "id: hengyang-2024-next\nversion: 1\nyear: 2024" in text and text.count("global_conditions:\n") == 1
    pack.write_text(text.replace("global_conditions:\n", "global_conditions:\n" + added), encoding="utf-8")
    return copy


def county_recommends(application) -> None:
    """珠晖区's joint letter with the application, signed by both departments and sent to the city (through the
    services: test_review_journey.py clicks it)."""
    gx, cz = User.objects.get(username="zhuhui_gx"), User.objects.get(username="zhuhui_cz")
    batch = review_services.batch_create(actor=gx, applications=[application], number="珠工信联〔2023〕9号")
    for signer in (gx, cz):
        batch = review_services.batch_sign(actor=signer, batch=batch, confirmed=batch_sign_off_facts(batch))
    review_services.batch_send(actor=gx, batch=batch)


def list_awarded(pack) -> AwardList:
    """中小企业科's list of the pack's approved applications, confirmed, co-signed by 财政局企业科,
    publicised for one working day and final the day after."""
    sme, finance = User.objects.get(username="city_sme_summary"), User.objects.get(username="city_finance")
    award_list = award_services.award_list_create(actor=sme, pack=pack)
    award_list = award_services.award_list_confirm(actor=sme, award_list=award_list,
                                                   confirmed=award_list_sign_off_facts(award_list))  # fmt: skip
    award_list = award_services.award_list_cosign(actor=finance, award_list=award_list,
                                                  confirmed=award_list_sign_off_facts(award_list))  # fmt: skip
    today = timezone.localdate()
    notice = award_services.public_notice_publish(actor=sme, award_list=award_list, starts_on=today, working_days=1,
                                                  today=today)  # fmt: skip
    return award_services.award_list_finalise(actor=sme, award_list=award_list,
                                              today=notice.ends_on + timedelta(days=1))  # fmt: skip
