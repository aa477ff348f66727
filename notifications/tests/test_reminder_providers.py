"""The daily reminder run asks the apps above notifications for their reminders (notifications.signals
.reminders_due) without importing them: `reminders_send_all` and `manage.py send_reminders` count them in."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from notifications.choices import NotificationVerb
from notifications.services import notification_build, notifications_store, reminders_send_all
from notifications.signals import reminders_due

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 1, 17)


@pytest.fixture
def provider(enterprise_admin):
    """A stand-in app that reminds the enterprise admin once, and records the days it was asked about."""
    asked = []

    def remind(sender, *, today, **kwargs):
        asked.append(today)
        return notifications_store([
            notification_build(recipient=enterprise_admin, application=None, verb=NotificationVerb.REMINDER,
                               title="测试提醒", body="", url="")
        ])  # fmt: skip

    reminders_due.connect(remind, dispatch_uid="test.provider")
    yield asked
    reminders_due.disconnect(dispatch_uid="test.provider")


def test_every_provider_is_asked_and_its_reminders_counted(provider, enterprise_admin):
    sent = reminders_send_all(today=TODAY)
    assert provider == [TODAY]
    assert [(n.recipient, n.title) for n in sent if n.title == "测试提醒"] == [(enterprise_admin, "测试提醒")]


def test_the_command_reports_the_providers_reminders_too(provider):
    out = StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out)
    assert provider == [TODAY]
    assert "2024-01-17：已发送 1 条提醒。" in out.getvalue()
