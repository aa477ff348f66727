"""Two county finance officers recording payments to one award at once cannot pay more than was allocated, and
neither payment is lost: the award's fund row is locked before its figures are read.

Runs on PostgreSQL (DATABASE_URL), where SELECT … FOR UPDATE really locks the row; the overpayment check made
after the lock is slowed down, so that without the lock both would read the old total before either commits."""

from decimal import Decimal

import pytest

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from accounts.tests.factories import make_user, section
from core.choices import AuditVerb
from core.models import AuditEvent
from funds.models import AwardFund, Disbursement
from funds.services import disbursements as services
from funds.tests.ledger import HOME, allocation_issued, county_finance_in, enterprise_in, pay
from performance.tests.awarded import awarded_list
from performance.tests.concurrency import POSTGRESQL_ONLY, race, slowed
from performance.tests.concurrency import stored_pack as stored_pack  # a fixture

pytestmark = POSTGRESQL_ONLY


@pytest.fixture
def award(stored_pack):
    """One award of 100 万元 (1,000,000.00 元), allocated and issued."""
    sme = make_user(Role.CITY_SME_COORDINATOR, section("sme"))
    finance = make_user(
        Role.CITY_FINANCE_REVIEWER, Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
    )
    award_list, (application,) = awarded_list(stored_pack, sme=sme, owners=[enterprise_in(HOME)])
    allocation_issued(award_list, city_finance=finance, city_sme=sme)
    return application


@pytest.mark.parametrize(
    ("amount", "refused", "paid"),
    [
        ("600000.00", services.OVERPAYMENT.format(wan="40.00", yuan="400,000.00", amount="600,000.00"), "600000.00"),
        ("400000.00", None, "800000.00"),  # both fit: neither is lost
    ],
)
def test_two_payments_at_once_never_exceed_the_allocation(award, monkeypatch, amount, refused, paid):
    slowed(monkeypatch, services, "_refuse_overpayment")
    officers = [county_finance_in(HOME) for _ in range(2)]
    outcomes = race([
        lambda officer=officer, n=n: pay(officer, award, amount, f"记-{n}") for n, officer in enumerate(officers)
    ])  # fmt: skip
    assert outcomes == (["done", refused] if refused else ["done", "done"])
    assert AwardFund.objects.get(application=award).paid == Decimal(paid)
    recorded = 1 if refused else 2
    assert Disbursement.objects.count() == recorded
    assert AuditEvent.objects.filter(verb=AuditVerb.DISBURSEMENT_RECORDED).count() == recorded
