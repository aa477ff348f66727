"""The explaining evaluator: one profile against a pack, clause by clause, with reasons.

Pure Python over the pack's pydantic models and a dict of facts: no ORM, no request.
A missing fact is "信息不足", never "不符合" (unlike rules engines that read missing as 0 or false).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eligibility import statuses as st
from eligibility.facts import FACTS
from eligibility.profile import FactValue
from policies.pack.schema import (
    AllRule,
    AnyRule,
    BooleanRule,
    Condition,
    MembershipRule,
    Pack,
    Rule,
    Subtype,
    SupportItem,
    ThresholdRule,
)
from policies.pack.wording import OPERATOR_LABELS, WORDING_OPERATORS, compare

# Wordings written after the number ("2亿元以上"); the others come before it ("不少于300万元").
SUFFIX_WORDINGS = {"以上", "及以上", "以下", "以内", "届满"}

# Kleene truth values of a rule: True, False or None (unknown).
Truth = bool | None


@dataclass(frozen=True)
class InputUsed:
    fact: str
    label: str
    value: FactValue
    unit: str | None


@dataclass(frozen=True)
class RuleOutcome:
    truth: Truth
    inputs: tuple[InputUsed, ...] = ()
    missing: tuple[str, ...] = ()
    threshold: str = ""
    gap: str = ""
    text: str = ""


@dataclass(frozen=True)
class ConditionResult:
    id: str
    clause: str
    source: str
    kind: str
    status: str
    explanation: str
    inputs: tuple[InputUsed, ...] = ()
    missing: tuple[str, ...] = ()
    threshold: str = ""
    gap: str = ""
    evidence: tuple[str, ...] = ()

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]


@dataclass(frozen=True)
class ItemResult:
    number: int
    name: str
    status: str
    conditions: tuple[ConditionResult, ...]
    subtype_code: str | None = None
    subtype_name: str | None = None
    missing: tuple[str, ...] = field(default=())

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]

    @property
    def key(self) -> str:
        return f"{self.number}:{self.subtype_code}" if self.subtype_code else str(self.number)


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _label(name: str) -> str:
    fact = FACTS.get(name)
    return fact.label if fact else name


def _unit(name: str) -> str | None:
    fact = FACTS.get(name)
    return fact.unit if fact else None


def _present(facts: dict[str, FactValue], name: str) -> bool:
    return facts.get(name) is not None


def rule_facts(rule: Rule) -> list[str]:
    """Every fact a rule names, in order, without repeats."""
    if isinstance(rule, AllRule | AnyRule):
        out: list[str] = []
        for child in rule.all if isinstance(rule, AllRule) else rule.any:
            out += [n for n in rule_facts(child) if n not in out]
        return out
    names = [rule.fact]
    if isinstance(rule, ThresholdRule):
        names += [n for n in (rule.per, rule.growth_from) if n]
    return names


def threshold_sides(rule: ThresholdRule, facts: dict[str, FactValue]) -> tuple[float, float, float | None] | None:
    """(left, right, shown value) such that the clause holds iff `left <op> right`.

    Ratios and growth rates are cross-multiplied so that both evaluators compare the same floats
    (3 / 100 * 100 is not exactly 3). Returns None for an undefined ratio (base <= 0): not met.
    """
    value = float(facts[rule.fact])
    if rule.per:
        base = float(facts[rule.per])
        if base <= 0:
            return None
        return value * 100.0, rule.value * base, value / base * 100.0
    if rule.growth_from:
        base = float(facts[rule.growth_from])
        if base <= 0:
            return None
        return (value - base) * 100.0, rule.value * base, (value - base) / base * 100.0
    return value, rule.value, value


def _threshold(rule: ThresholdRule, facts: dict[str, FactValue]) -> RuleOutcome:
    names = [n for n in (rule.fact, rule.per, rule.growth_from) if n]
    missing = tuple(n for n in names if not _present(facts, n))
    inputs = tuple(InputUsed(n, _label(n), facts.get(n), _unit(n)) for n in names if _present(facts, n))
    op = WORDING_OPERATORS[rule.wording]
    what = _label(rule.fact)
    if rule.per:
        what = f"{_label(rule.fact)}占{_label(rule.per)}的比重"
    elif rule.growth_from:
        what = f"{_label(rule.fact)}较{_label(rule.growth_from)}的增幅"
    amount = f"{fmt(rule.value)}{rule.unit}"
    phrase = f"{amount}{rule.wording}" if rule.wording in SUFFIX_WORDINGS else f"{rule.wording}{amount}"
    threshold = f"{phrase}（{OPERATOR_LABELS[op]} {amount}）"
    if missing:
        return RuleOutcome(None, inputs, missing, threshold, text=f"缺少“{'”“'.join(_label(n) for n in missing)}”")
    sides = threshold_sides(rule, facts)
    if sides is None:
        base = rule.per or rule.growth_from
        return RuleOutcome(False, inputs, (), threshold, text=f"{_label(base)}为零或负数，无法计算{what}，视为不符合")
    left, right, shown = sides
    holds = compare(left, op, right)
    shown_text = f"{what} {fmt(shown)}{rule.unit}"
    if holds:
        return RuleOutcome(True, inputs, (), threshold, text=f"{shown_text}，满足“{threshold}”")
    gap = ""
    if op in (">=", ">"):
        gap = f"差 {fmt(rule.value - shown)}{'个百分点' if rule.unit == '%' else rule.unit}"
        if op == ">" and rule.value == shown:
            gap = f"须超过 {fmt(rule.value)}{rule.unit}"
    else:
        gap = f"超出 {fmt(shown - rule.value)}{rule.unit}"
    return RuleOutcome(False, inputs, (), threshold, gap, f"{shown_text}，不满足“{threshold}”，{gap}")


def _boolean(rule: BooleanRule, facts: dict[str, FactValue]) -> RuleOutcome:
    label = _label(rule.fact)
    expected = "是" if rule.equals else "否"
    if not _present(facts, rule.fact):
        return RuleOutcome(None, (), (rule.fact,), f"须为“{expected}”", text=f"缺少“{label}”")
    value = bool(facts[rule.fact])
    inputs = (InputUsed(rule.fact, label, value, None),)
    actual = "是" if value else "否"
    holds = value == rule.equals
    text = f"“{label}”为“{actual}”" + ("" if holds else f"，须为“{expected}”")
    return RuleOutcome(holds, inputs, (), f"须为“{expected}”", text=text)


def _membership(rule: MembershipRule, facts: dict[str, FactValue]) -> RuleOutcome:
    label = _label(rule.fact)
    allowed = "、".join(rule.one_of)
    if not _present(facts, rule.fact):
        return RuleOutcome(None, (), (rule.fact,), f"属于 {allowed}", text=f"缺少“{label}”")
    value = str(facts[rule.fact])
    holds = value in rule.one_of
    text = f"“{label}”为 {value}" + ("" if holds else f"，不属于 {allowed}")
    return RuleOutcome(holds, (InputUsed(rule.fact, label, value, None),), (), f"属于 {allowed}", text=text)


def evaluate_rule(rule: Rule, facts: dict[str, FactValue]) -> RuleOutcome:
    if isinstance(rule, ThresholdRule):
        return _threshold(rule, facts)
    if isinstance(rule, BooleanRule):
        return _boolean(rule, facts)
    if isinstance(rule, MembershipRule):
        return _membership(rule, facts)
    parts = [evaluate_rule(r, facts) for r in (rule.all if isinstance(rule, AllRule) else rule.any)]
    truths = [p.truth for p in parts]
    if isinstance(rule, AllRule):
        truth: Truth = False if False in truths else (None if None in truths else True)
        joiner = "；"
    else:
        truth = True if True in truths else (None if None in truths else False)
        joiner = "；或 "
    inputs: list[InputUsed] = []
    missing: list[str] = []
    for p in parts:
        inputs += [i for i in p.inputs if i not in inputs]
        missing += [m for m in p.missing if m not in missing]
    gap = next((p.gap for p in parts if p.gap), "") if truth is False else ""
    return RuleOutcome(
        truth,
        tuple(inputs),
        tuple(missing) if truth is None else (),
        joiner.join(p.threshold for p in parts if p.threshold),
        gap,
        joiner.join(p.text for p in parts),
    )


def evaluate_condition(
    condition: Condition, facts: dict[str, FactValue], verified: frozenset[str] = frozenset()
) -> ConditionResult:
    common = {
        "id": condition.id,
        "clause": condition.clause,
        "source": condition.source,
        "kind": condition.kind,
        "evidence": tuple(condition.evidence),
    }
    if condition.kind == "attestation":
        return ConditionResult(
            status=st.NEEDS_EVIDENCE, explanation="需企业承诺并提供佐证材料，由审核部门核实", **common
        )
    if condition.kind == "judgement":
        return ConditionResult(status=st.NEEDS_EVIDENCE, explanation="定性条件，由审核部门评审认定", **common)
    outcome = evaluate_rule(condition.rule, facts)
    detail = {"inputs": outcome.inputs, "threshold": outcome.threshold}
    if outcome.truth is None:
        return ConditionResult(
            status=st.UNKNOWN, explanation=f"信息不足：{outcome.text}", missing=outcome.missing, **detail, **common
        )
    if outcome.truth is False:
        return ConditionResult(
            status=st.NOT_MET, explanation=f"不符合：{outcome.text}", gap=outcome.gap, **detail, **common
        )
    if condition.evidence and not set(rule_facts(condition.rule)) <= verified:
        return ConditionResult(
            status=st.NEEDS_EVIDENCE,
            explanation=f"需佐证：{outcome.text}（企业自报，需提供佐证材料）",
            **detail,
            **common,
        )
    return ConditionResult(status=st.MET, explanation=f"符合：{outcome.text}", **detail, **common)


def evaluate_item(
    pack: Pack,
    item: SupportItem,
    facts: dict[str, FactValue],
    verified: frozenset[str] = frozenset(),
    subtype: Subtype | None = None,
) -> ItemResult:
    """Global conditions of section 二, then the item's, then the subtype's; combined as "all of"."""
    conditions = list(pack.global_conditions) + list(item.conditions) + (list(subtype.conditions) if subtype else [])
    results = tuple(evaluate_condition(c, facts, verified) for c in conditions)
    missing: list[str] = []
    for r in results:
        missing += [m for m in r.missing if m not in missing]
    return ItemResult(
        number=item.number,
        name=item.name,
        status=st.combine_all(r.status for r in results),
        conditions=results,
        subtype_code=subtype.code if subtype else None,
        subtype_name=subtype.name if subtype else None,
        missing=tuple(missing),
    )


def evaluate_pack(
    pack: Pack, items: list[SupportItem], facts: dict[str, FactValue], verified: frozenset[str] = frozenset()
) -> list[ItemResult]:
    """One result per item without subtypes, and one per subtype of items that have them."""
    out: list[ItemResult] = []
    for item in items:
        if item.subtypes:
            out += [evaluate_item(pack, item, facts, verified, s) for s in item.subtypes]
        else:
            out.append(evaluate_item(pack, item, facts, verified))
    return out


def item_verdicts(results: list[ItemResult]) -> dict[int, str]:
    """An item with subtypes is as good as its best subtype."""
    verdicts: dict[int, list[str]] = {}
    for r in results:
        verdicts.setdefault(r.number, []).append(r.status)
    return {n: st.combine_any(s) for n, s in verdicts.items()}
