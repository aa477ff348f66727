"""Two parallel submissions that would together break the 2-project limit: exactly one wins.

Runs on PostgreSQL (CI sets DATABASE_URL), where SELECT … FOR UPDATE really locks the enterprise's
profile row; SQLite has no row locks to test.
"""

import time

from applications import services
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus
from core.tests.concurrency import POSTGRESQL_ONLY, race

pytestmark = POSTGRESQL_ONLY


def test_parallel_submissions_cannot_break_the_project_limit(stored_pack, profile, enterprise_admin, monkeypatch):
    profile.data.update({"ip_innovation_results": 3, "has_own_brand": True})
    profile.save()
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=2, submitted=True)
    racers = [ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=number, complete=True)
              for number in (5, 7)]  # fmt: skip
    # Widen the window between the rule checks and the commit, so that without the row lock both
    # submissions would pass the checks before either commits (verified by removing the lock).
    evaluate = services._eligibility

    def slow_eligibility(*args, **kwargs):
        time.sleep(0.5)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(services, "_eligibility", slow_eligibility)
    outcomes = race(
        [lambda a=a: services.application_submit(actor=enterprise_admin, application=a, now=IN_WINDOW) for a in racers],
        done="submitted",
    )
    assert sorted(o == "submitted" for o in outcomes) == [False, True], outcomes
    assert any("申报项目数合计不得超过2个" in o for o in outcomes)
    statuses = Application.objects.filter(pk__in=[a.pk for a in racers]).values_list("status", flat=True)
    assert sorted(statuses) == [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 2
