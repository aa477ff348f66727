"""The facts vocabulary: every fact a condition may use, with its meaning, unit, year and source.

The enterprise profile (一企一档) is the facts store. `source` says where a fact can come from:
"declared" (the enterprise says so; at best 需佐证 where a clause needs evidence) or an
authoritative register (信用, 市场监管, 税务, award lists), which is a future integration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactType = Literal["number", "integer", "boolean", "code", "date"]
FactSource = Literal["declared", "credit_register", "market_register", "tax_register", "award_list"]


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    label: str  # meaning in Chinese, shown to users
    type: FactType
    unit: str | None = None  # 万元, %, 个, 人, 年 …
    year: int | None = None  # the year the figure refers to (2022 = "上年度" in the 2023 notice)
    source: FactSource = "declared"
    profile_field: str | None = None  # where the profile keeps it (for "fill this in" links)
    description: str = ""


def _facts(*facts: Fact) -> dict[str, Fact]:
    table = {f.name: f for f in facts}
    assert len(table) == len(facts), "duplicate fact name"
    return table


FACTS: dict[str, Fact] = _facts(
    Fact("registered_in_hengyang", "在衡阳市登记注册", "boolean", source="market_register", profile_field="jurisdiction"),
)
