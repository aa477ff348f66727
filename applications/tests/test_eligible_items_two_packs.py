"""可申报事项 with two packs published: the enterprise's verdicts under the 2023 notice first, those under the
example pack one switch away; the 申报 links carry the chosen pack; a draft pack is 404 to the enterprise."""

import pytest
from django.urls import reverse

from enterprises.models import EnterpriseProfile
from policies.tests.example_pack import FIGURES_2020_2022
from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db
URL = reverse("applications:eligible_items")
EXAMPLE = "?pack=example-2024"


@pytest.fixture
def packs(stored_pack, profile):
    # The 2023 figures the example pack asks for, beside the 2020-2022 ones of the 2023 call.
    profile.data = {**profile.data, **FIGURES_2020_2022, "operating_revenue_2023": "2400", "rd_expense_2023": "72"}
    profile.save(update_fields=["data"])
    return both_packs_and_a_draft(stored_pack)


def test_the_2023_verdicts_come_first_and_the_example_is_offered(client, packs, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(URL).content.decode()
    assert "衡市工信〔2023〕51号" in body and "示例政策包，非正式通知" not in body
    assert 'data-item="13"' in body and 'data-item="15"' not in body
    assert f'href="{reverse("applications:start", args=[2])}"' in body  # the default pack's links as before
    assert f'href="{URL}{EXAMPLE}"' in body and DRAFT_ID not in body


def test_the_example_verdicts_link_to_a_start_under_the_example(client, packs, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(URL + EXAMPLE).content.decode()
    assert "示例〔2024〕1号" in body and "示例政策包，非正式通知" in body
    assert 'data-item="15"' in body and 'data-item="13"' not in body
    assert f'href="{reverse("applications:start", args=[15])}{EXAMPLE}"' in body
    assert f'href="{URL}"' in body  # back to the default pack
    assert EnterpriseProfile.objects.filter(organisation=enterprise_admin.organisation).count() == 1


@pytest.mark.parametrize("reference", [DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack"])
def test_a_draft_or_unknown_pack_is_404_to_the_enterprise(client, packs, enterprise_admin, reference):
    client.force_login(enterprise_admin)
    assert client.get(URL, {"pack": reference}).status_code == 404


def test_forbidden_persona_and_wrong_method(client, packs, enterprise_admin, county_industry):
    client.force_login(county_industry)
    assert client.get(URL + EXAMPLE).status_code == 404
    client.force_login(enterprise_admin)
    assert client.post(URL + EXAMPLE).status_code == 405
