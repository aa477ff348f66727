"""Writing pack drafts: created from a published pack, edited through one write path (draft_data_save), submitted,
returned or approved by a second coordinator, and published as a new PolicyPack version."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.choices import AuditVerb
from core.services import audit_event_record
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.pack.loader import PackInvalid
from policies.services import pack_load
from review.signoff import real_name_check
from workbench import permissions
from workbench.choices import EDITABLE_STATUSES, DraftStatus
from workbench.export import draft_to_folder
from workbench.models import PackDraft
from workbench.rollover import data_for_year
from workbench.validation import Problem, draft_checked, draft_problems

PACK_NOT_PUBLISHED = "只能基于已发布的政策包新建草稿。"
PACK_ID_INVALID = "政策包标识只能由小写字母、数字和连字符组成，且以字母或数字开头，例如 hengyang-2024-gxj。"
YEAR_INVALID = "年度应在 2000 至 2100 之间。"
DRAFT_NOT_EDITABLE = "草稿已提交审批或已发布，不能修改。"
DRAFT_CHANGED_ELSEWHERE = "此草稿已在其他页面或窗口中修改过，您这次的修改未保存。请重新打开本页，核对后再修改。"
DRAFT_HAS_PROBLEMS = "草稿还有 {count} 处问题，修正后才能提交审批。"
DRAFT_NOT_SUBMITTED = "只有待审批的草稿可以审批或退回。"
RETURN_REASON_REQUIRED = "请填写退回原因。"
APPROVAL_NOT_CONFIRMED = "请确认已核对草稿内容并以实名签批。"
APPROVAL_CHANGED = "草稿内容在您核对后已变化，请重新核对后再签批。"
PUBLISH_FAILED = "导出的政策包未通过校验，未发布：{errors}"

_PACK_ID = r"^[a-z0-9][a-z0-9-]*$"


class DraftInvalid(ValidationError):
    """The data is not a valid pack; `problems` places each message in the data dict."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([p.message for p in problems] or ["草稿内容无效。"])


def data_digest(data: dict[str, Any]) -> str:
    """What the approver confirmed they read: the data, canonically serialised."""
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _next_version(pack_id: str, excluding: PackDraft | None = None) -> int:
    stored = PolicyPack.objects.filter(pack_id=pack_id).aggregate(v=Max("version"))["v"] or 0
    drafts = PackDraft.objects.filter(pack_id=pack_id).exclude(pk=getattr(excluding, "pk", None))
    drafted = drafts.aggregate(v=Max("version"))["v"] or 0
    return max(stored, drafted) + 1


def _check_identity(pack_id: str, year: int) -> None:
    errors: dict[str, str] = {}
    if not re.match(_PACK_ID, pack_id or "") or len(pack_id) > 64:
        errors["pack_id"] = PACK_ID_INVALID
    if not 2000 <= year <= 2100:
        errors["year"] = YEAR_INVALID
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def draft_create_from_pack(*, actor, pack: PolicyPack, year: int, pack_id: str) -> PackDraft:
    """A new draft holding a copy of the published pack's data, carried over to `year` as `pack_id`, with the next
    version number of that id."""
    if not permissions.can_create_draft(actor):
        raise PermissionDenied
    if pack.status != PackStatus.PUBLISHED:
        raise ValidationError(PACK_NOT_PUBLISHED)
    _check_identity(pack_id, year)
    version = _next_version(pack_id)
    data = data_for_year(pack.data, year=year, pack_id=pack_id, version=version)
    draft = PackDraft(
        based_on=pack, pack_id=pack_id, version=version, year=year, data=data, prepared_by=actor,
        status=DraftStatus.EDITING,
    )  # fmt: skip
    draft.full_clean()
    draft.save()
    audit_event_record(
        actor=actor, verb=AuditVerb.PACK_DRAFT_CREATED, target=draft,
        data={"based_on": f"{pack.pack_id}@{pack.version}", "pack_id": pack_id, "version": version, "year": year},
    )  # fmt: skip
    return draft


@transaction.atomic
def draft_data_save(
    *, actor, draft: PackDraft, data: dict[str, Any], what: str, expected_data_version: int
) -> PackDraft:
    """The one write path of every edit: `data` (a new dict, never the stored one changed in place) replaces the
    draft's data if it is a valid pack as a whole. Raises DraftInvalid (a ValidationError) listing every problem
    with its place in the data; nothing is written then.

    `expected_data_version` is the draft's data_version the edit was computed from (the page the person loaded):
    a page addresses rules, items and fields by position, so an edit from a page another save has made stale
    would change the wrong element or undo that save. It is refused (DRAFT_CHANGED_ELSEWHERE), nothing written."""
    draft = PackDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_use_workbench(actor) or draft.prepared_by_id != actor.pk:
        raise PermissionDenied
    if draft.status not in EDITABLE_STATUSES:
        raise ValidationError(DRAFT_NOT_EDITABLE)
    if draft.data_version != expected_data_version:
        raise ValidationError(DRAFT_CHANGED_ELSEWHERE, code="draft_changed")
    data, problems = draft_checked(data)
    if problems:
        raise DraftInvalid(problems)
    meta = data["pack"]
    if meta["id"] != draft.pack_id:
        # Another id starts its own version count: the draft becomes that id's next version.
        version = _next_version(meta["id"], excluding=draft)
        data = {**data, "pack": {**meta, "version": version}}
        meta = data["pack"]
    draft.data, draft.data_version = data, draft.data_version + 1
    draft.pack_id, draft.year, draft.version = meta["id"], meta["year"], meta["version"]
    draft.save(update_fields=["data", "data_version", "pack_id", "year", "version", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.PACK_DRAFT_SAVED, target=draft,
        data={"what": what, "data_version": draft.data_version},
    )  # fmt: skip
    return draft


@transaction.atomic
def draft_submit(*, actor, draft: PackDraft) -> PackDraft:
    """The preparer hands the draft to a second coordinator for approval (待审批)."""
    draft = PackDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_use_workbench(actor) or draft.prepared_by_id != actor.pk:
        raise PermissionDenied
    if draft.status not in EDITABLE_STATUSES:
        raise ValidationError(DRAFT_NOT_EDITABLE)
    problems = draft_problems(draft.data)
    if problems:
        raise ValidationError(DRAFT_HAS_PROBLEMS.format(count=len(problems)))
    draft.status, draft.submitted_at, draft.return_reason = DraftStatus.SUBMITTED, timezone.now(), ""
    draft.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.PACK_DRAFT_SUBMITTED, target=draft, data={"digest": data_digest(draft.data)}
    )
    return draft


@transaction.atomic
def draft_return(*, actor, draft: PackDraft, reason: str) -> PackDraft:
    """The approver sends the draft back to its preparer with the reason (已退回修改)."""
    draft = PackDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_use_workbench(actor) or draft.prepared_by_id == actor.pk:
        raise PermissionDenied
    if draft.status != DraftStatus.SUBMITTED:
        raise ValidationError(DRAFT_NOT_SUBMITTED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_REQUIRED})
    draft.status, draft.return_reason = DraftStatus.RETURNED, reason
    draft.save(update_fields=["status", "return_reason", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.PACK_DRAFT_RETURNED, target=draft, data={"reason": reason})
    return draft


def export_folder(draft: PackDraft) -> Path:
    return Path(settings.MEDIA_ROOT) / "packs" / f"{draft.pack_id}-v{draft.version}"


@transaction.atomic
def draft_approve(*, actor, draft: PackDraft, confirmed_digest: str | None) -> PackDraft:
    """A second coordinator, by real name, approves the content they read (its digest) and so publishes it: the
    draft is exported to MEDIA_ROOT/packs/<pack_id>-v<version>/ and loaded and published like any pack folder.
    The preparer can never approve their own draft."""
    draft = PackDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_use_workbench(actor) or draft.prepared_by_id == actor.pk:
        raise PermissionDenied
    if draft.status != DraftStatus.SUBMITTED:
        raise ValidationError(DRAFT_NOT_SUBMITTED)
    real_name_check(actor)
    if not confirmed_digest:
        raise ValidationError(APPROVAL_NOT_CONFIRMED)
    if confirmed_digest != data_digest(draft.data):
        raise ValidationError(APPROVAL_CHANGED)
    folder = export_folder(draft)
    draft_to_folder(draft.data, folder)
    try:
        pack, _ = pack_load(actor=actor, directory=folder, publish=True)
    except PackInvalid as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError(PUBLISH_FAILED.format(errors="；".join(str(e) for e in exc.errors[:5]))) from exc
    except ValidationError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    now = timezone.now()
    draft.status, draft.approved_by, draft.approved_at = DraftStatus.PUBLISHED, actor, now
    draft.approval_name, draft.published_pack = actor.full_name, pack
    draft.save(update_fields=["status", "approved_by", "approved_at", "approval_name", "published_pack", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.PACK_DRAFT_APPROVED, target=draft,
        data={"signer": actor.full_name, "digest": data_digest(draft.data), "pack": f"{pack.pack_id}@{pack.version}",
              "folder": str(folder.relative_to(settings.MEDIA_ROOT))},
    )  # fmt: skip
    return draft
