"""Failed logins and lockouts (django-axes, issue 16 §4) as the platform reads and clears them: whether the login
form asks for the CAPTCHA, which user names are locked out at which address, and the audited unlock.

axes locks a user name at one address (AXES_LOCKOUT_PARAMETERS): a stranger elsewhere cannot lock an official out.
Guessing one account from many addresses meets the CAPTCHA instead, once that user name (from anywhere) or that
address (for any user name) has LOGIN_CAPTCHA_AFTER_FAILURES recent failures."""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts import permissions
from accounts.choices import ADMINISTRATOR_ROLES
from accounts.models import User
from core.choices import AuditVerb
from core.services import audit_event_record


def _recent() -> QuerySet[AccessAttempt]:
    """Attempts within axes' cool-off (AXES_COOLOFF_TIME), the ones it still counts."""
    return AccessAttempt.objects.filter(attempt_time__gt=timezone.now() - get_cool_off())


def login_failures_recent(*, ip: str | None, username: str) -> int:
    """The larger of: the failures from this address (any user name), and those of this user name (any address)."""
    recent = _recent()
    by_address = recent.filter(ip_address=ip).aggregate(n=Sum("failures_since_start"))["n"] if ip else 0
    by_name = recent.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] if username else 0
    return max(by_address or 0, by_name or 0)


def login_captcha_required(*, ip: str | None, username: str) -> bool:
    return login_failures_recent(ip=ip, username=username) >= settings.LOGIN_CAPTCHA_AFTER_FAILURES


def login_lockouts_current() -> list[AccessAttempt]:
    """The user names locked out now, each with the address it is locked at, newest first."""
    return list(_recent().filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time"))


def login_lockout_clear_allowed(actor, attempt: AccessAttempt) -> bool:
    """三员分立: an administrator's lockout is the security administrator's to clear, anyone else's the system
    administrator's (can_administer_account); a user name that belongs to no account, the system administrator's."""
    user = User.objects.filter(username=attempt.username).first()
    if user is None:
        return permissions.can_administer_platform(actor)
    return permissions.can_administer_account(actor, user)


def login_lockout_clearer(attempt: AccessAttempt) -> str:
    """Who clears this lockout, as the page names them."""
    user = User.objects.filter(username=attempt.username).first()
    return "安全管理员" if user is not None and user.role_set & ADMINISTRATOR_ROLES else "系统管理员"


@transaction.atomic
def login_lockout_clear(*, actor: User, attempt_id: int) -> AccessAttempt:
    """Clear one lockout (a user name at an address) through axes, so that the person can sign in again at once;
    an audit event names the user name, the address and the failures counted."""
    attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None:
        raise Http404
    if not login_lockout_clear_allowed(actor, attempt):
        raise PermissionDenied
    data = {
        "username": attempt.username, "ip_address": attempt.ip_address, "failures": attempt.failures_since_start,
        "first_failure": attempt.attempt_time.isoformat(),
    }  # fmt: skip
    reset(ip=attempt.ip_address, username=attempt.username)
    target = User.objects.filter(username=attempt.username).first()
    audit_event_record(actor=actor, verb=AuditVerb.LOGIN_LOCKOUT_CLEARED, target=target, data=data)
    return attempt
