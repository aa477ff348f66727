"""Conditions and their rules: what the eligibility engine evaluates."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from policies.pack.schema.base import IDENT, UNITS, Strict
from policies.pack.wording import WORDING_OPERATORS

# ---------------------------------------------------------------------------
# Conditions (shared with the eligibility engine)
# ---------------------------------------------------------------------------


class ThresholdRule(Strict):
    """A numeric fact compared with a threshold, the operator implied by the Chinese wording.

    `per` turns the fact into a percentage of another fact (fact / per * 100).
    `growth_from` turns it into a growth rate in % against an earlier fact ((fact - from) / from * 100).
    """

    fact: str = Field(pattern=IDENT)
    wording: str
    value: float
    unit: str
    per: str | None = Field(default=None, pattern=IDENT)
    growth_from: str | None = Field(default=None, pattern=IDENT)

    @model_validator(mode="after")
    def _check(self) -> ThresholdRule:
        if self.wording not in WORDING_OPERATORS:
            raise ValueError(f"未知的比较用语 {self.wording!r}；可用：{'、'.join(WORDING_OPERATORS)}")
        if self.unit not in UNITS:
            raise ValueError(f"未知的单位 {self.unit!r}")
        if (self.per or self.growth_from) and self.unit != "%":
            raise ValueError("比例或增幅条件的单位必须是 %")
        if self.per and self.growth_from:
            raise ValueError("per 与 growth_from 不能同时使用")
        return self

    @property
    def operator(self) -> str:
        return WORDING_OPERATORS[self.wording]

    def facts(self) -> list[str]:
        return [n for n in (self.fact, self.per, self.growth_from) if n]


class BooleanRule(Strict):
    """A yes/no fact that must have the given value (e.g. has_bank_loan_in_hengyang: true)."""

    fact: str = Field(pattern=IDENT)
    equals: bool

    def facts(self) -> list[str]:
        return [self.fact]


class MembershipRule(Strict):
    """A code fact that must be one of the listed values (e.g. industry division in 13..43)."""

    fact: str = Field(pattern=IDENT)
    one_of: list[str] = Field(min_length=1)

    def facts(self) -> list[str]:
        return [self.fact]


class IndustryRule(Strict):
    """The enterprise's industry lies within one of the listed GB/T 4754-2017 codes, at any level.

    The most specific code the enterprise gave decides (小类 over 中类 over 大类): "3054" lies within
    "3054", "305" and "30". When only a broader code is known and the list names narrower codes under
    it, the answer is unknown until the narrower code is given.
    """

    industry_in: list[str] = Field(min_length=1)

    # The enterprise's codes, broadest first; each level's code extends the one before it.
    FACTS: ClassVar[tuple[str, ...]] = ("industry_division", "industry_group", "industry_class")

    def facts(self) -> list[str]:
        return list(self.FACTS)

    @model_validator(mode="after")
    def _check(self) -> IndustryRule:
        bad = [c for c in self.industry_in if not re.fullmatch(r"\d{2,4}", c)]
        if bad:
            raise ValueError(f"行业代码须为 2-4 位数字（大类、中类或小类）：{'、'.join(bad)}")
        return self


class AllRule(Strict):
    all: list[Rule] = Field(min_length=1)


class AnyRule(Strict):
    any: list[Rule] = Field(min_length=1)


Rule = ThresholdRule | BooleanRule | MembershipRule | IndustryRule | AllRule | AnyRule
AllRule.model_rebuild()
AnyRule.model_rebuild()

ConditionKind = Literal["computable", "attestation", "judgement"]
# How a failed computable condition counts (docs/policy-pack-format.md, "Strictness"):
#   hard      不符合, which blocks submission;
#   soft      a 原则上 / 一般 clause: a failure gives 需佐证 with a warning, never 不符合;
#   reviewer  the section judges it: the computed outcome is shown to reviewers, the status is 需佐证.
Strictness = Literal["hard", "soft", "reviewer"]


class Condition(Strict):
    """One clause an applicant must meet, quoted exactly from the notice.

    kind:
      computable   decided from facts by `rule`;
      attestation  the enterprise declares it and attaches `evidence` (at best 需佐证);
      judgement    an officer decides at review (always 需佐证 for the calculator).
    A computable condition may also list `evidence`: then a declared fact gives 需佐证, not 符合.
    """

    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    clause: str = Field(min_length=2)
    source: str = Field(min_length=2)
    kind: ConditionKind
    rule: Rule | None = None
    strictness: Strictness = "hard"
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Condition:
        if self.kind == "computable" and self.rule is None:
            raise ValueError("可计算条件（computable）必须给出 rule")
        if self.kind != "computable" and self.rule is not None:
            raise ValueError("只有可计算条件（computable）可以给出 rule")
        if self.kind != "computable" and self.strictness != "hard":
            raise ValueError("只有可计算条件（computable）可以设置 strictness")
        return self


class Preference(Strict):
    """A ranking preference of the notice ("优先支持…"): shown to applicants and reviewers, never a condition."""

    id: str = Field(pattern=r"^[a-z0-9_.]+$")
    clause: str = Field(min_length=2)
    source: str = Field(min_length=2)
    note: str | None = None
