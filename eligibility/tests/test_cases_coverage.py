"""Coverage of the 2023 pack's rule cases (policy_packs/hengyang-2023-gxj51/cases.yaml).

Pure data checks, no database and no engine: the cases are the engine's specification, so this file
only makes sure they are well-formed and cover every condition:
  - every computable condition (global, item, subtype) has a case expecting met or needs_evidence,
    one expecting not_met and one expecting unknown;
  - every threshold has a case named "exact" whose facts put the value exactly on the threshold
    (an exclusive wording such as 超过/高于 must then be not_met);
  - every branch of an `any` rule carries the condition on its own in some case;
  - every attestation and judgement condition appears (as needs_evidence).
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pytest

from eligibility.rules import Truth, industry_truth
from policies.facts import FACTS
from policies.pack.loader import LoadedPack, iter_rules, load_pack_unchanged
from policies.pack.schema import (
    AllRule,
    AnyRule,
    BooleanRule,
    Case,
    Condition,
    IndustryRule,
    MembershipRule,
    Rule,
    ThresholdRule,
)

PACK_DIR = Path(__file__).resolve().parents[2] / "policy_packs" / "hengyang-2023-gxj51"
PASSING = {"met", "needs_evidence"}
EXCLUSIVE = {">", "<"}


@cache
def pack() -> LoadedPack:
    return load_pack_unchanged(PACK_DIR)


def cases() -> list[Case]:
    loaded = pack()
    assert loaded.cases is not None, "cases.yaml is missing"
    return loaded.cases.cases


def all_conditions() -> list[Condition]:
    loaded = pack()
    out = list(loaded.pack.global_conditions)
    for item in loaded.items:
        out += item.conditions
        for sub in item.subtypes:
            out += sub.conditions
    return out


def conditions_in_scope(case: Case) -> dict[str, Condition]:
    """The conditions a case's verdict combines: global, the item's and the chosen subtype's."""
    item = pack().item(case.item)
    conds = list(pack().pack.global_conditions) + list(item.conditions)
    if case.subtype:
        conds += next(s for s in item.subtypes if s.code == case.subtype).conditions
    return {c.id: c for c in conds}


def computable() -> list[Condition]:
    return [c for c in all_conditions() if c.kind == "computable"]


def thresholds() -> list[tuple[Condition, int, ThresholdRule]]:
    return [
        (c, k, leaf)
        for c in computable()
        for k, leaf in enumerate(iter_rules(c.rule))
        if isinstance(leaf, ThresholdRule)
    ]


def cases_expecting(condition_id: str) -> list[Case]:
    return [case for case in cases() if condition_id in case.expect]


def threshold_value(rule: ThresholdRule, facts: dict) -> float | None:
    """The compared value (fact, ratio or growth) or None when a fact is missing or the base is not positive."""
    value = facts.get(rule.fact)
    other_name = rule.per or rule.growth_from
    if value is None or isinstance(value, (bool, str)):
        return None
    if other_name is None:
        return float(value)
    other = facts.get(other_name)
    if other is None or isinstance(other, (bool, str)) or other <= 0:
        return None
    if rule.per:
        return value / other * 100
    return (value - other) / other * 100


def truth(rule: Rule, facts: dict) -> bool | None:
    """Three-valued truth of a rule under the brief's semantics (None = unknown, or left to the section)."""
    if isinstance(rule, AllRule):
        parts = [truth(p, facts) for p in rule.all]
        return False if False in parts else (None if None in parts else True)
    if isinstance(rule, AnyRule):
        parts = [truth(p, facts) for p in rule.any]
        return True if True in parts else (None if None in parts else False)
    if isinstance(rule, IndustryRule):
        codes = [str(facts[n]) if facts.get(n) is not None else "" for n in rule.FACTS]
        decided = industry_truth(rule, codes)[0]
        return {Truth.TRUE: True, Truth.FALSE: False}.get(decided)
    value = facts.get(rule.fact)
    if isinstance(rule, BooleanRule):
        return None if value is None else value == rule.equals
    if isinstance(rule, MembershipRule):
        return None if value is None else str(value) in rule.one_of
    if value is None:
        return None
    other_name = rule.per or rule.growth_from
    if other_name:
        if facts.get(other_name) is None:
            return None
        if facts[other_name] <= 0:
            return None  # a share of zero, or growth from zero or a loss: see docs/facts.md
    compared = threshold_value(rule, facts)
    op = rule.operator
    return {
        ">=": compared >= rule.value,
        "<=": compared <= rule.value,
        ">": compared > rule.value,
        "<": compared < rule.value,
    }[op]


def rule_facts(rule: Rule | None) -> set[str]:
    names: set[str] = set()
    for leaf in iter_rules(rule):
        names |= set(leaf.facts())
    return names


# ---------------------------------------------------------------------------
# Well-formed cases
# ---------------------------------------------------------------------------


def test_cases_file_loads_and_names_are_unique():
    names = [c.name for c in cases()]
    assert len(names) > 0
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates, f"duplicate case names: {duplicates}"


def test_every_case_names_a_real_item_subtype_facts_and_conditions():
    numbers = {i.number for i in pack().items}
    problems = []
    for case in cases():
        if case.item not in numbers:
            problems.append(f"{case.name}: no item {case.item}")
            continue
        item = pack().item(case.item)
        codes = {s.code for s in item.subtypes}
        if case.subtype is not None and case.subtype not in codes:
            problems.append(f"{case.name}: item {case.item} has no subtype {case.subtype}")
            continue
        if item.subtype_required and case.subtype is None:
            problems.append(f"{case.name}: item {case.item} needs a subtype")
        for name in case.facts:
            if name not in FACTS:
                problems.append(f"{case.name}: unknown fact {name}")
        for name in case.verified:
            if name not in case.facts:
                problems.append(f"{case.name}: verified fact {name} is not among the facts")
        if not case.expect:
            problems.append(f"{case.name}: expects nothing")
        scope = conditions_in_scope(case)
        for cid in case.expect:
            if cid not in scope:
                problems.append(f"{case.name}: condition {cid} does not apply to item {case.item}/{case.subtype}")
    assert not problems, "\n".join(problems)


def test_fact_values_match_their_types():
    problems = []
    for case in cases():
        for name, value in case.facts.items():
            fact = FACTS.get(name)
            if fact is None or value is None:
                continue
            if fact.type == "boolean" and not isinstance(value, bool):
                problems.append(f"{case.name}: {name} must be true/false, got {value!r}")
            if fact.type in ("number", "integer") and (isinstance(value, bool) or not isinstance(value, (int, float))):
                problems.append(f"{case.name}: {name} must be a number, got {value!r}")
            if fact.type == "code" and isinstance(value, (bool, float)):
                problems.append(f"{case.name}: {name} must be a code, got {value!r}")
    assert not problems, "\n".join(problems)


def test_facts_are_minimal():
    """A case carries only the facts its expected conditions use (a verdict case: its whole scope)."""
    problems = []
    for case in cases():
        scope = conditions_in_scope(case)
        conds = scope.values() if case.verdict else [scope[c] for c in case.expect if c in scope]
        used = set().union(*(rule_facts(c.rule) for c in conds)) if conds else set()
        extra = sorted(set(case.facts) - used)
        if extra:
            problems.append(f"{case.name}: facts not used by its conditions: {extra}")
    assert not problems, "\n".join(problems)


def test_attestation_and_judgement_expect_needs_evidence():
    problems = []
    for case in cases():
        scope = conditions_in_scope(case)
        for cid, status in case.expect.items():
            cond = scope.get(cid)
            if cond is not None and cond.kind != "computable" and status != "needs_evidence":
                problems.append(f"{case.name}: {cid} is {cond.kind}, expected needs_evidence not {status}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("condition", computable(), ids=lambda c: c.id)
def test_computable_condition_passes_fails_and_is_unknown(condition: Condition):
    statuses = {case.expect[condition.id] for case in cases_expecting(condition.id)}
    assert statuses & PASSING, f"{condition.id}: no case where it passes (met or needs_evidence)"
    if condition.strictness == "hard":
        assert "not_met" in statuses, f"{condition.id}: no case where it fails (not_met)"
    else:  # a soft or reviewer clause that fails goes to the section: 需佐证, never 不符合
        failing = [c for c in cases_expecting(condition.id) if truth(condition.rule, c.facts) is False]
        assert failing, f"{condition.id}: no case where its rule fails"
        assert {c.expect[condition.id] for c in failing} == {"needs_evidence"}, condition.id
    assert "unknown" in statuses, f"{condition.id}: no case with the fact missing (unknown)"


@pytest.mark.parametrize(
    ("condition", "index", "leaf"),
    thresholds(),
    ids=[f"{c.id}[{k}]" for c, k, _ in thresholds()],
)
def test_threshold_has_an_exact_case(condition: Condition, index: int, leaf: ThresholdRule):
    exact = [
        case
        for case in cases_expecting(condition.id)
        if "exact" in case.name
        and (value := threshold_value(leaf, case.facts)) is not None
        and math.isclose(value, leaf.value, rel_tol=1e-9, abs_tol=1e-9)
    ]
    assert exact, (
        f"{condition.id}: no case named 'exact' puts {leaf.fact} {leaf.wording} {leaf.value:g}{leaf.unit} on the threshold"
    )
    if condition.rule == leaf:
        # A plain threshold: at the exact value an inclusive wording passes and an exclusive one fails.
        statuses = {case.expect[condition.id] for case in exact}
        if leaf.operator in EXCLUSIVE:
            assert statuses == {"not_met"}, f"{condition.id}: {leaf.wording} excludes {leaf.value:g}, got {statuses}"
        else:
            assert statuses <= PASSING, f"{condition.id}: {leaf.wording} includes {leaf.value:g}, got {statuses}"


def test_every_exact_case_lands_on_a_threshold():
    problems = []
    for case in cases():
        if "exact" not in case.name:
            continue
        scope = conditions_in_scope(case)
        hits = [
            leaf
            for cid in case.expect
            for leaf in iter_rules(scope[cid].rule)
            if isinstance(leaf, ThresholdRule)
            and (value := threshold_value(leaf, case.facts)) is not None
            and math.isclose(value, leaf.value, rel_tol=1e-9, abs_tol=1e-9)
        ]
        if not hits:
            problems.append(f"{case.name}: named 'exact' but no threshold value equals its threshold")
    assert not problems, "\n".join(problems)


def _any_branches() -> list[tuple[Condition, int, Rule]]:
    return [(c, k, branch) for c in computable() if isinstance(c.rule, AnyRule) for k, branch in enumerate(c.rule.any)]


@pytest.mark.parametrize(
    ("condition", "index", "branch"),
    _any_branches(),
    ids=[f"{c.id}[{k}]" for c, k, _ in _any_branches()],
)
def test_any_rule_branch_carries_the_condition_alone(condition: Condition, index: int, branch: Rule):
    assert isinstance(condition.rule, AnyRule)
    others = [b for k, b in enumerate(condition.rule.any) if k != index]
    carrying = [
        case
        for case in cases_expecting(condition.id)
        if case.expect[condition.id] in PASSING
        and truth(branch, case.facts) is True
        and all(truth(b, case.facts) is not True for b in others)
    ]
    assert carrying, f"{condition.id}: no passing case where only branch {index} holds"


@pytest.mark.parametrize(
    "condition",
    [c for c in all_conditions() if c.kind != "computable"],
    ids=lambda c: c.id,
)
def test_attestation_and_judgement_conditions_appear(condition: Condition):
    assert any(case.expect.get(condition.id) == "needs_evidence" for case in cases_expecting(condition.id)), (
        f"{condition.id} ({condition.kind}): no case shows needs_evidence"
    )


def test_verified_and_verdict_cases_are_present():
    verified_met = [
        case
        for case in cases()
        if case.verified
        and any(status == "met" for cid, status in case.expect.items() if not cid.startswith("global."))
    ]
    assert len(verified_met) >= 3, "need a few cases where verified facts make an evidence condition met"
    verdicts = {case.verdict for case in cases() if case.verdict}
    assert {"needs_evidence", "not_met", "unknown"} <= verdicts, f"verdict cases only show {verdicts}"
    # Global (二)(三) are attestation/judgement, so no item can be met outright.
    assert "met" not in verdicts
