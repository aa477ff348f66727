"""The workbench's home (drafts, published packs, a new draft) and a draft's overview page."""

import pytest
from django.urls import reverse

from workbench.models import PackDraft

pytestmark = pytest.mark.django_db
HOME = reverse("workbench:home")


def test_home_lists_drafts_and_published_packs_and_is_in_the_menu(client, city_sme, draft):
    client.force_login(city_sme)
    text = client.get(HOME).content.decode()
    assert "hengyang-2024-gxj 第1版" in text and "编辑中" in text
    assert "衡市工信〔2023〕51号" in text
    assert 'href="/workbench/"' in text and "政策配置" in text


def test_a_new_draft_from_the_published_pack(client, city_sme, stored_pack):
    client.force_login(city_sme)
    response = client.post(HOME, {"pack": stored_pack.pk, "year": "2024", "pack_id": "hengyang-2024-gxj"})
    draft = PackDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:draft", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "hengyang-2024-gxj 第1版" in page and "企业智能制造装备贴息项目" in page
    assert "待修正的问题" not in page


def test_a_bad_new_draft_is_refused_at_its_field_keeping_what_was_typed(client, city_sme, stored_pack):
    client.force_login(city_sme)
    response = client.post(HOME, {"pack": stored_pack.pk, "year": "二〇二四", "pack_id": "Hengyang 2024"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "年度应为四位数字" in text
    response = client.post(HOME, {"pack": stored_pack.pk, "year": "2024", "pack_id": "Hengyang 2024"})
    text = response.content.decode()
    assert response.status_code == 400 and "政策包标识只能由小写字母" in text and 'value="Hengyang 2024"' in text
    assert not PackDraft.objects.exists()


@pytest.mark.parametrize("persona", ["city_section", "city_finance", "county_industry", "enterprise_admin", "admin"])
def test_other_roles_do_not_find_the_workbench(client, request, persona, draft, stored_pack):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(HOME).status_code == 404
    assert client.post(HOME, {"pack": stored_pack.pk, "year": "2025", "pack_id": "x-2025"}).status_code == 404
    assert client.get(reverse("workbench:draft", args=[draft.pk])).status_code == 404
    assert PackDraft.objects.count() == 1


def test_anonymous_is_sent_to_login_and_wrong_methods_are_refused(client, city_sme, draft):
    assert client.get(HOME).status_code == 302
    client.force_login(city_sme)
    assert client.put(HOME).status_code == 405
    assert client.post(reverse("workbench:draft", args=[draft.pk])).status_code == 405
    assert client.get(reverse("workbench:draft", args=[987654])).status_code == 404
