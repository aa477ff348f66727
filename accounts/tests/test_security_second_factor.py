"""Issue 16 §12: the second factor and the password policy. TOTP (django-otp) for every official and
administrator, optional for enterprises, its QR code drawn here; passwords of 10 characters and three classes,
none of the last five, an official's expiring after 90 days, the demo's refused outside the demo; at most N
sessions per official and an absolute session lifetime."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.demo import DEMO_PASSWORD
from accounts.forms import OTP_CODE_WRONG
from accounts.middleware import PASSWORD_EXPIRED, SESSION_TOO_OLD
from accounts.models import UserSession
from accounts.second_factor import STARTED_AT_KEY
from accounts.tests.factories import PASSWORD
from accounts.validators import PASSWORD_IS_DEMO, PASSWORD_NEEDS_THREE_CLASSES, PASSWORD_RECENTLY_USED
from core.choices import AuditVerb
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
ENROL = reverse("accounts:otp_enrol")
VERIFY = reverse("accounts:otp_verify")
HOME = reverse("dashboard:home")
ENTERPRISE_HOME = "/applications/"  # where an enterprise's home sends it: no step owed


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True


def _login(client, user, password: str = PASSWORD):
    response = client.post(LOGIN, {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _unthrottle(device: TOTPDevice) -> None:
    """django-otp makes a device wait after a wrong code (2^n seconds); a test does not wait."""
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1  # and a code is single use: the test may give the same step's code again
    device.save()


def _enrol(client, user) -> TOTPDevice:
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(ENROL, {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    return device


# --- TOTP ---


@pytest.mark.parametrize("persona", ["county_industry", "city_finance", "admin", "security_admin", "auditor"])
def test_officials_and_administrators_must_enrol_before_anything_else(request, client, otp_required, persona):
    user = request.getfixturevalue(persona)
    _login(client, user)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_enrolment_shows_a_local_qr_code_refuses_a_wrong_code_and_then_lets_the_official_in(
    client, otp_required, county_industry
):
    _login(client, county_industry)
    response = client.get(ENROL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in body and "密钥" in body and "http" not in body.split('src="data:')[1][:50]
    device = TOTPDevice.objects.get(user=county_industry, confirmed=False)
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 400 and OTP_CODE_WRONG in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and client.get(HOME).status_code == 302
    _unthrottle(device)
    assert client.post(ENROL, {"token": _code(device)}).status_code == 302
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(verb=AuditVerb.OTP_DEVICE_ENROLLED, actor=county_industry).count() == 1


def test_the_next_login_asks_for_the_code(client, otp_required, county_industry):
    _login(client, county_industry)
    device = _enrol(client, county_industry)
    client.post(reverse("accounts:logout"))
    _login(client, county_industry)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": "000000" if _code(device) != "000000" else "111111"})
    assert response.status_code == 400 and OTP_CODE_WRONG in response.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.OTP_FAILED).count() == 1
    _unthrottle(device)
    assert client.post(VERIFY, {"token": _code(device)}).status_code == 302
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(verb=AuditVerb.OTP_VERIFIED).count() == 1


def test_enterprises_may_enrol_but_need_not(client, otp_required, enterprise_user):
    _login(client, enterprise_user)
    assert client.get(HOME)["Location"] == ENTERPRISE_HOME
    _enrol(client, enterprise_user)
    client.post(reverse("accounts:logout"))
    _login(client, enterprise_user)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_the_security_administrator_resets_a_lost_device(security_admin, admin, county_industry):
    TOTPDevice.objects.create(user=county_industry, name="phone", confirmed=True)
    with pytest.raises(PermissionDenied):
        services.otp_devices_reset(actor=admin, user=county_industry)
    assert services.otp_devices_reset(actor=security_admin, user=county_industry) == 1
    assert not TOTPDevice.objects.filter(user=county_industry).exists()
    assert AuditEvent.objects.get(verb=AuditVerb.OTP_DEVICE_RESET).actor == security_admin


# --- passwords ---


@pytest.mark.parametrize(
    "password,refused",
    [("abcdefghij1", True), ("ABCDEFGHIJ1", True), ("abcdefghij!", True), ("Abcdefghij1", False),
     ("abcdefgh-12", False), ("Abc-defghij", False)],
)  # fmt: skip
def test_a_password_needs_three_character_classes(enterprise_user, password, refused):
    if refused:
        with pytest.raises(ValidationError, match=PASSWORD_NEEDS_THREE_CLASSES):
            services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password=password)
    else:
        services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password=password)


def test_a_password_may_not_repeat_one_of_the_last_five(enterprise_user):
    services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="First-pass-1")
    for n in range(2, 6):
        services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password=f"Next-pass-{n}")
    stored = list(enterprise_user.password_history.values_list("password", flat=True))
    assert len(stored) == 5 and all(h.startswith("argon2") for h in stored)
    with pytest.raises(ValidationError, match=PASSWORD_RECENTLY_USED.format(count=5)):
        services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="First-pass-1")
    services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="Sixth-pass-6")
    # "First-pass-1" is now the sixth back: allowed again.
    services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="First-pass-1")


def test_the_page_shows_the_refusal_under_the_field(client, enterprise_user):
    client.force_login(enterprise_user)
    url = reverse("accounts:password_change")
    response = client.post(url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 200 and PASSWORD_RECENTLY_USED.format(count=5) in response.content.decode()


def test_the_demo_password_is_refused_outside_the_demo(settings, enterprise_user):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(ValidationError, match=PASSWORD_IS_DEMO):
        services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password=DEMO_PASSWORD)
    settings.DEMO_DATA_ALLOWED = True
    services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password=DEMO_PASSWORD)


def test_an_officials_password_expires_after_90_days_an_enterprises_does_not(client, county_industry, enterprise_user):
    old = timezone.now() - dt.timedelta(days=91)
    for user in (county_industry, enterprise_user):
        type(user).objects.filter(pk=user.pk).update(password_changed_at=old)
    client.force_login(county_industry)
    response = client.get(HOME, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
    assert PASSWORD_EXPIRED.format(days=90) in response.content.decode()
    other = Client()
    other.force_login(enterprise_user)
    assert other.get(HOME)["Location"] == ENTERPRISE_HOME


# --- sessions ---


def test_an_official_holds_at_most_the_set_number_of_sessions_the_oldest_ends(settings, county_industry):
    settings.SESSION_MAX_PER_OFFICIAL = 2
    clients = [Client() for _ in range(3)]
    for client in clients:
        _login(client, county_industry)
    assert clients[0].get(HOME).status_code == 302  # ended: back to the login page
    assert [c.get(HOME).status_code for c in clients[1:]] == [200, 200]
    assert UserSession.objects.filter(user=county_industry).count() == 2
    event = AuditEvent.objects.get(verb=AuditVerb.SESSION_ENDED)
    assert event.target_id == str(county_industry.pk) and event.data["reason"] == "concurrent_limit"


def test_enterprise_users_are_not_limited(settings, enterprise_user):
    settings.SESSION_MAX_PER_OFFICIAL = 1
    clients = [Client() for _ in range(2)]
    for client in clients:
        _login(client, enterprise_user)
    assert [c.get(HOME)["Location"] for c in clients] == [ENTERPRISE_HOME, ENTERPRISE_HOME]


def test_a_session_ends_after_its_absolute_lifetime_however_active(client, settings, county_industry):
    settings.SESSION_ABSOLUTE_LIFETIME_SECONDS = 3600
    _login(client, county_industry)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[STARTED_AT_KEY] = time.time() - 3601
    session.save()
    response = client.get(HOME, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert SESSION_TOO_OLD in response.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.SESSION_ENDED, data__reason="absolute_lifetime").exists()


def test_a_session_from_before_the_second_factor_owes_it_too(client, otp_required, county_industry):
    from accounts.second_factor import (
        AUTHENTICATED_AT_KEY,
        SECOND_FACTOR_OWED_KEY,
        recently_authenticated,
    )

    _login(client, county_industry)
    session = client.session
    del session[SECOND_FACTOR_OWED_KEY]
    del session[AUTHENTICATED_AT_KEY]
    session.save()
    assert client.get(HOME)["Location"].startswith(ENROL)
    assert not recently_authenticated(client.session)  # deciding the steps grants no re-authentication
