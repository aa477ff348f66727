"""What a demo enterprise types into its application's forms: every field filled with a plausible value of
its kind, within the field's limits, the answers already prefilled from the profile kept, the material rules'
dates and the 绩效目标表 (附件3) made usable, as a careful applicant would fill them. Pure over the frozen forms."""

from __future__ import annotations

import functools
import json
import random
from decimal import ROUND_DOWN, Decimal

from applications import completeness
from applications.profile_sync import identity_answers
from core.validators import id_number_check_character
from policies.formengine.indicators import indicator_groups
from policies.formengine.subtypes import subtype_answers
from policies.formengine.values import format_decimal
from policies.pack.schema import FormField, FormTemplate

QUERY_DATE = "2023-08-01"  # the 信用湖南 query, inside the 2023 window (the notice was issued 2023-07-26)
TEXTS = [
    "按计划推进，已完成设备选型与安装调试。",
    "项目建设内容与申报事项一致，资金使用规范。",
    "企业建立了完善的管理制度，运行情况良好。",
    "通过改造，生产效率明显提升，能耗进一步降低。",
]


def _number(field: FormField, rng: random.Random) -> Decimal:
    low = Decimal(repr(field.min_value)) if field.min_value is not None else Decimal(1)
    high = Decimal(repr(field.max_value)) if field.max_value is not None else low + 500
    value = low + (high - low) * Decimal(rng.randint(5, 60)) / 100
    return value.quantize(Decimal(1) if field.decimals == 0 else Decimal("0.1"), rounding=ROUND_DOWN)


def field_value(field: FormField, rng: random.Random):
    """A plausible, valid value of the field's kind, in the stored representation."""
    kind = field.kind
    if kind in ("text", "long_text"):
        text = f"{field.label}：{rng.choice(TEXTS)}" if kind == "long_text" else f"{field.label}（演示）"
        return text[: field.max_chars] if field.max_chars else text
    if kind == "year":
        return 2023
    if kind == "integer":
        return int(_number(field, rng).to_integral_value(rounding=ROUND_DOWN))
    if kind in ("number", "money", "percentage"):
        return format_decimal(_number(field, rng))
    if kind == "date":
        return "2023-06-30"
    if kind == "year_month":
        return "2023-06"
    if kind == "phone":
        return "0734-8855130"
    if kind == "email":
        return "office@example.com"
    if kind == "industry":
        return "35 专用设备制造业" if field.level == "大类" else "351 采矿、冶金、建筑专用设备制造"
    if kind == "boolean":
        return True
    options = field.options or []
    plain = [o for o in options if not o.other] or options
    if kind == "single_choice":
        return {"value": plain[0].value, "other": "其他说明" if plain[0].other else ""}
    if kind == "multiple_choice":
        return {"values": [o.value for o in plain[:2]], "other": ""}
    if kind == "id_number":  # an invented number with a valid check character (1980-01-01, Zhuhui)
        first17 = f"430405198001010{rng.randint(10, 99)}"
        return first17 + id_number_check_character(first17)
    return None  # uscc: the fields naming the applicant are set from the profile below


@functools.lru_cache(maxsize=64)
def _template(text: str) -> FormTemplate:
    return FormTemplate.model_validate_json(text)


def _form_answers(form: dict, rng: random.Random) -> dict:
    template = _template(json.dumps(form, sort_keys=True))
    out: dict = {}
    for field in template.value_fields():
        if field.kind == "year_table":
            out[field.id] = {row.id: {str(y): field_value(row, rng) for y in field.years} for row in field.rows}
        elif field.kind == "table":
            count = max(2, field.min_rows or 0)
            count = min(count, field.max_rows) if field.max_rows else count
            out[field.id] = [{c.id: field_value(c, rng) for c in field.columns} for _ in range(count)]
        else:
            value = field_value(field, rng)
            if value is not None:
                out[field.id] = value
    return out


def _material_rules(materials: list[dict], answers: dict) -> None:
    for material in materials:
        for rule in material.get("rules", []):
            if not rule.get("form") or rule["form"] not in answers:
                continue
            if rule["code"] == "period_within_year":
                for row in answers[rule["form"]].get(rule["field"]) or []:
                    row[rule["column"]] = f"{rule['year']}-06-30"
            else:
                answers[rule["form"]][rule["field"]] = QUERY_DATE


def _usable_targets(application, answers: dict) -> None:
    """Every indicator 定量 with a target and a unit, the 分值 adding up to the pack's total."""
    form, total = completeness.performance_target_sheet(application)
    if form is None or form["id"] not in answers:
        return
    form_answers = answers[form["id"]]
    rows = [row for group in indicator_groups(form) for table in group.tables for row in form_answers.get(table) or []]
    if not rows:
        return
    share = (total / len(rows)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    for n, row in enumerate(rows):
        row.update(
            target_value=f"≥{10 * (n + 1)}", measurement_unit="项", value_type="定量", score=format_decimal(share)
        )
    rows[-1]["score"] = format_decimal(total - share * (len(rows) - 1))


def _keep_prefilled(filled: dict, prefilled: dict) -> None:
    """What the profile prefilled wins over the invented value, cell by cell in a year table."""
    for key, value in prefilled.items():
        if isinstance(value, dict) and isinstance(filled.get(key), dict) and "value" not in value:
            _keep_prefilled(filled[key], value)
        elif value not in (None, "", [], {}):
            filled[key] = value


def demo_answers(application, profile, rng: random.Random) -> dict:
    """The whole application filled; what `application_create` prefilled from the profile is kept."""
    answers: dict = {}
    for form in application.forms:
        answers[form["id"]] = _form_answers(form, rng)
    for form_id, values in (application.answers or {}).items():
        _keep_prefilled(answers.setdefault(form_id, {}), values)
    names = completeness.subtype_names(application.item)
    for form_id, values in subtype_answers(application.forms, names, application.subtype_name).items():
        answers.setdefault(form_id, {}).update(values)
    _material_rules(completeness.item_materials(application), answers)
    _usable_targets(application, answers)
    for form_id, values in identity_answers(application.forms, profile).items():
        answers.setdefault(form_id, {}).update(values)
    return answers
