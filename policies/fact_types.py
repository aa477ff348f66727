"""What a fact is (policies/facts.py holds the vocabulary itself): its type, its source, and the helpers
that declare one fact per profile year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactType = Literal["number", "integer", "boolean", "code", "date"]
FactSource = Literal[
    "declared", "credit_register", "market_register", "tax_register", "award_list", "performance_record",
    "funds_record",
]  # fmt: skip
# Sources the platform writes itself on the profile (policies.facts.RECORDED_FACTS), each from its own records.
RECORDED_SOURCES: tuple[FactSource, ...] = ("performance_record", "funds_record")


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
    allow_negative: bool = False  # profits may be negative; revenues, counts and investments may not
    choices: tuple[tuple[str, str], ...] = ()  # a code fact's values and how they read ("0" -> "未达到一级")
    # A fact the platform records itself: its value when the platform holds no record (never evaluated, no
    # 整改). The platform is the register, so its silence is a fact, not a gap.
    unrecorded: str | bool | int | None = None

    def value_label(self, value: object) -> str:
        return dict(self.choices).get(str(value), str(value))


def _facts(*facts: Fact) -> dict[str, Fact]:
    table = {f.name: f for f in facts}
    assert len(table) == len(facts), "duplicate fact name"
    return table


PROFILE_YEARS = (2020, 2021, 2022)


def _yearly(
    metric: str, label: str, source: FactSource = "declared", description: str = "", allow_negative: bool = False
) -> tuple[Fact, ...]:
    """One money fact per profile year, named `<metric>_<year>` like the profile's yearly figures."""
    return tuple(
        Fact(
            f"{metric}_{year}",
            f"{year}年{label}",
            "number",
            "万元",
            year,
            source,
            f"{metric}_{year}",
            description,
            allow_negative,
        )
        for year in PROFILE_YEARS
    )
