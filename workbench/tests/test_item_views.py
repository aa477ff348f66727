"""The support item pages of a draft: an item's details, a new item, removing one."""

import pytest
from django.urls import reverse

from core.forms import BAD_VERSION
from core.models import AuditEvent
from workbench.services.drafts import DRAFT_CHANGED_ELSEWHERE
from workbench.tests.factories import item_form, page_data_version, versioned

pytestmark = pytest.mark.django_db


def test_an_items_details_are_saved(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:item", args=[draft.pk, 3])
    page = client.get(url).content.decode()
    assert "每县市区/园区限报" in page and 'value="1"' in page
    item = draft.data["items"][2]
    response = client.post(
        url, versioned(draft, item_form(item) | {"county_quota": "2", "name": "新名称项目", "person": "王五"})
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    saved = draft.data["items"][2]
    assert (saved["county_quota"], saved["name"], saved["contact"]["person"]) == (2, "新名称项目", "王五")
    assert saved["code"] == item["code"]  # the code of an existing item does not change


def test_a_problem_of_the_pack_is_shown_at_the_field_with_what_was_typed(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:item", args=[draft.pk, 2])
    data = item_form(draft.data["items"][1]) | {"form_ids": "2-2, 9-9", "name": "改过的名称"}
    response = client.post(url, versioned(draft, data))
    assert response.status_code == 400
    text = response.content.decode()
    field = text[text.index('id="field-form_ids"') : text.index('id="field-county_quota"')]
    assert "引用了不存在的表单 9-9" in field
    assert "改过的名称" in text
    draft.refresh_from_db()
    assert draft.data["items"][1]["name"] != "改过的名称"


def test_a_new_item_with_a_new_form(client, city_sme, draft):
    client.force_login(city_sme)
    data = {
        "name": "绿色工厂奖励", "code": "green_factory_award", "conditions_text": "获评国家级绿色工厂",
        "support_method": "award", "section": "energy_conservation", "person": "张三", "phone": "0734-8850000",
        "form_ids": "2-13", "counts_toward_project_limit": "on",
    }  # fmt: skip
    response = client.post(reverse("workbench:item_new", args=[draft.pk]), versioned(draft, data))
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:conditions", args=[draft.pk, 15])
    draft.refresh_from_db()
    item = draft.data["items"][-1]
    assert (item["number"], item["code"], item["contact"]["section_name"]) == (
        15,
        "green_factory_award",
        "节能与综合利用科",
    )
    assert draft.data["forms"]["2-13"]["title"] == "绿色工厂奖励申报书"
    assert item["materials"][0]["form"] == "2-13"


def test_a_new_item_with_a_bad_code_keeps_what_was_typed(client, city_sme, draft):
    client.force_login(city_sme)
    data = {"name": "绿色工厂奖励", "code": "Green Factory", "conditions_text": "获评", "support_method": "award",
            "section": "sme", "person": "张三", "phone": "1", "form_ids": "2-1"}  # fmt: skip
    response = client.post(reverse("workbench:item_new", args=[draft.pk]), versioned(draft, data))
    assert response.status_code == 400
    text = response.content.decode()
    assert "小写英文字母、数字和下划线" in text and 'value="绿色工厂奖励"' in text


def test_removing_an_item_removes_the_references_to_it(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(reverse("workbench:item_delete", args=[draft.pk, 14]), versioned(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert 14 not in [i["number"] for i in draft.data["items"]]
    assert draft.data["pack"]["project_limit"]["excluded_items"] == []
    assert "2-12" in draft.data["forms"]  # items 12 and 13 use it too
    assert client.post(reverse("workbench:item_delete", args=[draft.pk, 10]), versioned(draft)).status_code == 302
    draft.refresh_from_db()
    assert [q["items"] for q in draft.data["pack"]["quotas"]] == [[3, 4]]
    assert not {"2-10", "2-10-1", "2-10-2"} & set(draft.data["forms"])


def test_the_remove_button_asks_first_naming_the_item(client, city_sme, draft):
    """Like removing a rule or a field: the 删除 form asks before it posts (data-confirm; the CSP forbids inline
    handlers), and says what goes with the item."""
    client.force_login(city_sme)
    page = client.get(reverse("workbench:draft", args=[draft.pk])).content.decode()
    action = reverse("workbench:item_delete", args=[draft.pk, 14])
    form = page[page.index(f'action="{action}"') :].split(">", 1)[0]
    assert 'data-confirm="确定删除第14项“' in form and "引用也会移除" in form


def test_an_item_saved_from_a_page_another_save_made_stale_is_refused_with_what_was_typed(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:item", args=[draft.pk, 10])
    stale = page_data_version(client.get(url).content.decode())  # the second tab opens item 10
    # The first tab removes item 10: its number now addresses nothing, and the stale page's save still 404s.
    assert client.post(reverse("workbench:item_delete", args=[draft.pk, 10]), versioned(draft)).status_code == 302
    typed = item_form(draft.data["items"][9]) | {"name": "第二个窗口改的名称", "data_version": stale}
    assert client.post(url, typed).status_code == 404
    # An item still there, from the stale page: refused at the top of the form, what was typed kept.
    draft.refresh_from_db()
    saved, events = draft.data, AuditEvent.objects.count()
    url = reverse("workbench:item", args=[draft.pk, 3])
    typed = item_form(draft.data["items"][2]) | {"name": "第二个窗口改的名称", "person": "王五", "data_version": stale}
    response = client.post(url, typed)
    assert response.status_code == 400
    text = response.content.decode()
    form = text[text.index('id="item-form"') :]
    assert DRAFT_CHANGED_ELSEWHERE in form[: form.index('id="field-name"')]
    assert 'value="第二个窗口改的名称"' in form and 'value="王五"' in form
    draft.refresh_from_db()
    assert draft.data == saved and AuditEvent.objects.count() == events
    # A stale removal is refused on the draft's page, and nothing is removed.
    response = client.post(reverse("workbench:item_delete", args=[draft.pk, 3]), {"data_version": stale}, follow=True)
    assert DRAFT_CHANGED_ELSEWHERE in response.content.decode()
    draft.refresh_from_db()
    assert draft.data == saved


def test_an_item_posted_without_the_pages_version_is_refused(client, city_sme, draft):
    client.force_login(city_sme)
    item = draft.data["items"][2]
    response = client.post(reverse("workbench:item", args=[draft.pk, 3]), item_form(item) | {"name": "新名称项目"})
    assert response.status_code == 400
    text = response.content.decode()
    assert BAD_VERSION in text and 'value="新名称项目"' in text
    draft.refresh_from_db()
    assert draft.data["items"][2]["name"] == item["name"]


def test_other_coordinators_and_wrong_methods(client, approver, draft):
    client.force_login(approver)
    assert client.get(reverse("workbench:item", args=[draft.pk, 2])).status_code == 404
    assert client.post(reverse("workbench:item_delete", args=[draft.pk, 2]), versioned(draft)).status_code == 404
    assert client.get(reverse("workbench:item_delete", args=[draft.pk, 2])).status_code == 405
    draft.refresh_from_db()
    assert len(draft.data["items"]) == 14
