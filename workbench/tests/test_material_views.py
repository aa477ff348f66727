"""The 申报材料 pages of a draft's item: add, change, reorder, remove."""

import pytest
from django.urls import reverse

from workbench.tests.factories import versioned

pytestmark = pytest.mark.django_db


def _materials(draft, number: int) -> list[dict]:
    draft.refresh_from_db()
    return next(i for i in draft.data["items"] if i["number"] == number)["materials"]


def test_add_change_move_and_remove_a_material(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:materials", args=[draft.pk, 3])
    count = len(_materials(draft, 3))
    data = {"name": "绿色工厂证书复印件", "source": "附件2-3 申报材料9", "required": "on", "accept": ["pdf", "jpg"]}
    assert client.post(url, versioned(draft, data)).status_code == 302
    added = _materials(draft, 3)[-1]
    assert (added["id"], added["name"], added["required"], added["accept"]) == (
        "material_1",
        "绿色工厂证书复印件",
        True,
        ["pdf", "jpg"],
    )
    edit = reverse("workbench:material", args=[draft.pk, 3, "material_1"])
    assert client.post(edit, versioned(draft, data | {"required": ""})).status_code == 302
    assert _materials(draft, 3)[-1]["required"] is False
    move = reverse("workbench:material_reorder", args=[draft.pk, 3, "material_1"])
    assert client.post(move, versioned(draft, {"direction": "up"})).status_code == 302
    assert _materials(draft, 3)[-2]["id"] == "material_1"
    assert client.post(move, versioned(draft, {"direction": "sideways"})).status_code == 404
    assert (
        client.post(
            reverse("workbench:material_delete", args=[draft.pk, 3, "material_1"]), versioned(draft)
        ).status_code
        == 302
    )
    assert len(_materials(draft, 3)) == count


def test_removing_evidence_of_a_condition_drops_it_from_the_condition(client, city_sme, draft):
    client.force_login(city_sme)
    assert (
        client.post(
            reverse("workbench:material_delete", args=[draft.pk, 2, "loan_documents"]), versioned(draft)
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    item = next(i for i in draft.data["items"] if i["number"] == 2)
    assert all("loan_documents" not in c["evidence"] for c in item["conditions"])


def test_errors_at_the_field_and_nothing_typed_lost(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:materials", args=[draft.pk, 3])
    response = client.post(
        url, versioned(draft, {"name": "证", "source": "附件2-3", "form": "2-99", "note": "说明文字"})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "说明文字" in text and 'value="2-99"' in text
    name = text[text.index('id="field-name"') : text.index('id="field-source"')]
    assert "至少 2 个字" in name
    response = client.post(
        url, versioned(draft, {"name": "证书", "source": "附件2-3", "form": "2-99", "note": "说明文字"})
    )
    text = response.content.decode()
    form = text[text.index('id="field-form"') : text.index('id="field-accept"')]
    assert "引用了不存在的表单 2-99" in form


def test_other_coordinators_and_wrong_methods(client, approver, draft):
    client.force_login(approver)
    assert client.get(reverse("workbench:materials", args=[draft.pk, 2])).status_code == 404
    move = reverse("workbench:material_reorder", args=[draft.pk, 2, "loan_documents"])
    assert client.post(move, versioned(draft, {"direction": "up"})).status_code == 404
    assert client.get(move).status_code == 405


def test_a_sub_types_materials_have_their_own_page(client, city_sme, draft):
    client.force_login(city_sme)
    subtype = next(i for i in draft.data["items"] if i["number"] == 14)["subtypes"][1]
    query = f"?type={subtype['code']}"
    url = reverse("workbench:materials", args=[draft.pk, 14]) + query
    assert subtype["name"] in client.get(url).content.decode()
    data = {"name": "贯标评定证书复印件", "source": "附件2-12", "required": "on", "accept": ["pdf"]}
    assert client.post(url, versioned(draft, data)).status_code == 302
    materials = _materials(draft, 14)
    assert materials == []
    added = next(i for i in draft.data["items"] if i["number"] == 14)["subtypes"][1]["materials"][-1]
    assert added["name"] == "贯标评定证书复印件"
    move = reverse("workbench:material_reorder", args=[draft.pk, 14, added["id"]]) + query
    assert client.post(move, versioned(draft, {"direction": "up"})).status_code == 302
    draft.refresh_from_db()
    assert (
        next(i for i in draft.data["items"] if i["number"] == 14)["subtypes"][1]["materials"][-2]["id"] == added["id"]
    )
