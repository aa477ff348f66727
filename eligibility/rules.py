"""Rules as truth values with reasons: one threshold, yes/no, code list or industry rule, and their
combinations. Pure Python over the pack's rule models and a dict of facts; eligibility/engine.py turns
a rule's outcome into a condition's status, and eligibility/bulk.py computes the same truths for many
profiles at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from core.industry import name_of
from eligibility.profile import FactValue
from policies.facts import FACTS
from policies.pack.schema import (
    AllRule,
    AnyRule,
    BooleanRule,
    IndustryRule,
    MembershipRule,
    Rule,
    ThresholdRule,
)
from policies.pack.wording import OPERATOR_LABELS, WORDING_OPERATORS, compare

# Wordings written after the number ("2亿元以上"); the others come before it ("不少于300万元").
SUFFIX_WORDINGS = {"以上", "及以上", "以下", "以内", "届满"}


class Truth(IntEnum):
    """A rule's truth value, ordered so that "all of" is the minimum and "any of" the maximum.

    REVIEW: the facts are known but cannot decide the clause by themselves (a growth rate from a
    zero or negative base, a share of a zero total); the section judges it (需佐证, never 不符合).
    """

    FALSE = 0
    UNKNOWN = 1
    REVIEW = 2
    TRUE = 3


# The status a condition takes from its rule's truth (a true rule may still be capped at 需佐证).


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


def fmt(value: float | None, places: int = 2) -> str:
    """A number as a person writes it: at most `places` decimals, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
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
    return rule.facts()


def growth_from_non_positive(op: str, limit: float, value: float, base: float) -> Truth:
    """A growth clause whose base year is zero or a loss: the rate is undefined, the direction is not.

    No change is a growth of 0. An increase satisfies "growth above a limit <= 0" (呈上升势头) and a
    decrease fails "growth of at least a limit >= 0"; anything else needs the section (docs/facts.md).
    """
    if value == base:
        return Truth.TRUE if compare(0.0, op, limit) else Truth.FALSE
    rising = value > base
    if op in (">=", ">"):
        if rising and limit <= 0:
            return Truth.TRUE
        if not rising and limit >= 0:
            return Truth.FALSE
    elif not rising and limit >= 0:
        return Truth.TRUE
    return Truth.REVIEW


def threshold_truth(rule: ThresholdRule, facts: dict[str, FactValue]) -> tuple[Truth, float | None]:
    """(truth, the value shown) of a threshold whose facts are all present.

    Ratios and growth rates are cross-multiplied so that both evaluators compare the same floats
    (3 / 100 * 100 is not exactly 3). A share of a total <= 0 is undefined: REVIEW.
    """
    value = float(facts[rule.fact])
    op = WORDING_OPERATORS[rule.wording]
    if rule.per:
        base = float(facts[rule.per])
        if base <= 0:
            return Truth.REVIEW, None
        holds = compare(value * 100.0, op, rule.value * base)
        return (Truth.TRUE if holds else Truth.FALSE), value / base * 100.0
    if rule.growth_from:
        base = float(facts[rule.growth_from])
        if base <= 0:
            return growth_from_non_positive(op, rule.value, value, base), None
        holds = compare((value - base) * 100.0, op, rule.value * base)
        return (Truth.TRUE if holds else Truth.FALSE), (value - base) / base * 100.0
    return (Truth.TRUE if compare(value, op, rule.value) else Truth.FALSE), value


def _threshold(rule: ThresholdRule, facts: dict[str, FactValue]) -> RuleOutcome:
    names = rule.facts()
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
    ranking = rule.unit == "位"
    threshold = phrase if ranking else f"{phrase}（{OPERATOR_LABELS[op]} {amount}）"
    if missing:
        return RuleOutcome(
            Truth.UNKNOWN, inputs, missing, threshold, text=f"缺少“{'”“'.join(_label(n) for n in missing)}”"
        )
    truth, shown = threshold_truth(rule, facts)
    if shown is None:
        base = rule.per or rule.growth_from
        value, base_value = float(facts[rule.fact]), float(facts[base])
        if rule.per:
            text = f"{_label(base)}为 {fmt(base_value)}{_unit(base) or ''}，无法计算{what}"
        else:
            change = "持平" if value == base_value else ("增长" if value > base_value else "下降")
            text = (
                f"{_label(base)}为 {fmt(base_value)}{_unit(base) or ''}、{_label(rule.fact)}为 "
                f"{fmt(value)}{_unit(rule.fact) or ''}（{change}），上年为零或亏损，增幅无法按百分比计算"
            )
        if truth is Truth.TRUE:
            text += f"，满足“{phrase}”"
        elif truth is Truth.FALSE:
            text += f"，不满足“{phrase}”"
        else:
            text += "，由审核部门认定"
        return RuleOutcome(truth, inputs, (), threshold, text=text)
    if ranking:
        shown_text = f"{what}第 {fmt(shown)} 位"
    else:
        places = 2 if truth is Truth.TRUE or fmt(shown) != fmt(rule.value) else 4
        shown_text = f"{what} {fmt(shown, places)}{rule.unit}"
    if truth is Truth.TRUE:
        return RuleOutcome(truth, inputs, (), threshold, text=f"{shown_text}，满足“{phrase}”")
    if ranking:
        return RuleOutcome(truth, inputs, (), threshold, text=f"{shown_text}，未进入“{phrase}”")
    gap = ""
    if op in (">=", ">"):
        gap = f"差 {fmt(rule.value - shown)}{'个百分点' if rule.unit == '%' else rule.unit}"
        if op == ">" and rule.value == shown:
            gap = f"须超过 {fmt(rule.value)}{rule.unit}"
    else:
        gap = f"超出 {fmt(shown - rule.value)}{'个百分点' if rule.unit == '%' else rule.unit}"
    return RuleOutcome(truth, inputs, (), threshold, gap, f"{shown_text}，不满足“{phrase}”，{gap}")


def _truth(holds: bool) -> Truth:
    return Truth.TRUE if holds else Truth.FALSE


def _boolean(rule: BooleanRule, facts: dict[str, FactValue]) -> RuleOutcome:
    label = _label(rule.fact)
    expected = "是" if rule.equals else "否"
    if not _present(facts, rule.fact):
        return RuleOutcome(Truth.UNKNOWN, (), (rule.fact,), f"须为“{expected}”", text=f"缺少“{label}”")
    value = bool(facts[rule.fact])
    inputs = (InputUsed(rule.fact, label, value, None),)
    actual = "是" if value else "否"
    holds = value == rule.equals
    text = f"“{label}”为“{actual}”" + ("" if holds else f"，须为“{expected}”")
    return RuleOutcome(_truth(holds), inputs, (), f"须为“{expected}”", text=text)


def _membership(rule: MembershipRule, facts: dict[str, FactValue]) -> RuleOutcome:
    fact = FACTS.get(rule.fact)
    label = _label(rule.fact)
    allowed = "、".join(fact.value_label(v) if fact else v for v in rule.one_of)
    requirement = f"为 {allowed}" + ("之一" if len(rule.one_of) > 1 else "")
    if not _present(facts, rule.fact):
        return RuleOutcome(Truth.UNKNOWN, (), (rule.fact,), requirement, text=f"缺少“{label}”")
    value = str(facts[rule.fact])
    holds = value in rule.one_of
    shown = fact.value_label(value) if fact else value
    text = f"“{label}”为{shown}" + ("" if holds else f"，须{requirement}")
    return RuleOutcome(_truth(holds), (InputUsed(rule.fact, label, value, None),), (), requirement, text=text)


def _industry_name(code: str) -> str:
    return f"{name_of(code) or '（代码表中没有）'}（{code}）"


def industry_truth(rule: IndustryRule, codes: list[str]) -> tuple[Truth, str, str | None]:
    """(truth, the code that decided, the listed code it lies within) for the enterprise's codes.

    `codes` are the division, group and class given ("" when not given); the most specific decides.
    """
    given = next((c for c in reversed(codes) if c), "")
    if not given:
        return Truth.UNKNOWN, "", None
    within = next((c for c in rule.industry_in if given.startswith(c)), None)
    if within:
        return Truth.TRUE, given, within
    if any(c.startswith(given) and len(c) > len(given) for c in rule.industry_in):
        return Truth.UNKNOWN, given, None
    return Truth.FALSE, given, None


def _industry(rule: IndustryRule, facts: dict[str, FactValue]) -> RuleOutcome:
    names = rule.facts()
    codes = [str(facts[n]) if _present(facts, n) else "" for n in names]
    inputs = tuple(InputUsed(n, _label(n), facts[n], None) for n in names if _present(facts, n))
    sectors = "、".join(_industry_name(c) for c in rule.industry_in)
    threshold = f"属于 {sectors}"
    truth, given, within = industry_truth(rule, codes)
    if not given:
        return RuleOutcome(Truth.UNKNOWN, inputs, (names[0],), threshold, text=f"缺少“{_label(names[0])}”")
    enterprise = f"所属行业“{given} {name_of(given) or ''}”".replace(" ”", "”")
    if truth is Truth.TRUE:
        return RuleOutcome(truth, inputs, (), threshold, text=f"{enterprise}属于{_industry_name(within)}")
    if truth is Truth.UNKNOWN:
        narrower = [c for c in rule.industry_in if c.startswith(given)]
        finer = names[len(given) - 1]  # a 2-digit code asks for the 中类, a 3-digit one for the 小类
        examples = "、".join(_industry_name(c) for c in narrower[:3])
        text = f"{enterprise}下只有部分行业属于本项（如 {examples}），请填写“{_label(finer)}”以便判定"
        return RuleOutcome(truth, inputs, (finer,), threshold, text=text)
    return RuleOutcome(truth, inputs, (), threshold, text=f"{enterprise}不属于本项所列行业")


def evaluate_rule(rule: Rule, facts: dict[str, FactValue]) -> RuleOutcome:
    if isinstance(rule, ThresholdRule):
        return _threshold(rule, facts)
    if isinstance(rule, BooleanRule):
        return _boolean(rule, facts)
    if isinstance(rule, MembershipRule):
        return _membership(rule, facts)
    if isinstance(rule, IndustryRule):
        return _industry(rule, facts)
    parts = [evaluate_rule(r, facts) for r in (rule.all if isinstance(rule, AllRule) else rule.any)]
    truths = [p.truth for p in parts]
    truth = min(truths) if isinstance(rule, AllRule) else max(truths)
    joiner = "；" if isinstance(rule, AllRule) else "；或 "
    # The parts that decide: for "any of" that is met, the alternatives that hold (not those that failed).
    deciding = [p for p in parts if p.truth == truth]
    inputs: list[InputUsed] = []
    missing: list[str] = []
    for p in deciding:
        inputs += [i for i in p.inputs if i not in inputs]
        missing += [m for m in p.missing if m not in missing]
    gap = next((p.gap for p in deciding if p.gap), "") if truth is Truth.FALSE else ""
    return RuleOutcome(
        truth,
        tuple(inputs),
        tuple(missing) if truth is Truth.UNKNOWN else (),
        joiner.join(p.threshold for p in parts if p.threshold),
        gap,
        ("；" if truth is Truth.TRUE or isinstance(rule, AllRule) else joiner).join(p.text for p in deciding),
    )
