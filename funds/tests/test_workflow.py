"""The fund status table, walked as a matrix: every state × transition × role is allowed exactly where the
issue's rules say, and the status that follows from an award's figures."""

from decimal import Decimal

import pytest

from accounts.choices import Role
from funds.workflow import TRANSITIONS, FundStatus, fund_status_of, transition_allowed

S = FundStatus
ENTERPRISE = {Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT}
# The rules, written from the issue rather than copied from the table: (transition, state) → who may act.
EXPECTED = {
    ("allocate", S.PENDING): {Role.CITY_SME_COORDINATOR},
    **{("disburse", s): {Role.COUNTY_FINANCE_REVIEWER} for s in (S.ALLOCATED, S.PARTIALLY_PAID, S.DISCREPANCY)},
    **{("receipt_confirm", s): ENTERPRISE for s in (S.PARTIALLY_PAID, S.PAID, S.DISCREPANCY)},
    **{("discrepancy_report", s): ENTERPRISE for s in (S.PARTIALLY_PAID, S.PAID, S.DISCREPANCY)},
    ("disbursement_correct", S.DISCREPANCY): {Role.COUNTY_FINANCE_REVIEWER},
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("role", list(Role))
def test_every_state_transition_and_role(status, name, role):
    reason = transition_allowed(name, status, frozenset({role}))
    allowed = role in EXPECTED.get((name, status), set())
    assert (reason == "") is allowed
    if not allowed:
        # A refusal is a Chinese sentence naming the step, never an internal key.
        assert TRANSITIONS[name].label in reason and name not in reason


def test_every_transition_has_a_rule_and_every_state_is_reached():
    assert {name for name, _ in EXPECTED} == set(TRANSITIONS)
    reached = {target for t in TRANSITIONS.values() for target in t.targets}
    assert reached | {S.PENDING} == set(S)


@pytest.mark.parametrize(
    ("allocated", "paid", "confirmed", "disputed", "status"),
    [
        ("100", "0", "0", False, S.ALLOCATED),
        ("100", "40", "40", False, S.PARTIALLY_PAID),
        ("100", "100", "40", False, S.PAID),
        ("100", "100", "100", False, S.RECEIPT_CONFIRMED),
        ("100", "100", "0", True, S.DISCREPANCY),
        ("100", "40", "0", True, S.DISCREPANCY),
    ],
)
def test_the_status_follows_from_the_figures(allocated, paid, confirmed, disputed, status):
    figures = {"allocated": Decimal(allocated), "paid": Decimal(paid), "confirmed": Decimal(confirmed)}
    assert fund_status_of(**figures, disputed=disputed) == status
