"""Shaping evaluation results for the JSON API, the CLI and the calculator page; cross-item warnings."""

from __future__ import annotations

from eligibility import statuses as st
from eligibility.engine import ConditionResult, ItemResult, item_verdicts
from eligibility.rules import InputUsed
from policies.pack.schema import Pack, SupportItem

ELIGIBLE = {st.MET, st.NEEDS_EVIDENCE}


def cross_item_warnings(pack: Pack, items: list[SupportItem], results: list[ItemResult]) -> list[str]:
    """The notice's cross-item rules as warnings; they are enforced at submission and recommendation."""
    verdicts = item_verdicts(results)
    names = {i.number: i.name for i in items}
    eligible = [n for n, v in verdicts.items() if v in ELIGIBLE]
    warnings: list[str] = []
    limit = pack.project_limit
    counted = [n for n in eligible if n not in limit.excluded_items]
    if len(counted) > limit.max_projects:
        warnings.append(
            f"您可能符合 {len(counted)} 个事项，但{limit.clause.removeprefix('(二)')}请选择最合适的 {limit.max_projects} 个。"
        )
    for rule in pack.exclusions:
        both = [n for n in rule.items if n in eligible]
        if len(both) > 1:
            listed = "与".join(f"第{n}项“{names[n]}”" for n in both)
            warnings.append(f"{listed}不能同时申报：{rule.clause}")
    for rule in pack.quotas:
        for n in rule.items:
            if n in eligible:
                warnings.append(
                    f"第{n}项“{names[n]}”{rule.clause.removesuffix('。')}，需经县市区、园区联合推荐择优上报。"
                )
    return warnings


def input_to_dict(used: InputUsed) -> dict:
    return {"fact": used.fact, "label": used.label, "value": used.value, "unit": used.unit}


def condition_to_dict(condition: ConditionResult) -> dict:
    """A condition's fields in their dataclass order, then its label: what `dataclasses.asdict` gave, built
    field by field because asdict's deep copy was a third of the API's CPU (issue 17). The tuples are kept as
    tuples (asdict's copies of immutable values); tests/test_reports.py holds this to asdict's output."""
    c = condition
    return {
        "id": c.id, "clause": c.clause, "source": c.source, "kind": c.kind, "status": c.status,
        "explanation": c.explanation, "inputs": [input_to_dict(i) for i in c.inputs], "missing": c.missing,
        "threshold": c.threshold, "gap": c.gap, "evidence": c.evidence, "strictness": c.strictness,
        "warning": c.warning, "status_label": c.status_label,
    }  # fmt: skip


def result_to_dict(result: ItemResult) -> dict:
    return {
        "number": result.number,
        "name": result.name,
        "subtype": result.subtype_code,
        "subtype_name": result.subtype_name,
        "status": result.status,
        "status_label": result.status_label,
        "missing": list(result.missing),
        "conditions": [condition_to_dict(c) for c in result.conditions],
    }


def report_to_dict(
    *, pack_id: str, version: int, results: list[ItemResult], warnings: list[str], name: str = ""
) -> dict:
    return {
        "pack": {"id": pack_id, "version": version},
        "name": name,
        "items": [result_to_dict(r) for r in results],
        "item_verdicts": {str(k): v for k, v in item_verdicts(results).items()},
        "warnings": warnings,
    }


def explanation_text(result: ItemResult) -> str:
    """What keeps an item from 符合, one sentence per condition: the batch's --explain column."""
    parts = [f"{c.clause}：{c.explanation}" for c in result.conditions if c.status != st.MET]
    return "；".join(parts) if parts else "全部条件符合"


def report_to_table(results: list[ItemResult]) -> str:
    lines = []
    for r in results:
        title = f"{r.number}. {r.name}" + (f"（{r.subtype_name}）" if r.subtype_name else "")
        lines.append(f"【{r.status_label}】{title}")
        for c in r.conditions:
            if c.status != st.MET:
                lines.append(f"    【{c.status_label}】{c.clause}：{c.explanation}")
                if c.warning:
                    lines.append(f"        提示：{c.warning}")
        lines += [f"    {rule}" for rule in r.process_rules]
    return "\n".join(lines)
