"""The 调减/撤销 and 追回 tables, walked as a matrix: every state × step × role is allowed exactly where the
issue's rules say; a refusal is a Chinese sentence naming the step."""

from decimal import Decimal

import pytest

from accounts.choices import Role
from funds.choices import AdjustmentStatus, RecoveryStatus
from funds.workflow import (
    ADJUSTMENT_LABELS,
    ADJUSTMENT_TRANSITIONS,
    NEW,
    RECOVERY_LABELS,
    RECOVERY_TRANSITIONS,
    recovery_status_of,
    step_allowed,
)

A, R = AdjustmentStatus, RecoveryStatus
# The rules, written from the issue rather than copied from the tables: (step, state) → who may act.
EXPECTED = {
    ("adjustment_decide", NEW): {Role.CITY_SME_COORDINATOR},
    ("adjustment_cosign", A.DECIDED): {Role.CITY_FINANCE_REVIEWER},
    ("recovery_open", NEW): {Role.CITY_FINANCE_REVIEWER},
    ("recovery_extend", R.OPEN): {Role.CITY_FINANCE_REVIEWER},
    ("recovery_extend", R.SETTLED): {Role.CITY_FINANCE_REVIEWER},
    ("repayment_record", R.OPEN): {Role.COUNTY_FINANCE_REVIEWER},
}
TABLES = [
    (ADJUSTMENT_TRANSITIONS, ADJUSTMENT_LABELS, [NEW, *A]),
    (RECOVERY_TRANSITIONS, RECOVERY_LABELS, [NEW, *R]),
]
CASES = [(table, labels, name, status) for table, labels, states in TABLES for name in table for status in states]


@pytest.mark.parametrize(("table", "labels", "name", "status"), CASES)
@pytest.mark.parametrize("role", list(Role))
def test_every_state_step_and_role(table, labels, name, status, role):
    reason = step_allowed(table, labels, name, status, frozenset({role}))
    allowed = role in EXPECTED.get((name, status), set())
    assert (reason == "") is allowed
    if not allowed:
        assert table[name].label in reason and name not in reason and "_" not in reason


def test_every_step_has_a_rule_and_every_state_is_reached():
    names = {name for name, _ in EXPECTED}
    assert names == set(ADJUSTMENT_TRANSITIONS) | set(RECOVERY_TRANSITIONS)
    assert {t for step in ADJUSTMENT_TRANSITIONS.values() for t in step.targets} == set(A)
    assert {t for step in RECOVERY_TRANSITIONS.values() for t in step.targets} == set(R)


@pytest.mark.parametrize(
    ("due", "recovered", "status"), [("100", "0", R.OPEN), ("100", "99.99", R.OPEN), ("100", "100", R.SETTLED)]
)
def test_a_recovery_is_settled_when_all_is_repaid(due, recovered, status):
    assert recovery_status_of(due=Decimal(due), recovered=Decimal(recovered)) == status
