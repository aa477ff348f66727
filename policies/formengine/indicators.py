"""附件3 as structured indicators: the completeness check, 目标审核, 运行监控 and 绩效评价 all read the same ones.

Pure: a 绩效目标表 template and its answers in, indicators and the problems found out, each at its table
cell; no ORM, no request. The 一级指标 and their tables come from the template's own rules (the
min_rows_across rule of each 一级指标, forms/3.yaml), so the next notice changes them in data. An
indicator's 指标值 is text as the template prints it ("≥500", "≤600", "=100", "100%"): a 定量 indicator
states a number with a direction and a 度量单位, a 定性 one a standard in words; every one has a 分值, and
the 分值 add up to the pack's total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from policies.formengine.fields import as_templates
from policies.formengine.messages import (
    TARGET_NO_STANDARD,
    TARGET_NOT_NUMERIC,
    UNIT_MISSING,
    VALUE_TYPE_UNKNOWN,
    WEIGHT_MISSING,
    WEIGHTS_TOTAL,
)
from policies.formengine.values import format_decimal
from policies.pack.schema import FormTemplate

QUANTITATIVE, QUALITATIVE = "定量", "定性"

# The columns of every 二级指标 table of 附件3 (forms/3.yaml).
NAME, TARGET_VALUE, UNIT, VALUE_TYPE, WEIGHT, SCORING = (
    "tier3_indicator", "target_value", "measurement_unit", "value_type", "score", "scoring_standard",
)  # fmt: skip

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
class IndicatorGroup:
    """One 一级指标 (成本指标 …) with its 二级指标 tables, as a rule of the template declares it."""

    level1: str
    tables: tuple[str, ...]
    min_rows: int


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

    def path(self, form_id: str) -> str:
        """The answer path of the cell ("3.cost_economic[0].target_value"), as the form engine names it."""
        return f"{form_id}.{self.table}[{self.row}].{self.column}"


def _template(form: FormTemplate | dict) -> FormTemplate:
    return as_templates([form])[0]


def indicator_groups(form: FormTemplate | dict) -> list[IndicatorGroup]:
    """The 一级指标 of a 绩效目标表 template, in its order: one per rule across its tables."""
    return [IndicatorGroup(r.label, tuple(r.min_rows_across), r.min_rows) for r in _template(form).rules]


def parse_target(text: str) -> tuple[str, Decimal] | None:
    """ "≥500" -> (">=", 500); "100%" -> (">=", 100); a bare number is a floor, the usual reading of a target."""
    match = TARGET.match(text or "")
    if not match:
        return None
    symbol, number, _percent = match.groups()
    return DIRECTIONS.get(symbol or "≥", ">="), Decimal(number)


def parse_weight(value: Any) -> Decimal | None:
    """A 分值: a finite number above 0, else None."""
    try:
        weight = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return weight if weight.is_finite() and weight > 0 else None


def _text(row: dict, column: str) -> str:
    return str(row.get(column) or "").strip()


# What people write in 附件3's 度量单位 cell for "no unit" (a 定性 indicator): not a unit, so never printed.
NO_UNIT = frozenset({"/", "／", "-", "—", "无", "无单位"})


def _unit(row: dict) -> str:
    unit = _text(row, UNIT)
    return "" if unit in NO_UNIT else unit


def _row_problems(table: str, index: int, row: dict) -> tuple[str, Decimal | None, list[IndicatorProblem]]:
    """(direction, target, problems) of one filled row."""
    value_type, written = _text(row, VALUE_TYPE), _text(row, TARGET_VALUE)
    problems: list[IndicatorProblem] = []
    direction, target = "", None
    if value_type == QUANTITATIVE:
        parsed = parse_target(written)
        if parsed is None:
            problems.append(IndicatorProblem(table, index, TARGET_VALUE, TARGET_NOT_NUMERIC))
        else:
            direction, target = parsed
        if not _unit(row):
            problems.append(IndicatorProblem(table, index, UNIT, UNIT_MISSING))
    elif value_type == QUALITATIVE:
        if not written:
            problems.append(IndicatorProblem(table, index, TARGET_VALUE, TARGET_NO_STANDARD))
    else:
        problems.append(IndicatorProblem(table, index, VALUE_TYPE, VALUE_TYPE_UNKNOWN))
    if parse_weight(row.get(WEIGHT)) is None:
        problems.append(IndicatorProblem(table, index, WEIGHT, WEIGHT_MISSING))
    return direction, target, problems


def indicators_from_answers(form: FormTemplate | dict, answers: dict) -> tuple[list[Indicator], list[IndicatorProblem]]:
    """The indicators of a 绩效目标表 (the form's own answers, e.g. application.answers["3"]) and every
    problem, each at its table cell, in page order of the groups. A row with nothing typed is skipped."""
    template = _template(form)
    labels = {f.id: f.label for s in template.sections for f in s.fields}
    indicators: list[Indicator] = []
    problems: list[IndicatorProblem] = []
    for group in indicator_groups(template):
        for table in group.tables:
            rows = answers.get(table)
            for index, row in enumerate(rows if isinstance(rows, list) else []):
                if not isinstance(row, dict) or not any(str(v or "").strip() for v in row.values()):
                    continue  # a blank row the page keeps for typing
                direction, target, row_problems = _row_problems(table, index, row)
                problems += row_problems
                indicators.append(
                    Indicator(
                        id=f"{table}:{index}", level1=group.level1, level2=labels.get(table, table),
                        name=_text(row, NAME), value_type=_text(row, VALUE_TYPE), direction=direction,
                        target=target, standard=_text(row, TARGET_VALUE), unit=_unit(row),
                        weight=parse_weight(row.get(WEIGHT)) or Decimal(0), scoring_standard=_text(row, SCORING),
                    )
                )  # fmt: skip
    return indicators, problems


def weights_total(indicators: list[Indicator]) -> Decimal:
    return sum((i.weight for i in indicators), Decimal(0))


def weights_total_issue(
    form: FormTemplate | dict, indicators: list[Indicator], problems: list[IndicatorProblem], *, total_score: Decimal
) -> tuple[str, str] | None:
    """(path, message) when the 分值 do not add up to the pack's total, at the form's first indicator
    table. Checked once every 一级指标 has its rows and every indicator its 分值: until then those are
    what is reported, and the total would only repeat them."""
    template = _template(form)
    groups = indicator_groups(template)
    if not indicators or any(p.column == WEIGHT for p in problems):
        return None
    for group in groups:
        if sum(1 for i in indicators if i.level1 == group.level1) < group.min_rows:
            return None
    total = weights_total(indicators)
    if total == total_score:
        return None
    message = WEIGHTS_TOTAL.format(required=format_decimal(total_score), total=format_decimal(total))
    return f"{template.id}.{groups[0].tables[0]}", message


def target_sheet_issues(form: FormTemplate | dict, answers: dict, *, total_score: Decimal) -> list[tuple[str, str]]:
    """(path, message) of everything that keeps a 绩效目标表 from being usable: each indicator problem at
    its cell, then the 分值 total at the first indicator table."""
    template = _template(form)
    indicators, problems = indicators_from_answers(template, answers)
    issues = [(p.path(template.id), p.message) for p in problems]
    total = weights_total_issue(template, indicators, problems, total_score=total_score)
    return [*issues, total] if total else issues
