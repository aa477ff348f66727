"""The comparison a Chinese threshold wording implies.

民法典 第一千二百五十九条: "以上、以下、以内、届满，包括本数；不满、超过、以外，不包括本数。"
Administrative documents follow the same reading (shared/reference/README.md).
"""

from __future__ import annotations

# Wording -> operator. Inclusive words first, then exclusive ones.
# "超过（含）" (item 13) explicitly includes the number, so it is >=.
WORDING_OPERATORS: dict[str, str] = {
    "以上": ">=",
    "及以上": ">=",
    "不少于": ">=",
    "不低于": ">=",
    "达到": ">=",
    "至少": ">=",
    "届满": ">=",
    "超过（含）": ">=",
    "以下": "<=",
    "以内": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "前": "<=",  # "位居全国前5位" = rank <= 5
    "超过": ">",
    "高于": ">",
    "不满": "<",
    "低于": "<",
}

OPERATOR_LABELS: dict[str, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def operator_for_wording(wording: str) -> str:
    """Return the comparison operator for a wording; KeyError if the wording is unknown."""
    return WORDING_OPERATORS[wording]


def compare(value: float, operator: str, threshold: float) -> bool:
    if operator == ">=":
        return value >= threshold
    if operator == "<=":
        return value <= threshold
    if operator == ">":
        return value > threshold
    if operator == "<":
        return value < threshold
    raise ValueError(f"unknown operator {operator!r}")
