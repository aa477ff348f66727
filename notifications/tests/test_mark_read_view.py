"""Marking one notification read: POST only, the recipient only (404 for anyone else), htmx gets the row."""

import pytest
from django.urls import reverse

from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _url(notification):
    return reverse("notifications:mark_read", args=[notification.pk])


def test_marks_read_and_returns_to_the_inbox(client, enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user)
    client.force_login(enterprise_user)
    response = client.post(_url(notification))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:inbox")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_htmx_gets_only_the_row_and_a_badge_refresh(client, enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user, title="县级审核通过")
    client.force_login(enterprise_user)
    response = client.post(_url(notification), headers={"HX-Request": "true"})
    body = response.content.decode().strip()
    assert body.startswith(f'<li class="message" id="notification-{notification.pk}">') and body.endswith("</li>")
    assert "已读" in body and "标为已读" not in body and "<html" not in body
    assert response["HX-Trigger"] == "notifications-changed"


def test_another_users_notification_is_not_found(client, enterprise_user, county_industry):
    notification = NotificationFactory(recipient=enterprise_user)
    client.force_login(county_industry)
    assert client.post(_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_anonymous_is_sent_to_login(client, enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user)
    login = f"{reverse('accounts:login')}?next={reverse('notifications:inbox')}"
    response = client.post(_url(notification))
    assert response.status_code == 302 and response["Location"] == login
    # htmx after the session ended: the whole page goes to the login, not the row.
    response = client.post(_url(notification), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == login
    notification.refresh_from_db()
    assert notification.read_at is None


def test_wrong_method(client, enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user)
    client.force_login(enterprise_user)
    assert client.get(_url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None
