"""The draft lifecycle services: create, save (the one write path), submit, return, approve and publish."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import AuditVerb
from core.models import AuditEvent
from policies.choices import PackStatus
from policies.models import PolicyPack
from workbench.choices import DraftStatus
from workbench.edits.rules import quota_remove
from workbench.models import PackDraft
from workbench.services import (
    DraftInvalid,
    data_digest,
    draft_approve,
    draft_create_from_pack,
    draft_data_save,
    draft_return,
    draft_submit,
    export_folder,
)
from workbench.services.drafts import (
    APPROVAL_CHANGED,
    APPROVAL_NOT_CONFIRMED,
    DRAFT_CHANGED_ELSEWHERE,
    DRAFT_NOT_EDITABLE,
    PACK_ID_INVALID,
    RETURN_REASON_REQUIRED,
)
from workbench.tests.factories import draft_2024, second_coordinator

pytestmark = pytest.mark.django_db


def _resave(*, actor, draft: PackDraft, what: str = "x") -> PackDraft:
    """draft_data_save of the draft's own data, from its current version: only the refusals are of interest."""
    return draft_data_save(
        actor=actor, draft=draft, data=copy.deepcopy(draft.data), what=what, expected_data_version=draft.data_version
    )


def _events(verb) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


def test_create_copies_the_published_pack_as_the_next_version(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    assert (draft.pack_id, draft.version, draft.year, draft.status) == ("hengyang-2024-gxj", 1, 2024, "editing")
    assert draft.data["pack"]["id"] == "hengyang-2024-gxj" and draft.data["pack"]["year"] == 2024
    assert draft.based_on == stored_pack and draft.prepared_by == city_sme
    assert _events(AuditVerb.PACK_DRAFT_CREATED) == 1
    again = draft_2024(actor=city_sme, pack=stored_pack)
    assert again.version == 2
    same_id = draft_create_from_pack(actor=city_sme, pack=stored_pack, year=2023, pack_id="hengyang-2023-gxj51")
    assert same_id.version == 2  # version 1 of that id is the published pack


def test_create_is_refused_to_other_roles_and_for_a_bad_id(stored_pack, city_section, city_sme):
    with pytest.raises(PermissionDenied):
        draft_2024(actor=city_section, pack=stored_pack)
    with pytest.raises(ValidationError) as exc:
        draft_create_from_pack(actor=city_sme, pack=stored_pack, year=2024, pack_id="衡阳 2024")
    assert exc.value.message_dict["pack_id"] == [PACK_ID_INVALID]
    assert not PackDraft.objects.exists()


def test_save_stores_valid_data_and_records_what(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    data = copy.deepcopy(draft.data)
    data["items"][0]["name"] = "新名称"
    draft = draft_data_save(
        actor=city_sme, draft=draft, data=data, what="修改第1项名称", expected_data_version=draft.data_version
    )
    draft.refresh_from_db()
    assert draft.data["items"][0]["name"] == "新名称"
    event = AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_SAVED).get()
    assert event.data["what"] == "修改第1项名称"


def test_each_save_counts_one_data_version_and_a_save_from_the_new_one_goes_through(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    assert draft.data_version == 1
    for version, name in ((1, "第一次修改"), (2, "第二次修改")):
        data = copy.deepcopy(draft.data)
        data["items"][0]["name"] = name
        draft = draft_data_save(actor=city_sme, draft=draft, data=data, what=name, expected_data_version=version)
        draft.refresh_from_db()
        assert (draft.data_version, draft.data["items"][0]["name"]) == (version + 1, name)
    events = AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_SAVED).order_by("pk")
    assert [e.data["data_version"] for e in events] == [2, 3]


@pytest.mark.parametrize("stale", [1, 3, 0])  # the page before the last save; a version not reached; nonsense
def test_a_save_from_a_stale_page_is_refused_and_writes_nothing(stored_pack, city_sme, stale):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    first = quota_remove(draft.data, 0)  # the first tab removes quota rule 1 …
    draft = draft_data_save(actor=city_sme, draft=draft, data=first, what="删除限报规则", expected_data_version=1)
    stored = copy.deepcopy(draft.data)
    second = copy.deepcopy(stored)
    second["items"][1]["name"] = "第二个窗口改的名称"  # … the second, from its page of version 1, changes an item
    with pytest.raises(ValidationError) as exc:
        draft_data_save(actor=city_sme, draft=draft, data=second, what="修改第2项", expected_data_version=stale)
    assert exc.value.messages == [DRAFT_CHANGED_ELSEWHERE]
    draft.refresh_from_db()
    assert draft.data == stored and draft.data_version == 2
    assert list(AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_SAVED).values_list("data__what", flat=True)) == [
        "删除限报规则"
    ]


def test_a_draft_no_longer_editable_says_so_before_the_stale_page(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    draft_submit(actor=city_sme, draft=draft)
    with pytest.raises(ValidationError) as exc:
        draft_data_save(actor=city_sme, draft=draft, data=copy.deepcopy(draft.data), what="x", expected_data_version=9)
    assert exc.value.messages == [DRAFT_NOT_EDITABLE]


def test_save_refuses_invalid_data_with_each_problem_placed_and_writes_nothing(stored_pack, city_sme):
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    data = copy.deepcopy(draft.data)
    data["forms"]["2-1"]["sections"][0]["fields"][0]["label"] = ""
    with pytest.raises(DraftInvalid) as exc:
        draft_data_save(actor=city_sme, draft=draft, data=data, what="x", expected_data_version=draft.data_version)
    assert exc.value.problems[0].path[:2] == ("forms", "2-1")
    assert exc.value.messages
    draft.refresh_from_db()
    assert draft.data["forms"]["2-1"]["sections"][0]["fields"][0]["label"] != ""
    assert _events(AuditVerb.PACK_DRAFT_SAVED) == 0


def test_only_the_preparer_saves_and_only_while_editing(stored_pack, city_sme):
    other = second_coordinator()
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    with pytest.raises(PermissionDenied):
        _resave(actor=other, draft=draft)
    draft_submit(actor=city_sme, draft=draft)
    with pytest.raises(ValidationError) as exc:
        _resave(actor=city_sme, draft=draft)
    assert exc.value.messages == [DRAFT_NOT_EDITABLE]


def test_submit_return_and_resubmit(stored_pack, city_sme):
    approver = second_coordinator()
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    with pytest.raises(PermissionDenied):
        draft_submit(actor=approver, draft=draft)
    draft = draft_submit(actor=city_sme, draft=draft)
    assert draft.status == DraftStatus.SUBMITTED and draft.submitted_at
    with pytest.raises(PermissionDenied):
        draft_return(actor=city_sme, draft=draft, reason="自己退回")
    with pytest.raises(ValidationError) as exc:
        draft_return(actor=approver, draft=draft, reason="  ")
    assert exc.value.message_dict["reason"] == [RETURN_REASON_REQUIRED]
    draft = draft_return(actor=approver, draft=draft, reason="第2项门槛需核对")
    assert draft.status == DraftStatus.RETURNED and draft.return_reason == "第2项门槛需核对"
    _resave(actor=city_sme, draft=draft, what="按退回意见修改")
    assert draft_submit(actor=city_sme, draft=draft).status == DraftStatus.SUBMITTED


def test_the_preparer_cannot_approve_their_own_draft(stored_pack, city_sme):
    draft = draft_submit(actor=city_sme, draft=draft_2024(actor=city_sme, pack=stored_pack))
    with pytest.raises(PermissionDenied):
        draft_approve(actor=city_sme, draft=draft, confirmed_digest=data_digest(draft.data))
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.approved_by is None
    assert not PolicyPack.objects.filter(pack_id="hengyang-2024-gxj").exists()


def test_approval_needs_the_confirmed_content(stored_pack, city_sme):
    approver = second_coordinator()
    draft = draft_submit(actor=city_sme, draft=draft_2024(actor=city_sme, pack=stored_pack))
    with pytest.raises(ValidationError) as exc:
        draft_approve(actor=approver, draft=draft, confirmed_digest="")
    assert exc.value.messages == [APPROVAL_NOT_CONFIRMED]
    with pytest.raises(ValidationError) as exc:
        draft_approve(actor=approver, draft=draft, confirmed_digest="0" * 64)
    assert exc.value.messages == [APPROVAL_CHANGED]
    assert not PolicyPack.objects.filter(pack_id="hengyang-2024-gxj").exists()


def test_approval_by_a_second_coordinator_publishes_the_exported_pack(stored_pack, city_sme):
    approver = second_coordinator()
    draft = draft_submit(actor=city_sme, draft=draft_2024(actor=city_sme, pack=stored_pack))
    draft = draft_approve(actor=approver, draft=draft, confirmed_digest=data_digest(draft.data))
    assert draft.status == DraftStatus.PUBLISHED
    assert draft.approved_by == approver and draft.approval_name == "中小企业科审批员" and draft.approved_at
    pack = draft.published_pack
    assert (pack.pack_id, pack.version, pack.year, pack.status) == ("hengyang-2024-gxj", 1, 2024, PackStatus.PUBLISHED)
    assert pack.data == draft.data
    assert (export_folder(draft) / "pack.yaml").is_file()
    event = AuditEvent.objects.filter(verb=AuditVerb.PACK_DRAFT_APPROVED).get()
    assert event.data["signer"] == "中小企业科审批员"
    assert _events(AuditVerb.PACK_PUBLISHED) >= 1
    with pytest.raises(ValidationError):
        _resave(actor=city_sme, draft=draft)


def test_other_roles_cannot_approve(stored_pack, city_sme, city_finance):
    draft = draft_submit(actor=city_sme, draft=draft_2024(actor=city_sme, pack=stored_pack))
    with pytest.raises(PermissionDenied):
        draft_approve(actor=city_finance, draft=draft, confirmed_digest=data_digest(draft.data))
