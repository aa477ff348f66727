"""The 申报限制规则 page of a draft: the project limit, the quota rules (各县市区、市直园区限报…) and the exclusion
rules (同一法人企业不能同时申报…), with add/change/remove; errors at the field with everything typed kept; each
item's own settings follow the rules; nobody else gets in."""

import pytest
from django.urls import reverse

from core.forms import BAD_VERSION
from core.models import AuditEvent
from workbench.services.drafts import DRAFT_CHANGED_ELSEWHERE
from workbench.tests.factories import item_form, page_data_version, versioned

pytestmark = pytest.mark.django_db

EXCLUSION = {"items": ["5", "6"], "clause": "同一法人企业不能同时申报第5项和第6项。", "source": "附件1 第6项 申报条件"}
QUOTA = {"items": ["5", "6"], "per_jurisdiction": "2", "clause": "各县市区、市直园区限报2个。",
         "source": "附件1 第5项申报条件"}  # fmt: skip


def _pack(draft) -> dict:
    draft.refresh_from_db()
    return draft.data["pack"]


def _item(draft, number: int) -> dict:
    return next(i for i in draft.data["items"] if i["number"] == number)


def test_the_page_shows_the_three_rules_of_the_2023_notice(client, city_sme, draft):
    client.force_login(city_sme)
    draft_page = client.get(reverse("workbench:draft", args=[draft.pk])).content.decode()
    url = reverse("workbench:rules", args=[draft.pk])
    assert url in draft_page
    page = client.get(url).content.decode()
    assert "申报单位申报项目数合计不得超过2个(产业数字化工作推进项目除外)" in page
    assert "“各县市区、市直园区限报1个。”" in page
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in page
    assert 'class="table-wrap"' in page


def test_a_quota_rule_is_added_changed_and_removed_and_the_items_follow(client, city_sme, draft):
    client.force_login(city_sme)
    before = len(_pack(draft)["quotas"])
    assert client.post(reverse("workbench:quota_new", args=[draft.pk]), versioned(draft, QUOTA)).status_code == 302
    quotas = _pack(draft)["quotas"]
    assert quotas[-1] == {"items": [5, 6], "per_jurisdiction": 2, "clause": QUOTA["clause"], "source": QUOTA["source"]}
    assert (_item(draft, 5)["county_quota"], _item(draft, 6)["county_quota"]) == (2, 2)
    assert AuditEvent.objects.filter(data__what="新增限报规则").exists()
    edit = reverse("workbench:quota", args=[draft.pk, before])
    assert client.post(edit, versioned(draft, QUOTA | {"items": ["5"], "per_jurisdiction": "3"})).status_code == 302
    assert _pack(draft)["quotas"][-1]["items"] == [5]
    assert (_item(draft, 5)["county_quota"], _item(draft, 6)["county_quota"]) == (3, None)
    assert client.post(reverse("workbench:quota_delete", args=[draft.pk, before]), versioned(draft)).status_code == 302
    assert len(_pack(draft)["quotas"]) == before
    assert _item(draft, 5)["county_quota"] is None


def test_an_item_already_in_a_quota_rule_is_refused_at_the_items_field(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(
        reverse("workbench:quota_new", args=[draft.pk]), versioned(draft, QUOTA | {"items": ["3", "5"]})
    )
    assert response.status_code == 400
    text = response.content.decode()
    field = text[text.index('id="field-items"') : text.index('id="field-per_jurisdiction"')]
    assert "第3项已在另一条限报规则“各县市区、市直园区限报1个。”中，每项只能有一个限报名额" in field
    assert "checked" in field
    assert QUOTA["source"] in text and QUOTA["clause"] in text
    assert len(_pack(draft)["quotas"]) == 1


def test_a_quota_below_one_is_refused_at_its_field(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(
        reverse("workbench:quota", args=[draft.pk, 0]), versioned(draft, QUOTA | {"per_jurisdiction": "0"})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "至少为 1。" in text[text.index('id="field-per_jurisdiction"') :]
    assert _pack(draft)["quotas"][0]["per_jurisdiction"] == 1


def test_an_exclusion_rule_is_added_changed_and_removed(client, city_sme, draft):
    client.force_login(city_sme)
    before = len(_pack(draft)["exclusions"])
    assert (
        client.post(reverse("workbench:exclusion_new", args=[draft.pk]), versioned(draft, EXCLUSION)).status_code == 302
    )
    assert _pack(draft)["exclusions"][-1] == EXCLUSION | {"items": [5, 6]}
    assert AuditEvent.objects.filter(data__what="新增互斥规则").exists()
    edit = reverse("workbench:exclusion", args=[draft.pk, before])
    assert EXCLUSION["clause"] in client.get(edit).content.decode()
    assert client.post(edit, versioned(draft, EXCLUSION | {"items": ["5", "6", "7"]})).status_code == 302
    assert _pack(draft)["exclusions"][-1]["items"] == [5, 6, 7]
    assert (
        client.post(reverse("workbench:exclusion_delete", args=[draft.pk, before]), versioned(draft)).status_code == 302
    )
    assert len(_pack(draft)["exclusions"]) == before


def test_an_exclusion_of_one_item_is_refused_at_the_items_field_with_what_was_typed(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(
        reverse("workbench:exclusion_new", args=[draft.pk]), versioned(draft, EXCLUSION | {"items": ["5"]})
    )
    assert response.status_code == 400
    text = response.content.decode()
    field = text[text.index('id="field-items"') : text.index('id="field-clause"')]
    assert "请至少选择两个支持事项。" in field and "checked" in field
    assert EXCLUSION["clause"] in text and EXCLUSION["source"] in text
    assert len(_pack(draft)["exclusions"]) == 1


def test_the_project_limits_exceptions_set_the_items_flags(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:project_limit", args=[draft.pk])
    limit = _pack(draft)["project_limit"]
    values = {"max_projects": "3", "clause": limit["clause"], "source": limit["source"], "excluded_items": ["12", "14"]}
    assert client.post(url, versioned(draft, values)).status_code == 302
    assert _pack(draft)["project_limit"]["excluded_items"] == [12, 14]
    assert _pack(draft)["project_limit"]["max_projects"] == 3
    assert _item(draft, 12)["counts_toward_project_limit"] is False
    response = client.post(url, versioned(draft, values | {"max_projects": "0"}))
    assert response.status_code == 400 and "至少为 1。" in response.content.decode()


def test_the_item_form_sets_the_rules_too(client, city_sme, draft):
    client.force_login(city_sme)
    item = _item(draft, 10)
    values = item_form(item) | {"county_quota": "2"}
    values.pop("counts_toward_project_limit", None)
    assert client.post(reverse("workbench:item", args=[draft.pk, 10]), versioned(draft, values)).status_code == 302
    pack = _pack(draft)
    assert [q["items"] for q in pack["quotas"]] == [[3, 4], [10]]
    assert pack["quotas"][1]["clause"] == "各县市区、市直园区限报2个。"
    assert 10 in pack["project_limit"]["excluded_items"]
    assert "“各县市区、市直园区限报2个。”" in client.get(reverse("workbench:rules", args=[draft.pk])).content.decode()


def test_a_rule_changed_from_a_page_another_save_made_stale_is_refused_with_what_was_typed(client, city_sme, draft):
    client.force_login(city_sme)
    client.post(reverse("workbench:quota_new", args=[draft.pk]), versioned(draft, QUOTA))  # rules 1 [3, 4], 2 [5, 6]
    url = reverse("workbench:quota", args=[draft.pk, 0])
    stale = page_data_version(client.get(url).content.decode())  # the second tab opens rule 1 (items 3 and 4)
    # The first tab removes rule 1: what the second tab calls rule 1 is now the rule of items 5 and 6.
    assert client.post(reverse("workbench:quota_delete", args=[draft.pk, 0]), versioned(draft)).status_code == 302
    saved, events = _pack(draft), AuditEvent.objects.count()
    typed = {"items": ["3", "4"], "per_jurisdiction": "3", "clause": "各县市区、市直园区限报3个。",
             "source": "附件1 第3项申报条件", "data_version": stale}  # fmt: skip
    response = client.post(url, typed)
    assert response.status_code == 400
    text = response.content.decode()
    form = text[text.index('id="rule-form"') :]
    assert DRAFT_CHANGED_ELSEWHERE in form[: form.index('id="field-items"')]  # at the top of the form
    assert typed["clause"] in form and typed["source"] in form and 'value="3"' in form
    assert page_data_version(text) == stale  # a second click on this page is refused too
    assert client.post(url, typed).status_code == 400
    assert _pack(draft) == saved and AuditEvent.objects.count() == events
    # Reopened, the page shows the rule as it is now, and a save from it goes through.
    page = client.get(url).content.decode()
    assert "附件1 第5项申报条件" in page
    assert client.post(url, typed | {"data_version": page_data_version(page)}).status_code == 302
    assert _pack(draft)["quotas"] == [{"items": [3, 4], "per_jurisdiction": 3, "clause": typed["clause"],
                                       "source": typed["source"]}]  # fmt: skip


def test_a_rule_removed_from_a_stale_page_is_refused_with_the_reason_on_the_rules_page(client, city_sme, draft):
    client.force_login(city_sme)
    stale = page_data_version(client.get(reverse("workbench:rules", args=[draft.pk])).content.decode())
    client.post(reverse("workbench:exclusion_new", args=[draft.pk]), versioned(draft, EXCLUSION))
    saved, events = _pack(draft), AuditEvent.objects.count()
    response = client.post(
        reverse("workbench:exclusion_delete", args=[draft.pk, 0]), {"data_version": stale}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("#exclusions")
    assert DRAFT_CHANGED_ELSEWHERE in response.content.decode()
    assert _pack(draft) == saved and AuditEvent.objects.count() == events
    # The rules page drawn after the refusal carries the new version: removing from it goes through.
    current = page_data_version(response.content.decode())
    assert (
        client.post(reverse("workbench:exclusion_delete", args=[draft.pk, 0]), {"data_version": current}).status_code
        == 302
    )
    assert _pack(draft)["exclusions"] == [EXCLUSION | {"items": [5, 6]}]


def test_a_post_without_the_pages_version_is_refused(client, city_sme, draft):
    client.force_login(city_sme)
    saved = _pack(draft)
    for version in ({}, {"data_version": ""}, {"data_version": "二"}, {"data_version": "-1"}):
        response = client.post(reverse("workbench:quota", args=[draft.pk, 0]), QUOTA | {"items": ["3", "4"]} | version)
        assert response.status_code == 400 and BAD_VERSION in response.content.decode()
        response = client.post(reverse("workbench:quota_delete", args=[draft.pk, 0]), version, follow=True)
        assert BAD_VERSION in response.content.decode()
    assert _pack(draft) == saved


def test_a_rule_out_of_range_is_404(client, city_sme, draft):
    client.force_login(city_sme)
    for name in ("quota", "quota_delete", "exclusion", "exclusion_delete"):
        assert client.post(reverse(f"workbench:{name}", args=[draft.pk, 9]), versioned(draft)).status_code == 404
        # from a stale page too: the lock does not change what is not there
        assert client.post(reverse(f"workbench:{name}", args=[draft.pk, 9]), {"data_version": "0"}).status_code == 404


@pytest.mark.parametrize("name", ["county_industry", "city_section", "city_finance", "enterprise_user"])
def test_nobody_else_sees_or_changes_them(client, request, name, draft):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("workbench:rules", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("workbench:exclusion_new", args=[draft.pk]), versioned(draft, EXCLUSION)).status_code == 404
    )
    assert client.post(reverse("workbench:quota_delete", args=[draft.pk, 0]), versioned(draft)).status_code == 404
    assert len(_pack(draft)["exclusions"]) == 1 and len(_pack(draft)["quotas"]) == 1


def test_the_approver_cannot_edit_the_preparers_draft(client, approver, draft):
    client.force_login(approver)
    assert client.post(reverse("workbench:project_limit", args=[draft.pk]), versioned(draft, {})).status_code == 404


def test_wrong_methods(client, city_sme, draft):
    client.force_login(city_sme)
    assert client.post(reverse("workbench:rules", args=[draft.pk]), versioned(draft)).status_code == 405
    assert client.get(reverse("workbench:quota_delete", args=[draft.pk, 0])).status_code == 405
    assert client.get(reverse("workbench:exclusion_delete", args=[draft.pk, 0])).status_code == 405
    assert client.put(reverse("workbench:quota", args=[draft.pk, 0])).status_code == 405
