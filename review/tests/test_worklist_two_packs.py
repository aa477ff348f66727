"""The worklist (review:worklist) with two packs published: the city filters by pack, the item filter offers
the chosen pack's items (the default pack's when none is chosen), and the 附件4 buttons export that pack."""

import re

import pytest
from django.urls import reverse

from applications.tests.factories import ApplicationFactory
from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db
URL = reverse("review:worklist")


def _exports(body: str) -> list[dict]:
    """The 附件4 export buttons above the worklist, as the parameters each posts."""
    actions = body[body.index('class="document-actions') :]
    actions = actions[: actions.index("</div>")]
    return [
        {
            k: v
            for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form)
            if k != "csrfmiddlewaretoken"
        }
        for form in actions.split("</form>")[:-1]
    ]


def _items_offered(body: str) -> list[str]:
    select = body[body.index('<select name="item"') :]
    return re.findall(r'<option value="(\d+)"', select[: select.index("</select>")])


@pytest.fixture
def two_applications(stored_pack, profile, enterprise_admin):
    pack_2023, example, _draft = both_packs_and_a_draft(stored_pack)
    enterprise = enterprise_admin.organisation
    return (
        ApplicationFactory(enterprise=enterprise, pack=pack_2023, number=2, recommended=True, project_name="旧项目"),
        ApplicationFactory(enterprise=enterprise, pack=example, number=15, recommended=True, project_name="新项目"),
    )


def test_without_a_choice_both_packs_are_listed_and_the_default_is_exported(client, two_applications, city_sme):
    client.force_login(city_sme)
    body = client.get(URL).content.decode()
    assert "旧项目" in body and "新项目" in body
    assert _exports(body) == [{"exporter": "summary_xlsx", "scope": "city", "pack": "hengyang-2023-gxj51"}]
    assert "2023年申报汇总表" in body and "13" in _items_offered(body) and "15" not in _items_offered(body)
    assert 'value="example-2024"' in body and DRAFT_ID not in body


def test_the_chosen_pack_filters_and_exports(client, two_applications, city_sme):
    client.force_login(city_sme)
    body = client.get(URL, {"pack": "example-2024", "item": "15"}).content.decode()
    assert "新项目" in body and "旧项目" not in body
    assert _exports(body) == [
        {"exporter": "summary_xlsx", "scope": "city", "pack": "example-2024"},
        {"exporter": "summary_xlsx", "scope": "item", "item": "15", "pack": "example-2024"},
    ]
    assert "2024年本事项汇总表" in body and "15" in _items_offered(body) and "13" not in _items_offered(body)


def test_the_filter_by_htmx_brings_the_chosen_packs_buttons(client, two_applications, city_sme):
    client.force_login(city_sme)
    body = client.get(URL, {"pack": "example-2024"}, headers={"HX-Request": "true"}).content.decode()
    assert '<div id="worklist-results">' in body and "新项目" in body and "旧项目" not in body
    # The filter comes along out of band, its item filter offering the example's items.
    assert 'id="worklist-filter"' in body and 'hx-swap-oob="true"' in body
    assert "15" in _items_offered(body) and "13" not in _items_offered(body)
    assert _exports(body) == [{"exporter": "summary_xlsx", "scope": "city", "pack": "example-2024"}]


def test_a_draft_pack_is_no_choice(client, two_applications, city_sme):
    client.force_login(city_sme)
    body = client.get(URL, {"pack": DRAFT_ID}).content.decode()
    assert "请选择一个有效的选项" in body or "选择一个有效的选项" in body
    assert _exports(body) == [{"exporter": "summary_xlsx", "scope": "city", "pack": "hengyang-2023-gxj51"}]


def test_forbidden_persona_and_wrong_method(client, two_applications, enterprise_admin, city_sme):
    client.force_login(enterprise_admin)
    assert client.get(URL, {"pack": "example-2024"}).status_code == 404
    client.force_login(city_sme)
    assert client.post(URL, {"pack": "example-2024"}).status_code == 405
