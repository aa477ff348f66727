"""Issue 19 §5: every page an enterprise reaches works on a phone 390 px wide, with no sideways scrolling of
the page: a wide table scrolls inside its own wrapper (an element with overflow-x: auto), and inputs keep
room to type in. The same pages at 1280 px do not overflow either (the item pages did, by 3 px).

The data is the demo city of `make run` (demo_city_load): 衡阳珠晖示范智能装备有限公司 has an award (with its
绩效目标, fund account, the demo's monitoring report, and a second round's report and a 自评 opened here for
it to fill in) and a draft of item 11 (a year table and repeating tables); 衡阳县示范食品有限公司 has an
application returned for revision and one in 公示; two of the city's enterprises that have not applied start
drafts of items 3, 4, 8 and 9, whose forms have the most year tables and repeating tables. Each persona signs
in once; its pages are then visited at both widths, with every <details> opened (a closed one hides what is
inside from the measure)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from applications import services as application_services
from applications.models import Application
from applications.workflow import ApplicationStatus
from awards.choices import AwardListStatus
from awards.models import AwardList, PublicNotice
from demo.city import demo_pack
from e2e.journeys import menu, open_menu
from e2e.session import login
from performance.models import PerformanceEvaluation, PerformanceMonitoringReport
from performance.services.evaluation import evaluations_open
from performance.services.monitoring import monitoring_round_open
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Narrower than this, a text box shows about four characters: a year table's 3000.00 万元 no longer fits.
MIN_INPUT_PX = 80
# A file name with no break opportunity: it must wrap in the materials list, not widen the page.
LONG_FILE_NAME = "Annual_audit_report_2022_signed_and_sealed_by_the_accounting_firm_final_version.pdf"

# What the page measures, after opening every <details>: how far the page scrolls sideways; each outermost
# table that no scrolling wrapper holds; each visible text box narrower than MIN_INPUT_PX; how many table
# wrappers scroll (the wide tables that did not widen the page); each link or button of the header and its
# menu (opened on a phone) that is off the screen or lower than 24 px (WCAG 2.5.8's smallest target).
MEASURE = """(minInput) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const unwrapped = [], cramped = [];
  for (const table of document.querySelectorAll('main table')) {
    if (table.parentElement.closest('table')) continue;
    let box = table.parentElement;
    while (box && box !== document.body && !scrolls(box)) box = box.parentElement;
    if (!box || box === document.body) unwrapped.push(table.id || (table.querySelector('th, td')?.textContent || '').trim().slice(0, 30));
  }
  for (const input of document.querySelectorAll('main input, main select, main textarea')) {
    if (['hidden', 'checkbox', 'radio', 'file', 'submit', 'button', 'image', 'range', 'color'].includes(input.type)) continue;
    if (input.closest('.visually-hidden, template, [hidden]')) continue;
    const width = input.getBoundingClientRect().width;
    if (width > 0 && width < minInput) cramped.push(input.name || input.id);
  }
  const scrolling = [...document.querySelectorAll('main *')].filter(el => scrolls(el) && el.scrollWidth > el.clientWidth + 1).length;
  const root = document.documentElement;
  // On a phone the menu is folded behind its 菜单 button: open it, so that its links are measured too.
  const toggle = document.querySelector('.site-nav__toggle');
  if (toggle && toggle.getClientRects().length && toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
  const header = [...document.querySelectorAll('.site-header a, .site-header button')].filter(el => {
    if (!el.getClientRects().length) return false;  // not displayed on this screen (the 菜单 button on a desktop)
    const r = el.getBoundingClientRect();
    return r.height < 24 || r.left < 0 || r.right > root.clientWidth;
  }).map(el => el.textContent.trim());
  return {overflow: root.scrollWidth - root.clientWidth, unwrapped, cramped: cramped.slice(0, 5), scrolling, header};
}"""


def _visit(page, base: str, path: str) -> dict:
    response = page.goto(base + path)
    assert response is not None and response.status == 200, (path, response and response.status)
    assert page.url.split("?")[0].endswith(path.split("?")[0]), (path, page.url)  # no redirect to another page
    return page.evaluate(MEASURE, MIN_INPUT_PX)


def _check(screens, base: str, paths: list[str]) -> tuple[list[str], dict[str, int]]:
    """Each path on each screen: the faults found, and at 390 px how many tables scroll in their wrapper."""
    faults, scrolling = [], {}
    for path in paths:
        for page in screens:
            width = page.viewport_size["width"]
            found = _visit(page, base, path)
            if found["overflow"] > 0:
                faults.append(f"{width}px {path}: the page scrolls sideways by {found['overflow']} px")
            if found["unwrapped"]:
                faults.append(f"{width}px {path}: tables without a scrolling wrapper: {found['unwrapped']}")
            if found["header"]:
                faults.append(f"{width}px {path}: header links off the screen or too small: {found['header']}")
            if found["cramped"]:
                faults.append(f"{width}px {path}: inputs narrower than {MIN_INPUT_PX} px: {found['cramped']}")
            if width == PHONE["width"]:
                scrolling[path] = found["scrolling"]
    return faults, scrolling


@pytest.fixture
def screens(browser):
    """A phone and a desktop, signed in as the same person (the phone's cookies copied to the desktop)."""
    contexts = []

    def open_as(base: str, username: str | None):
        phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(phone)
        phone_page = phone.new_page()
        if username:
            login(phone_page, base, username)
            assert "/accounts/login/" not in phone_page.url, username
        desktop = browser.new_context(locale="zh-CN", viewport=DESKTOP, storage_state=phone.storage_state())
        contexts.append(desktop)
        return [phone_page, desktop.new_page()]

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def demo_city(demo_city_rows):
    """The demo of `make run`, plus a second monitoring round and evaluations on its final award list, and drafts of
    the items with the most tables by two enterprises that have not applied."""
    sme = User.objects.get(username="city_sme_summary")
    final = AwardList.objects.filter(status=AwardListStatus.FINAL).first()
    today = timezone.localdate()
    monitoring_round_open(
        actor=sme, award_list=final, title=f"{today.year}年绩效运行监控（第二轮）", period_starts_on=today - dt.timedelta(days=30),
        period_ends_on=today + dt.timedelta(days=30), as_of=today, working_days=10, today=today,
    )  # fmt: skip
    evaluations_open(actor=sme, award_list=final)
    pack = demo_pack()
    idle = [u for u in User.objects.filter(username__startswith="qiye").order_by("username")
            if not Application.objects.filter(enterprise=u.organisation).exists()][:2]  # fmt: skip
    drafts = {}
    for user, numbers in zip(idle, [(3, 4), (8, 9)], strict=True):
        for number in numbers:
            application = application_services.application_create(
                actor=user, enterprise=user.organisation, item=pack.items.get(number=number)
            )
            drafts.setdefault(user.username, []).append(application.pk)
    return drafts


def _applications(username: str):
    return Application.objects.filter(enterprise__members__username=username).select_related("item")


def test_anonymous_pages_fit_a_phone_and_a_desktop(live_server, screens):
    pack_load(actor=None, directory=PACK_2023)
    faults, _ = _check(screens(live_server.url, None), live_server.url, [
        "/accounts/login/", "/enterprises/register/", "/policies/", "/policies/items/4/", "/documents/verify/",
    ])  # fmt: skip
    assert not faults, "\n".join(faults)


def test_enterprise_pages_fit_a_phone_and_a_desktop(live_server, screens, demo_city):
    base = live_server.url
    drafts = demo_city
    mine = {a.status: a for a in _applications("ent_zhuhui")}
    awarded, draft = mine[ApplicationStatus.AWARDED], mine[ApplicationStatus.DRAFT]
    reports = PerformanceMonitoringReport.objects.filter(application=awarded)  # the demo's, filed, and one to fill
    evaluation = PerformanceEvaluation.objects.get(application=awarded)
    phone, desktop = screens(base, "ent_zhuhui")

    # A material uploaded from the phone with a long unbroken file name: it wraps in the list of files.
    phone.goto(f"{base}/applications/{draft.pk}/#materials")
    upload = phone.locator("form.upload-form").first
    upload.get_by_label("上传文件").set_input_files(
        {"name": LONG_FILE_NAME, "mimeType": "application/pdf",
         "buffer": b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"}
    )  # fmt: skip
    with phone.expect_navigation():
        upload.get_by_role("button", name="上传", exact=True).click()
    assert phone.get_by_role("link", name=LONG_FILE_NAME).is_visible()
    # The menu on the phone: folded behind 菜单 so that the page starts near the top of the screen; open, every
    # entry can be tapped (visible, not covered) and opens its page.
    nav = phone.get_by_role("navigation", name="主菜单")
    expect(nav.get_by_role("link")).to_have_count(0)  # folded: no entry visible
    assert nav.bounding_box()["height"] <= 48
    open_menu(phone)
    expect(nav.get_by_role("button", name="菜单")).to_have_attribute("aria-expanded", "true")
    entries = nav.get_by_role("link").all_inner_texts()
    assert {"我的申报", "奖补资金", "绩效监控", "政策目录", "经办人"} <= set(entries), entries
    for name in entries:
        menu(phone, name)
        assert phone.locator("h1").first.is_visible(), name

    paths = [
        "/applications/", "/notifications/", "/enterprises/profile/", "/enterprises/members/", "/accounts/password/",
        "/policies/", "/policies/notice/", *[f"/policies/items/{n}/" for n in range(1, 15)],
        "/eligibility/", "/applications/eligible/", "/applications/new/1/", "/applications/new/3/",
        "/applications/new/10/", "/accounts/otp/enrol/", "/outreach/mine/",
        f"/applications/{draft.pk}/", f"/applications/{awarded.pk}/", f"/applications/{awarded.pk}/receipt/",
        f"/performance/targets/{awarded.pk}/", "/performance/monitoring/reports/",
        *[f"/performance/monitoring/reports/{report.pk}/" for report in reports], "/performance/evaluation/",
        f"/performance/evaluation/{evaluation.pk}/", "/funds/", f"/funds/awards/{awarded.fund.pk}/",
        f"/funds/awards/{awarded.fund.pk}/recovery/", f"/documents/verify/{awarded.receipt_number}/",
        "/awards/public/", *[f"/awards/public/{notice.pk}/" for notice in PublicNotice.objects.order_by("pk")],
    ]  # fmt: skip
    faults, scrolling = _check([phone, desktop], base, paths)

    # 衡阳县: an application returned for revision (the reviewers' comments at its fields) and one in 公示;
    # then the two enterprises' drafts.
    others = {"ent_hengyangxian": [a.pk for a in _applications("ent_hengyangxian")], **drafts}
    for username, pks in others.items():
        more, more_scrolling = _check(screens(base, username), base, [f"/applications/{pk}/" for pk in pks])
        faults += more
        scrolling |= more_scrolling
    assert not faults, "\n".join(faults)
    # The measure is not vacuous: on a phone the year tables and repeating tables of the drafts are wider than
    # the screen, and they scroll inside their wrappers.
    assert all(scrolling[f"/applications/{pk}/"] >= 1 for pks in drafts.values() for pk in pks), scrolling
    assert scrolling[f"/applications/{draft.pk}/"] >= 1 and scrolling["/policies/items/4/"] >= 1, scrolling
