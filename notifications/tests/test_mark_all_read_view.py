"""Marking every notification read: POST only, one's own only."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db
URL = reverse("notifications:mark_all_read")


def test_marks_all_own_read(client, enterprise_user, county_industry):
    NotificationFactory.create_batch(2, recipient=enterprise_user)
    theirs = NotificationFactory(recipient=county_industry)
    client.force_login(enterprise_user)
    response = client.post(URL, follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=enterprise_user, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_is_sent_to_login(client, enterprise_user):
    NotificationFactory(recipient=enterprise_user)
    assert client.post(URL).status_code == 302
    assert Notification.objects.filter(read_at=None).count() == 1


def test_wrong_method(client, enterprise_user):
    NotificationFactory(recipient=enterprise_user)
    client.force_login(enterprise_user)
    assert client.get(URL).status_code == 405
    assert Notification.objects.filter(read_at=None).count() == 1
