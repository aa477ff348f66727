"""The 中小企业科 moves next year's 良 band and the 公示期 in the browser, without YAML or a developer: a band moved
alone leaves a gap and is refused at the bands with what was typed kept; moved with the 中 band's upper bound it
is saved and shown on the page. With E2E_SCREENSHOTS set, the page and the refusal at 1280 px and 390 px."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, persona
from e2e.screens import capture
from e2e.session import login
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from workbench.models import PackDraft
from workbench.services import draft_create_from_pack

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GAP = "等级“中”与“良”之间缺少 80–85 分"


@pytest.fixture
def draft(live_server):
    pack, _ = pack_load(actor=None, directory=PACK_2023)
    coordinator = persona("city_sme")
    return draft_create_from_pack(actor=coordinator, pack=pack, year=2024, pack_id="hengyang-2024-gxj")


def _no_wider_than_a_phone(page) -> None:
    """At 390 px neither the page nor the bands table scrolls sideways: a band's inputs are all in view."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator("#field-grade_bands .table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), wrap.evaluate("e => [e.scrollWidth, e.clientWidth]")
    box = page.locator("#field-grade_bands table").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.set_viewport_size(size)


def test_the_coordinator_moves_the_good_band_and_the_notice_period(page, live_server, draft):
    login(page, live_server.url, draft.prepared_by.username, PASSWORD)
    page.goto(f"{live_server.url}/workbench/drafts/{draft.pk}/")
    with page.expect_navigation():
        page.locator("#draft-tools").get_by_role("link", name="绩效与公示规则").click()
    expect(page.locator("h2")).to_contain_text("绩效与公示规则")
    bands = page.locator("#field-grade_bands")
    expect(bands.get_by_label("第2行 等级")).to_have_value("良")
    expect(bands.get_by_label("第2行 下限（含）")).to_have_value("80")
    expect(page.get_by_label("公示期（工作日）")).to_have_value("5")
    capture(page, "workbench-performance", both_widths=True)
    _no_wider_than_a_phone(page)

    # The 良 band moved alone: a gap, refused at the bands, with everything typed kept.
    bands.get_by_label("第2行 下限（含）").fill("85")
    page.get_by_label("公示期（工作日）").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="保存绩效与公示规则").click()
    expect(page.locator("#field-grade_bands .field-error")).to_have_text(GAP)
    expect(bands.get_by_label("第2行 下限（含）")).to_have_value("85")
    expect(page.get_by_label("公示期（工作日）")).to_have_value("7")
    page.locator("#field-grade_bands").scroll_into_view_if_needed()
    capture(page, "workbench-performance-refused", both_widths=True)
    _no_wider_than_a_phone(page)
    assert PackDraft.objects.get(pk=draft.pk).data["pack"]["public_notice"]["working_days"] == 5

    # With the 中 band's upper bound moved too, it is saved and shown.
    bands.get_by_label("第3行 上限（不含）").fill("85")
    with page.expect_navigation():
        page.get_by_role("button", name="保存绩效与公示规则").click()
    expect(page.locator("#messages")).to_contain_text("已保存：修改绩效评分与预警规则")
    page.reload()
    expect(bands.get_by_label("第2行 下限（含）")).to_have_value("85")
    expect(bands.get_by_label("第3行 上限（不含）")).to_have_value("85")
    expect(page.get_by_label("公示期（工作日）")).to_have_value("7")
    pack = PackDraft.objects.get(pk=draft.pk).data["pack"]
    assert {b["grade"]: (b["min"], b["max"]) for b in pack["performance"]["grade_bands"]}["良"] == (85, 90)
    assert pack["public_notice"]["working_days"] == 7
