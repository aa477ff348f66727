"""The worklist with two packs published, in the browser: the city chooses the example pack in the filter, and
the filter brought back by htmx offers that pack's items while the 附件4 buttons export that pack's tables."""

import pytest
from django.urls import reverse

from demo.seed import demo_data_load
from e2e.session import login
from policies.services import pack_load
from policies.tests.example_pack import EXAMPLE_2024
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _items_offered(page) -> list[str]:
    return page.locator("#id_item option").evaluate_all("options => options.map(o => o.value)")


def test_the_city_filters_by_pack_and_exports_that_packs_summary(page, live_server):
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    pack_load(actor=None, directory=EXAMPLE_2024)
    login(page, live_server.url, "city_sme_summary")
    page.goto(live_server.url + reverse("review:worklist"))
    assert "13" in _items_offered(page) and "15" not in _items_offered(page)
    assert "2023年申报汇总表" in page.locator(".document-actions").inner_text()

    page.get_by_label("政策包").select_option("example-2024")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**pack=example-2024**")
    page.wait_for_function("() => [...document.querySelectorAll('#id_item option')].some(o => o.value === '15')")
    assert "13" not in _items_offered(page) and page.get_by_label("政策包").input_value() == "example-2024"
    assert "2024年申报汇总表" in page.locator(".document-actions").inner_text()

    page.get_by_label("支持事项").select_option("15")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**item=15**")
    page.wait_for_function("() => document.querySelector('.document-actions').innerText.includes('2024年本事项汇总表')")
    assert page.get_by_label("支持事项").input_value() == "15"
