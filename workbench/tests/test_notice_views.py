"""The notice metadata page of a draft."""

import pytest
from django.urls import reverse

from workbench.tests.factories import versioned

pytestmark = pytest.mark.django_db


def _form(draft) -> dict:
    notice = draft.data["pack"]["notice"]
    issuers = "\n".join(f"{i['name']} {i['signer']}" for i in notice["issuers"])
    contacts = "\n".join(
        f"{c['organisation']} {c['section']} {c['person']} {c['phone']}" for c in notice["summary_contacts"]
    )
    fields = {k: v for k, v in notice.items() if isinstance(v, str)}
    return {**fields, "issuers": issuers, "summary_contacts": contacts, "pack_id": draft.pack_id,
            "max_projects": "2", "project_limit_clause": draft.data["pack"]["project_limit"]["clause"]}  # fmt: skip


def test_the_deadline_and_number_are_saved(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:notice", args=[draft.pk])
    assert 'value="2024-08-25"' in client.get(url).content.decode()
    data = _form(draft) | {"deadline": "2024-08-30", "document_number": "衡市工信〔2024〕12号"}
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["pack"]["notice"]["deadline"] == "2024-08-30"
    assert draft.data["pack"]["notice"]["document_number"] == "衡市工信〔2024〕12号"


def test_bad_input_is_shown_at_its_field_and_nothing_typed_is_lost(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:notice", args=[draft.pk])
    data = _form(draft) | {"deadline": "8月30日", "title": "新的标题", "issuers": "衡阳市工业和信息化局"}
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 400
    text = response.content.decode()
    assert "请按 2024-08-25 的格式填写日期" in text and "第1行应为“单位名称 签发人”" in text
    assert "新的标题" in text and 'value="8月30日"' in text
    draft.refresh_from_db()
    assert draft.data["pack"]["notice"]["title"] != "新的标题"


def test_a_pack_problem_is_shown_at_its_field(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:notice", args=[draft.pk])
    response = client.post(url, versioned(draft, _form(draft) | {"pack_id": "Hengyang_2024"}))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="field-pack_id"' in text
    field = text[text.index('id="field-pack_id"') : text.index('id="field-document_number"')]
    assert "格式不正确" in field


def test_a_new_pack_id_starts_its_own_versions(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:notice", args=[draft.pk])
    assert client.post(url, versioned(draft, _form(draft) | {"pack_id": "hengyang-2023-gxj51"})).status_code == 302
    draft.refresh_from_db()
    assert (draft.pack_id, draft.version, draft.data["pack"]["version"]) == ("hengyang-2023-gxj51", 2, 2)


def test_only_the_preparer_edits_and_not_after_submission(client, city_sme, approver, draft):
    url = reverse("workbench:notice", args=[draft.pk])
    client.force_login(approver)
    assert client.get(url).status_code == 404
    assert client.post(url, versioned(draft, _form(draft))).status_code == 404
    client.force_login(city_sme)
    client.post(reverse("workbench:submit", args=[draft.pk]), versioned(draft))
    assert client.get(url).status_code == 404
    assert client.put(url).status_code == 405
