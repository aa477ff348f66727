"""The notice, its cross-item rules, 绩效 rules, the whole pack and its rule cases."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Literal

from pydantic import Field, model_validator

from policies.pack.schema.base import FORM_ID, IDENT, Strict
from policies.pack.schema.conditions import Condition

# ---------------------------------------------------------------------------
# The notice and its cross-item rules
# ---------------------------------------------------------------------------


class Issuer(Strict):
    name: str
    signer: str


class NoticeContact(Strict):
    organisation: str
    section: str
    person: str
    phone: str


class ExclusionRule(Strict):
    """Items that the same legal person may not apply for together."""

    items: list[int] = Field(min_length=2)
    clause: str
    source: str


class QuotaRule(Strict):
    items: list[int] = Field(min_length=1)
    per_jurisdiction: int = Field(ge=1)
    clause: str
    source: str


class ProjectLimitRule(Strict):
    max_projects: int = Field(ge=1)
    excluded_items: list[int] = Field(default_factory=list)
    clause: str
    source: str


class Notice(Strict):
    document_number: str
    title: str
    issuers: list[Issuer] = Field(min_length=1)
    issue_date: dt.date
    legal_basis: str
    addressees: str
    deadline: dt.date
    deadline_rule: str  # 逾期不予受理
    submission_requirements: str
    submission_email: str
    hotline: str
    hotline_clause: str
    summary_contacts: list[NoticeContact]
    no_application_entitlement_note: str  # 免申即享
    performance_clause: str
    support_categories: str
    # An example pack (a rehearsal of next year's call, not a real notice) is badged 示例 wherever it is listed.
    example: bool = False


class PublicNoticeRules(Strict):
    """The 公示 of the award list: how many working days it runs unless the city sets another period when
    publishing it."""

    working_days: int = Field(default=5, ge=1, le=30)


class CitySectionRef(Strict):
    code: str = Field(pattern=IDENT)
    name: str


class ChecklistPoint(Strict):
    code: str = Field(pattern=IDENT)
    text: str = Field(min_length=2)


class GradeBand(Strict):
    """A grade for totals in [min, max); the top band also holds its max (100 is 优)."""

    grade: str = Field(min_length=1)
    min: float = Field(ge=0)
    max: float = Field(gt=0)


ShortfallRule = Literal["proportional", "fixed_deduction"]


class PerformanceRules(Strict):
    """全过程绩效管理 (通知 五): the 目标审核 checklist, the 偏离预警 threshold, scoring and grades.

    Bands, threshold and rules are data so that the next notice can change them without code.
    """

    checklist: list[ChecklistPoint] = Field(min_length=1)
    total_score: float = Field(default=100, gt=0)
    deviation_threshold: float = Field(default=30, gt=0, le=100)  # percentage points behind the expected share
    shortfall_rule: ShortfallRule = "proportional"
    fixed_deduction_share: float = Field(default=0.5, gt=0, le=1)  # share of the weight lost under fixed_deduction
    grade_bands: list[GradeBand] = Field(min_length=1)
    source: str = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> PerformanceRules:
        codes = [p.code for p in self.checklist]
        if len(codes) != len(set(codes)):
            raise ValueError("目标审核要点的代码（checklist 的 code）重复")
        bands = sorted(self.grade_bands, key=lambda b: b.min)
        for band in bands:
            if band.min >= band.max:
                raise ValueError(f"等级“{band.grade}”的下限 {band.min:g} 不小于上限 {band.max:g}")
        if bands[0].min != 0:
            raise ValueError(f"等级区间须从 0 分开始，最低为 {bands[0].min:g}")
        if bands[-1].max != self.total_score:
            raise ValueError(f"等级区间须到满分 {self.total_score:g} 为止，最高为 {bands[-1].max:g}")
        for lower, upper in itertools.pairwise(bands):
            if upper.min < lower.max:
                raise ValueError(f"等级“{lower.grade}”与“{upper.grade}”的区间重叠（{upper.min:g} < {lower.max:g}）")
            if upper.min > lower.max:
                raise ValueError(f"等级“{lower.grade}”与“{upper.grade}”之间缺少 {lower.max:g}–{upper.min:g} 分")
        return self


class Pack(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: int = Field(ge=1)
    year: int = Field(ge=2000, le=2100)
    facts_vocabulary: int = Field(default=1, ge=1)  # policies/vocabulary/facts-v<N>.yaml, expanded for `year`
    notice: Notice
    global_conditions: list[Condition] = Field(min_length=1)
    project_limit: ProjectLimitRule
    exclusions: list[ExclusionRule] = Field(default_factory=list)
    quotas: list[QuotaRule] = Field(default_factory=list)
    city_sections: list[CitySectionRef] = Field(min_length=1)
    performance_form: str = Field(pattern=FORM_ID)  # 附件3
    summary_form: str = Field(pattern=FORM_ID)  # 附件4
    performance: PerformanceRules | None = None  # 全过程绩效管理 (通知 五)
    public_notice: PublicNoticeRules = Field(default_factory=PublicNoticeRules)  # 公示


Status = Literal["met", "not_met", "needs_evidence", "unknown"]


class Case(Strict):
    """One rule case: facts in, expected statuses out (condition id -> status).

    `verified` names facts confirmed by an authoritative register; other facts count as declared by
    the enterprise, which caps a condition that lists evidence at needs_evidence.
    `verdict` optionally states the item's combined verdict (global conditions included).
    """

    name: str
    item: int
    subtype: str | None = None
    facts: dict[str, float | int | bool | str | None]
    verified: list[str] = Field(default_factory=list)
    expect: dict[str, Status]
    verdict: Status | None = None


class CaseFile(Strict):
    cases: list[Case]


def natural_form_key(form_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", form_id))
