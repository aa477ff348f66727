"""notify_users and the key of a message sent once: what other apps' services use to tell people in their own
transaction (performance's 绩效目标 and monitoring reminders)."""

import pytest
from django.db import IntegrityError, transaction

from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.services import notification_build, notifications_store, notify_users

pytestmark = pytest.mark.django_db


def test_each_recipient_is_told_once_and_never_the_actor(enterprise_admin, enterprise_agent, county_industry):
    sent = notify_users(
        actor=county_industry, recipients=[enterprise_admin, enterprise_agent, enterprise_admin, county_industry],
        application=None, verb=NotificationVerb.ACTION_REQUIRED, title="绩效目标退回修改：智能产线改造",
        body="退回理由：请提高新增产值目标", url="/applications/1/",
    )  # fmt: skip
    assert sorted(n.recipient.username for n in sent) == sorted([enterprise_admin.username, enterprise_agent.username])
    assert Notification.objects.count() == 2 and {n.title for n in sent} == {"绩效目标退回修改：智能产线改造"}


def test_nobody_to_tell_writes_nothing(county_industry, django_assert_num_queries):
    with django_assert_num_queries(0):
        sent = notify_users(
            actor=county_industry, recipients=[county_industry], application=None,
            verb=NotificationVerb.STATUS_CHANGED, title="x", body="", url="",
        )  # fmt: skip
    assert sent == [] and not Notification.objects.exists()


def test_a_long_title_is_shortened_not_refused(enterprise_admin):
    (notification,) = notify_users(
        actor=None, recipients=[enterprise_admin], application=None, verb=NotificationVerb.STATUS_CHANGED,
        title="长" * 300, body="", url="",
    )  # fmt: skip
    assert len(notification.title) == 255 and notification.title.endswith("…")


def test_a_keyed_message_cannot_reach_the_same_person_twice(enterprise_admin, enterprise_agent):
    def keyed(user):
        return notification_build(
            recipient=user, application=None, verb=NotificationVerb.REMINDER, title="绩效监控填报提醒", body="",
            url="", key="monitoring:1:due_in_3",
        )  # fmt: skip

    notifications_store([keyed(enterprise_admin), keyed(enterprise_agent)])  # the same key, another person
    with pytest.raises(IntegrityError), transaction.atomic():
        notifications_store([keyed(enterprise_admin)])
    # Messages without a key are not limited.
    for _ in range(2):
        notify_users(actor=None, recipients=[enterprise_admin], application=None,
                     verb=NotificationVerb.STATUS_CHANGED, title="t", body="", url="")  # fmt: skip
    assert Notification.objects.filter(recipient=enterprise_admin).count() == 3
