"""The bulk evaluator: many profiles at once, vectorised with numpy, statuses only (no explanations).

Profiles are columns: numbers and booleans as float64 with NaN for missing (booleans 1.0 / 0.0),
codes as fixed-width strings with "" for missing. Truth values are int8 in the order of
eligibility.engine.Truth (0 false, 1 unknown, 2 review, 3 true) so that "all of" is a minimum and
"any of" a maximum; statuses are int8 in the order of eligibility.statuses.ORDER. The formulas are those of the explaining evaluator (engine.py), so the
two agree exactly; tests prove it with hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from eligibility import statuses as st
from eligibility.rules import Truth, rule_facts
from policies.facts import fact_named
from policies.pack.schema import (
    AllRule,
    BooleanRule,
    Condition,
    IndustryRule,
    MembershipRule,
    Pack,
    Rule,
    SupportItem,
    ThresholdRule,
)
from policies.pack.wording import WORDING_OPERATORS

FALSE, UNKNOWN, REVIEW, TRUE = (np.int8(t) for t in (Truth.FALSE, Truth.UNKNOWN, Truth.REVIEW, Truth.TRUE))
COMPARE = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater, "<": np.less}
CODE_WIDTH = 8


@dataclass
class BulkResult:
    conditions: dict[str, np.ndarray]  # condition id -> status codes
    items: dict[str, np.ndarray]  # "3" or "1:subtype_code" -> status codes

    def labels(self, key: str) -> list[str]:
        return [st.BY_CODE[int(c)] for c in self.items[key]]


def facts_read(pack: Pack, items: Iterable[SupportItem]) -> list[str]:
    """The facts the computable conditions of a pack (its 通用申报条件, items and sub-types) read, each once, in the
    order they are met: the only columns the bulk engine needs."""
    conditions = list(pack.global_conditions)
    for item in items:
        conditions += item.conditions
        for subtype in item.subtypes:
            conditions += subtype.conditions
    names: dict[str, None] = {}
    for condition in conditions:
        if condition.kind == "computable":
            names.update(dict.fromkeys(rule_facts(condition.rule)))
    return list(names)


def columns_from_profiles(profiles: Iterable[Mapping[str, object]], names: Iterable[str]) -> dict[str, np.ndarray]:
    """Turn validated fact dicts into columns. A fact is looked up in any notice year's vocabulary (fact_named): a
    pack the workbench published for a year without a pack folder reads facts outside FACTS."""
    rows = list(profiles)
    columns: dict[str, np.ndarray] = {}
    for name in names:
        fact = fact_named(name)
        values = [row.get(name) for row in rows]
        if fact.type == "code":
            columns[name] = np.array(["" if v is None else str(v) for v in values], dtype=f"<U{CODE_WIDTH}")
        else:
            columns[name] = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return columns


def _column(columns: Mapping[str, np.ndarray], name: str, n: int) -> np.ndarray:
    column = columns.get(name)
    if column is not None:
        return column
    if fact_named(name).type == "code":
        return np.full(n, "", dtype=f"<U{CODE_WIDTH}")
    return np.full(n, np.nan)


def _growth_from_non_positive(op: str, limit: float, value: np.ndarray, base: np.ndarray) -> np.ndarray:
    """engine.growth_from_non_positive, row by row."""
    same = COMPARE[op](0.0, limit)
    if op in (">=", ">"):
        rising, falling = (TRUE if limit <= 0 else REVIEW), (FALSE if limit >= 0 else REVIEW)
    else:
        rising, falling = REVIEW, (TRUE if limit >= 0 else REVIEW)
    return np.where(value == base, TRUE if same else FALSE, np.where(value > base, rising, falling))


def _threshold(rule: ThresholdRule, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    value = _column(columns, rule.fact, n)
    missing = np.isnan(value)
    op = WORDING_OPERATORS[rule.wording]
    if not (rule.per or rule.growth_from):
        with np.errstate(invalid="ignore"):
            holds = COMPARE[op](value, rule.value)
        return np.where(missing, UNKNOWN, np.where(holds, TRUE, FALSE)).astype(np.int8)
    base = _column(columns, rule.per or rule.growth_from, n)
    missing |= np.isnan(base)
    left = value * 100.0 if rule.per else (value - base) * 100.0
    with np.errstate(invalid="ignore"):
        holds = COMPARE[op](left, rule.value * base)
        positive = base > 0
        undefined = REVIEW if rule.per else _growth_from_non_positive(op, rule.value, value, base)
    truth = np.where(positive, np.where(holds, TRUE, FALSE), undefined)
    return np.where(missing, UNKNOWN, truth).astype(np.int8)


def _industry(rule: IndustryRule, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    """engine.industry_truth, row by row: the most specific code given decides."""
    division, group, klass = (_column(columns, name, n) for name in rule.FACTS)
    given = np.where(klass != "", klass, np.where(group != "", group, division))
    length = np.char.str_len(given)
    within = np.zeros(n, dtype=bool)
    narrower = np.zeros(n, dtype=bool)
    for code in rule.industry_in:
        within |= np.char.startswith(given, code)
        narrower |= np.char.startswith(np.full(n, code, dtype=f"<U{CODE_WIDTH}"), given) & (length < len(code))
    decided = np.where(within, TRUE, np.where(narrower, UNKNOWN, FALSE))
    return np.where(given == "", UNKNOWN, decided).astype(np.int8)


def evaluate_rule_bulk(rule: Rule, columns: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    if isinstance(rule, ThresholdRule):
        return _threshold(rule, columns, n)
    if isinstance(rule, BooleanRule):
        value = _column(columns, rule.fact, n)
        holds = value == (1.0 if rule.equals else 0.0)
        return np.where(np.isnan(value), UNKNOWN, np.where(holds, TRUE, FALSE)).astype(np.int8)
    if isinstance(rule, MembershipRule):
        value = _column(columns, rule.fact, n)
        holds = np.isin(value, np.array(rule.one_of, dtype=f"<U{CODE_WIDTH}"))
        return np.where(value == "", UNKNOWN, np.where(holds, TRUE, FALSE)).astype(np.int8)
    if isinstance(rule, IndustryRule):
        return _industry(rule, columns, n)
    children = [evaluate_rule_bulk(r, columns, n) for r in (rule.all if isinstance(rule, AllRule) else rule.any)]
    stacked = np.vstack(children)
    return stacked.min(axis=0) if isinstance(rule, AllRule) else stacked.max(axis=0)


def evaluate_condition_bulk(
    condition: Condition, columns: Mapping[str, np.ndarray], n: int, verified: frozenset[str]
) -> np.ndarray:
    if condition.kind != "computable":
        return np.full(n, st.ORDER[st.NEEDS_EVIDENCE], dtype=np.int8)
    truth = evaluate_rule_bulk(condition.rule, columns, n)
    capped = bool(condition.evidence) and not set(rule_facts(condition.rule)) <= verified
    when_true = st.ORDER[st.NEEDS_EVIDENCE] if capped else st.ORDER[st.MET]
    # Only a hard condition fails; a soft or reviewer one that fails needs the section (engine.evaluate_condition).
    when_false = st.ORDER[st.NOT_MET] if condition.strictness == "hard" else st.ORDER[st.NEEDS_EVIDENCE]
    lookup = np.array([when_false, st.ORDER[st.UNKNOWN], st.ORDER[st.NEEDS_EVIDENCE], when_true], dtype=np.int8)
    return lookup[truth]


def evaluate_bulk(
    pack: Pack,
    items: list[SupportItem],
    columns: Mapping[str, np.ndarray],
    n: int,
    verified: frozenset[str] = frozenset(),
) -> BulkResult:
    """Statuses of every condition and every item (and subtype) for n profiles."""
    conditions: dict[str, np.ndarray] = {}

    def status_of(condition: Condition) -> np.ndarray:
        if condition.id not in conditions:
            conditions[condition.id] = evaluate_condition_bulk(condition, columns, n, verified)
        return conditions[condition.id]

    global_status = np.full(n, st.ORDER[st.MET], dtype=np.int8)
    for condition in pack.global_conditions:
        global_status = np.minimum(global_status, status_of(condition))
    results: dict[str, np.ndarray] = {}
    for item in items:
        item_status = global_status.copy()
        for condition in item.conditions:
            item_status = np.minimum(item_status, status_of(condition))
        if not item.subtypes:
            results[str(item.number)] = item_status
            continue
        for subtype in item.subtypes:
            sub_status = item_status.copy()
            for condition in subtype.conditions:
                sub_status = np.minimum(sub_status, status_of(condition))
            results[f"{item.number}:{subtype.code}"] = sub_status
    return BulkResult(conditions=conditions, items=results)
