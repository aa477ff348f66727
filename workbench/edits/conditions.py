"""Edits of an item's 申报条件: each condition quotes its clause and, when computable, compares one fact of the
year's vocabulary in the notice's own words (以上、超过、不满… for numbers; 等于 是/否; 属于 a list of codes)."""

from __future__ import annotations

import copy
import re
from typing import Any

from policies.pack.wording import WORDING_OPERATORS
from workbench.edits.items import part_at, part_path

EQUALS = "等于"
ONE_OF = "属于"
# The words a form offers, in the order a preparer looks for them.
WORDINGS = (*WORDING_OPERATORS, EQUALS, ONE_OF)
SIMPLE_RULE_KEYS = ({"fact", "wording", "value", "unit", "per", "growth_from"}, {"fact", "equals"}, {"fact", "one_of"})


def rule_is_simple(rule: dict[str, Any] | None) -> bool:
    """Whether the condition form can show and edit the rule: one fact compared with one value."""
    if rule is None:
        return True
    if "fact" not in rule or rule.get("per") or rule.get("growth_from"):
        return False
    return any(set(rule) <= keys for keys in SIMPLE_RULE_KEYS)


def rule_build(*, fact: str, wording: str, value: Any, unit: str | None) -> dict[str, Any]:
    """The rule of a computable condition from the form's words: wording EQUALS takes 是/否, ONE_OF a list of
    codes, any other wording a number and its unit."""
    if wording == EQUALS:
        return {"fact": fact, "equals": value}
    if wording == ONE_OF:
        return {"fact": fact, "one_of": list(value)}
    return {"fact": fact, "wording": wording, "value": value, "unit": unit}


def rule_words(rule: dict[str, Any] | None) -> dict[str, Any]:
    """The form's words for a simple rule: fact, wording, value (text) and unit."""
    if not rule:
        return {}
    if "equals" in rule:
        return {"fact": rule["fact"], "wording": EQUALS, "value": "是" if rule["equals"] else "否"}
    if "one_of" in rule:
        return {"fact": rule["fact"], "wording": ONE_OF, "value": "、".join(rule["one_of"])}
    value = rule.get("value")
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return {"fact": rule["fact"], "wording": rule.get("wording"), "value": text, "unit": rule.get("unit")}


def _id_new(data: dict[str, Any], prefix: str) -> str:
    """An id no condition of the pack has: <prefix>.condition_<k>."""
    parts = [*data["items"], *(s for i in data["items"] for s in i.get("subtypes", []))]
    taken = {c["id"] for c in data["pack"].get("global_conditions", [])}
    taken |= {c["id"] for part in parts for c in part.get("conditions") or []}
    k = 1
    while f"{prefix}.condition_{k}" in taken:
        k += 1
    return f"{prefix}.condition_{k}"


def condition_id_new(data: dict[str, Any], number: int) -> str:
    """An id no condition of the pack has: item<N>.condition_<k>."""
    return _id_new(data, f"item{number}")


def _condition(values: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    condition = copy.deepcopy(old) if old else {}
    for key in ("clause", "source", "kind", "note"):
        if key in values:
            condition[key] = values[key] or (None if key == "note" else "")
    condition["evidence"] = list(values.get("evidence", condition.get("evidence", [])))
    if condition["kind"] != "computable":
        condition["rule"], condition["strictness"] = None, "hard"
    else:
        condition["strictness"] = values.get("strictness") or "hard"
        if values.get("fact"):
            condition["rule"] = rule_build(
                fact=values["fact"], wording=values["wording"], value=values["value"], unit=values.get("unit")
            )
    return condition


def _conditions(part: dict[str, Any]) -> list[dict[str, Any]]:
    return part.setdefault("conditions", [])


def condition_add(
    data: dict[str, Any], number: int, values: dict[str, Any], *, subtype: str | None = None
) -> tuple[dict[str, Any], str]:
    """A new condition of item `number` (or of its sub-type `subtype`), with a new id."""
    new = copy.deepcopy(data)
    condition = {"id": condition_id_new(new, number), **_condition(values, None)}
    _conditions(part_at(new, part_path(new, number, subtype))).append(condition)
    return new, condition["id"]


def condition_update(
    data: dict[str, Any], number: int, condition_id: str, values: dict[str, Any], *, subtype: str | None = None
) -> dict[str, Any]:
    new = copy.deepcopy(data)
    conditions = _conditions(part_at(new, part_path(new, number, subtype)))
    index = next(k for k, c in enumerate(conditions) if c["id"] == condition_id)
    conditions[index] = _condition(values, conditions[index])
    return new


def condition_remove(
    data: dict[str, Any], number: int, condition_id: str, *, subtype: str | None = None
) -> dict[str, Any]:
    new = copy.deepcopy(data)
    part = part_at(new, part_path(new, number, subtype))
    part["conditions"] = [c for c in part.get("conditions", []) if c["id"] != condition_id]
    return new


# 二、申报条件: the conditions of every item (pack.yaml global_conditions), at ("pack", "global_conditions").
GLOBAL_CONDITIONS = ("pack", "global_conditions")


def global_condition_add(data: dict[str, Any], values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A new condition every item's applicant must meet (二、申报条件), with a new id global.condition_<k>."""
    new = copy.deepcopy(data)
    condition = {"id": _id_new(new, "global"), **_condition(values, None)}
    new["pack"].setdefault("global_conditions", []).append(condition)
    return new, condition["id"]


def global_condition_update(data: dict[str, Any], condition_id: str, values: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(data)
    conditions = new["pack"]["global_conditions"]
    index = next(k for k, c in enumerate(conditions) if c["id"] == condition_id)
    conditions[index] = _condition(values, conditions[index])
    return new


def global_condition_remove(data: dict[str, Any], condition_id: str) -> dict[str, Any]:
    new = copy.deepcopy(data)
    new["pack"]["global_conditions"] = [c for c in new["pack"]["global_conditions"] if c["id"] != condition_id]
    return new


def codes_split(text: str) -> list[str]:
    return [c for c in re.split(r"[,，、\s]+", text) if c]
