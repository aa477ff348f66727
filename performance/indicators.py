"""附件3 as structured indicators: every later stage (目标审核, 运行监控, 绩效评价) reads the same ones.

Pure: the 绩效目标表's answers in, indicators and the problems found out; no ORM, no request.
An indicator's 指标值 is text as the template prints it ("≥500", "≤600", "=100", "100%"); a 定量
indicator must state a number with a direction, a 定性 one a standard in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# 一级指标 and the 附件3 tables under each (forms/3.yaml).
LEVEL1_TABLES: dict[str, tuple[str, ...]] = {
    "成本指标": ("cost_economic", "cost_social", "cost_environmental"),
    "产出指标": ("output_quantity", "output_quality", "output_timeliness"),
    "效益指标": ("benefit_economic", "benefit_social", "benefit_ecological"),
    "满意度指标": ("satisfaction_service_recipients",),
}
QUANTITATIVE, QUALITATIVE = "定量", "定性"

# User-facing messages (tests import them).
TARGET_NOT_NUMERIC = "定量指标的指标值须写成数值，如“≥500”“≤600”“=100”（可带 %）"
TARGET_NO_STANDARD = "定性指标须写明达到的标准，如“达到预期”“显著提升”"
VALUE_TYPE_UNKNOWN = "指标值类型须为“定量”或“定性”"
WEIGHT_MISSING = "请填写分值（大于 0 的数）"

DIRECTIONS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "＜": "<",
    "<": "<",
    "=": "=",
    "＝": "=",
}
TARGET = re.compile(r"^\s*(≥|>=|＞|>|≤|<=|＜|<|=|＝)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|％)?\s*$")


@dataclass(frozen=True)
class Indicator:
    """One 三级指标 with its target: what the enterprise promised, frozen with the award."""

    id: str  # "<table>:<row>", stable across the stages
    level1: str  # 一级指标
    level2: str  # 二级指标 (the table's label)
    name: str  # 三级指标
    value_type: str  # 定量 / 定性
    direction: str  # ">=", "<=", ">", "<", "=" (定量); "" (定性)
    target: Decimal | None  # 定量 target value
    standard: str  # the 指标值 as written, and for 定性 the standard
    unit: str
    weight: Decimal  # 分值
    scoring_standard: str  # 评分（扣分标准） as written


@dataclass(frozen=True)
class IndicatorProblem:
    table: str
    row: int
    column: str
    message: str


def parse_target(text: str) -> tuple[str, Decimal] | None:
    """ "≥500" -> (">=", 500); "100%" -> (">=", 100); a bare number is a floor, the usual reading of a target."""
    match = TARGET.match(text or "")
    if not match:
        return None
    symbol, number, _percent = match.groups()
    return DIRECTIONS.get(symbol or "≥", ">="), Decimal(number)


def _weight(value) -> Decimal | None:
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return weight if weight.is_finite() and weight > 0 else None


def indicators_from_answers(
    answers: dict, labels: dict[str, str] | None = None
) -> tuple[list[Indicator], list[IndicatorProblem]]:
    """The indicators of a 绩效目标表 (form "3" answers) and every problem, each at its table cell."""
    indicators: list[Indicator] = []
    problems: list[IndicatorProblem] = []
    for level1, tables in LEVEL1_TABLES.items():
        for table in tables:
            for index, row in enumerate(answers.get(table) or []):
                if not any(str(v or "").strip() for v in row.values()):
                    continue  # a blank row the page keeps for typing
                value_type = str(row.get("value_type") or "").strip()
                written = str(row.get("target_value") or "").strip()
                weight = _weight(row.get("score"))
                direction, target = "", None
                if value_type == QUANTITATIVE:
                    parsed = parse_target(written)
                    if parsed is None:
                        problems.append(IndicatorProblem(table, index, "target_value", TARGET_NOT_NUMERIC))
                    else:
                        direction, target = parsed
                elif value_type == QUALITATIVE:
                    if not written:
                        problems.append(IndicatorProblem(table, index, "target_value", TARGET_NO_STANDARD))
                else:
                    problems.append(IndicatorProblem(table, index, "value_type", VALUE_TYPE_UNKNOWN))
                if weight is None:
                    problems.append(IndicatorProblem(table, index, "score", WEIGHT_MISSING))
                indicators.append(
                    Indicator(
                        id=f"{table}:{index}", level1=level1, level2=(labels or {}).get(table, table),
                        name=str(row.get("tier3_indicator") or "").strip(), value_type=value_type,
                        direction=direction, target=target, standard=written,
                        unit=str(row.get("measurement_unit") or "").strip(), weight=weight or Decimal(0),
                        scoring_standard=str(row.get("scoring_standard") or "").strip(),
                    )
                )  # fmt: skip
    return indicators, problems


def weights_total(indicators: list[Indicator]) -> Decimal:
    return sum((i.weight for i in indicators), Decimal(0))
