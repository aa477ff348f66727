"""Issue 16, finding 6: a draft policy pack is seen only by those who prepare packs (the 中小企业科).

Before the fix `POST /eligibility/api/evaluate?pack=<id>@<draft version>` answered anyone, anonymously, with
the draft's items. Now everyone else gets exactly the answer of an unknown pack, so a draft's existence does
not leak. The catalogue, the item pages and the calculator choose among the published packs with ?pack= too
(issue 18 §3): a draft named there is a 404 to everyone, like an unknown pack (checked below)."""

import json

import pytest
from django.urls import reverse

from policies.choices import PackStatus
from policies.models import PolicyPack

pytestmark = pytest.mark.django_db
URL = reverse("eligibility:api_evaluate")


@pytest.fixture
def draft_pack(stored_pack):
    """Version 2 of the 2023 pack, loaded and not published, with one item renamed so that it shows."""
    data = json.loads(json.dumps(stored_pack.data))
    data["pack"]["version"] = 2
    data["items"][0]["name"] = "草稿中的新事项"
    return PolicyPack.objects.create(
        pack_id=stored_pack.pack_id, version=2, year=stored_pack.year, document_number=stored_pack.document_number,
        title=stored_pack.title, digest="d" * 64, status=PackStatus.DRAFT, data=data,
    )  # fmt: skip


def _evaluate(client, reference):
    return client.post(f"{URL}?pack={reference}", data=json.dumps({"facts": {}}), content_type="application/json")


UNKNOWN = {"errors": [{"field": "pack", "message": "找不到政策包"}]}


@pytest.mark.parametrize("persona", [None, "enterprise_user", "county_industry", "city_section", "city_finance",
                                     "auditor", "admin"])  # fmt: skip
def test_a_draft_is_refused_like_an_unknown_pack(client, request, draft_pack, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    draft = _evaluate(client, f"{draft_pack.pack_id}@2")
    unknown = _evaluate(client, f"{draft_pack.pack_id}@99")
    assert (draft.status_code, draft.json()) == (unknown.status_code, unknown.json()) == (404, UNKNOWN)
    assert "草稿中的新事项" not in draft.content.decode()


def test_the_sme_section_which_prepares_packs_evaluates_a_draft(client, city_sme, draft_pack):
    client.force_login(city_sme)
    response = _evaluate(client, f"{draft_pack.pack_id}@2")
    assert response.status_code == 200
    assert response.json()["pack"] == {"id": draft_pack.pack_id, "version": 2}


@pytest.mark.parametrize("reference", ["hengyang-2023-gxj51@1", "hengyang-2023-gxj51"])
def test_published_versions_stay_open_to_everyone(client, draft_pack, reference):
    response = _evaluate(client, reference)
    assert response.status_code == 200 and response.json()["pack"]["version"] == 1


def test_without_a_version_the_newest_published_is_used_not_the_draft(client, city_sme, draft_pack):
    client.force_login(city_sme)
    assert _evaluate(client, draft_pack.pack_id).json()["pack"]["version"] == 1


@pytest.mark.parametrize("url", [reverse("policies:catalogue"), reverse("policies:item_detail", args=[1]),
                                 reverse("eligibility:calculator")])  # fmt: skip
def test_pages_that_could_name_a_pack_show_only_the_published_one(client, city_sme, draft_pack, url):
    for user in (None, city_sme):  # not even to the section that prepares packs: it previews in the workbench
        if user:
            client.force_login(user)
        response = client.get(url, {"pack": f"{draft_pack.pack_id}@2", "version": 2})
        assert response.status_code == 404 and "草稿中的新事项" not in response.content.decode()
        published = client.get(url, {"version": 2})
        assert published.status_code == 200 and "草稿中的新事项" not in published.content.decode()
