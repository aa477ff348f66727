"""Self-service password change."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_change")


def test_password_change_happy_path(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": "Fresh2024pass", "new_password2": "Fresh2024pass"}
    )
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Fresh2024pass")
    assert AuditEvent.objects.filter(verb="password_changed").count() == 1
    # The session survives the change.
    assert client.get(reverse("applications:mine")).status_code == 200


def test_wrong_old_password_keeps_input_and_explains(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        URL, {"old_password": "nope", "new_password1": "Fresh2024pass", "new_password2": "Fresh2024pass"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "原密码不正确" in body
    assert not AuditEvent.objects.filter(verb="password_changed").exists()


def test_mismatch_is_explained(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(URL, {"old_password": PASSWORD, "new_password1": "Fresh2024pass", "new_password2": "x"})
    assert "两次输入的新密码不一致" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


def test_wrong_method(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.put(URL).status_code == 405
