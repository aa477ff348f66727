"""The second factor (issue 16 §12): a TOTP device per person (django-otp), its enrolment with a QR code drawn
here (segno, as an inline SVG data: URI: no external service, no script), verification at login, and the session
facts that re-authentication and the session limits read."""

from __future__ import annotations

import time
from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions

# Session keys: when this session's holder last proved who they are (password at login, a TOTP code, or a
# re-authentication), and when the session began (for its absolute lifetime).
AUTHENTICATED_AT_KEY = "accounts_authenticated_at"
STARTED_AT_KEY = "accounts_session_started_at"
# Decided once at login, so that no request pays a query for it: whether this session owes a TOTP code, and
# whether its holder is an official or administrator (whose password expires).
SECOND_FACTOR_OWED_KEY = "accounts_second_factor_owed"
OFFICIAL_KEY = "accounts_official"


def second_factor_required(user) -> bool:
    """Whether this user must pass a TOTP code before using the platform: officials and administrators when
    OTP_REQUIRED_FOR_OFFICIALS is on (always in production), and anyone who has enrolled a device."""
    if permissions.needs_second_factor(user) and settings.OTP_REQUIRED_FOR_OFFICIALS:
        return True
    return confirmed_device(user) is not None


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first() if user.pk else None


def device_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an authenticator app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def device_qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def session_start(session, user) -> None:
    session[STARTED_AT_KEY] = time.time()
    session_steps_decide(session, user)
    authenticated_now(session)


def session_steps_decide(session, user) -> None:
    session[SECOND_FACTOR_OWED_KEY] = second_factor_required(user)
    session[OFFICIAL_KEY] = permissions.needs_second_factor(user)


def authenticated_now(session) -> None:
    session[AUTHENTICATED_AT_KEY] = time.time()


def recently_authenticated(session) -> bool:
    at = session.get(AUTHENTICATED_AT_KEY)
    return at is not None and time.time() - float(at) <= settings.REAUTHENTICATION_WINDOW_SECONDS
