"""The form-field editor's pages (workbench/views/form_fields.py): list, one template, add, change, move, remove."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.choices import AuditVerb
from core.models import AuditEvent
from workbench.field_forms import MONEY_UNIT_NEEDED, OPTIONS_NEEDED, FieldAddForm, problems_add
from workbench.form_fields import ALREADY_FIRST, LABEL_EMPTY
from workbench.models import PackDraft
from workbench.services.drafts import DRAFT_CHANGED_ELSEWHERE
from workbench.tests.factories import draft_2024, page_data_version, second_coordinator, versioned
from workbench.validation import Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(stored_pack, city_sme):
    return draft_2024(actor=city_sme, pack=stored_pack)


def _fields(draft, form_id: str = "2-1", section: int = 0) -> list[dict]:
    draft = PackDraft.objects.get(pk=draft.pk)
    return draft.data["forms"][form_id]["sections"][section]["fields"]


def _saves() -> int:
    return AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_SAVED).count()


def test_form_list_shows_every_template_and_the_items_using_it(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:form_list", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "附件2-1" in html and "附件3" in html
    assert "第1项" in html


def test_form_page_lists_the_fields_and_offers_the_add_form(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:form_fields", args=[draft.pk, "2-1"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="field-applicant_name"' in html and "申报单位" in html
    assert 'id="field-add"' in html


def test_add_field_saves_it_with_an_audit_event(client, city_sme, draft):
    client.force_login(city_sme)
    before = len(_fields(draft))
    response = client.post(
        reverse("workbench:form_fields", args=[draft.pk, "2-1"]),
        versioned(
            draft, {"section": "cover", "kind": "money", "label": "拟申请资金", "unit": "万元", "required": "on"}
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#field-field_1")
    fields = _fields(draft)
    assert len(fields) == before + 1
    assert (fields[-1]["id"], fields[-1]["label"], fields[-1]["unit"], fields[-1]["required"]) == (
        "field_1",
        "拟申请资金",
        "万元",
        True,
    )
    event = AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_SAVED).get()
    assert event.data["what"] == "在附件2-1添加字段“拟申请资金”"


def test_add_field_errors_are_shown_at_the_field_with_the_input_kept(client, city_sme, draft):
    client.force_login(city_sme)
    before = _fields(draft)
    response = client.post(
        reverse("workbench:form_fields", args=[draft.pk, "2-1"]),
        versioned(
            draft, {"section": "cover", "kind": "money", "label": "拟申请资金", "unit": "", "help": "按万元填写"}
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    unit_block = html[html.index('id="field-unit"') :]
    assert MONEY_UNIT_NEEDED in unit_block[: unit_block.index("</div>\n")]
    assert 'value="拟申请资金"' in html and 'value="按万元填写"' in html
    assert _fields(draft) == before and _saves() == 0


def test_a_choice_needs_its_options_and_keeps_the_kind_chosen(client, city_sme, draft):
    client.force_login(city_sme)
    response = client.post(
        reverse("workbench:form_fields", args=[draft.pk, "2-1"]),
        versioned(draft, {"section": "cover", "kind": "single_choice", "label": "规模", "options": "大型"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert OPTIONS_NEEDED in html
    assert '<option value="single_choice" selected>' in html
    assert "\n大型</textarea>" in html


def test_field_edit_changes_label_unit_and_required(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:field_edit", args=[draft.pk, "2-1", "applicant_name"])
    assert client.get(url).status_code == 200
    response = client.post(url, versioned(draft, {"label": "申报企业"}))
    assert response.status_code == 302
    field = _fields(draft)[0]
    assert (field["label"], field["required"]) == ("申报企业", False)


def test_field_edit_error_at_the_label(client, city_sme, draft):
    client.force_login(city_sme)
    url = reverse("workbench:field_edit", args=[draft.pk, "2-1", "applicant_name"])
    response = client.post(url, versioned(draft, {"label": "", "required": "on"}))
    assert response.status_code == 400
    html = response.content.decode()
    label_block = html[html.index('id="field-label"') :]
    assert LABEL_EMPTY in label_block[: label_block.index("</div>\n")]
    assert 'name="required" id="id_required" checked' in html
    assert _saves() == 0


def test_move_and_the_refusal_past_the_top(client, city_sme, draft):
    client.force_login(city_sme)
    ids = [f["id"] for f in _fields(draft)]
    url = reverse("workbench:field_move", args=[draft.pk, "2-1", ids[1]])
    assert client.post(url, versioned(draft, {"direction": "up"})).status_code == 302
    assert [f["id"] for f in _fields(draft)][:2] == [ids[1], ids[0]]
    response = client.post(url, versioned(draft, {"direction": "up"}), follow=True)
    assert ALREADY_FIRST in response.content.decode()
    assert client.post(url, versioned(draft, {"direction": "sideways"})).status_code == 404


def test_a_field_moved_or_removed_or_added_from_a_stale_page_is_refused(client, city_sme, draft):
    client.force_login(city_sme)
    page_url = reverse("workbench:form_fields", args=[draft.pk, "2-1"])
    stale = page_data_version(client.get(page_url).content.decode())  # the second tab
    ids = [f["id"] for f in _fields(draft)]
    move = reverse("workbench:field_move", args=[draft.pk, "2-1", ids[1]])
    assert client.post(move, versioned(draft, {"direction": "up"})).status_code == 302  # the first tab
    fields, saves = _fields(draft), _saves()
    move = reverse("workbench:field_move", args=[draft.pk, "2-1", ids[2]])
    response = client.post(move, {"direction": "up", "data_version": stale}, follow=True)
    assert DRAFT_CHANGED_ELSEWHERE in response.content.decode()
    remove = reverse("workbench:field_remove", args=[draft.pk, "2-1", ids[2]])
    response = client.post(remove, {"data_version": stale}, follow=True)
    assert DRAFT_CHANGED_ELSEWHERE in response.content.decode()
    typed = {"section": "cover", "label": "第二个窗口的字段", "kind": "text", "data_version": stale}
    response = client.post(page_url, typed)
    assert response.status_code == 400
    form = response.content.decode()[response.content.decode().index('id="field-add"') :]
    assert DRAFT_CHANGED_ELSEWHERE in form and 'value="第二个窗口的字段"' in form
    assert _fields(draft) == fields and _saves() == saves


def test_remove_and_a_removal_the_pack_refuses(client, city_sme, draft):
    client.force_login(city_sme)
    assert (
        client.post(
            reverse("workbench:field_remove", args=[draft.pk, "2-1", "application_date"]), versioned(draft)
        ).status_code
        == 302
    )
    assert "application_date" not in [f["id"] for f in _fields(draft)]
    # 附件3's rules count rows across its indicator tables: removing one of them leaves a rule pointing nowhere.
    rule_table = draft.data["forms"]["3"]["rules"][0]["min_rows_across"][0]
    saves = _saves()
    response = client.post(
        reverse("workbench:field_remove", args=[draft.pk, "3", rule_table]), versioned(draft), follow=True
    )
    assert f"rules 引用的字段不存在或不是重复行表格（table）：{rule_table}" in response.content.decode()
    assert _saves() == saves
    stored = PackDraft.objects.get(pk=draft.pk).data["forms"]["3"]
    assert rule_table in [f["id"] for section in stored["sections"] for f in section["fields"]]


def test_problems_land_at_the_input_their_path_names():
    form = FieldAddForm(
        {"section": "cover", "kind": "text", "label": "甲"}, sections=[{"id": "cover", "title": "封面"}]
    )
    assert form.is_valid()
    path = ("forms", "2-1", "sections", 0, "fields", 3)
    problems_add(
        form,
        [Problem((*path, "label"), "字段名称太长"), Problem(path, "整个字段不对"), Problem(("pack",), "别处")],
        path,
    )
    assert form.errors["label"] == ["字段名称太长"]
    assert form.non_field_errors() == ["整个字段不对", "别处"]


@pytest.mark.parametrize("name", ["form_list", "form_fields"])
def test_other_roles_do_not_see_the_pages(client, enterprise_user, city_section, draft, name):
    url = reverse(f"workbench:{name}", args=[draft.pk] if name == "form_list" else [draft.pk, "2-1"])
    for user in (enterprise_user, city_section):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_another_coordinator_sees_but_may_not_edit(client, draft):
    client.force_login(second_coordinator())
    assert client.get(reverse("workbench:form_fields", args=[draft.pk, "2-1"])).status_code == 200
    response = client.post(
        reverse("workbench:form_fields", args=[draft.pk, "2-1"]),
        versioned(draft, {"section": "cover", "kind": "text", "label": "甲"}),
    )
    assert response.status_code == 404
    assert client.get(reverse("workbench:field_edit", args=[draft.pk, "2-1", "applicant_name"])).status_code == 404
    assert (
        client.post(
            reverse("workbench:field_remove", args=[draft.pk, "2-1", "applicant_name"]), versioned(draft)
        ).status_code
        == 404
    )
    assert _saves() == 0


def test_wrong_methods(client, city_sme, draft):
    client.force_login(city_sme)
    assert client.post(reverse("workbench:form_list", args=[draft.pk]), versioned(draft)).status_code == 405
    assert client.get(reverse("workbench:field_move", args=[draft.pk, "2-1", "applicant_name"])).status_code == 405
    assert client.get(reverse("workbench:field_remove", args=[draft.pk, "2-1", "applicant_name"])).status_code == 405
    assert client.get(reverse("workbench:form_fields", args=[draft.pk, "9-9"])).status_code == 404
