"""notification_mark_read and notifications_mark_all_read: only the recipient, nothing audited."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from notifications.models import Notification
from notifications.services import notification_mark_read, notifications_mark_all_read
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_the_recipient_marks_it_read(enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user)
    notification_mark_read(actor=enterprise_user, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert not AuditEvent.objects.exists()  # read receipts are not audited


def test_marking_again_keeps_the_first_read_time(enterprise_user):
    notification = NotificationFactory(recipient=enterprise_user, read=True)
    first = notification.read_at
    notification_mark_read(actor=enterprise_user, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at == first


@pytest.mark.parametrize("who", ["other", "anonymous"])
def test_nobody_else_may_mark_it_and_nothing_changes(who, enterprise_user, county_industry):
    notification = NotificationFactory(recipient=enterprise_user)
    actor = county_industry if who == "other" else AnonymousUser()
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=actor, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_actors_notifications(enterprise_user, county_industry):
    mine = NotificationFactory.create_batch(3, recipient=enterprise_user)
    NotificationFactory(recipient=enterprise_user, read=True)
    theirs = NotificationFactory(recipient=county_industry)
    assert notifications_mark_all_read(actor=enterprise_user) == 3
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_refuses_an_anonymous_actor(enterprise_user):
    NotificationFactory(recipient=enterprise_user)
    with pytest.raises(PermissionDenied):
        notifications_mark_all_read(actor=AnonymousUser())
    assert Notification.objects.filter(read_at=None).count() == 1
