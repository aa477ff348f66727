"""Edits of the 全过程绩效管理 rules (通知 五; pack.yaml performance) and of the 公示 period (public_notice)."""

from __future__ import annotations

import copy
import re
from typing import Any

# The 2023 pack's rules (policy_packs/hengyang-2023-gxj51/pack.yaml): where a draft's pack sets none, the page
# starts from these. A test keeps them equal to the pack's.
PERFORMANCE_2023: dict[str, Any] = {
    "checklist": [
        {"code": "clear", "text": "目标明确"},
        {"code": "measurable", "text": "指标可衡量"},
        {"code": "relevant", "text": "与项目内容相关"},
        {"code": "reasonable", "text": "目标值合理"},
    ],
    "total_score": 100.0,
    "deviation_threshold": 30.0,
    "shortfall_rule": "proportional",
    "fixed_deduction_share": 0.5,
    "grade_bands": [
        {"grade": "优", "min": 90.0, "max": 100.0},
        {"grade": "良", "min": 80.0, "max": 90.0},
        {"grade": "中", "min": 60.0, "max": 80.0},
        {"grade": "差", "min": 0.0, "max": 60.0},
    ],
    "source": "通知 五、绩效管理；财预〔2020〕10号《项目支出绩效评价管理办法》",
}
PUBLIC_NOTICE_DEFAULT_DAYS = 5
PERFORMANCE_SCALARS = ("total_score", "deviation_threshold", "shortfall_rule", "fixed_deduction_share", "source")

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")  # the schema's IDENT, for codes posted back from the page


def performance_rules(data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The draft's 绩效 rules, and whether they are its own (False: the pack sets none, these are 2023's)."""
    rules = data["pack"].get("performance")
    if rules is None:
        return copy.deepcopy(PERFORMANCE_2023), False
    return rules, True


def public_notice_working_days(data: dict[str, Any]) -> int:
    return (data["pack"].get("public_notice") or {}).get("working_days", PUBLIC_NOTICE_DEFAULT_DAYS)


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


def performance_update(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` may hold total_score, deviation_threshold, shortfall_rule, fixed_deduction_share, source,
    `grade_bands` [(grade, min, max)], `checklist` [(code or "", text)] and `working_days` (公示期). A pack without
    rules gets 2023's with these changes."""
    new = copy.deepcopy(data)
    pack = new["pack"]
    rules = performance_rules(new)[0]  # new is already a copy
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
