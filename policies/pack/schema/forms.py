"""Form templates: 附件2-N, their sub-forms, 附件3 and 附件4."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from policies.pack.schema.base import FORM_ID, IDENT, UNITS, Strict

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

# Each kind as the platform names it to people (the workbench's field editor, pack diff): one home.
FIELD_KIND_LABELS: dict[str, str] = {
    "text": "单行文本",
    "long_text": "多行文本",
    "integer": "整数",
    "number": "数值",
    "money": "金额",
    "percentage": "百分比",
    "date": "日期",
    "year_month": "年月",
    "year": "年份",
    "phone": "电话",
    "email": "电子邮箱",
    "uscc": "统一社会信用代码",
    "id_number": "居民身份证号",
    "industry": "行业代码",
    "boolean": "是/否",
    "single_choice": "单选",
    "multiple_choice": "多选",
    "year_table": "按年度表",
    "table": "重复行表格",
    "heading": "小标题",
    "guidance": "说明文字",
    "material": "材料上传",
    "signature": "签字盖章",
}

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
