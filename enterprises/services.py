"""Writes for enterprises: self-service registration, county confirmation, the profile, members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import permissions as base
from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation, User, UserRole
from core.choices import AuditVerb
from core.services import audit_event_record
from core.validators import validate_uscc
from enterprises import permissions
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile, ProfileRevision
from policies.facts import RECORDED_FACTS_BY_SOURCE

USCC_TAKEN = "统一社会信用代码 {uscc} 已由“{name}”注册。一个统一社会信用代码只能注册一个企业账号；如需办理，请联系该企业的管理员为您开通经办人账号。"
USERNAME_TAKEN = "用户名“{username}”已被使用，请换一个。"
PROFILE_CONFLICT = "企业档案已被其他人修改（当前为第 {current} 版，您编辑的是第 {expected} 版）。为避免覆盖他人的修改，请刷新页面后再编辑。"
ALREADY_DECIDED = "该企业账号已经处理过（{status}），无需重复操作。"
REASON_REQUIRED = "请填写不予确认的理由，企业将看到这一说明。"
CANNOT_REMOVE_SELF = "不能停用自己的账号。"
LAST_ADMIN = "企业至少需要保留一名企业管理员。"


@transaction.atomic
def enterprise_register(
    *,
    name: str,
    uscc: str,
    jurisdiction: Jurisdiction,
    legal_representative_name: str,
    contact_name: str,
    contact_mobile: str,
    username: str,
    password: str,
    email: str = "",
) -> EnterpriseProfile:
    """Create the enterprise, its profile (awaiting county confirmation) and its first user, who
    becomes the enterprise administrator. One audit event."""
    result = validate_uscc(uscc)
    if not result.valid:
        raise ValidationError({"uscc": result.message})
    taken = EnterpriseProfile.objects.select_related("organisation").filter(uscc=result.code).first()
    if taken is not None:
        raise ValidationError({"uscc": USCC_TAKEN.format(uscc=result.code, name=taken.organisation.name)})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN.format(username=username)})
    organisation = Organisation(name=name.strip(), kind=OrganisationKind.ENTERPRISE, jurisdiction=jurisdiction)
    organisation.full_clean()
    organisation.save()
    profile = EnterpriseProfile(
        organisation=organisation,
        uscc=result.code,
        data={
            "enterprise_name": organisation.name,
            "uscc": result.code,
            "organization_code": result.code[8:17],
            "jurisdiction_name": jurisdiction.name,
            "legal_representative_name": legal_representative_name.strip(),
            "contact_name": contact_name.strip(),
            "contact_mobile": contact_mobile.strip(),
            "contact_email": email.strip(),
        },
    )
    profile.full_clean()
    profile.save()
    user = User(username=username, full_name=contact_name.strip(), mobile=contact_mobile.strip(), email=email,
                organisation=organisation)  # fmt: skip
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    for role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT):
        UserRole.objects.create(user=user, role=role)
    ProfileRevision.objects.create(
        profile=profile, version=1, data=profile.data, changed_keys=sorted(profile.data), changed_by=user
    )
    audit_event_record(
        actor=user, verb=AuditVerb.ENTERPRISE_REGISTERED, target=organisation,
        data={"uscc": result.code, "jurisdiction": jurisdiction.code},
    )  # fmt: skip
    return profile


def _lock_profile(profile: EnterpriseProfile) -> EnterpriseProfile:
    return EnterpriseProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)


@transaction.atomic
def enterprise_confirm(*, actor: User, profile: EnterpriseProfile) -> EnterpriseProfile:
    profile = _lock_profile(profile)
    if not permissions.can_confirm_enterprise(actor, profile):
        raise PermissionDenied
    if profile.status == ConfirmationStatus.CONFIRMED:
        raise ValidationError(ALREADY_DECIDED.format(status=profile.get_status_display()))
    profile.status = ConfirmationStatus.CONFIRMED
    profile.confirmed_by = actor
    profile.confirmed_at = timezone.now()
    profile.status_reason = ""
    profile.save(update_fields=["status", "confirmed_by", "confirmed_at", "status_reason", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.ENTERPRISE_CONFIRMED, target=profile.organisation)
    return profile


@transaction.atomic
def enterprise_reject(*, actor: User, profile: EnterpriseProfile, reason: str) -> EnterpriseProfile:
    profile = _lock_profile(profile)
    if not permissions.can_confirm_enterprise(actor, profile):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if profile.status != ConfirmationStatus.PENDING:
        raise ValidationError(ALREADY_DECIDED.format(status=profile.get_status_display()))
    profile.status = ConfirmationStatus.REJECTED
    profile.status_reason = reason.strip()[:500]
    profile.confirmed_by = actor
    profile.confirmed_at = timezone.now()
    profile.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.ENTERPRISE_REJECTED, target=profile.organisation, data={"reason": reason}
    )
    return profile


@transaction.atomic
def profile_update(
    *, actor: User, profile: EnterpriseProfile, changes: dict[str, Any], expected_version: int
) -> EnterpriseProfile:
    """Apply changes (key -> new value, None removes) if nobody saved in between; keep a revision."""
    profile = _lock_profile(profile)
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    if profile.version != expected_version:
        raise ValidationError(PROFILE_CONFLICT.format(current=profile.version, expected=expected_version))
    data = dict(profile.data)
    changed = []
    for key, value in changes.items():
        if key in ("uscc", "organization_code"):
            continue  # the code is fixed at registration
        if value in (None, "", [], {}):
            if key in data:
                data.pop(key)
                changed.append(key)
        elif data.get(key) != value:
            data[key] = value
            changed.append(key)
    if not changed:
        return profile
    profile.data = data
    profile.version += 1
    profile.save(update_fields=["data", "version", "updated_at"])
    if "enterprise_name" in changed and data.get("enterprise_name"):
        Organisation.objects.filter(pk=profile.organisation_id).update(name=data["enterprise_name"])
    ProfileRevision.objects.create(
        profile=profile, version=profile.version, data=data, changed_keys=sorted(changed), changed_by=actor
    )
    audit_event_record(
        actor=actor, verb=AuditVerb.PROFILE_UPDATED, target=profile.organisation,
        data={"version": profile.version, "changed": sorted(changed)},
    )  # fmt: skip
    return profile


@transaction.atomic
def member_add(
    *, actor: User, enterprise: Organisation, username: str, full_name: str, mobile: str, password: str
) -> User:
    """The enterprise administrator opens an account for another 经办人 with a first password."""
    if not permissions.can_manage_members(actor, enterprise):
        raise PermissionDenied
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN.format(username=username)})
    user = User(username=username, full_name=full_name.strip(), mobile=mobile.strip(), organisation=enterprise)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    UserRole.objects.create(user=user, role=Role.ENTERPRISE_AGENT)
    audit_event_record(actor=actor, verb=AuditVerb.MEMBER_ADDED, target=user, data={"enterprise": enterprise.pk})
    return user


@transaction.atomic
def member_remove(*, actor: User, member: User) -> User:
    member = User.objects.select_for_update().get(pk=member.pk)
    if not permissions.can_manage_members(actor, member.organisation):
        raise PermissionDenied
    if member.pk == actor.pk:
        raise ValidationError(CANNOT_REMOVE_SELF)
    if base.is_enterprise_admin(member):
        admins = User.objects.filter(
            organisation=member.organisation, is_active=True, roles__role=Role.ENTERPRISE_ADMIN
        ).exclude(pk=member.pk)
        if not admins.exists():
            raise ValidationError(LAST_ADMIN)
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit_event_record(
        actor=actor, verb=AuditVerb.MEMBER_REMOVED, target=member, data={"enterprise": member.organisation_id}
    )
    return member


def recorded_facts_write(*, source: str, facts: Mapping[int, Mapping[str, object]], actor) -> None:
    """Write the facts the platform records itself from one kind of its records (`source`: a key of
    policies.facts.RECORDED_FACTS_BY_SOURCE, e.g. the 绩效评价 or the funds ledger) on each enterprise's record
    (一企一档), so that the eligibility engine reads them as it reads the profile. `facts` is {enterprise id:
    that source's facts, recomputed from its records}; a fact of the source left out is removed (the platform
    holds no such record). The other sources' facts are left as they are. A change is a new version of the
    record with its revision (the keys changed, by `actor`), as every change of a profile is; no change, no
    version. Not an action of its own: the calling service audits the change that causes it."""
    names = RECORDED_FACTS_BY_SOURCE[source]
    profiles = EnterpriseProfile.objects.select_for_update().filter(organisation_id__in=list(facts)).order_by("pk")
    changed, revisions = [], []
    for profile in profiles:
        data = {k: v for k, v in profile.data.items() if k not in names}
        data.update({k: v for k, v in facts[profile.organisation_id].items() if k in names})
        if data != profile.data:
            keys = sorted(k for k in names if profile.data.get(k) != data.get(k))
            profile.data, profile.version = data, profile.version + 1
            changed.append(profile)
            revisions.append(ProfileRevision(profile=profile, version=profile.version, data=data,
                                             changed_keys=keys, changed_by=actor))  # fmt: skip
    EnterpriseProfile.objects.bulk_update(changed, ["data", "version"])
    ProfileRevision.objects.bulk_create(revisions)
