"""applications.rules: the exclusions and the project limit, told the same way at the start page, in
the list of items and at 提交; and item 14's one application per honour."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from applications import rules, services
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW, item
from applications.workflow import ApplicationStatus

pytestmark = pytest.mark.django_db


def _create(pack, user, number, subtype=""):
    return services.application_create(
        actor=user, enterprise=user.organisation, item=item(pack, number), subtype_code=subtype, now=IN_WINDOW
    )


def _submitted(pack, user, number, subtype=""):
    """An application holding a project slot (built directly: submission is tested in test_services)."""
    return ApplicationFactory(enterprise=user.organisation, pack=pack, number=number, subtype_code=subtype,
                              submitted=True)  # fmt: skip


def test_item_12_is_refused_at_the_start_once_item_2_is_submitted(stored_pack, profile, enterprise_admin):
    """附件1 第12项 申报条件: “同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目。”"""
    held = _submitted(stored_pack, enterprise_admin, 2)
    broken = rules.application_rule_break(enterprise=enterprise_admin.organisation, item=item(stored_pack, 12))
    assert broken.rule == "exclusion" and broken.holders == (held,)
    assert f"已申报第2项“企业智能制造装备贴息项目”（回执号 {held.receipt_number}）" in broken.reason
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in broken.reason
    count = Application.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 12)
    assert excinfo.value.messages == [broken.reason]  # the same words as at 提交
    assert Application.objects.count() == count


def test_a_third_project_is_refused_at_the_start_item_14_still_open(stored_pack, profile, enterprise_admin):
    """通知 四（二）: “申报单位申报项目数合计不得超过2个(产业数字化工作推进项目除外)。”"""
    profile.data.update({"ip_innovation_results": 3, "has_own_brand": True})
    profile.save()
    first, second = _submitted(stored_pack, enterprise_admin, 2), _submitted(stored_pack, enterprise_admin, 5)
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 7)
    message = excinfo.value.messages[0]
    assert f"第2项（回执号 {first.receipt_number}）、第5项（回执号 {second.receipt_number}）" in message
    assert "申报项目数合计不得超过2个(产业数字化工作推进项目除外)" in message
    assert _create(stored_pack, enterprise_admin, 14, "dual_integration_certification").item.number == 14


def test_drafts_hold_no_slot_and_a_rejected_application_frees_its_slot(stored_pack, profile, enterprise_admin):
    _create(stored_pack, enterprise_admin, 2)  # a draft: nothing is held yet
    assert rules.application_rule_break(enterprise=enterprise_admin.organisation, item=item(stored_pack, 12)) is None
    Application.objects.filter(item__number=2).delete()
    held = _submitted(stored_pack, enterprise_admin, 2)
    Application.objects.filter(pk=held.pk).update(status=ApplicationStatus.COUNTY_REJECTED)
    assert rules.application_rule_break(enterprise=enterprise_admin.organisation, item=item(stored_pack, 12)) is None


def test_the_list_leaves_out_the_item_s_own_application(stored_pack, profile, enterprise_admin):
    held = _submitted(stored_pack, enterprise_admin, 2)
    items = [item(stored_pack, n) for n in (2, 12)]
    breaks = rules.rule_breaks_for_items(enterprise=enterprise_admin.organisation, pack=stored_pack, items=items)
    assert set(breaks) == {12} and breaks[12].holders == (held,)


def test_item_14_takes_one_application_per_honour(stored_pack, profile, enterprise_admin):
    """附件2-12 三、产业数字化工作推进项目申报材料（一）至（六）: each 2022 honour has its own checklist, and
    the item is outside 通知 四（二）“申报项目数合计不得超过2个(产业数字化工作推进项目除外)”. Two honours,
    two applications; the same honour twice is refused."""
    profile.data.update({"provincial_excellent_industrial_app_2022": True})
    profile.save()
    first = _create(stored_pack, enterprise_admin, 14, "dual_integration_certification")
    second = _create(stored_pack, enterprise_admin, 14, "provincial_excellent_industrial_app")
    assert {first.subtype_code, second.subtype_code} == {
        "dual_integration_certification",
        "provincial_excellent_industrial_app",
    }
    count = Application.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 14, "dual_integration_certification")
    assert "已有“产业数字化工作推进项目（通过两化融合管理体系贯标评定）”的申报" in excinfo.value.messages[0]
    assert Application.objects.count() == count


def test_an_item_without_the_option_keeps_one_application_for_all_its_sub_types(stored_pack, profile, enterprise_admin):
    """Item 1 (three sub-types, no one_application_per): one application per item, whichever sub-type."""
    _create(stored_pack, enterprise_admin, 1, "city_benchmark_workshop")
    with pytest.raises(ValidationError) as excinfo:
        _create(stored_pack, enterprise_admin, 1, "city_benchmark_enterprise")
    assert "已有“培育国家级智能制造试点示范、市级智能制造标杆企业(车间)”的申报" in excinfo.value.messages[0]


def test_the_database_refuses_the_same_sub_type_twice(stored_pack, profile, enterprise_admin):
    first = _create(stored_pack, enterprise_admin, 14, "dual_integration_certification")
    twin = Application(
        enterprise=first.enterprise, pack=first.pack, item=first.item, subtype_code=first.subtype_code,
        forms=[], created_by=enterprise_admin,
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        twin.save()
