"""Access checks. Deny by default: every function answers False unless a rule grants access.

Protected objects reach views only through the `get_<entity>_for_user_or_404` helpers, which scope
by the user's organisation and jurisdiction, so another county's object is simply not found (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.choices import (
    ADMINISTRATOR_ROLES,
    CITY_ROLES,
    COUNTY_ROLES,
    ENTERPRISE_ROLES,
    SECOND_FACTOR_ROLES,
    OrganisationKind,
    Role,
)
from accounts.models import Organisation, User


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "organisation_id", None))


def is_enterprise_user(user) -> bool:
    return _active(user) and user.has_role(*ENTERPRISE_ROLES)


def is_county_reviewer(user) -> bool:
    return _active(user) and user.has_role(*COUNTY_ROLES)


def is_city_official(user) -> bool:
    return _active(user) and user.has_role(*CITY_ROLES)


# One predicate per role that a rule names on its own (the groups above cover the rest).


def is_enterprise_admin(user) -> bool:
    return _active(user) and user.has_role(Role.ENTERPRISE_ADMIN)


def is_county_industry_reviewer(user) -> bool:
    return _active(user) and user.has_role(Role.COUNTY_INDUSTRY_REVIEWER)


def is_county_finance_reviewer(user) -> bool:
    return _active(user) and user.has_role(Role.COUNTY_FINANCE_REVIEWER)


def is_city_section_reviewer(user) -> bool:
    return _active(user) and user.has_role(Role.CITY_SECTION_REVIEWER)


def is_city_sme_coordinator(user) -> bool:
    return _active(user) and user.has_role(Role.CITY_SME_COORDINATOR)


def is_city_finance_reviewer(user) -> bool:
    return _active(user) and user.has_role(Role.CITY_FINANCE_REVIEWER)


def can_read_audit_log(user) -> bool:
    return _active(user) and user.has_role(Role.AUDIT_READER)


def can_administer_platform(user) -> bool:
    """The system administrator (系统管理员): accounts and organisations."""
    return _active(user) and user.has_role(Role.SYSTEM_ADMIN)


def is_security_admin(user) -> bool:
    """The security administrator (安全管理员): roles, the second factor, security settings."""
    return _active(user) and user.has_role(Role.SECURITY_ADMIN)


def is_administrator(user) -> bool:
    return _active(user) and user.has_role(*ADMINISTRATOR_ROLES)


def can_manage_roles(user) -> bool:
    return is_security_admin(user)


def can_grant_roles(actor, roles) -> bool:
    """Official and administrator roles only the security administrator grants or withdraws; an enterprise's
    roles the system administrator may set as well (they open no official's door)."""
    if is_security_admin(actor):
        return True
    return can_administer_platform(actor) and set(roles) <= ENTERPRISE_ROLES


def can_administer_account(actor, user) -> bool:
    """Who may edit, deactivate or set the password of `user` (三员分立): nobody their own account through
    administration (they use the password page); the security administrator the accounts of the three
    administrators; the system administrator every other account. So the system administrator cannot set the
    auditor's password and sign in as the auditor, nor switch the auditor or the security administrator off."""
    if not _active(actor) or actor.pk == user.pk:
        return False
    if user.role_set & ADMINISTRATOR_ROLES:
        return is_security_admin(actor)
    return can_administer_platform(actor)


def can_view_login_lockouts(user) -> bool:
    """The 登录锁定 page (accounts.lockout): the system administrator (accounts) and the security administrator
    (the administrators' own accounts); which lockout each may clear is can_administer_account's."""
    return can_administer_platform(user) or is_security_admin(user)


def needs_second_factor(user) -> bool:
    """Officials and the three administrators sign in with a TOTP code (issue 16 §12); enterprises may choose to."""
    return _active(user) and user.has_role(*SECOND_FACTOR_ROLES)


def can_manage_enterprise_members(user, enterprise: Organisation) -> bool:
    return (
        is_enterprise_admin(user)
        and enterprise.kind == OrganisationKind.ENTERPRISE
        and user.organisation_id == enterprise.pk
    )


def enterprises_visible_to(user) -> QuerySet[Organisation]:
    """Enterprises a user may see: their own; their jurisdiction's (county); all (city). Nobody else."""
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).select_related("jurisdiction")
    if not _active(user):
        return enterprises.none()
    if is_city_official(user):
        return enterprises
    if is_county_reviewer(user):
        return enterprises.filter(jurisdiction_id=user.organisation.jurisdiction_id)
    if is_enterprise_user(user):
        return enterprises.filter(pk=user.organisation_id)
    return enterprises.none()


def get_enterprise_for_user_or_404(user, pk: int) -> Organisation:
    return get_object_or_404(enterprises_visible_to(user), pk=pk)


def members_visible_to(user, enterprise: Organisation) -> QuerySet[User]:
    if enterprise not in enterprises_visible_to(user):
        return User.objects.none()
    return User.objects.filter(organisation=enterprise).order_by("full_name")
