"""Writes for enterprises: self-service registration, county confirmation, the profile, members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import permissions as base
from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation, User, UserRole
from accounts.services import password_history_record
from core.choices import AuditVerb
from core.services import audit_event_record
from core.text import strip_invisible
from core.validators import validate_uscc
from enterprises import permissions
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile, ProfileRevision
from enterprises.signals import profile_changed
from policies.facts import RECORDED_FACTS_BY_SOURCE

# Never names the holder (issue 16 §5): anyone may type a code, and the register must not tell who holds it.
# The profile keys of the enterprise's identity (issue 16 §5): a new name waits for the county's confirmation, and
# the code changes only through enterprise_identity_change_request.
NAME_KEY = "enterprise_name"
CODE_KEYS = ("uscc", "organization_code")
USCC_TAKEN = "统一社会信用代码 {uscc} 已注册企业账号。一个统一社会信用代码只能注册一个企业账号；如您属于该企业，请联系本企业的企业管理员为您开通经办人账号，或咨询所属县市区工信部门。"
USCC_HELD_BY_ANOTHER = "统一社会信用代码 {uscc} 已由另一企业账号使用，不能确认。请核实营业执照后再处理。"
NAME_TOO_LONG = "企业名称最多 {limit} 个字。"
NAME_REQUIRED = "请填写企业名称。"
NOTHING_TO_CHANGE = "新的企业名称和统一社会信用代码与现登记的相同，无需申请变更。"
CHANGE_NOT_ALLOWED = "企业账号未通过确认，不能申请变更。如有疑问，请联系所属县市区工信部门。"
CHANGE_REJECTED_REASON = "企业名称或统一社会信用代码的变更未获确认：{reason}"
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
    if uscc_taken(result.code):
        raise ValidationError({"uscc": USCC_TAKEN.format(uscc=result.code)})
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
    profile.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:  # the same code registered a moment ago
        raise ValidationError({"uscc": USCC_TAKEN.format(uscc=result.code)}) from exc
    user = User(username=username, full_name=contact_name.strip(), mobile=contact_mobile.strip(), email=email,
                organisation=organisation)  # fmt: skip
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    password_history_record(user)
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


def uscc_taken(code: str, *, exclude: EnterpriseProfile | None = None) -> bool:
    """Whether an account that was not refused holds the code, or has asked to change to it. A code
    registered by someone the county then refused is free again (issue 16 §5)."""
    holders = EnterpriseProfile.objects.exclude(status=ConfirmationStatus.REJECTED).filter(
        Q(uscc=code) | Q(pending_uscc=code)
    )
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.exists()


def _requested_change(profile: EnterpriseProfile) -> dict[str, list[str]]:
    """{key: [confirmed, requested]} for the name and the code the enterprise asked to change."""
    change = {}
    if profile.pending_name and profile.pending_name != profile.organisation.name:
        change["enterprise_name"] = [profile.organisation.name, profile.pending_name]
    if profile.pending_uscc and profile.pending_uscc != profile.uscc:
        change["uscc"] = [profile.uscc, profile.pending_uscc]
    return change


def _pending_change_clear(profile: EnterpriseProfile) -> None:
    profile.pending_name, profile.pending_uscc, profile.change_requested_at = "", "", None


def _requested_change_apply(*, actor: User, profile: EnterpriseProfile) -> dict[str, list[str]]:
    """The county confirms the requested name or code: from now on they are the enterprise's, everywhere (the
    organisation's name, the profile's code and the values forms are prefilled with), as a new version."""
    change = _requested_change(profile)
    _pending_change_clear(profile)
    if not change:
        return change
    data = dict(profile.data)
    if "enterprise_name" in change:
        profile.organisation.name = data["enterprise_name"] = change["enterprise_name"][1]
        profile.organisation.save(update_fields=["name"])
    if "uscc" in change:
        profile.uscc = data["uscc"] = change["uscc"][1]
        data["organization_code"] = profile.uscc[8:17]
    profile.data = data
    profile.version += 1
    ProfileRevision.objects.create(
        profile=profile, version=profile.version, data=data, changed_keys=sorted(change), changed_by=actor
    )
    return change


@transaction.atomic
def enterprise_confirm(*, actor: User, profile: EnterpriseProfile) -> EnterpriseProfile:
    """Confirm a new account, or a confirmed enterprise's new name or code (with an account awaiting
    confirmation, both at once)."""
    profile = _lock_profile(profile)
    if not permissions.can_confirm_enterprise(actor, profile):
        raise PermissionDenied
    if profile.status == ConfirmationStatus.CONFIRMED and not profile.has_pending_change:
        raise ValidationError(ALREADY_DECIDED.format(status=profile.get_status_display()))
    code = profile.pending_uscc or profile.uscc
    if uscc_taken(code, exclude=profile):
        raise ValidationError(USCC_HELD_BY_ANOTHER.format(uscc=code))
    change = _requested_change_apply(actor=actor, profile=profile)
    profile.status = ConfirmationStatus.CONFIRMED
    profile.confirmed_by = actor
    profile.confirmed_at = timezone.now()
    profile.status_reason = ""
    profile.save(update_fields=[
        "status", "confirmed_by", "confirmed_at", "status_reason", "uscc", "data", "version", "pending_name",
        "pending_uscc", "change_requested_at", "updated_at",
    ])  # fmt: skip
    audit_event_record(
        actor=actor, verb=AuditVerb.ENTERPRISE_CONFIRMED, target=profile.organisation,
        data={"change": change} if change else None,
    )  # fmt: skip
    profile_changed.send(sender=EnterpriseProfile, profile=profile)
    return profile


@transaction.atomic
def enterprise_reject(*, actor: User, profile: EnterpriseProfile, reason: str) -> EnterpriseProfile:
    """Refuse a new account, or a confirmed enterprise's requested name or code (which then stays as it was,
    with the reason shown to the enterprise)."""
    profile = _lock_profile(profile)
    if not permissions.can_confirm_enterprise(actor, profile):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if profile.status == ConfirmationStatus.CONFIRMED and profile.has_pending_change:
        change = _requested_change(profile)
        _pending_change_clear(profile)
        profile.status_reason = CHANGE_REJECTED_REASON.format(reason=reason.strip())[:500]
        profile.save(update_fields=["pending_name", "pending_uscc", "change_requested_at", "status_reason",
                                    "updated_at"])  # fmt: skip
        audit_event_record(
            actor=actor, verb=AuditVerb.ENTERPRISE_REJECTED, target=profile.organisation,
            data={"reason": reason, "change": change},
        )  # fmt: skip
        return profile
    if profile.status != ConfirmationStatus.PENDING:
        raise ValidationError(ALREADY_DECIDED.format(status=profile.get_status_display()))
    profile.status = ConfirmationStatus.REJECTED
    profile.status_reason = reason.strip()[:500]
    profile.confirmed_by = actor
    profile.confirmed_at = timezone.now()
    _pending_change_clear(profile)
    profile.save(update_fields=["status", "status_reason", "confirmed_by", "confirmed_at", "pending_name",
                                "pending_uscc", "change_requested_at", "updated_at"])  # fmt: skip
    audit_event_record(
        actor=actor, verb=AuditVerb.ENTERPRISE_REJECTED, target=profile.organisation, data={"reason": reason}
    )
    return profile


def _clean_name(name: str) -> str:
    name = strip_invisible(name or "", multiline=False).strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    limit = Organisation._meta.get_field("name").max_length
    if len(name) > limit:
        raise ValidationError({"name": NAME_TOO_LONG.format(limit=limit)})
    return name


@transaction.atomic
def enterprise_identity_change_request(
    *, actor: User, profile: EnterpriseProfile, name: str, uscc: str
) -> EnterpriseProfile:
    """The enterprise asks to change its name or its code. Nothing changes until the county confirms it
    (enterprise_confirm); until then the confirmed name and code stay in use everywhere (issue 16 §5)."""
    profile = _lock_profile(profile)
    if not permissions.can_edit_profile(actor, profile):
        raise PermissionDenied
    if profile.status == ConfirmationStatus.REJECTED:
        raise ValidationError(CHANGE_NOT_ALLOWED)
    name = _clean_name(name)
    result = validate_uscc(uscc)
    if not result.valid:
        raise ValidationError({"uscc": result.message})
    if name == profile.organisation.name and result.code == profile.uscc:
        raise ValidationError(NOTHING_TO_CHANGE)
    if result.code != profile.uscc and uscc_taken(result.code, exclude=profile):
        raise ValidationError({"uscc": USCC_TAKEN.format(uscc=result.code)})
    profile.pending_name = name if name != profile.organisation.name else ""
    profile.pending_uscc = result.code if result.code != profile.uscc else ""
    profile.change_requested_at = timezone.now()
    profile.save(update_fields=["pending_name", "pending_uscc", "change_requested_at", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.PROFILE_UPDATED, target=profile.organisation,
        data={"requested": _requested_change(profile)},
    )  # fmt: skip
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
    requested_name = ""
    for key, value in changes.items():
        if key in CODE_KEYS:
            continue  # the code changes only through enterprise_identity_change_request
        if key == NAME_KEY and value and value != profile.organisation.name:
            if profile.status == ConfirmationStatus.REJECTED:  # no county will look at a refused account's request
                raise ValidationError({"enterprise_name": CHANGE_NOT_ALLOWED})
            requested_name = _clean_name(str(value))
            continue  # the name too: the county confirms it first (issue 16 §5)
        if value in (None, "", [], {}):
            if key in data:
                data.pop(key)
                changed.append(key)
        elif data.get(key) != value:
            data[key] = value
            changed.append(key)
    if requested_name and requested_name != profile.pending_name:
        profile.pending_name = requested_name
        profile.change_requested_at = timezone.now()
        profile.save(update_fields=["pending_name", "change_requested_at", "updated_at"])
        audit_event_record(
            actor=actor, verb=AuditVerb.PROFILE_UPDATED, target=profile.organisation,
            data={"requested": _requested_change(profile)},
        )  # fmt: skip
    if not changed:
        return profile
    profile.data = data
    profile.version += 1
    profile.save(update_fields=["data", "version", "updated_at"])
    ProfileRevision.objects.create(
        profile=profile, version=profile.version, data=data, changed_keys=sorted(changed), changed_by=actor
    )
    audit_event_record(
        actor=actor, verb=AuditVerb.PROFILE_UPDATED, target=profile.organisation,
        data={"version": profile.version, "changed": sorted(changed)},
    )  # fmt: skip
    profile_changed.send(sender=EnterpriseProfile, profile=profile)  # stored eligibility is re-evaluated after commit
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
    password_history_record(user)
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
