"""Who may see and change an enterprise profile. Deny by default; scoped by organisation and jurisdiction."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from accounts import permissions as base
from enterprises.models import EnterpriseProfile


def profiles_visible_to(user):
    return EnterpriseProfile.objects.select_related("organisation__jurisdiction").filter(
        organisation__in=base.enterprises_visible_to(user)
    )


def get_profile_for_user_or_404(user, pk: int) -> EnterpriseProfile:
    return get_object_or_404(profiles_visible_to(user), pk=pk)


def can_edit_profile(user, profile: EnterpriseProfile) -> bool:
    return base.is_enterprise_user(user) and user.organisation_id == profile.organisation_id


def can_confirm_enterprises(user) -> bool:
    """The county 工信 reviewer confirms (or refuses) the enterprise accounts of the jurisdiction."""
    return base.is_county_industry_reviewer(user)


def can_confirm_enterprise(user, profile: EnterpriseProfile) -> bool:
    """Only the county 工信 reviewer of the enterprise's own jurisdiction confirms its account."""
    return can_confirm_enterprises(user) and user.organisation.jurisdiction_id == profile.organisation.jurisdiction_id


def can_manage_members(user, enterprise) -> bool:
    return base.can_manage_enterprise_members(user, enterprise)
