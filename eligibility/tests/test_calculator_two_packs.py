"""The 政策计算器 with two packs published: the 2023 notice by default, the example pack one switch away, each
asking for its own years and judging by its own items; the choice travels with the form; a draft pack is 404."""

import pytest
from django.urls import reverse

from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db
URL = reverse("eligibility:calculator")
EXAMPLE = "?pack=example-2024"


@pytest.fixture
def packs(stored_pack):
    return both_packs_and_a_draft(stored_pack)


def test_the_default_is_the_2023_notice_and_the_example_is_offered(client, packs):
    body = client.get(URL, {"item": "all"}).content.decode()
    assert "衡市工信〔2023〕51号" in body and "示例政策包，非正式通知" not in body
    assert 'name="operating_revenue_2022"' in body and 'name="operating_revenue_2023"' not in body
    assert f'href="{URL}{EXAMPLE}"' in body and DRAFT_ID not in body


def test_the_example_asks_for_its_years_and_keeps_the_choice_when_posted(client, packs):
    body = client.get(URL + EXAMPLE + "&item=all").content.decode()
    assert "示例〔2024〕1号" in body and "示例政策包，非正式通知" in body
    assert 'name="operating_revenue_2023"' in body
    assert f'hx-post="{URL}{EXAMPLE}"' in body and f'action="{EXAMPLE}"' in body
    answered = client.post(URL + EXAMPLE, {"operating_revenue_2023": "1500"}, headers={"HX-Request": "true"})
    results = answered.content.decode()
    assert 'data-item="15"' in results and 'data-item="13"' not in results
    default = client.post(URL, {"operating_revenue_2022": "1500"}, headers={"HX-Request": "true"}).content.decode()
    assert 'data-item="13"' in default and 'data-item="15"' not in default


@pytest.mark.parametrize("reference", [DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack"])
def test_a_draft_or_unknown_pack_is_404_even_to_an_enterprise(client, packs, enterprise_user, reference):
    client.force_login(enterprise_user)
    assert client.get(URL, {"pack": reference}).status_code == 404
    assert client.post(f"{URL}?pack={reference}", {}).status_code == 404


def test_wrong_method(client, packs):
    assert client.put(URL + EXAMPLE).status_code == 405
