"""Test data for the form engine: a valid value of every kind, fully filled answers, and what a browser
posts for a rendered form. Shared by the engine's tests and the application tests."""

from __future__ import annotations

from decimal import Decimal

from django.utils.datastructures import MultiValueDict

from core.validators import id_number_check_character, organisation_code_check_character, uscc_check_character
from policies.formengine.layout import FormView
from policies.formengine.values import format_decimal
from policies.pack.schema import FormField, FormTemplate

# ---------------------------------------------------------------------------
# A valid value of every kind
# ---------------------------------------------------------------------------


def valid_uscc() -> str:
    first17 = "91430400" + "MA4L0000" + organisation_code_check_character("MA4L0000")
    return first17 + uscc_check_character(first17)


def valid_id_number() -> str:
    first17 = "43040519900101123"
    return first17 + id_number_check_character(first17)


def valid_value(field: FormField, seed: int = 0):
    """A valid value of the field's kind, in the stored representation, within the field's limits."""
    kind = field.kind
    if kind == "text":
        text = f"示例{seed} <{field.id}> & “引号” 'x'"
        return text[: field.max_chars] if field.max_chars else text
    if kind == "long_text":
        text = f"第一行{seed} <b>&amp;</b>\n  第二行　缩进\n\n第四行"
        return text[: field.max_chars] if field.max_chars else text
    if kind in ("integer", "year"):
        if kind == "year":
            return 2023
        number = 3 + seed
        if field.min_value is not None:
            number = max(number, int(field.min_value))
        if field.max_value is not None:
            number = min(number, int(field.max_value))
        return number
    if kind in ("number", "money", "percentage"):
        number = Decimal("12.5") + seed
        if field.decimals == 0:
            number = Decimal(12 + seed)
        if field.min_value is not None:
            number = max(number, Decimal(repr(field.min_value)))
        if field.max_value is not None:
            number = min(number, Decimal(repr(field.max_value)))
        return format_decimal(number)
    if kind == "date":
        return "2023-08-25"
    if kind == "year_month":
        return "2023-08"
    if kind == "phone":
        return "13812345678" if seed % 2 == 0 else "0734-8855130"
    if kind == "email":
        return "contact@example.com"
    if kind == "uscc":
        return valid_uscc()
    if kind == "id_number":
        return valid_id_number()
    if kind == "industry":
        return "35 专用设备制造业" if field.level == "大类" else "351 采矿、冶金、建筑专用设备制造"
    if kind == "boolean":
        return len(field.id) % 2 == 0
    options = field.options or []
    other = next((o for o in options if o.other), None)
    if kind == "single_choice":
        if other is not None:
            return {"value": other.value, "other": "其他说明"}
        return {"value": options[0].value, "other": ""}
    if kind == "multiple_choice":
        chosen = {options[0].value} | ({options[1].value} if len(options) > 1 else set())
        if other is not None:
            chosen.add(other.value)
        values = [o.value for o in options if o.value in chosen]
        return {"values": values, "other": "其他说明" if other is not None else ""}
    raise AssertionError(kind)


def table_row_count(field: FormField) -> int:
    count = max(2, field.min_rows or 0)
    return min(count, field.max_rows) if field.max_rows else count


def filled_answers(form_dict: dict) -> dict:
    """Every value field of the form filled: all year-table cells, at least 2 rows in every table."""
    template = FormTemplate.model_validate(form_dict)
    out: dict = {}
    for field in template.value_fields():
        if field.kind == "year_table":
            out[field.id] = {
                row.id: {str(year): valid_value(row, i) for i, year in enumerate(field.years)} for row in field.rows
            }
        elif field.kind == "table":
            out[field.id] = [
                {column.id: valid_value(column, i) for column in field.columns} for i in range(table_row_count(field))
            ]
        else:
            out[field.id] = valid_value(field)
    return {template.id: out}


# ---------------------------------------------------------------------------
# What a browser posts for a render structure
# ---------------------------------------------------------------------------


def browser_post(views: list[FormView]) -> MultiValueDict:
    """The name/value pairs a browser submits for the rendered inputs, in DOM order: checked options only,
    textarea line breaks as CRLF, one hidden row-key input per table row (the <template> row posts nothing)."""
    data = MultiValueDict()

    def add(view) -> None:
        if view.readonly:
            return
        if view.partial in ("text", "number", "date"):
            data.appendlist(view.name, view.value)
        elif view.partial == "long_text":
            data.appendlist(view.name, view.value.replace("\n", "\r\n"))
        elif view.partial in ("boolean", "single_choice", "multiple_choice"):
            for option in view.options:
                if option.checked:
                    data.appendlist(view.name, option.value)
            if view.other_name:
                data.appendlist(view.other_name, view.other_value)
        elif view.partial == "year_table":
            for row in view.year_rows:
                for cell in row.cells:
                    add(cell)
        elif view.partial == "table":
            for row in view.rows:
                data.appendlist(row.key_name, row.key)
                for cell in row.cells:
                    add(cell)

    for form_view in views:
        for section in form_view.sections:
            for view in section.fields:
                add(view)
    return data


def fill_answers(forms: list[dict]) -> dict:
    """Every form of an application filled."""
    out: dict = {}
    for form_dict in forms:
        out.update(filled_answers(form_dict))
    return out
