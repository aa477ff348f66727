"""The ledger after 调减 and 撤销 (funds/selectors.py ledger_rows): each row's award is the one in force (the list's
figure less what was withdrawn), its outstanding figure never negative (money paid above the award is a recovery,
shown apart), and over random ledgers (hypothesis) the totals by item, county, list and status still add up to
the same grand total, computed by the database."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funds.models import YUAN_PER_WAN, AwardFund
from funds.selectors import FIGURES, GROUPINGS, ledger_rows, ledger_total, ledger_totals_by
from funds.tests.test_ledger import pool as pool  # a fixture: six awards on two lists, each with an allocation
from funds.workflow import fund_status_of

pytestmark = pytest.mark.django_db
D = Decimal

cents = st.integers(min_value=1, max_value=99_999_999).map(lambda n: D(n) / 100)
fraction = st.integers(min_value=0, max_value=100)
# (award in 万元, % paid of the award, % withdrawn of the award)
award = st.tuples(cents, fraction, fraction)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(awards=st.lists(award, min_size=6, max_size=6))
def test_totals_add_up_after_reductions_and_revocations(pool, city_finance, awards):
    with transaction.atomic():
        entries = [e for award_list in pool for e in award_list.entries.order_by("pk")]
        expected = dict.fromkeys(FIGURES, D("0.00"))
        recovery_due = D("0.00")
        funds = []
        for entry, (amount_wan, paid_pct, withdrawn_pct) in zip(entries, awards, strict=True):
            entry.amount = amount_wan
            entry.save(update_fields=["amount"])
            awarded = amount_wan * YUAN_PER_WAN
            paid = (awarded * paid_pct / 100).quantize(D("0.01"))
            withdrawn = (awarded * withdrawn_pct / 100).quantize(D("0.01"))
            in_force = awarded - withdrawn
            due = max(paid - in_force, D("0.00"))
            status = fund_status_of(allocated=awarded, paid=paid, confirmed=D(0), disputed=False)
            funds.append(AwardFund(entry=entry, application_id=entry.application_id, status=status,
                                   allocation=entry.award_list.allocation, awarded=awarded, allocated=awarded,
                                   paid=paid, withdrawn=withdrawn, recovery_due=due))  # fmt: skip
            row = (in_force, awarded, paid, D(0), max(in_force - paid, D("0.00")))
            for figure, value in zip(FIGURES, row, strict=True):
                expected[figure] += value
            recovery_due += due
        AwardFund.objects.bulk_create(funds)
        rows = ledger_rows(city_finance)
        assert ledger_total(rows) == expected
        assert sum((row.recovery_due for row in rows), D("0.00")) == recovery_due
        assert all(row.outstanding >= 0 for row in rows)
        for grouping in GROUPINGS:
            groups = ledger_totals_by(rows, grouping)
            for figure in FIGURES:
                assert sum((group[figure] for group in groups), D("0.00")) == expected[figure], (grouping, figure)
        transaction.set_rollback(True)
