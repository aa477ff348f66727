"""The 中小企业科 edits a form template of next year's draft in the browser: a field typed wrongly is refused at
the field with what was typed kept, then added; the preview shows the draft, and the try-out compares it with
the published pack over the demo's confirmed enterprises. Screenshots at 1280 px and 390 px go to /tmp/shots/c2/."""

import pytest
from playwright.sync_api import expect

from e2e.screens import capture
from e2e.session import login
from policies.models import PolicyPack
from workbench.field_forms import MONEY_UNIT_NEEDED
from workbench.models import PackDraft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_form(page, base: str, draft) -> None:
    login(page, base, "city_sme_summary")
    page.goto(f"{base}/workbench/drafts/{draft.pk}/")
    page.get_by_role("link", name="申报材料模板").click()
    page.get_by_role("link", name="附件2-1", exact=True).click()
    page.wait_for_url(f"**/workbench/drafts/{draft.pk}/forms/2-1/")


def test_field_added_after_a_refusal_at_the_field(page, live_server, draft):
    _open_form(page, live_server.url, draft)
    capture(page, "form_fields_1280")
    form = page.locator("#field-add")
    form.get_by_label("添加到").select_option(label="封面")
    form.get_by_label("字段类型").select_option(label="金额")
    form.get_by_label("字段名称").fill("拟申请资金")
    form.get_by_role("button", name="添加字段").click()

    # Refused at the unit, with the kind and the label as typed.
    expect(page.locator("#field-unit .field-error")).to_have_text(MONEY_UNIT_NEEDED)
    expect(page.locator("#field-add").get_by_label("字段名称")).to_have_value("拟申请资金")
    expect(page.locator("#field-add").get_by_label("字段类型")).to_have_value("money")
    page.locator("#field-unit").scroll_into_view_if_needed()
    capture(page, "form_fields_error_1280")

    page.locator("#field-add").get_by_label("单位").select_option("万元")
    page.locator("#field-add").get_by_role("button", name="添加字段").click()
    page.wait_for_url("**#field-field_1")
    expect(page.locator("#messages")).to_contain_text("已保存：在附件2-1添加字段“拟申请资金”")
    expect(page.locator("#field-field_1")).to_contain_text("拟申请资金")
    cover = PackDraft.objects.get(pk=draft.pk).data["forms"]["2-1"]["sections"][0]["fields"]
    assert (cover[-1]["label"], cover[-1]["unit"]) == ("拟申请资金", "万元")

    # Moved up once: it is now before 申报日期.
    page.get_by_role("button", name="上移 拟申请资金").click()
    rows = page.locator("#section-cover tbody tr")
    expect(rows.nth(2)).to_contain_text("拟申请资金")

    # The preview shows the draft's item 1 with its new field, and stores nothing.
    packs = PolicyPack.objects.count()
    page.goto(f"{live_server.url}/workbench/drafts/{draft.pk}/")
    page.get_by_role("link", name="预览").click()
    expect(page.locator("#preview-banner")).to_contain_text("发布前企业看不到，也不能申报")
    capture(page, "preview_catalogue_1280")
    page.locator("#preview-items").get_by_role("link").first.click()
    page.locator("details summary", has_text="附件2-1").click()
    expect(page.locator(".form-preview").first).to_contain_text("拟申请资金")
    capture(page, "preview_item_1280")
    assert PolicyPack.objects.count() == packs

    # The draft's calculator: results by the draft's conditions, and no 申报 button.
    page.locator("#preview-banner").get_by_role("link", name="政策计算器").click()
    page.get_by_label("所属行业门类（GB/T 4754-2017）").select_option("C")
    page.get_by_role("button", name="计算").click()
    expect(page.locator('li[data-item="2"] summary .status').first).to_have_text("信息不足")
    expect(page.locator("#results").get_by_role("link", name="申报")).to_have_count(0)
    capture(page, "preview_calculator_1280")

    page.goto(f"{live_server.url}/workbench/drafts/{draft.pk}/")
    page.get_by_role("link", name="试算").click()
    expect(page.locator("#tryout-summary")).to_contain_text("家企业将符合")
    capture(page, "tryout_1280")


def test_pages_fit_a_phone(phone_page, live_server, draft):
    _open_form(phone_page, live_server.url, draft)
    for name, path in [
        ("form_fields_390", "forms/2-1/"),
        ("field_edit_390", "forms/2-1/fields/applicant_name/"),
        ("preview_catalogue_390", "preview/"),
        ("preview_calculator_390", "preview/calculator/"),
        ("tryout_390", "tryout/"),
    ]:
        phone_page.goto(f"{live_server.url}/workbench/drafts/{draft.pk}/{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name}: the page is {width} px wide"
        capture(phone_page, name)


def test_removing_a_field_asks_first_and_cancel_keeps_it(page, live_server, draft):
    """The 删除 button asks (a data-confirm form, no inline handler: the CSP forbids them); 取消 keeps the field,
    确定 removes it."""
    _open_form(page, live_server.url, draft)
    row = page.locator("#section-cover tbody tr").first
    label = row.get_by_role("button", name="删除").get_attribute("aria-label").removeprefix("删除 ")
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="删除").click()
    expect(page.locator("#section-cover tbody tr").first).to_contain_text(label)
    assert questions and "确定删除字段" in questions[0]

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="删除").click()
    expect(page.locator("#messages")).to_contain_text(f"已删除字段“{label}”")
    assert label not in page.locator("#section-cover tbody").inner_text()
