"""附件4 city-wide and per-item with two packs published: the city chooses the pack (SummaryOptions.pack), the
2023 notice by default, so both packs' tables are reachable; a draft or unknown pack is 404."""

from io import BytesIO

import pytest
from django.http import Http404
from openpyxl import load_workbook

from applications.tests.factories import ApplicationFactory
from documents.exporters.summary_xlsx import SummaryXlsx
from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db


def _rows(user, params) -> list[str]:
    sheet = load_workbook(BytesIO(SummaryXlsx.for_user(user, params).render().content)).active
    return [row[4].value for row in sheet.iter_rows(min_row=5) if isinstance(row[0].value, int)]


@pytest.fixture
def two_applications(stored_pack, profile, enterprise_admin):
    pack_2023, example, _draft = both_packs_and_a_draft(stored_pack)
    enterprise = enterprise_admin.organisation
    ApplicationFactory(enterprise=enterprise, pack=pack_2023, number=2, recommended=True)
    ApplicationFactory(enterprise=enterprise, pack=example, number=15, recommended=True)


def test_the_city_wide_table_is_the_default_packs_unless_the_city_chooses(two_applications, city_sme):
    assert _rows(city_sme, {"scope": "city"}) == ["2. 企业智能制造装备贴息项目"]
    assert _rows(city_sme, {"scope": "city", "pack": "hengyang-2023-gxj51"}) == ["2. 企业智能制造装备贴息项目"]
    assert _rows(city_sme, {"scope": "city", "pack": "example-2024"}) == ["15. 【示例】中小企业数字化改造示范"]


def test_the_per_item_table_is_the_chosen_packs_item(two_applications, city_sme, county_industry):
    assert _rows(city_sme, {"scope": "item", "item": 2}) == ["2. 企业智能制造装备贴息项目"]
    assert _rows(city_sme, {"scope": "item", "item": 15, "pack": "example-2024"}) == [
        "15. 【示例】中小企业数字化改造示范"
    ]
    assert _rows(county_industry, {"scope": "item", "item": 15, "pack": "example-2024"}) == [
        "15. 【示例】中小企业数字化改造示范"
    ]
    with pytest.raises(Http404):  # item 15 is not in the 2023 notice
        SummaryXlsx.for_user(city_sme, {"scope": "item", "item": 15})


@pytest.mark.parametrize("reference", [DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack"])
def test_a_draft_or_unknown_pack_is_404(two_applications, city_sme, reference):
    with pytest.raises(Http404):
        SummaryXlsx.for_user(city_sme, {"scope": "city", "pack": reference})
