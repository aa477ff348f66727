"""Who may use the policy workbench (政策配置) and act on a draft. Deny by default: only the city 中小企业科, which
prepares each year's notice, sees the workbench; to everyone else a draft does not exist (404). The person who
approves and publishes a draft is never the person who prepared it (two-person rule)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from workbench.choices import EDITABLE_STATUSES, DraftStatus
from workbench.models import PackDraft


def can_use_workbench(user) -> bool:
    return base.is_city_sme_coordinator(user)


def drafts_visible_to(user) -> QuerySet[PackDraft]:
    drafts = PackDraft.objects.select_related("prepared_by", "approved_by", "based_on", "published_pack")
    return drafts if can_use_workbench(user) else drafts.none()


def get_draft_for_user_or_404(user, pk: int) -> PackDraft:
    return get_object_or_404(drafts_visible_to(user), pk=pk)


def can_create_draft(user) -> bool:
    return can_use_workbench(user)


def can_edit_draft(user, draft: PackDraft) -> bool:
    """The preparer edits their draft while it is being edited or after it was returned; nobody edits it while it
    waits for approval or once published (the published pack is immutable)."""
    return can_use_workbench(user) and draft.prepared_by_id == user.pk and draft.status in EDITABLE_STATUSES


def can_submit_draft(user, draft: PackDraft) -> bool:
    return can_edit_draft(user, draft)


def can_approve_draft(user, draft: PackDraft) -> bool:
    """A second 中小企业科 coordinator, never the preparer, approves (and so publishes) a submitted draft."""
    return can_use_workbench(user) and draft.status == DraftStatus.SUBMITTED and draft.prepared_by_id != user.pk


def can_return_draft(user, draft: PackDraft) -> bool:
    return can_approve_draft(user, draft)


def can_download_draft_export(user, draft: PackDraft) -> bool:
    return can_use_workbench(user) and draft.status == DraftStatus.PUBLISHED
