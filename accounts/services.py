"""Writes for users and organisations. Every function is atomic and records one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions
from accounts.choices import ADMIN_SITE_ROLES, ADMINISTRATOR_ROLES
from accounts.models import (
    ROLES_NOT_COMBINED,
    Jurisdiction,
    Organisation,
    PasswordHistory,
    User,
    UserRole,
    UserSession,
)
from core.choices import AuditVerb
from core.masking import mask_mobile
from core.services import audit_event_record

# Fields of an account the system administrator edits (roles are the security administrator's, the password the
# holder's or a reset's).
USER_EDITABLE_FIELDS = ("full_name", "organisation", "title", "mobile", "email")
ORGANISATION_EDITABLE_FIELDS = ("name", "kind", "jurisdiction", "section_code")
# How many previous passwords a new one may not repeat (issue 16 §12).
PASSWORD_HISTORY_DEPTH = 5


def _creation_record(*, actor: User | None, verb: AuditVerb, target, data: dict, organisation: Organisation) -> None:
    """The audit event of a creation. One made by nobody (a command seeding the platform) is filed under the
    organisation created or joined; one made by someone, under theirs."""
    audit_event_record(
        actor=actor, verb=verb, target=target, data=data, organisation=organisation if actor is None else None
    )


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, kind: str, jurisdiction: Jurisdiction | None = None, section_code: str = ""
) -> Organisation:
    if actor is not None and not permissions.can_administer_platform(actor):
        raise PermissionDenied
    organisation = Organisation(name=name, kind=kind, jurisdiction=jurisdiction, section_code=section_code)
    organisation.full_clean()
    organisation.save()
    _creation_record(
        actor=actor, verb=AuditVerb.ORGANISATION_CREATED, target=organisation, data={"kind": kind},
        organisation=organisation,
    )  # fmt: skip
    return organisation


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organisation: Organisation,
    roles: Iterable[str],
    password: str | None,
    mobile: str = "",
    title: str = "",
    email: str = "",
    password_must_change: bool = False,
) -> User:
    """Create a user with roles. `password=None` makes an account that cannot log in until a password is set.

    Made by someone (not a seeding command), the account is the system administrator's to create, with an
    enterprise role at most: official and administrator roles are the security administrator's to grant
    (user_roles_set)."""
    role_list = sorted(set(roles))
    if actor is not None and not (
        permissions.can_administer_platform(actor) and permissions.can_grant_roles(actor, role_list)
    ):
        raise PermissionDenied
    user = User(
        username=username,
        full_name=full_name,
        organisation=organisation,
        mobile=mobile,
        title=title,
        email=email,
        # The system and security administrators use the admin site, with the permissions their roles give
        # (accounts.backends); nobody is a superuser.
        is_staff=bool(set(role_list) & ADMIN_SITE_ROLES),
        password_must_change=password_must_change and password is not None,
    )
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    roles_combination_check(role_list)
    for role in role_list:
        user_role = UserRole(user=user, role=role)
        user_role.full_clean()
        user_role.save()
    if password is not None:
        password_history_record(user)
    _creation_record(
        actor=actor, verb=AuditVerb.USER_CREATED, target=user,
        data={"roles": role_list, "organisation": organisation.pk}, organisation=organisation,
    )  # fmt: skip
    return user


def roles_combination_check(roles: Iterable[str]) -> None:
    """三员分立 over a whole set of roles (UserRole.clean sees one role against those already saved)."""
    roles = set(roles)
    if roles & ADMINISTRATOR_ROLES and len(roles) > 1:
        raise ValidationError({"roles": ROLES_NOT_COMBINED})


def password_history_record(user: User) -> None:
    """Every service that sets a password calls this after saving the user (here, and registration and
    member_add in enterprises.services). Keep the new password's hash (argon2, as stored on the user) and drop what is older than the history."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = user.password_history.values_list("pk", flat=True)[:PASSWORD_HISTORY_DEPTH]
    user.password_history.exclude(pk__in=list(keep)).delete()


def _account_check(actor: User, user: User) -> None:
    if not permissions.can_administer_account(actor, user):
        raise PermissionDenied


# Fields whose values the append-only audit log keeps masked (they are encrypted at rest, issue 16 §13).
MASKED_IN_AUDIT = {"mobile": mask_mobile}


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    def plain(key: str, value: Any) -> Any:
        if key in MASKED_IN_AUDIT and value:
            return MASKED_IN_AUDIT[key](value)
        return value if value is None or isinstance(value, bool | int | str) else str(value)

    return {k: {"from": plain(k, before[k]), "to": plain(k, after[k])} for k in after if before[k] != after[k]}


@transaction.atomic
def user_change_password(*, actor: User, user: User, new_password: str) -> User:
    """The holder sets their own password: it must not repeat one of the last five, and clears the flag an
    administrator's reset set."""
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.password_must_change = False
    user.save(update_fields=["password", "password_changed_at", "password_must_change"])
    password_history_record(user)
    audit_event_record(actor=actor, verb=AuditVerb.PASSWORD_CHANGED, target=user)
    return user


@transaction.atomic
def user_password_set_by_admin(*, actor: User, user: User, new_password: str) -> User:
    """An administrator sets someone's password (a reset): audited, never recorded, and the holder must change
    it at the next login. The auditor's and the other administrators' only by the security administrator."""
    _account_check(actor, user)
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.password_must_change = True
    user.save(update_fields=["password", "password_changed_at", "password_must_change"])
    password_history_record(user)
    audit_event_record(actor=actor, verb=AuditVerb.ADMIN_PASSWORD_SET, target=user, data={"must_change": True})
    return user


def _fields_applied(instance, fields: dict[str, Any], *, editable) -> tuple[Any, dict[str, Any]]:
    """`instance` read again under a row lock and given `fields` (validated; only `editable` ones may be set),
    with the values it had before, for the audit event's changes."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    instance = type(instance).objects.select_for_update().get(pk=instance.pk)
    before = {name: getattr(instance, name) for name in fields}
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    return instance, before


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: Any) -> User:
    """Change an account's name, organisation, title, mobile or e-mail (the system administrator's, or the
    security administrator's for an administrator's account); the audit event lists each field's old and new
    value."""
    _account_check(actor, user)
    user, before = _fields_applied(user, fields, editable=USER_EDITABLE_FIELDS)
    for role in user.roles.all():  # a new organisation must still fit every role
        role.user = user
        role.full_clean()
    changes = _field_changes(before, {name: getattr(user, name) for name in fields})
    if changes:
        user.save(update_fields=list(fields))
        audit_event_record(actor=actor, verb=AuditVerb.USER_UPDATED, target=user, data={"changes": changes})
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    _account_check(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_event_record(actor=actor, verb=AuditVerb.USER_DEACTIVATED, target=user)
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    _account_check(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_event_record(actor=actor, verb=AuditVerb.USER_REACTIVATED, target=user)
    return user


@transaction.atomic
def user_roles_set(*, actor: User, user: User, roles: Iterable[str]) -> User:
    """The security administrator grants and withdraws roles (official and administrator roles alike; the system
    administrator an enterprise's only); no one changes their own. Each role must fit the user's organisation,
    and an administrator role stands alone."""
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = set(roles)
    current = set(user.roles.values_list("role", flat=True))
    removed, added = sorted(current - wanted), sorted(wanted - current)
    if not (removed or added):
        return user
    if actor.pk == user.pk or not permissions.can_grant_roles(actor, {*removed, *added}):
        raise PermissionDenied
    roles_combination_check(wanted)
    user.roles.filter(role__in=removed).delete()
    for role in added:
        user_role = UserRole(user=user, role=role)
        user_role.full_clean()
        user_role.save()
    is_staff = bool(wanted & ADMIN_SITE_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user._role_cache = None
    audit_event_record(
        actor=actor, verb=AuditVerb.USER_ROLES_CHANGED, target=user, data={"added": added, "removed": removed}
    )
    return user


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields: Any) -> Organisation:
    """The system administrator renames or reclassifies an organisation, or switches it on or off."""
    if not permissions.can_administer_platform(actor):
        raise PermissionDenied
    organisation, before = _fields_applied(organisation, fields, editable=(*ORGANISATION_EDITABLE_FIELDS, "is_active"))
    changes = _field_changes(before, {name: getattr(organisation, name) for name in fields})
    if changes:
        organisation.save(update_fields=[*fields, "updated_at"])
        if "jurisdiction" in changes:
            # An enterprise's applications go where it goes: they keep its jurisdiction (applications.models).
            organisation.applications.update(jurisdiction=organisation.jurisdiction)
        audit_event_record(
            actor=actor, verb=AuditVerb.ORGANISATION_UPDATED, target=organisation, data={"changes": changes}
        )
    return organisation


@transaction.atomic
def login_record(*, user: User) -> None:
    audit_event_record(actor=user, verb=AuditVerb.LOGIN, target=user)


@transaction.atomic
def logout_record(*, user: User) -> None:
    audit_event_record(actor=user, verb=AuditVerb.LOGOUT, target=user)


@transaction.atomic
def login_failure_record(*, username: str) -> None:
    # The attempted name is kept, but never the password.
    audit_event_record(
        actor=None, verb=AuditVerb.LOGIN_FAILED, data={"username": username[:150]}, actor_name=username[:150]
    )


# --- The second factor and sessions (issue 16 §12) ---


@transaction.atomic
def otp_device_start(*, actor: User) -> TOTPDevice:
    """The unconfirmed device whose QR code the enrolment page shows (a new key if none is waiting)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=actor, name="动态口令", confirmed=False)


@transaction.atomic
def otp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the enrolment with the first code the app shows; a wrong code changes nothing."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor, confirmed=False)
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_event_record(actor=actor, verb=AuditVerb.OTP_DEVICE_ENROLLED, target=actor)
    return True


def otp_verify(*, actor: User, token: str) -> TOTPDevice | None:
    """Check a TOTP code against the user's confirmed device (django-otp throttles repeated failures); the
    outcome is audited either way. Not one transaction: a failure must stay recorded with the throttle."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=True).first()
    verified = None
    if device is not None:
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            verified = device if device.verify_token(token) else None
    with transaction.atomic():
        verb = AuditVerb.OTP_VERIFIED if verified else AuditVerb.OTP_FAILED
        audit_event_record(actor=actor, verb=verb, target=actor)
    return verified


@transaction.atomic
def otp_devices_reset(*, actor: User, user: User) -> int:
    """The security administrator removes someone's TOTP device (a lost phone): they enrol again at the next
    login. Nobody resets their own."""
    if not permissions.can_manage_roles(actor) or actor.pk == user.pk:
        raise PermissionDenied
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_event_record(actor=actor, verb=AuditVerb.OTP_DEVICE_RESET, target=user, data={"devices": count})
    return count


@transaction.atomic
def reauthentication_record(*, actor: User, succeeded: bool, path: str) -> None:
    verb = AuditVerb.REAUTHENTICATED if succeeded else AuditVerb.REAUTHENTICATION_FAILED
    audit_event_record(actor=actor, verb=verb, target=actor, data={"path": path[:200]})


@transaction.atomic
def session_register(*, user: User, session_key: str, now=None) -> list[str]:
    """Record a new signed-in session; for an official or administrator, end the oldest beyond
    SESSION_MAX_PER_OFFICIAL. Returns the keys of the sessions ended."""
    now = now or timezone.now()
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user, "created_at": now})
    if not permissions.needs_second_factor(user):
        return []
    sessions = list(UserSession.objects.select_for_update().filter(user=user).order_by("-created_at", "-id"))
    ended = [s.session_key for s in sessions[settings.SESSION_MAX_PER_OFFICIAL :]]
    if ended:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in ended:
            store(session_key=key).delete()
        UserSession.objects.filter(session_key__in=ended).delete()
        audit_event_record(
            actor=None, verb=AuditVerb.SESSION_ENDED, target=user,
            data={"reason": "concurrent_limit", "sessions": len(ended)}, organisation=user.organisation,
        )  # fmt: skip
    return ended


@transaction.atomic
def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def session_expired_record(*, user: User) -> None:
    audit_event_record(actor=user, verb=AuditVerb.SESSION_ENDED, target=user, data={"reason": "absolute_lifetime"})
