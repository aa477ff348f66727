"""Edits of the 全过程绩效管理 rules (通知 五; pack.yaml performance) and of the 公示 period (public_notice)."""

from __future__ import annotations

import copy
import re
from typing import Any

from policies.pack.schema import PublicNoticeRules

PERFORMANCE_SCALARS = ("total_score", "deviation_threshold", "shortfall_rule", "fixed_deduction_share", "source")

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")  # the schema's IDENT, for codes posted back from the page


def performance_rules(data: dict[str, Any], fallback: dict[str, Any] | None) -> tuple[dict[str, Any], bool]:
    """The draft's 绩效 rules, and whether they are its own (False: the pack sets none, these are `fallback`, the
    newest published pack's: policies.selectors.performance_rules_latest)."""
    rules = data["pack"].get("performance")
    if rules is None:
        return copy.deepcopy(fallback or {}), False
    return rules, True


def public_notice_working_days(data: dict[str, Any]) -> int:
    """The 公示 period, or the schema's default where the pack sets none."""
    days = (data["pack"].get("public_notice") or {}).get("working_days")
    return PublicNoticeRules().working_days if days is None else days


def checklist_codes(points: list[tuple[str, str]]) -> list[dict[str, str]]:
    """(code, text) pairs as checklist points. A point keeps its code when it is a valid one not used before it;
    a new point (no code) gets the first free point_N, so that answers to earlier reviews keep their point."""
    taken = {code for code, _ in points if _CODE.match(code or "")}
    used: set[str] = set()
    out = []
    counter = 1
    for code, text in points:
        if not _CODE.match(code or "") or code in used:
            while f"point_{counter}" in taken or f"point_{counter}" in used:
                counter += 1
            code = f"point_{counter}"
        used.add(code)
        out.append({"code": code, "text": text})
    return out


def performance_update(
    data: dict[str, Any], values: dict[str, Any], fallback: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`values` may hold total_score, deviation_threshold, shortfall_rule, fixed_deduction_share, source,
    `grade_bands` [(grade, min, max)], `checklist` [(code or "", text)] and `working_days` (公示期). A pack without
    rules gets `fallback`'s with these changes."""
    new = copy.deepcopy(data)
    pack = new["pack"]
    rules = performance_rules(new, fallback)[0]  # new is already a copy
    for key in PERFORMANCE_SCALARS:
        if values.get(key) is not None:
            value = values[key]
            rules[key] = value if isinstance(value, str) else float(value)
    if "grade_bands" in values:
        rules["grade_bands"] = [
            {"grade": grade, "min": float(low), "max": float(high)} for grade, low, high in values["grade_bands"]
        ]
    if "checklist" in values:
        rules["checklist"] = checklist_codes(values["checklist"])
    pack["performance"] = rules
    if values.get("working_days") is not None:
        pack["public_notice"] = {**(pack.get("public_notice") or {}), "working_days": int(values["working_days"])}
    return new
