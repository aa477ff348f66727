"""A small form with one field of every kind, a year table and a table, built in code so that each test
can read what it checks without opening the 2023 pack."""

from __future__ import annotations

from policies.pack.schema import FormField, FormTemplate

CHOICES = [
    {"value": "a", "label": "甲"},
    {"value": "b", "label": "乙"},
    {"value": "other", "label": "其他（请注明）", "other": True},
]
FIELDS = [
    {"id": "name", "label": "名称", "kind": "text", "required": True, "max_chars": 10, "group": "一、基本 > 企业"},
    {"id": "summary", "label": "简介", "kind": "long_text", "max_chars": 20},
    {"id": "phone", "label": "电话", "kind": "phone", "prefill": "contact_mobile"},
    {"id": "email", "label": "邮箱", "kind": "email"},
    {"id": "uscc", "label": "统一社会信用代码", "kind": "uscc"},
    {"id": "id_number", "label": "身份证号", "kind": "id_number"},
    {"id": "division", "label": "行业大类", "kind": "industry", "level": "大类", "prefill": "industry_division"},
    {"id": "industry_class", "label": "行业小类", "kind": "industry", "level": "小类"},
    {"id": "founded", "label": "成立日期", "kind": "date", "prefill": "founding_date"},
    {"id": "start", "label": "开工年月", "kind": "year_month"},
    {"id": "staff", "label": "职工人数", "kind": "integer", "min_value": 0, "max_value": 100000},
    {"id": "year", "label": "年份", "kind": "year"},
    {"id": "ratio", "label": "比例", "kind": "number", "decimals": 1},
    {"id": "amount", "label": "金额", "kind": "money", "unit": "万元", "min_value": 0, "prefill": "registered_capital"},
    {"id": "share", "label": "占比", "kind": "percentage", "unit": "%", "max_value": 100},
    {"id": "listed", "label": "是否上市", "kind": "boolean", "prefill": "listed"},
    {"id": "nature", "label": "企业性质", "kind": "single_choice", "required": True, "options": CHOICES, "prefill": "enterprise_nature"},
    {"id": "honours", "label": "荣誉", "kind": "multiple_choice", "options": CHOICES},
    {
        "id": "economy", "label": "经济指标", "kind": "year_table", "years": [2021, 2022],
        "rows": [
            {"id": "revenue", "label": "营业收入", "kind": "money", "unit": "万元", "required": True, "prefill": "revenue"},
            {"id": "tax", "label": "纳税", "kind": "money", "unit": "万元"},
        ],
    },
    {
        "id": "members", "label": "成员", "kind": "table", "required": True, "min_rows": 2, "max_rows": 3,
        "columns": [
            {"id": "person", "label": "姓名", "kind": "text", "required": True},
            {"id": "mobile", "label": "手机", "kind": "phone"},
        ],
    },
]  # fmt: skip
TEMPLATE = FormTemplate.model_validate(
    {
        "id": "9",
        "title": "测试表",
        "source": "附件9",
        "sections": [
            {"id": "main", "title": "一、基本情况", "fields": FIELDS},
            {"id": "sign", "title": "二、签章", "fields": [{"id": "seal", "label": "盖章", "kind": "signature", "text": "（盖章）"}]},
        ],
    }
)  # fmt: skip
FORM = TEMPLATE.model_dump(mode="json")


def field(field_id: str) -> FormField:
    return next(f for f in TEMPLATE.value_fields() if f.id == field_id)


def column(table_id: str, column_id: str) -> FormField:
    return next(c for c in field(table_id).columns or [] if c.id == column_id)
