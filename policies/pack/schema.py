"""The policy-pack format: pydantic models for a notice, its support items, conditions and forms.

One pack is one folder (policy_packs/<pack-id>/):
  pack.yaml            the notice, cross-item rules, the global conditions of section 二
  items/NN.yaml        one support item of 附件1 each (NN = 01..14)
  forms/<form>.yaml    one form template each (附件2-1 … 2-12 and sub-forms, 附件3, 附件4)
  cases.yaml           eligibility rule cases (facts in, statuses out)

Everything here is pure data validation: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from policies.pack.wording import WORDING_OPERATORS

IDENT = r"^[a-z][a-z0-9_]*$"
FORM_ID = r"^[0-9]+(-[0-9]+)*$"

# Units a field or a threshold may carry. 万元 = 10,000 yuan; percentages are entered as numbers (3 = 3 %).
UNITS = (
    "万元",
    "万美元",
    "元",
    "%",
    "百分点",
    "个",
    "项",
    "件",
    "人",
    "人·月",
    "年",
    "月",
    "位",
    "台",
    "套",
    "分",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------

FieldKind = Literal[
    "text",  # one line
    "long_text",  # several lines; max_chars from the template ("500字以内")
    "integer",
    "number",  # a decimal with a unit that is not money or %
    "money",  # 万元 or 万美元, 2 decimals
    "percentage",  # entered as a number, 3 = 3 %
    "date",
    "year_month",
    "year",
    "phone",
    "email",
    "uscc",  # 统一社会信用代码
    "id_number",  # 居民身份证号 (personal data: masked in lists)
    "industry",  # GB/T 4754-2017 code; `level` says 大类, 中类 or 小类
    "boolean",  # 是/否
    "single_choice",
    "multiple_choice",
    "year_table",  # rows x year columns (2020/2021/2022)
    "table",  # repeating rows the user adds
    "heading",  # a heading inside a section
    "guidance",  # read-only text from the template (示例, 注, 填表说明)
    "material",  # an upload slot for a material of the item's checklist
    "signature",  # a place for signature and/or seal
]

VALUE_KINDS = {
    "text",
    "long_text",
    "integer",
    "number",
    "money",
    "percentage",
    "date",
    "year_month",
    "year",
    "phone",
    "email",
    "uscc",
    "id_number",
    "industry",
    "boolean",
    "single_choice",
    "multiple_choice",
}


class Option(Strict):
    value: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    other: bool = False  # "其他（请注明）": ticking it asks for free text


class FormField(Strict):
    id: str = Field(pattern=IDENT)
    label: str = Field(min_length=1)
    kind: FieldKind
    required: bool = False
    unit: str | None = None
    help: str | None = None
    group: str | None = None  # the template's row/column grouping, e.g. "法人代表/负责人"
    max_chars: int | None = Field(default=None, gt=0)
    decimals: int | None = Field(default=None, ge=0, le=6)
    min_value: float | None = None
    max_value: float | None = None
    prefill: str | None = Field(default=None, pattern=IDENT)  # profile fact that pre-fills it
    options: list[Option] | None = None
    years: list[int] | None = None  # year_table columns
    rows: list[FormField] | None = None  # year_table rows (each a value field)
    columns: list[FormField] | None = None  # table columns (each a value field)
    min_rows: int | None = Field(default=None, ge=0)
    max_rows: int | None = Field(default=None, ge=1)
    level: Literal["大类", "中类", "小类"] | None = None  # industry
    material: str | None = Field(default=None, pattern=IDENT)  # material slot id
    text: str | None = None  # guidance body, or a signature block's wording
    signer: Literal["legal_representative", "seal", "agent", "county_industry", "county_finance", "other"] | None = None

    @model_validator(mode="after")
    def _check(self) -> FormField:
        kind = self.kind
        if kind in ("money",) and self.unit not in ("万元", "万美元", "元"):
            raise ValueError("金额字段（money）的单位必须是 万元、万美元 或 元")
        if kind == "percentage" and self.unit not in ("%", "百分点"):
            raise ValueError("百分比字段（percentage）的单位必须是 % 或 百分点")
        if self.unit is not None and self.unit not in UNITS:
            raise ValueError(f"未知的单位 {self.unit!r}")
        if kind in ("single_choice", "multiple_choice"):
            if not self.options:
                raise ValueError("选择字段必须列出 options")
            values = [o.value for o in self.options]
            if len(values) != len(set(values)):
                raise ValueError("options 的 value 重复")
        elif self.options:
            raise ValueError("只有选择字段可以有 options")
        if kind == "year_table":
            if not self.years or not self.rows:
                raise ValueError("按年度表（year_table）必须给出 years 和 rows")
            _check_children(self.rows, "rows")
        elif self.years or self.rows:
            raise ValueError("只有按年度表（year_table）可以有 years、rows")
        if kind == "table":
            if not self.columns:
                raise ValueError("重复行表格（table）必须给出 columns")
            _check_children(self.columns, "columns")
            if self.min_rows is not None and self.max_rows is not None and self.min_rows > self.max_rows:
                raise ValueError("min_rows 不能大于 max_rows")
        elif self.columns:
            raise ValueError("只有重复行表格（table）可以有 columns")
        if kind == "industry" and self.level is None:
            raise ValueError("行业字段（industry）必须给出 level：大类、中类 或 小类")
        if kind == "material" and not self.material:
            raise ValueError("材料字段（material）必须给出 material（材料编号）")
        if kind == "guidance" and not self.text:
            raise ValueError("说明字段（guidance）必须给出 text")
        if kind in ("heading", "guidance", "signature") and self.required:
            raise ValueError(f"{kind} 字段不能是必填")
        if self.max_chars is not None and kind not in ("text", "long_text"):
            raise ValueError("只有文本字段可以有 max_chars")
        return self


def _check_children(children: list[FormField], where: str) -> None:
    ids = [c.id for c in children]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{where} 中的字段 id 重复")
    for child in children:
        if child.kind not in VALUE_KINDS:
            raise ValueError(f"{where} 中的字段 {child.id} 必须是取值字段，不能是 {child.kind}")


FormField.model_rebuild()


class Section(Strict):
    id: str = Field(pattern=IDENT)
    title: str = Field(min_length=1)
    guidance: str | None = None
    fields: list[FormField] = Field(default_factory=list)


class MinRowsAcrossRule(Strict):
    """At least `min_rows` rows in all of the listed tables together: 附件3 prints each 一级指标 as several
    二级指标 tables, and a target table needs an indicator under every 一级指标, in whichever of them."""

    min_rows_across: list[str] = Field(min_length=1)  # table field ids of this form
    min_rows: int = Field(default=1, ge=1)
    label: str = Field(min_length=1)  # what the tables are together, as printed ("产出指标")


FormRule = MinRowsAcrossRule


class FormTemplate(Strict):
    """One template: 附件2-N, a sub-form (2-2-1 …), 附件3 or 附件4."""

    id: str = Field(pattern=FORM_ID)
    title: str = Field(min_length=2)
    source: str = Field(min_length=2)  # "附件2-1", "附件2-2-1", "附件3"
    parent: str | None = Field(default=None, pattern=FORM_ID)
    note: str | None = None
    sections: list[Section] = Field(min_length=1)
    rules: list[FormRule] = Field(default_factory=list)  # rules across fields, checked on completion

    @model_validator(mode="after")
    def _check(self) -> FormTemplate:
        section_ids = [s.id for s in self.sections]
        if len(section_ids) != len(set(section_ids)):
            raise ValueError("sections 的 id 重复")
        field_ids = [f.id for s in self.sections for f in s.fields]
        duplicates = sorted({i for i in field_ids if field_ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"字段 id 重复：{', '.join(duplicates)}")
        kinds = {f.id: f.kind for s in self.sections for f in s.fields}
        for rule in self.rules:
            bad = [i for i in rule.min_rows_across if kinds.get(i) != "table"]
            if bad:
                raise ValueError(f"rules 引用的字段不存在或不是重复行表格（table）：{', '.join(bad)}")
        return self

    def value_fields(self) -> list[FormField]:
        return [f for s in self.sections for f in s.fields if f.kind in VALUE_KINDS | {"year_table", "table"}]


# ---------------------------------------------------------------------------
# Support items
# ---------------------------------------------------------------------------

SupportMethod = Literal["award", "subsidy", "interest_subsidy"]
SUPPORT_METHOD_LABELS = {"award": "奖励", "subsidy": "补助", "interest_subsidy": "贴息"}

FileType = Literal["pdf", "jpg", "png", "docx", "xlsx", "zip"]


MaterialRuleCode = Literal[
    # The 查询时间 of a query the material shows (信用湖南): given with the upload, and typed in `form`.`field`.
    "query_date_not_before_issue_date",  # not before the notice's issue date
    "query_date_not_after_deadline",  # not after the applicant's deadline, nor after today
    # Every date in `column` of the table `form`.`field` (one row per invoice) lies within `year`.
    "period_within_year",
]
DATE_RULE_CODES = ("query_date_not_before_issue_date", "query_date_not_after_deadline")


class MaterialRule(Strict):
    """A rule the notice states about one material, enforced where its value is given: at the upload
    and, when `form` and `field` name a form field (and `column` a table's column), at that field.
    The loader refuses a reference to a field that does not exist or has the wrong kind."""

    code: MaterialRuleCode
    text: str  # quoted from the notice
    year: int | None = None
    form: str | None = Field(default=None, pattern=FORM_ID)
    field: str | None = Field(default=None, pattern=IDENT)
    column: str | None = Field(default=None, pattern=IDENT)

    @model_validator(mode="after")
    def _check(self) -> MaterialRule:
        if (self.form is None) != (self.field is None):
            raise ValueError("form 与 field 须同时给出")
        if self.code == "period_within_year":
            if self.year is None or not (self.form and self.column):
                raise ValueError("period_within_year 须给出 year 以及所查表格的 form、field、column")
        elif self.year is not None or self.column is not None:
            raise ValueError(f"{self.code} 不能有 year、column")
        return self


class MaterialRequirement(Strict):
    """A material required of some enterprises only ("医药、食品工业企业须提供…"): `rule` over the
    enterprise's profile facts, `clause` quoted from the notice."""

    clause: str = Field(min_length=2)
    rule: Rule


class Material(Strict):
    id: str = Field(pattern=IDENT)
    name: str = Field(min_length=2)  # quoted from the checklist
    source: str = Field(min_length=2)
    required: bool = True
    # Required when the rule holds for the enterprise, and while a fact it reads is unknown.
    required_when: MaterialRequirement | None = None
    form: str | None = Field(default=None, pattern=FORM_ID)  # filled online from this form instead of uploaded
    accept: list[FileType] = Field(default_factory=lambda: ["pdf", "jpg", "png"])
    note: str | None = None
    rules: list[MaterialRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Material:
        if self.required_when is not None and self.required:
            raise ValueError("给出 required_when 的材料须写 required: false（只对符合条件的企业必填）")
        return self


class Contact(Strict):
    section: str = Field(pattern=IDENT)  # CitySection code
    section_name: str
    person: str
    phone: str


class Subtype(Strict):
    code: str = Field(pattern=IDENT)
    name: str = Field(min_length=2)
    conditions: list[Condition] = Field(default_factory=list)
    materials: list[Material] = Field(default_factory=list)
    forms: list[str] | None = None  # overrides the item's forms
    commitment: str | None = None  # overrides the item's commitment text


class SupportItem(Strict):
    number: int = Field(ge=1)
    code: str = Field(pattern=IDENT)
    name: str = Field(min_length=2)
    direction: str = ""
    conditions_text: str = Field(min_length=2)  # the whole 申报条件 cell, verbatim
    support_method: SupportMethod
    contact: Contact
    forms: list[str] = Field(min_length=1)
    commitment: str | None = None  # 真实性承诺书 text quoted from the template
    materials: list[Material] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    preferences: list[Preference] = Field(default_factory=list)
    subtypes: list[Subtype] = Field(default_factory=list)
    subtype_required: bool = False
    county_quota: int | None = Field(default=None, ge=1)
    counts_toward_project_limit: bool = True
    one_application_per: Literal["item", "subtype"] = "item"  # "subtype": one application per 申报类型


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
            raise ValueError("checklist 的 code 重复")
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
    notice: Notice
    global_conditions: list[Condition] = Field(min_length=1)
    project_limit: ProjectLimitRule
    exclusions: list[ExclusionRule] = Field(default_factory=list)
    quotas: list[QuotaRule] = Field(default_factory=list)
    city_sections: list[CitySectionRef] = Field(min_length=1)
    performance_form: str = Field(pattern=FORM_ID)  # 附件3
    summary_form: str = Field(pattern=FORM_ID)  # 附件4
    performance: PerformanceRules | None = None  # 全过程绩效管理 (通知 五)


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
