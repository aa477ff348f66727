"""applications.signals: every transition is sent once, inside the transaction, to the apps above
applications (notifications, performance) that applications does not import."""

import pytest

from applications import services
from applications.signals import application_transitioned, transitioned
from applications.tests.helpers import IN_WINDOW, new_complete
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    application_transitioned.connect(receiver, dispatch_uid="test.heard")
    yield calls
    application_transitioned.disconnect(dispatch_uid="test.heard")


def test_submission_is_sent_once_with_the_application_and_actor(stored_pack, profile, enterprise_admin, heard):
    application = new_complete(stored_pack, enterprise_admin, 2)
    services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert [(c["transition"], [a.pk for a in c["applications"]], c["actor"]) for c in heard] == [
        ("submit", [application.pk], enterprise_admin)
    ]


def test_the_apps_above_applications_listen(stored_pack, profile, enterprise_admin, county_industry):
    """Notifications and performance answer the signal: a submission tells the county and stores the targets."""
    application = new_complete(stored_pack, enterprise_admin, 2)
    services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert Notification.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.target_sheet.indicators.exists()


def test_a_receiver_that_refuses_undoes_the_transition(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)

    def refuse(sender, **kwargs):
        raise RuntimeError("receiver refused")

    application_transitioned.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    finally:
        application_transitioned.disconnect(dispatch_uid="test.refuse")
    application.refresh_from_db()
    assert application.status == "draft" and application.receipt_number in ("", None)


def test_nothing_is_sent_for_no_application(heard):
    transitioned("submit", [], actor=None)
    assert heard == []
