"""The profile's yearly figures follow the published notices: 2020-2022 with the 2023 pack alone, 2020-2023
when a 2024 pack is published beside it, and a figure keeps its calendar year from one notice to the next."""

import shutil

import pytest
from django.urls import reverse

from enterprises.models import EnterpriseProfile
from enterprises.tests.factories import make_profile
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.services import pack_load
from policies.tests.formtools import PACK_2023
from policies.tests.shifted_pack import shift_pack_copy

pytestmark = pytest.mark.django_db


def _year_boxes(body: str, metric: str = "operating_revenue") -> list[int]:
    return [y for y in range(2015, 2030) if f'name="f-0__yearly__{metric}__{y}"' in body]


@pytest.fixture
def pack_2024(stored_pack, tmp_path):
    folder = tmp_path / "example-2024"
    shutil.copytree(PACK_2023, folder)
    shift_pack_copy(folder, year=2024, pack_id="example-2024-test")
    pack, created = pack_load(actor=None, directory=folder)
    assert created and pack.status == PackStatus.PUBLISHED
    return pack


def test_with_the_2023_pack_alone_the_profile_asks_for_2020_to_2022(client, enterprise_admin, stored_pack):
    make_profile(enterprise=enterprise_admin.organisation)
    client.force_login(enterprise_admin)
    body = client.get(reverse("enterprises:profile")).content.decode()
    assert _year_boxes(body) == [2020, 2021, 2022]
    assert "近三年主要经济指标" in body
    # The facts of the 2022 titles are asked; the 2023 ones are not a fact of any published notice.
    assert 'name="f-0__smart_equipment_investment_2022"' in body
    assert "smart_equipment_investment_2023" not in body


def test_with_a_2024_pack_beside_it_the_profile_asks_for_2020_to_2023(client, enterprise_admin, pack_2024):
    # Entered for the 2023 notice: 2022's figure, by calendar year.
    make_profile(enterprise=enterprise_admin.organisation, data={"operating_revenue_2022": "25000"})
    client.force_login(enterprise_admin)
    body = client.get(reverse("enterprises:profile")).content.decode()
    assert _year_boxes(body) == [2020, 2021, 2022, 2023]
    assert _year_boxes(body, "taxes_paid") == [2020, 2021, 2022, 2023]
    assert "主要经济指标（2020-2023年）" in body
    assert 'name="f-0__yearly__operating_revenue__2022" value="25000"' in body.replace(' inputmode="decimal"', "")
    assert 'name="f-0__smart_equipment_investment_2023"' in body
    assert 'name="f-0__smart_equipment_investment_2022"' in body


def test_a_figure_keeps_its_calendar_year_when_a_notice_no_longer_asks_for_it(client, enterprise_admin, pack_2024):
    profile = make_profile(
        enterprise=enterprise_admin.organisation,
        data={"operating_revenue_2020": "18000", "operating_revenue_2022": "25000"},
    )
    # Only the 2024 notice is published: the profile asks for 2021-2023.
    PolicyPack.objects.filter(year=2023).update(status=PackStatus.RETIRED)
    client.force_login(enterprise_admin)
    body = client.get(reverse("enterprises:profile")).content.decode()
    assert _year_boxes(body) == [2021, 2022, 2023]
    response = client.post(
        reverse("enterprises:profile"),
        {"version": "1", "f-0__enterprise_name": enterprise_admin.organisation.name,
         "f-0__legal_representative_name": "赵法人", "f-0__contact_name": "钱联系", "f-0__contact_mobile": "13907340000",
         "f-0__yearly__operating_revenue__2022": "25000", "f-0__yearly__operating_revenue__2023": "30000"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = EnterpriseProfile.objects.get(pk=profile.pk)
    assert profile.data["operating_revenue_2023"] == "30000"
    assert profile.data["operating_revenue_2022"] == "25000"
    assert profile.data["operating_revenue_2020"] == "18000"  # not asked, not touched


def test_the_profile_page_still_refuses_officials_and_wrong_methods(
    client, county_industry, enterprise_admin, pack_2024
):
    client.force_login(county_industry)
    assert client.get(reverse("enterprises:profile")).status_code == 404
    make_profile(enterprise=enterprise_admin.organisation)
    client.force_login(enterprise_admin)
    assert client.put(reverse("enterprises:profile")).status_code == 405


def test_figures_of_a_year_beyond_the_pack_folders_are_facts():
    # A 2024 pack stored from a folder the platform no longer has: its 2023 figures are still typed facts.
    from enterprises.selectors import facts_from_profile_data

    facts = facts_from_profile_data(
        data={"operating_revenue_2023": "30000", "smart_equipment_investment_2023": "350", "colour_2023": "1"}, uscc=""
    )
    assert facts == {"operating_revenue_2023": 30000.0, "smart_equipment_investment_2023": 350.0}
