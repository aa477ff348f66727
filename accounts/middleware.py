"""What a signed-in person must do before anything else (issue 16 §1 and §12), in this order: a session past its
absolute lifetime ends; the second factor (enrol a TOTP device, or pass a code); then a password set by an
administrator, or an official's password older than PASSWORD_MAX_AGE_DAYS, is changed. Until then every page
sends them to the step they owe; logging out always works."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from accounts import services
from accounts.second_factor import (
    OFFICIAL_KEY,
    SECOND_FACTOR_OWED_KEY,
    STARTED_AT_KEY,
    confirmed_device,
    session_steps_decide,
)

SESSION_TOO_OLD = "登录已超过最长有效时间，请重新登录。"
PASSWORD_MUST_CHANGE = "管理员为您设置了密码，请先修改为只有您本人知道的新密码。"
PASSWORD_EXPIRED = "您的密码已使用超过 {days} 天，请修改密码后继续。"

# Pages a person may open while they owe a step: leaving, and the second factor's own pages; the password page
# once the second factor is passed.
SECOND_FACTOR_URL_NAMES = {"accounts:logout", "accounts:otp_enrol", "accounts:otp_verify"}


def password_expired(user) -> bool:
    return user.password_changed_at < timezone.now() - dt.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def _go(request, url_name: str, *, come_back: bool = False):
    url = reverse(url_name)
    if come_back and request.method == "GET" and not getattr(request, "htmx", False):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)


class AccountStepsMiddleware:
    """Reads only the session and the user row already loaded: no query on an ordinary request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        started = request.session.get(STARTED_AT_KEY)
        if started is None:
            request.session[STARTED_AT_KEY] = time.time()
        elif time.time() - float(started) > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS:
            services.session_expired_record(user=user)
            logout(request)
            messages.info(request, SESSION_TOO_OLD)
            return _go(request, "accounts:login")
        url_name = request.resolver_match.view_name if request.resolver_match else ""
        if url_name in SECOND_FACTOR_URL_NAMES:
            return None
        if SECOND_FACTOR_OWED_KEY not in request.session:  # a session from before this check existed
            session_steps_decide(request.session, user)
        if request.session.get(SECOND_FACTOR_OWED_KEY) and not user.is_verified():
            step = "accounts:otp_verify" if confirmed_device(user) else "accounts:otp_enrol"
            return _go(request, step, come_back=True)
        if url_name == "accounts:password_change":
            return None
        if user.password_must_change:
            messages.warning(request, PASSWORD_MUST_CHANGE)
            return _go(request, "accounts:password_change")
        if request.session.get(OFFICIAL_KEY) and password_expired(user):
            messages.warning(request, PASSWORD_EXPIRED.format(days=settings.PASSWORD_MAX_AGE_DAYS))
            return _go(request, "accounts:password_change")
        return None
