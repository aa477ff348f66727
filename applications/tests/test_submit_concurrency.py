"""Two parallel submissions that would together break the 2-project limit: exactly one wins.

Runs on PostgreSQL (CI sets DATABASE_URL), where SELECT … FOR UPDATE really locks the enterprise's
profile row; SQLite has no row locks to test.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from applications import services
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (run in CI with DATABASE_URL)"
    ),
]


def test_parallel_submissions_cannot_break_the_project_limit(stored_pack, profile, enterprise_admin, monkeypatch):
    profile.data.update({"ip_innovation_results": 3, "has_own_brand": True})
    profile.save()
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=2, submitted=True)
    racers = [ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=number, complete=True)
              for number in (5, 7)]  # fmt: skip
    barrier = threading.Barrier(len(racers))
    # Widen the window between the rule checks and the commit, so that without the row lock both
    # submissions would pass the checks before either commits (verified by removing the lock).
    evaluate = services._eligibility

    def slow_eligibility(*args, **kwargs):
        time.sleep(0.5)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(services, "_eligibility", slow_eligibility)
    outcomes: list[str] = []

    def submit(application):
        try:
            barrier.wait(timeout=10)
            services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
            outcomes.append("submitted")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(a,)) for a in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o == "submitted" for o in outcomes) == [False, True], outcomes
    assert any("申报项目数合计不得超过2个" in o for o in outcomes)
    statuses = Application.objects.filter(pk__in=[a.pk for a in racers]).values_list("status", flat=True)
    assert sorted(statuses) == [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 2
