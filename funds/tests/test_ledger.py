"""The ledger's rows and totals (funds/selectors.py): each role's figures after an allocation, partial payments
and a receipt; and, over random ledgers (hypothesis), totals by item, county, list and status that each add up
to the same grand total, computed by the database."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funds.models import YUAN_PER_WAN, Allocation, AwardFund
from funds.selectors import FIGURES, GROUPINGS, ledger_rows, ledger_total, ledger_totals_by
from funds.services.disbursements import disbursement_receipt_confirm
from funds.tests.ledger import OTHER, county_finance_in, pay
from funds.workflow import FundStatus, fund_status_of
from performance.tests.awarded import awarded_list

pytestmark = pytest.mark.django_db
D = Decimal


def figures(total: dict) -> tuple:
    return tuple(total[figure] for figure in FIGURES)


def test_each_role_reads_its_own_totals(issued, county_finance, enterprise_admin, city_finance):
    home, other = issued
    payment = pay(county_finance, home, "400000.00")
    pay(county_finance_in(OTHER), other, "500000.00")
    disbursement_receipt_confirm(actor=enterprise_admin, disbursement=payment)
    # (awarded, allocated, paid, confirmed, outstanding)
    home_figures = (D("1000000.00"), D("1000000.00"), D("400000.00"), D("400000.00"), D("600000.00"))
    assert figures(ledger_total(ledger_rows(enterprise_admin))) == home_figures
    assert figures(ledger_total(ledger_rows(county_finance))) == home_figures
    assert figures(ledger_total(ledger_rows(city_finance))) == (
        D("1500000.00"), D("1500000.00"), D("900000.00"), D("400000.00"), D("600000.00"),
    )  # fmt: skip
    by_status = {row["key"]: figures(row) for row in ledger_totals_by(ledger_rows(city_finance), "status")}
    assert set(by_status) == {FundStatus.PARTIALLY_PAID, FundStatus.PAID}
    assert figures(ledger_total(ledger_rows(city_finance, status=FundStatus.PAID)))[2] == D("500000.00")
    assert ledger_rows(city_finance, jurisdiction_id=home.enterprise.jurisdiction_id).get().application_id == home.pk


def test_an_award_not_yet_allocated_is_pending_with_its_list_amount(final_list, city_finance):
    (row,) = ledger_rows(
        city_finance, award_list_id=final_list[0].pk, jurisdiction_id=final_list[1][0].enterprise.jurisdiction_id
    )
    assert (row.fund_status, row.awarded, row.allocated, row.outstanding) == (
        FundStatus.PENDING, D("1000000.00"), 0, D("1000000.00"),
    )  # fmt: skip


def test_the_totals_take_a_constant_number_of_queries(issued, city_finance, django_assert_num_queries):
    rows = ledger_rows(city_finance)
    with django_assert_num_queries(1):
        ledger_totals_by(rows, "county")


@pytest.fixture
def pool(stored_pack, city_sme, city_finance):
    """Six awards on two lists (two items), spread over the counties, with an allocation row per list."""
    lists = [awarded_list(stored_pack, sme=city_sme, count=3, item_number=number)[0] for number in (2, 5)]
    for n, award_list in enumerate(lists):
        Allocation.objects.create(award_list=award_list, document_number=f"池-{n}", issued_on="2024-02-01",
                                  created_by=city_finance)  # fmt: skip
    return lists


cents = st.integers(min_value=1, max_value=99_999_999).map(lambda n: D(n) / 100)  # up to 999,999.99 万元
fraction = st.integers(min_value=0, max_value=100)
award = st.tuples(cents, st.booleans(), fraction, fraction, st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(awards=st.lists(award, min_size=6, max_size=6))
def test_totals_add_up_across_every_grouping(pool, city_finance, awards):
    with transaction.atomic():
        entries = [e for award_list in pool for e in award_list.entries.order_by("pk")]
        expected = dict.fromkeys(FIGURES, D("0.00"))
        funds = []
        for entry, (amount_wan, allocated, paid_pct, confirmed_pct, disputed) in zip(entries, awards, strict=True):
            entry.amount = amount_wan
            entry.save(update_fields=["amount"])
            awarded = amount_wan * YUAN_PER_WAN
            paid = (awarded * paid_pct / 100).quantize(D("0.01")) if allocated else D(0)
            confirmed = (paid * confirmed_pct / 100).quantize(D("0.01"))
            if allocated:
                status = fund_status_of(allocated=awarded, paid=paid, confirmed=confirmed, disputed=disputed)
                funds.append(AwardFund(entry=entry, application_id=entry.application_id, status=status,
                                       allocation=entry.award_list.allocation, awarded=awarded, allocated=awarded,
                                       paid=paid, confirmed=confirmed))  # fmt: skip
            for figure, value in zip(FIGURES, (awarded, awarded if allocated else 0, paid, confirmed, awarded - paid),
                                     strict=True):  # fmt: skip
                expected[figure] += value
        AwardFund.objects.bulk_create(funds)
        rows = ledger_rows(city_finance)
        assert ledger_total(rows) == expected
        for grouping in GROUPINGS:
            groups = ledger_totals_by(rows, grouping)
            for figure in FIGURES:
                assert sum((group[figure] for group in groups), D("0.00")) == expected[figure], (grouping, figure)
        transaction.set_rollback(True)
