"""Login, failed login, lockout, logout, session and CSRF behaviour."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.forms import LOGIN_INVALID
from accounts.tests.factories import PASSWORD
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_login_page_is_chinese(client):
    body = client.get(LOGIN).content.decode()
    assert "用户登录" in body and "用户名" in body and "密码" in body


def test_login_success_is_audited_and_lands_on_home(client, county_industry):
    response = client.post(LOGIN, {"username": county_industry.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
    assert AuditEvent.objects.filter(verb="login", actor=county_industry).count() == 1


def test_wrong_password_shows_chinese_message_and_is_audited(client, county_industry):
    response = client.post(LOGIN, {"username": county_industry.username, "password": "wrong-Password1"})
    assert response.status_code == 200
    assert LOGIN_INVALID in response.content.decode()
    event = AuditEvent.objects.get(verb="login_failed")
    assert event.data["username"] == county_industry.username


# After two failures the form asks for the CAPTCHA (accounts.lockout); its test mode accepts PASSED.
CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}


def test_five_failures_lock_the_account_even_with_the_right_password(client, county_industry):
    for _ in range(5):
        client.post(LOGIN, {"username": county_industry.username, "password": "wrong-Password1", **CAPTCHA})
    response = client.post(LOGIN, {"username": county_industry.username, "password": PASSWORD, **CAPTCHA})
    assert response.status_code == 429
    assert "账号已临时锁定" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="login", actor=county_industry).exists()


def test_lockout_is_per_user_name(client, county_industry, county_finance):
    for _ in range(5):
        client.post(LOGIN, {"username": county_industry.username, "password": "wrong-Password1", **CAPTCHA})
    response = client.post(LOGIN, {"username": county_finance.username, "password": PASSWORD, **CAPTCHA})
    assert response.status_code == 302


def test_logout_requires_post_and_is_audited(client, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="logout", actor=county_industry).count() == 1


def test_expired_session_redirects_to_login_with_next_and_explains(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")
    body = client.get(response["Location"]).content.decode()
    assert "登录已过期或尚未登录" in body


def test_session_times_out_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    # Activity renews the session at most once a minute (core/tests/test_passive_session.py).
    assert settings.SESSION_RENEW_INTERVAL_SECONDS == 60


def test_login_without_csrf_token_is_refused_in_chinese(county_industry):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LOGIN, {"username": county_industry.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_passwords_are_hashed_with_argon2(county_industry):
    assert county_industry.password.startswith("argon2$")
