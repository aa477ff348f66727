"""The workflow table against the process the notice describes, every transition × status × role."""

import pytest

from accounts.choices import Role
from applications.workflow import TRANSITIONS, ApplicationStatus, transition_allowed

S = ApplicationStatus
ENTERPRISE = {Role.ENTERPRISE_AGENT, Role.ENTERPRISE_ADMIN}
COUNTY = {Role.COUNTY_INDUSTRY_REVIEWER, Role.COUNTY_FINANCE_REVIEWER}

# Written out from 通知 四（一） and issue 6, independently of applications/workflow.py.
EXPECTED = {
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED, ENTERPRISE),
    "withdraw": ({S.SUBMITTED}, S.WITHDRAWN, ENTERPRISE),
    "county_start": ({S.SUBMITTED}, S.COUNTY_REVIEW, COUNTY),
    "county_return": ({S.SUBMITTED, S.COUNTY_REVIEW}, S.RETURNED, COUNTY),
    "county_approve": ({S.COUNTY_REVIEW}, S.COUNTY_APPROVED, COUNTY),
    "county_reject": ({S.COUNTY_REVIEW}, S.COUNTY_REJECTED, COUNTY),
    "recommend": ({S.COUNTY_APPROVED}, S.RECOMMENDED, {Role.COUNTY_INDUSTRY_REVIEWER}),
    "quota_reject": ({S.COUNTY_APPROVED}, S.COUNTY_REJECTED, {Role.COUNTY_INDUSTRY_REVIEWER}),
    "city_start": ({S.RECOMMENDED}, S.CITY_REVIEW, {Role.CITY_SECTION_REVIEWER}),
    "city_return": ({S.RECOMMENDED, S.CITY_REVIEW}, S.RETURNED_TO_COUNTY, {Role.CITY_SECTION_REVIEWER}),
    "county_reopen": ({S.RETURNED_TO_COUNTY}, S.COUNTY_REVIEW, COUNTY),
    "city_approve": ({S.CITY_REVIEW}, S.CITY_APPROVED, {Role.CITY_SECTION_REVIEWER}),
    "city_reject": ({S.CITY_REVIEW}, S.CITY_REJECTED, {Role.CITY_SECTION_REVIEWER}),
    "publicise": ({S.CITY_APPROVED}, S.PUBLICISED, {Role.CITY_SME_COORDINATOR}),
    "award": ({S.PUBLICISED}, S.AWARDED, {Role.CITY_SME_COORDINATOR}),
    # 公示期异议成立：不予奖补 (issue 6).
    "objection_upheld": ({S.PUBLICISED}, S.CITY_REJECTED, {Role.CITY_SME_COORDINATOR}),
}


def test_the_table_is_the_expected_process():
    assert set(TRANSITIONS) == set(EXPECTED)
    for name, (sources, target, roles) in EXPECTED.items():
        transition = TRANSITIONS[name]
        assert set(transition.sources) == sources and transition.target == target and set(transition.roles) == roles


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("status", list(S.values))
@pytest.mark.parametrize("role", list(Role.values))
def test_every_transition_status_and_role(name, status, role):
    sources, _, roles = EXPECTED[name]
    allowed, reason = transition_allowed(name, status, frozenset({role}))
    assert allowed == (status in sources and role in roles)
    if not allowed:
        assert reason and ("不能" in reason)


def test_reasons_are_required_where_a_decision_goes_against_the_enterprise():
    assert {n for n, t in TRANSITIONS.items() if t.needs_reason} == {
        "county_return", "county_reject", "quota_reject", "city_return", "city_reject", "objection_upheld",
    }  # fmt: skip


def test_unknown_transition_is_refused():
    assert transition_allowed("teleport", S.DRAFT, frozenset(Role.values)) == (False, "未知的操作。")


def test_every_state_but_the_final_ones_has_a_way_out():
    """Nothing is stuck: only the end states have no transition out (公示中 ends in 已确定奖补 or 不予支持)."""
    final = {S.COUNTY_REJECTED, S.CITY_REJECTED, S.AWARDED, S.WITHDRAWN}
    with_exit = {source for t in TRANSITIONS.values() for source in t.sources}
    assert set(S.values) - with_exit == final


def test_the_enterprise_sees_an_upheld_objection_as_not_supported():
    from applications.workflow import ENTERPRISE_VIEW

    target = TRANSITIONS["objection_upheld"].target
    assert ENTERPRISE_VIEW[target] == ("不予支持", "—（办理结束）")


def test_every_state_has_one_row_of_facts_and_the_derived_sets_are_the_process():
    """Written out independently: drafts and returned applications are edited by the enterprise; a
    draft, a withdrawn or a rejected application holds no project slot (通知 四（二）); the city sees an
    application once a county has recommended it."""
    from applications.workflow import (
        CITY_VISIBLE_STATES,
        COUNTY_HELD,
        EDITABLE_STATES,
        FINAL_STATES,
        SLOT_HOLDING_STATES,
        STATES,
    )

    assert set(STATES) == set(S.values)
    assert set(EDITABLE_STATES) == {S.DRAFT, S.RETURNED}
    assert set(SLOT_HOLDING_STATES) == set(S.values) - {S.DRAFT, S.WITHDRAWN, S.COUNTY_REJECTED, S.CITY_REJECTED}
    assert set(CITY_VISIBLE_STATES) == {
        S.RECOMMENDED, S.CITY_REVIEW, S.RETURNED_TO_COUNTY, S.CITY_APPROVED, S.CITY_REJECTED, S.PUBLICISED, S.AWARDED,
    }  # fmt: skip
    assert set(FINAL_STATES) == {S.COUNTY_REJECTED, S.CITY_REJECTED, S.AWARDED, S.WITHDRAWN}
    assert {s: set(r) for s, r in COUNTY_HELD.items()} == {
        S.SUBMITTED: COUNTY,
        S.COUNTY_REVIEW: COUNTY,
        S.COUNTY_APPROVED: {Role.COUNTY_INDUSTRY_REVIEWER},
    }  # 工信 alone recommends
    # A final state has no way out in the table, except an award, which later stages (绩效, funds) follow.
    for name, transition in TRANSITIONS.items():
        assert not set(transition.sources) & set(FINAL_STATES), name


def test_quota_and_budget_states_come_from_the_table():
    from applications.workflow import BUDGET_USING_STATES, QUOTA_HOLDING_STATES

    assert set(QUOTA_HOLDING_STATES) == {S.RECOMMENDED, S.CITY_REVIEW, S.CITY_APPROVED, S.PUBLICISED, S.AWARDED}
    assert set(BUDGET_USING_STATES) == {S.CITY_APPROVED, S.PUBLICISED, S.AWARDED}


def test_no_other_module_lists_application_states():
    """The states and the sets of states live in applications/workflow.py only (issue 13): no module
    defines a status enum with the application's states, nor a collection of several of them."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    several = re.compile(r"^\w+\s*=\s*[({]?\s*(ApplicationStatus|S)\.\w+\s*,\s*(ApplicationStatus|S)\.\w+", re.M)
    enum = re.compile(r'COUNTY_REVIEW\s*=\s*"county_review"')
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in (".venv", "bench", "var") or "tests" in parts or "migrations" in parts:
            continue
        if path == root / "applications" / "workflow.py":
            continue
        text = path.read_text(encoding="utf-8")
        if several.search(text) or enum.search(text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders
