"""Who may use 政策推送: deny by default. A county's 工信 and 财政 reviewers see and notify their own
jurisdiction's enterprises; an enterprise's members see its own results and mute its notices."""

from __future__ import annotations

from accounts import permissions as base


def can_push_to_enterprises(user) -> bool:
    return base.is_county_reviewer(user) and user.organisation.jurisdiction_id is not None


def can_mute_pushes(user, enterprise) -> bool:
    return base.is_enterprise_user(user) and enterprise is not None and user.organisation_id == enterprise.pk
