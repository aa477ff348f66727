"""The 数据看板 in the browser (issue 19 §2): the city's and a county's charts render (one canvas per chart, as
many as tables), at 1280 and at 390 px, with nothing in the console; the page does not scroll sideways outside
its tables. Screenshots only when asked: E2E_SCREENSHOTS=dir (e2e/screens.capture) for looking at them, and
SAVE_DOCS_SCREENSHOTS=1 for the 1280 px ones in docs/screenshots/ (the README shows the city's, city-dashboard.png),
so that a test run neither spends time on them nor rewrites files of the repository."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from itertools import cycle
from pathlib import Path

import pytest

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory
from applications.tests.factories import ApplicationFactory
from demo.seed import demo_data_load
from e2e.screens import capture
from e2e.session import login, logout
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from review.models import ItemBudget, RecommendationBatch, ReviewOpinion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
# (username, page, docs screenshot at 1280 px)
BOARDS = [
    ("city_sme_summary", "/board/city/", "city-dashboard.png"),
    ("zhuhui_gx", "/board/county/", "county-dashboard.png"),
]
# Applications in every state an official sees, over a few items and counties.
STATES = ["submitted", "county_review", "returned", "county_approved", "recommended", "city_review",
          "city_approved", "city_rejected", "publicised", "awarded"]  # fmt: skip
ITEMS = [1, 2, 3, 4, 8, 10]
COUNTIES = ["430405", "430481", "430482", "430421", "430424"]


def _applications() -> None:
    pack = pack_load(actor=None, directory=PACK_2023)[0]
    counties = cycle(Jurisdiction.objects.filter(code__in=COUNTIES).order_by("code"))
    items = cycle(ITEMS)
    for i in range(36):
        ApplicationFactory(number=next(items), enterprise=EnterpriseFactory(jurisdiction=next(counties)),
                           status=STATES[i % len(STATES)], complete=True, requested_amount=Decimal(30 + i))  # fmt: skip
    ItemBudget.objects.create(item=pack.items.get(number=2), amount=Decimal("300"))
    _spread_review_times()


def _spread_review_times() -> None:
    """The factories write every opinion now; spread them as a review takes days, so the stage times read
    like a real call's (each batch sent 12 days after the first submission it carries)."""
    for batch in RecommendationBatch.objects.all():
        first = batch.applications.order_by("submitted_at").values_list("submitted_at", flat=True).first()
        if first:
            RecommendationBatch.objects.filter(pk=batch.pk).update(sent_at=first + dt.timedelta(days=12))
    for opinion in ReviewOpinion.objects.select_related("application__batch"):
        if opinion.stage == ReviewOpinion.Stage.COUNTY:
            start, days = opinion.application.submitted_at, 1 + opinion.pk % 9
        else:
            start, days = opinion.application.batch.sent_at, 2 + opinion.pk % 13
        ReviewOpinion.objects.filter(pk=opinion.pk).update(
            created_at=start + dt.timedelta(days=days, hours=opinion.pk % 7)
        )


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    return problems


def _check_board(page, base: str, path: str, shot: str) -> None:
    page.goto(base + path)
    page.wait_for_load_state("load")
    tables = page.locator("table[data-chart-table]").count()
    assert tables >= 4
    # ECharts draws each chart on a canvas inside the chart's element.
    page.wait_for_function(f"document.querySelectorAll('[data-chart] canvas').length === {tables}")
    sizes = page.locator("[data-chart] canvas").evaluate_all("cs => cs.map(c => [c.clientWidth, c.clientHeight])")
    assert all(w > 100 and h > 100 for w, h in sizes), sizes
    width = page.viewport_size["width"]
    assert all(w <= width for w, _ in sizes), sizes
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    capture(page, shot)


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_dashboards_render_without_console_errors(request, viewport, live_server):
    page = request.getfixturevalue(viewport)
    _applications()
    demo_data_load()
    problems = _watch(page)
    width = page.viewport_size["width"]
    for username, path, docs_name in BOARDS:
        login(page, live_server.url, username)
        _check_board(page, live_server.url, path, f"{docs_name.removesuffix('.png')}-{width}")
        if width == 1280 and os.environ.get("SAVE_DOCS_SCREENSHOTS") == "1":
            (ROOT / "docs" / "screenshots").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "screenshots" / docs_name))
        # The window narrows and widens again: the charts follow (board.js resizes them).
        page.set_viewport_size({"width": 700, "height": 900})
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.set_viewport_size({"width": width, "height": 900})
        logout(page)
    assert not problems, problems
