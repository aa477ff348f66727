"""Writes for users and organisations. Every function is atomic and records one audit event."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.db import transaction

from accounts.models import Jurisdiction, Organisation, User, UserRole
from core.choices import AuditVerb
from core.services import audit_event_record


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
    is_staff: bool = False,
) -> User:
    """Create a user with roles. `password=None` makes an account that cannot log in until a password is set."""
    user = User(
        username=username,
        full_name=full_name,
        organisation=organisation,
        mobile=mobile,
        title=title,
        email=email,
        # Only the system administrator uses the admin site; it then needs every model permission.
        is_staff=is_staff,
        is_superuser=is_staff,
    )
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    role_list = sorted(set(roles))
    for role in role_list:
        user_role = UserRole(user=user, role=role)
        user_role.full_clean()
        user_role.save()
    _creation_record(
        actor=actor, verb=AuditVerb.USER_CREATED, target=user,
        data={"roles": role_list, "organisation": organisation.pk}, organisation=organisation,
    )  # fmt: skip
    return user


@transaction.atomic
def user_change_password(*, actor: User, user: User, new_password: str) -> User:
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_event_record(actor=actor, verb=AuditVerb.PASSWORD_CHANGED, target=user)
    return user


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
