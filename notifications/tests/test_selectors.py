"""unread_count and inbox: one user's notifications only, newest first."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import inbox, unread_count
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_unread_count_counts_only_the_users_unread(enterprise_user, county_industry):
    NotificationFactory.create_batch(2, recipient=enterprise_user)
    NotificationFactory(recipient=enterprise_user, read=True)
    NotificationFactory(recipient=county_industry)
    assert unread_count(enterprise_user) == 2
    assert unread_count(AnonymousUser()) == 0


def test_inbox_is_newest_first_and_private(enterprise_user, county_industry):
    old, new = NotificationFactory.create_batch(2, recipient=enterprise_user)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    NotificationFactory(recipient=county_industry)
    assert list(inbox(enterprise_user)) == [new, old]
    assert list(inbox(AnonymousUser())) == []
