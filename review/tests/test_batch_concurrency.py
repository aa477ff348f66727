"""Two recommendation batches of one county race for the one item-3 place: exactly one wins.

PostgreSQL only (CI sets DATABASE_URL): the jurisdiction row lock is what serialises the two sends.
"""

import datetime as dt
import time

from accounts.choices import Role
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus as S
from core.tests.concurrency import POSTGRESQL_ONLY, race
from review import services
from review.selectors import batch_sign_off_facts

pytestmark = POSTGRESQL_ONLY


def _approved_item3(pack, jurisdiction):
    enterprise = EnterpriseFactory(jurisdiction=jurisdiction)
    owner = make_user(Role.ENTERPRISE_ADMIN, enterprise)
    return Application.objects.create(enterprise=enterprise, pack=pack, item=pack.items.get(number=3), forms=[],
                                      status=S.COUNTY_APPROVED, created_by=owner)  # fmt: skip


def test_two_batches_race_for_the_one_item_3_place(stored_pack, county_industry, county_finance, monkeypatch):
    jurisdiction = county_industry.organisation.jurisdiction
    batches = []
    for _ in range(2):
        batch = services.batch_create(actor=county_industry, applications=[_approved_item3(stored_pack, jurisdiction)])
        services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
        services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
        batches.append(batch)
    # Widen the window between the quota check and the commit (verified: without the lock both win).
    check = services._check_quota

    def slow_check(**kwargs):
        check(**kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(services, "_check_quota", slow_check)
    when = dt.datetime(2023, 8, 20, 9, 0, tzinfo=IN_WINDOW.tzinfo)
    outcomes = race(
        [lambda b=b: services.batch_send(actor=county_industry, batch=b, now=when) for b in batches], done="sent"
    )
    assert sorted(o == "sent" for o in outcomes) == [False, True], outcomes
    assert any("限报1个" in o or "不是县级审核通过状态" in o for o in outcomes), outcomes
    assert Application.objects.filter(item__number=3, status=S.RECOMMENDED).count() == 1
