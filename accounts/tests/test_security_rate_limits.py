"""Issue 16 §4, login: a lockout holds a user name at one address only (a stranger cannot lock an official out from
elsewhere), the CAPTCHA appears after failures, logins are limited per address, and an administrator clears a
lockout through an audited page."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.lockout_views import LOCKOUT_CLEARED
from accounts.tests.factories import PASSWORD
from core.captcha import CAPTCHA_REQUIRED
from core.models import AuditEvent
from core.ratelimit import RATE_LIMITED

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
LOCKOUTS = reverse("accounts:lockouts")
STRANGER = "198.51.100.66"
OFFICE = "203.0.113.20"
WRONG = "wrong-Password1"


def _login(username, password, ip, **extra):
    return Client().post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def _fail(username, ip, times):
    for _ in range(times):
        _login(username, WRONG, ip, captcha_0="test", captcha_1="PASSED")


def test_a_stranger_cannot_lock_an_official_out_from_elsewhere(county_industry):
    _fail(county_industry.username, STRANGER, 5)
    locked = _login(county_industry.username, PASSWORD, STRANGER, captcha_0="test", captcha_1="PASSED")
    assert locked.status_code == 429 and "账号已临时锁定" in locked.content.decode()
    # The official, at the office: the CAPTCHA (the user name has failures), then in.
    assert _login(county_industry.username, PASSWORD, OFFICE, captcha_0="test", captcha_1="PASSED").status_code == 302


def test_the_captcha_appears_after_failures_from_an_address(county_industry):
    client = Client(REMOTE_ADDR=STRANGER)
    assert 'name="captcha_1"' not in client.get(LOGIN).content.decode()
    _fail(county_industry.username, STRANGER, 2)  # LOGIN_CAPTCHA_AFTER_FAILURES
    assert 'name="captcha_1"' in client.get(LOGIN).content.decode()
    failures = AuditEvent.objects.filter(verb="login_failed").count()
    response = client.post(LOGIN, {"username": county_industry.username, "password": PASSWORD})
    assert response.status_code == 200 and CAPTCHA_REQUIRED in response.content.decode()
    # No password was tried: neither a login nor another failure.
    assert not AuditEvent.objects.filter(verb="login").exists()
    assert AuditEvent.objects.filter(verb="login_failed").count() == failures


def test_the_captcha_appears_for_a_user_name_tried_from_many_addresses(county_industry):
    for n in range(2):
        _fail(county_industry.username, f"198.51.100.{n}", 1)
    response = _login(county_industry.username, PASSWORD, "198.51.100.99")
    assert response.status_code == 200 and CAPTCHA_REQUIRED in response.content.decode()


def test_logins_are_limited_per_address(settings, county_industry):
    settings.RATE_LIMITS = {"login": {"ip": "3/10m"}}
    settings.LOGIN_CAPTCHA_AFTER_FAILURES = 100
    statuses = [_login(county_industry.username, WRONG, STRANGER).status_code for _ in range(3)]
    refused = _login(county_industry.username, PASSWORD, STRANGER)
    assert statuses == [200, 200, 200] and refused.status_code == 429
    assert RATE_LIMITED.split("{")[0] in refused.content.decode()
    assert not AuditEvent.objects.filter(verb="login").exists()
    assert _login(county_industry.username, PASSWORD, OFFICE).status_code == 302


def test_the_system_administrator_clears_a_lockout_and_it_is_audited(client, admin, county_industry):
    _fail(county_industry.username, OFFICE, 5)
    attempt = AccessAttempt.objects.get(username=county_industry.username)
    client.force_login(admin)
    body = client.get(LOCKOUTS).content.decode()
    assert county_industry.username in body and OFFICE in body and "解除锁定" in body
    response = client.post(reverse("accounts:lockout_clear", args=[attempt.pk]), follow=True)
    assert LOCKOUT_CLEARED.format(username=county_industry.username, ip=OFFICE) in response.content.decode()
    event = AuditEvent.objects.get(verb="login_lockout_cleared")
    assert event.actor == admin and event.target_id == str(county_industry.pk)
    assert event.data["username"] == county_industry.username and event.data["ip_address"] == OFFICE
    assert event.data["failures"] == 5
    assert _login(county_industry.username, PASSWORD, OFFICE, captcha_0="test", captcha_1="PASSED").status_code == 302


def test_an_administrators_lockout_is_the_security_administrators(client, admin, auditor, security_admin):
    _fail(auditor.username, OFFICE, 5)
    attempt = AccessAttempt.objects.get(username=auditor.username)
    client.force_login(admin)
    assert "由安全管理员解除" in client.get(LOCKOUTS).content.decode()
    assert client.post(reverse("accounts:lockout_clear", args=[attempt.pk])).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert not AuditEvent.objects.filter(verb="login_lockout_cleared").exists()
    client.force_login(security_admin)
    assert client.post(reverse("accounts:lockout_clear", args=[attempt.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()


@pytest.mark.parametrize("persona", ["auditor", "county_industry", "enterprise_admin"])
def test_others_do_not_see_the_page(client, request, persona, county_industry):
    _fail(county_industry.username, OFFICE, 5)
    attempt = AccessAttempt.objects.get(username=county_industry.username)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LOCKOUTS).status_code == 404
    assert client.post(reverse("accounts:lockout_clear", args=[attempt.pk])).status_code == 404
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_wrong_methods(client, admin):
    client.force_login(admin)
    assert client.post(LOCKOUTS).status_code == 405
    assert client.get(reverse("accounts:lockout_clear", args=[1])).status_code == 405
