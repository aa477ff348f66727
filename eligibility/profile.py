"""Validation of a profile's facts: every error names the field; nothing is guessed."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from policies.fact_types import Fact
from policies.facts import FACTS, NOTICE_YEARS
from policies.vocabulary import facts_for_notice_year, profile_years, same_family

CODE_PATTERNS = {
    "industry_category": (r"^[A-T]$", "门类代码为 A 到 T 的一个大写字母"),
    "industry_division": (r"^\d{2}$", "行业大类代码为两位数字，如 35"),
    "industry_group": (r"^\d{3}$", "行业中类代码为三位数字，如 351"),
    "industry_class": (r"^\d{4}$", "行业小类代码为四位数字，如 3054"),
    "smart_manufacturing_maturity_level": (r"^[0-5]$", "成熟度等级为 0（未达一级）到 5"),
}
YEAR_SUFFIX = re.compile(r"_(\d{4})$")


@dataclass(frozen=True)
class FactError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


FactValue = float | bool | str | None


def vocabulary_for(notice_year: int | None) -> tuple[dict[str, Fact], tuple[int, ...]]:
    """(facts, profile years) of one notice, or of every notice the platform knows when none is given."""
    if notice_year is not None:
        return facts_for_notice_year(notice_year), profile_years(notice_year)
    return FACTS, tuple(sorted({y for n in NOTICE_YEARS for y in profile_years(n)}))


def validate_facts(raw: Any, *, notice_year: int | None = None) -> tuple[dict[str, FactValue], list[FactError]]:
    """Return (clean facts, errors). Good facts are kept even when others are bad. With `notice_year`, only
    the facts of that notice's vocabulary (its years) are known."""
    table, years = vocabulary_for(notice_year)
    if not isinstance(raw, dict):
        return {}, [FactError("facts", "应为一个对象（事实名称 → 数值）")]
    facts: dict[str, FactValue] = {}
    errors: list[FactError] = []
    for name, value in raw.items():
        error = _check(name, value, table, years)
        if error:
            errors.append(FactError(name, error))
        elif value is not None and value != "":
            facts[name] = _normalise(table[name], value)
    return facts, errors


def _check(name: str, value: Any, table: dict[str, Fact], years: tuple[int, ...]) -> str | None:
    fact = table.get(name)
    if fact is None:
        year = YEAR_SUFFIX.search(name)
        if year and int(year.group(1)) not in years:
            this_year = dt.date.today().year
            if int(year.group(1)) > this_year:
                return f"年度 {year.group(1)} 尚未到来，不可能有该年数据"
            return f"本次申报只使用 {years[0]}-{years[-1]} 年的数据，没有年度 {year.group(1)}"
        same = same_family(name, table)
        return f"未知的事实名称；本次申报使用 {'、'.join(same)}" if same else "未知的事实名称"
    if value is None or value == "":
        return None
    if fact.type == "boolean":
        return None if isinstance(value, bool) else "应为“是”或“否”（true / false）"
    if fact.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"应为数字（单位：{fact.unit}）" if fact.unit else "应为数字"
        if not math.isfinite(value):
            return "应为有限的数字"
        if fact.type == "integer" and int(value) != value:
            return "应为整数"
        if value < 0 and not fact.allow_negative:
            return "不能为负数"
        if fact.unit == "%" and value > 1000:
            return "百分比数值不合理（3 表示 3%）"
        return None
    if fact.type == "code":
        if not isinstance(value, str | int) or isinstance(value, bool):
            return "应为代码（文本）"
        pattern = CODE_PATTERNS.get(name)
        if pattern and not re.match(pattern[0], str(value)):
            return pattern[1]
        return None
    if fact.type == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return "应为日期，格式如 2022-12-31"
        if day > dt.date.today() or day.year < 1900:
            return f"日期 {day} 不可能"
        return None
    return None  # pragma: no cover - every type is handled above


def _normalise(fact: Fact, value: Any) -> FactValue:
    if fact.type in ("number", "integer"):
        return float(value)
    if fact.type == "code":
        return str(value)
    return value
