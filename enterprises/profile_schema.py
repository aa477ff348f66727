"""The enterprise profile as a form schema, rendered and parsed by the same engine as the templates.

Its field ids are the profile keys (policies/pack/prefill.py) and the declared facts
(policies/facts.py), so the profile is at once what pre-fills every template and the facts store
of the eligibility engine. Pure: builds a dict once per set of notice years.

The yearly figures are kept by calendar year (operating_revenue_2022), and the form asks for the profile
years of every notice it serves: the published packs' years, which the profile view reads
(policies.selectors.published_notice_years) and passes; without them, the years of the pack folders.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from policies.facts import NOTICE_YEARS, RECORDED_FACTS
from policies.pack.prefill import YEARLY_METRICS
from policies.pack.schema import FormTemplate
from policies.vocabulary import facts_for_notice_years, profile_years

PROFILE_FORM_ID = "0"
YEAR_TABLE_ID = "yearly"
# Facts the profile derives instead of asking: from the USCC and from the industry code.
DERIVED_FACTS = {"registered_in_hengyang", "industry_category"}

NATURE_OPTIONS = [
    {"value": "state_owned", "label": "国企"},
    {"value": "private", "label": "民营"},
    {"value": "foreign_invested", "label": "三资"},
    {"value": "other", "label": "其他（请注明）", "other": True},
]


def _f(id: str, label: str, kind: str, **extra: Any) -> dict:
    return {"id": id, "label": label, "kind": kind, **extra}


BASIC = [
    _f("enterprise_name", "企业名称", "text", required=True, max_chars=128),
    _f("founding_date", "成立时间", "date", required=True),
    _f("enterprise_nature", "企业性质", "single_choice", required=True, options=NATURE_OPTIONS),
    _f("ownership_type", "所有制性质", "text"),
    _f("industry_division", "所属行业（大类）", "industry", level="大类", required=True,
       help="按《国民经济行业分类与代码（GB/T 4754-2017）》，如 35 专用设备制造业"),
    _f("industry_group", "所属行业（中类）", "industry", level="中类", help="如 351 采矿、冶金、建筑专用设备制造"),
    _f(
        "industry_class",
        "所属行业（小类）",
        "industry",
        level="小类",
        help="如 3054 日用玻璃制品制造；有些支持事项只能按小类判定（如日用玻璃、日用陶瓷属轻工行业）",
    ),
    _f("tax_jurisdiction", "纳税属地", "text"),
    _f("address", "单位地址", "text", required=True),
    _f("postal_code", "邮编", "text"),
    _f("registered_capital", "注册资本（万元）", "money", unit="万元", min_value=0),
    _f("paid_in_capital", "实缴资本（万元）", "money", unit="万元", min_value=0),
    _f("business_license_number", "营业执照注册号", "text"),
    _f("business_scope", "经营范围", "long_text", max_chars=1000),
    _f("main_products", "主要产品/服务", "text"),
    _f("profile_summary", "企业简介", "long_text", max_chars=500, help="发展历程、主营业务、市场销售等，500字以内"),
    _f("is_above_designated_size", "是否规模以上企业", "boolean"),
    _f("is_high_tech_enterprise", "是否国家高新技术企业", "boolean"),
    _f("is_software_enterprise", "是否认定软件企业", "boolean"),
    _f("bank_credit_rating", "银行信用等级", "text"),
]  # fmt: skip

PEOPLE = [
    _f("legal_representative_name", "法定代表人姓名", "text", required=True),
    _f("legal_representative_title", "法定代表人职务", "text"),
    _f("legal_representative_mobile", "法定代表人手机", "phone"),
    _f("legal_representative_phone", "法定代表人电话", "phone"),
    _f("legal_representative_email", "法定代表人电子邮箱", "email"),
    _f("legal_representative_id_number", "法定代表人身份证号", "id_number"),
    _f("contact_name", "联系人姓名", "text", required=True),
    _f("contact_title", "联系人职务", "text"),
    _f("contact_mobile", "联系人手机", "phone", required=True),
    _f("contact_phone", "联系人电话", "phone"),
    _f("contact_email", "联系人电子邮箱", "email"),
    _f("fax", "传真", "phone"),
]

STAFF = [
    _f("employees_total", "从业人数", "integer", unit="人", min_value=0),
    _f("employees_bachelor_or_above", "大学本科以上人数", "integer", unit="人", min_value=0),
    _f("employees_college_or_above", "大专以上人数", "integer", unit="人", min_value=0),
    _f("employees_mid_title_or_above", "中级职称以上人数", "integer", unit="人", min_value=0),
    _f("rd_staff", "研发人员数", "integer", unit="人", min_value=0),
]


def _metric_row(metric: str, label: str) -> dict:
    if "%" in label:
        return _f(metric, label, "percentage", unit="%")
    if "人" in label:
        return _f(metric, label, "integer", unit="人", min_value=0)
    unit = "万美元" if "万美元" in label else "万元"
    extra = {} if metric in ("total_profit", "net_profit") else {"min_value": 0}
    return _f(metric, label, "money", unit=unit, **extra)


def _fact_field(fact) -> dict:
    name = fact.name
    label = fact.label
    if fact.type == "boolean":
        return _f(name, label, "boolean", help=fact.description[:200] or None)
    if fact.type == "code":
        return _f(name, label, "text", help=fact.description[:200] or None)
    if fact.type == "integer":
        return _f(name, label, "integer", unit=fact.unit, min_value=0)
    if fact.unit == "%":
        return _f(name, label, "percentage", unit="%", min_value=0)
    if fact.unit == "万元":
        return _f(name, label, "money", unit="万元", **({} if fact.allow_negative else {"min_value": 0}))
    return _f(name, label, "number", unit=fact.unit, min_value=0)


def _strip_none(field: dict) -> dict:
    return {k: v for k, v in field.items() if v is not None}


def profile_table_years(notice_years: tuple[int, ...] = NOTICE_YEARS) -> tuple[int, ...]:
    """The calendar years the profile asks for: every year some notice among `notice_years` uses."""
    return tuple(sorted({year for notice_year in notice_years for year in profile_years(notice_year)}))


def profile_form(notice_years: tuple[int, ...] | None = None) -> dict:
    """The profile form as a plain dict (the shape the form engine takes), for the notices of those years
    (by default the pack folders' years), validated once per set of years."""
    return _profile_form(tuple(sorted(set(notice_years or NOTICE_YEARS))))


@cache
def _profile_form(notice_years: tuple[int, ...]) -> dict:
    vocabulary = facts_for_notice_years(notice_years)
    years = profile_table_years(notice_years)
    # The platform's own performance results (RECORDED_FACTS) are never typed by the enterprise.
    asked = {f["id"] for f in BASIC + PEOPLE + STAFF} | DERIVED_FACTS | RECORDED_FACTS
    yearly_fact_names = {f"{m}_{y}" for m in YEARLY_METRICS for y in years}
    credit = ["is_independent_legal_person", "credit_record_normal", "is_dishonest_judgment_debtor"]
    facts = [
        f
        for n, f in vocabulary.items()
        if n not in asked and n not in yearly_fact_names and n not in credit and n not in DERIVED_FACTS
    ]
    form = {
        "id": PROFILE_FORM_ID,
        "title": "企业档案（一企一档）",
        "source": "企业档案",
        "sections": [
            {"id": "basic", "title": "基本信息", "fields": BASIC},
            {"id": "people", "title": "法定代表人与联系人", "fields": PEOPLE},
            {"id": "staff", "title": "从业人员", "fields": STAFF},
            {
                "id": "economy",
                "title": _economy_title(years),
                "fields": [
                    _f(
                        YEAR_TABLE_ID,
                        _economy_title(years),
                        "year_table",
                        years=list(years),
                        rows=[_metric_row(m, label) for m, label in YEARLY_METRICS.items()],
                    )
                ],
            },
            {
                "id": "credit",
                "title": "法人资格与信用状况",
                "guidance": "以“信用湖南”网站和国家企业信用信息公示系统的查询结果为准；申报时需上传查询截图。",
                "fields": [_strip_none(_fact_field(vocabulary[n])) for n in credit],
            },
            {
                "id": "qualifications",
                "title": "资质、知识产权、项目与荣誉",
                "guidance": "这些信息用于政策计算器判断可申报的支持事项；申报时需提供相应佐证材料。",
                "fields": [_strip_none(_fact_field(f)) for f in facts],
            },
        ],
    }
    return FormTemplate.model_validate(form).model_dump(mode="json")


def _economy_title(years: tuple[int, ...]) -> str:
    """ "近三年主要经济指标" for three years, as the 2023 notice's forms say; the span of years otherwise."""
    if len(years) == 3:
        return "近三年主要经济指标"
    return f"主要经济指标（{years[0]}-{years[-1]}年）"


def profile_to_answers(data: dict[str, Any], notice_years: tuple[int, ...] | None = None) -> dict[str, Any]:
    """Flat profile data -> the engine's answers for the profile form."""
    form = profile_form(notice_years)
    values: dict[str, Any] = {}
    for section in form["sections"]:
        for field in section["fields"]:
            if field["kind"] == "year_table":
                table = {}
                for row in field["rows"]:
                    cells = {str(y): data[f"{row['id']}_{y}"] for y in field["years"] if f"{row['id']}_{y}" in data}
                    if cells:
                        table[row["id"]] = cells
                if table:
                    values[field["id"]] = table
            elif field["id"] in data:
                values[field["id"]] = data[field["id"]]
    return {PROFILE_FORM_ID: values}


def answers_to_profile(answers: dict[str, Any], notice_years: tuple[int, ...] | None = None) -> dict[str, Any]:
    """The engine's answers -> flat profile changes (every key of the form, None where blank). Years the form
    does not ask for are not touched: the figures of other notices' years stay."""
    form = profile_form(notice_years)
    values = answers.get(PROFILE_FORM_ID, {})
    changes: dict[str, Any] = {}
    for section in form["sections"]:
        for field in section["fields"]:
            if field["kind"] == "year_table":
                table = values.get(field["id"]) or {}
                for row in field["rows"]:
                    for year in field["years"]:
                        changes[f"{row['id']}_{year}"] = (table.get(row["id"]) or {}).get(str(year))
            elif field["kind"] == "industry":
                # The form shows "35 专用设备制造业"; the profile keeps the code, which facts compare.
                match = re.match(r"\d+", str(values.get(field["id"]) or ""))
                changes[field["id"]] = match.group(0) if match else None
            elif field["kind"] not in ("heading", "guidance", "signature", "material"):
                changes[field["id"]] = values.get(field["id"])
    return changes
