"""The 通用申报条件 page of a draft (通知 二、申报条件, pack.yaml global_conditions): 评价结果应用 adds "上一年度绩效评价
为差的，不得申报" there, in the notice's words; errors at the field; change and removal; nobody else gets in."""

import pytest
from django.urls import reverse

from workbench.tests.factories import versioned

pytestmark = pytest.mark.django_db

GRADE = {"clause": "上一年度绩效评价为差的，不得申报", "source": "2024年通知 二、申报条件", "kind": "computable",
         "fact": "last_performance_grade", "wording": "属于", "value": "优、良、中", "strictness": "hard"}  # fmt: skip


def _globals(draft) -> list[dict]:
    draft.refresh_from_db()
    return draft.data["pack"]["global_conditions"]


def test_a_condition_every_applicant_must_meet_is_added_in_the_notices_words(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:global_conditions", args=[draft.pk])
    before = len(_globals(draft))
    page = client.get(url).content.decode()
    assert "在衡阳市登记注册" in page and "新增通用申报条件" in page
    assert client.post(url, versioned(draft, GRADE)).status_code == 302
    conditions = _globals(draft)
    assert len(conditions) == before + 1
    added = conditions[-1]
    assert added["id"] == "global.condition_1" and added["clause"] == GRADE["clause"]
    assert added["rule"] == {"fact": "last_performance_grade", "one_of": ["优", "良", "中"]}
    draft_page = client.get(reverse("workbench:draft", args=[draft.pk])).content.decode()
    assert f"通用申报条件（{before + 1} 条）" in draft_page


def test_errors_at_the_field_and_nothing_typed_lost(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:global_conditions", args=[draft.pk])
    before = len(_globals(draft))
    response = client.post(url, versioned(draft, GRADE | {"fact": ""}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "由系统判断的条件须选择判断依据的指标" in text and GRADE["clause"] in text
    assert len(_globals(draft)) == before


def test_change_and_remove(client, city_sme, draft):
    client.force_login(city_sme)
    client.post(reverse("workbench:global_conditions", args=[draft.pk]), versioned(draft, GRADE))
    edit = reverse("workbench:global_condition", args=[draft.pk, "global.condition_1"])
    assert client.post(edit, versioned(draft, GRADE | {"value": "优、良"})).status_code == 302
    assert _globals(draft)[-1]["rule"]["one_of"] == ["优", "良"]
    remove = reverse("workbench:global_condition_delete", args=[draft.pk, "global.condition_1"])
    assert client.post(remove, versioned(draft)).status_code == 302
    assert all(c["id"] != "global.condition_1" for c in _globals(draft))


def test_an_unknown_condition_is_404(client, city_sme, draft):
    client.force_login(city_sme)
    assert client.get(reverse("workbench:global_condition", args=[draft.pk, "global.nothing"])).status_code == 404
    assert (
        client.post(
            reverse("workbench:global_condition_delete", args=[draft.pk, "global.nothing"]), versioned(draft)
        ).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["county_industry", "city_section", "city_finance", "enterprise_user"])
def test_nobody_else_sees_or_changes_them(client, request, name, draft):
    client.force_login(request.getfixturevalue(name))
    url = reverse("workbench:global_conditions", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, versioned(draft, GRADE)).status_code == 404
    assert all(c["clause"] != GRADE["clause"] for c in _globals(draft))


def test_the_approver_cannot_edit_the_preparers_draft(client, approver, draft):
    client.force_login(approver)
    assert (
        client.post(reverse("workbench:global_conditions", args=[draft.pk]), versioned(draft, GRADE)).status_code == 404
    )


def test_the_preview_and_try_out_read_the_new_condition(client, city_sme, draft):
    client.force_login(city_sme)
    client.post(reverse("workbench:global_conditions", args=[draft.pk]), versioned(draft, GRADE))
    assert client.get(reverse("workbench:tryout", args=[draft.pk])).status_code == 200
    catalogue = client.get(reverse("workbench:preview", args=[draft.pk]))
    assert catalogue.status_code == 200
    item = client.get(reverse("workbench:preview_item", args=[draft.pk, 2])).content.decode()
    assert GRADE["clause"] in item
