"""Support items of 附件1: materials, contacts, sub-types."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from policies.pack.schema.base import FORM_ID, IDENT, Strict
from policies.pack.schema.conditions import Condition, Preference, Rule

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

    @model_validator(mode="after")
    def _check_item(self) -> SupportItem:
        if self.one_application_per == "subtype" and not self.subtypes:
            raise ValueError("one_application_per: subtype 须与 subtypes（申报类型）一起使用：本事项没有申报类型")
        if self.subtype_required and not self.subtypes:
            raise ValueError("subtype_required 须与 subtypes（申报类型）一起使用：本事项没有申报类型")
        return self
