"""Two county finance officers recording repayments of one recovery at once cannot recover more than is due, and
neither repayment is lost: the award's fund row is locked before the recovery's figures are read.

PostgreSQL only (DATABASE_URL); the over-recovery check made after the lock is slowed down, so that without the
lock both would read the old total before either commits."""

from decimal import Decimal

import pytest

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from accounts.tests.factories import make_user, section
from core.choices import AuditVerb
from core.models import AuditEvent
from core.tests.concurrency import POSTGRESQL_ONLY, race, slowed
from funds.models import Recovery, Repayment
from funds.services import recovery as services
from funds.tests.ledger import HOME, allocation_issued, county_finance_in, enterprise_in, pay
from funds.tests.recovery import cosign, decide, repay
from performance.tests.awarded import awarded_list
from performance.tests.concurrency import stored_pack as stored_pack  # a fixture

pytestmark = POSTGRESQL_ONLY


@pytest.fixture
def recovery(stored_pack):
    """An award of 100 万元, 40 万元 paid, then revoked: 400,000.00 元 due back."""
    sme = make_user(Role.CITY_SME_COORDINATOR, section("sme"))
    finance = make_user(
        Role.CITY_FINANCE_REVIEWER, Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
    )
    award_list, (application,) = awarded_list(stored_pack, sme=sme, owners=[enterprise_in(HOME)])
    allocation_issued(award_list, city_finance=finance, city_sme=sme)
    pay(county_finance_in(HOME), application, "400000.00")
    cosign(finance, decide(sme, application))
    return Recovery.objects.get(fund__application=application)


@pytest.mark.parametrize(
    ("amount", "refused", "recovered"),
    [
        ("300000.00", services.OVER_RECOVERY.format(wan="10.00", yuan="100,000.00", amount="300,000.00"), "300000.00"),
        ("200000.00", None, "400000.00"),  # both fit exactly: neither is lost, and the recovery is settled
    ],
)
def test_two_repayments_at_once_never_exceed_what_is_due(recovery, monkeypatch, amount, refused, recovered):
    slowed(monkeypatch, services, "_refuse_over_recovery")
    officers = [county_finance_in(HOME) for _ in range(2)]
    outcomes = race([
        lambda officer=officer, n=n: repay(officer, recovery, amount, f"缴-{n}") for n, officer in enumerate(officers)
    ])  # fmt: skip
    assert outcomes == (["done", refused] if refused else ["done", "done"])
    recovery.refresh_from_db()
    assert recovery.recovered == Decimal(recovered)
    written = 1 if refused else 2
    assert Repayment.objects.count() == written
    assert AuditEvent.objects.filter(verb=AuditVerb.REPAYMENT_RECORDED).count() == written
