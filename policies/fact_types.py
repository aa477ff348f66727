"""What a fact is: its type and its source (the vocabulary itself is data, policies/vocabulary/)."""

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
    year: int | None = None  # the calendar year the figure refers to (Y-1 is "上年度" in the notice of year Y)
    source: FactSource = "declared"
    profile_field: str | None = None  # where the profile keeps it (for "fill this in" links)
    description: str = ""
    allow_negative: bool = False  # profits may be negative; revenues, counts and investments may not
    choices: tuple[tuple[str, str], ...] = ()  # a code fact's values and how they read ("0" -> "未达到一级")
    # A fact the platform records itself: its value when the platform holds no record (never evaluated, no
    # 整改). The platform is the register, so its silence is a fact, not a gap.
    unrecorded: str | bool | int | None = None
    # The vocabulary declaration it comes from ("operating_revenue" for operating_revenue_2022), for the
    # notice's relative wording (policies.vocabulary.relative_label).
    declaration: str = ""

    def value_label(self, value: object) -> str:
        return dict(self.choices).get(str(value), str(value))
