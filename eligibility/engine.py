"""The explaining evaluator: one profile against a pack, clause by clause, with reasons.

Pure Python over the pack's pydantic models and a dict of facts: no ORM, no request.
A missing fact is "信息不足", never "不符合" (unlike rules engines that read missing as 0 or false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eligibility import statuses as st
from eligibility.profile import FactValue
from eligibility.rules import InputUsed, Truth, evaluate_rule, rule_facts
from policies.pack.schema import Condition, Pack, Subtype, SupportItem

SOFT_WARNING = "本条是“原则上”的要求，不是硬性条件：未满足时仍可提交，请在申报材料中说明情况，由审核部门认定。"
REVIEWER_NOTE = "由审核部门评审认定（本条供审核参考，不影响提交）"


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
    strictness: str = "hard"
    warning: str = ""

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
    process_rules: tuple[str, ...] = ()  # cross-item rules of the notice, checked at submission and recommendation
    preferences: tuple[str, ...] = ()  # "优先支持…": a ranking preference, not a condition

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings of soft conditions that failed: an enterprise must read them before it applies."""
        return tuple(c.warning for c in self.conditions if c.warning)

    @property
    def key(self) -> str:
        return f"{self.number}:{self.subtype_code}" if self.subtype_code else str(self.number)


def evaluate_condition(
    condition: Condition, facts: dict[str, FactValue], verified: frozenset[str] = frozenset()
) -> ConditionResult:
    common = {
        "id": condition.id,
        "clause": condition.clause,
        "source": condition.source,
        "kind": condition.kind,
        "evidence": tuple(condition.evidence),
        "strictness": condition.strictness,
    }
    if condition.kind == "attestation":
        return ConditionResult(
            status=st.NEEDS_EVIDENCE, explanation="需企业承诺并提供佐证材料，由审核部门核实", **common
        )
    if condition.kind == "judgement":
        return ConditionResult(status=st.NEEDS_EVIDENCE, explanation="定性条件，由审核部门评审认定", **common)
    outcome = evaluate_rule(condition.rule, facts)
    detail = {"inputs": outcome.inputs, "threshold": outcome.threshold}
    if outcome.truth is Truth.UNKNOWN:
        return ConditionResult(
            status=st.UNKNOWN, explanation=f"信息不足：{outcome.text}", missing=outcome.missing, **detail, **common
        )
    if outcome.truth is Truth.FALSE:
        if condition.strictness == "soft":
            return ConditionResult(
                status=st.NEEDS_EVIDENCE, explanation=f"需佐证：{outcome.text}", gap=outcome.gap,
                warning=SOFT_WARNING, **detail, **common,
            )  # fmt: skip
        if condition.strictness == "reviewer":
            return ConditionResult(
                status=st.NEEDS_EVIDENCE, explanation=f"{REVIEWER_NOTE}：{outcome.text}", gap=outcome.gap,
                **detail, **common,
            )  # fmt: skip
        return ConditionResult(
            status=st.NOT_MET, explanation=f"不符合：{outcome.text}", gap=outcome.gap, **detail, **common
        )
    if outcome.truth is Truth.REVIEW:
        return ConditionResult(status=st.NEEDS_EVIDENCE, explanation=f"需佐证：{outcome.text}", **detail, **common)
    if condition.evidence and not set(rule_facts(condition.rule)) <= verified:
        return ConditionResult(
            status=st.NEEDS_EVIDENCE,
            explanation=f"需佐证：{outcome.text}（企业自报，需提供佐证材料）",
            **detail,
            **common,
        )
    return ConditionResult(status=st.MET, explanation=f"符合：{outcome.text}", **detail, **common)


def process_rules(pack: Pack, number: int) -> tuple[str, ...]:
    """The notice's cross-item rules that concern an item, as what they are: rules of the process."""
    rules: list[str] = []
    for rule in pack.exclusions:
        if number in rule.items:
            rules.append(f"互斥规则：{rule.clause}（{rule.source}；提交时检查）")
    for rule in pack.quotas:
        if number in rule.items:
            rules.append(f"限报名额：{rule.clause}（{rule.source}；县市区、市直园区联合推荐时择优）")
    limit = pack.project_limit
    clause = re.sub(r"^[(（][一二三四五六七八九十\d]+[)）]", "", limit.clause)
    if number in limit.excluded_items:
        rules.append(f"项目数限额：本项不计入“{clause.removesuffix('。')}”的限额（{limit.source}）")
    else:
        rules.append(f"项目数限额：{clause}（{limit.source}；提交时检查）")
    return tuple(rules)


def evaluate_item(
    pack: Pack,
    item: SupportItem,
    facts: dict[str, FactValue],
    verified: frozenset[str] = frozenset(),
    subtype: Subtype | None = None,
    *,
    global_results: tuple[ConditionResult, ...] | None = None,
) -> ItemResult:
    """Global conditions of section 二, then the item's, then the subtype's; combined as "all of".

    `global_results`: the global conditions already evaluated against the same facts and `verified`
    (evaluate_global_conditions), shared by every item of one evaluation."""
    if global_results is None:
        global_results = evaluate_global_conditions(pack, facts, verified)
    own = list(item.conditions) + (list(subtype.conditions) if subtype else [])
    results = global_results + tuple(evaluate_condition(c, facts, verified) for c in own)
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
        process_rules=process_rules(pack, item.number),
        preferences=tuple(p.clause for p in item.preferences),
    )


def evaluate_global_conditions(
    pack: Pack, facts: dict[str, FactValue], verified: frozenset[str] = frozenset()
) -> tuple[ConditionResult, ...]:
    return tuple(evaluate_condition(c, facts, verified) for c in pack.global_conditions)


def evaluate_pack(
    pack: Pack, items: list[SupportItem], facts: dict[str, FactValue], verified: frozenset[str] = frozenset()
) -> list[ItemResult]:
    """One result per item without subtypes, and one per subtype of items that have them.

    The global conditions depend on the facts alone, so they are evaluated once and their (frozen) results
    shared by every item: they were 147 of the 253 conditions of the 2023 pack's 21 results (issue 17)."""
    shared = evaluate_global_conditions(pack, facts, verified)
    out: list[ItemResult] = []
    for item in items:
        if item.subtypes:
            out += [evaluate_item(pack, item, facts, verified, s, global_results=shared) for s in item.subtypes]
        else:
            out.append(evaluate_item(pack, item, facts, verified, global_results=shared))
    return out


def item_verdicts(results: list[ItemResult]) -> dict[int, str]:
    """An item with subtypes is as good as its best subtype."""
    verdicts: dict[int, list[str]] = {}
    for r in results:
        verdicts.setdefault(r.number, []).append(r.status)
    return {n: st.combine_any(s) for n, s in verdicts.items()}
