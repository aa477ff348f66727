"""Parsing a POST: the answers, the parse errors and the raw text of every form of a page."""

from __future__ import annotations

from typing import Any

from policies.formengine.fields import as_templates, other_option
from policies.formengine.kinds import OTHER_MAX_LENGTH, RAW_KEY, ROW_KEY_PATTERN, SCALAR_KINDS, Answers, QueryDictLike
from policies.formengine.messages import BAD_BOOLEAN
from policies.formengine.paths import field_name, row_key_name
from policies.formengine.stored import is_blank
from policies.formengine.values import normalise_text, parse_text
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate


def _read_value(
    field: FormField, data: QueryDictLike, name: str, path: str, errors: dict[str, str], raw: dict[str, str]
) -> Any:
    kind = field.kind
    if kind in SCALAR_KINDS:
        value, error, typed = parse_text(field, data.get(name))
        if error:
            errors[path] = error
            raw[path] = typed
        return value
    if kind == "boolean":
        text = (data.get(name) or "").strip()
        if text in ("true", "false"):
            return text == "true"
        if text:
            errors[path] = BAD_BOOLEAN
        return None
    other = other_option(field)
    other_text = (
        normalise_text(str(data.get(f"{name}__other") or "")[:OTHER_MAX_LENGTH], multiline=False) if other else ""
    )
    if kind == "single_choice":
        chosen = (data.get(name) or "").strip()
        if not chosen and other_text:  # typing in the "其他（请注明）" box chooses it
            chosen = other.value
        return {"value": chosen, "other": other_text} if chosen else None
    if kind == "multiple_choice":
        chosen = [v.strip() for v in data.getlist(name) if isinstance(v, str) and v.strip()]
        if other_text and other.value not in chosen:
            chosen.append(other.value)
        order = {o.value: i for i, o in enumerate(field.options or [])}
        values = sorted(dict.fromkeys(chosen), key=lambda v: order.get(v, len(order)))
        return {"values": values, "other": other_text} if values else None
    return None


def _read_year_table(
    form: FormTemplate, field: FormField, data: QueryDictLike, errors: dict[str, str], raw: dict[str, str]
) -> dict[str, dict[str, Any]]:
    path = f"{form.id}.{field.id}"
    value = {}
    for row in field.rows or []:
        cells = {}
        for year in field.years or []:
            name = field_name(form.id, field.id, row.id, year)
            cell = _read_value(row, data, name, f"{path}.{row.id}.{year}", errors, raw)
            if cell is not None:
                cells[str(year)] = cell
        if cells:
            value[row.id] = cells
    return value


def _read_table(
    form: FormTemplate, field: FormField, data: QueryDictLike, errors: dict[str, str], raw: dict[str, str]
) -> list[dict[str, Any]]:
    """Rows in the order of their hidden row-key inputs; a row left entirely blank is dropped."""
    path = f"{form.id}.{field.id}"
    value = []
    seen: set[str] = set()
    for key in data.getlist(row_key_name(form.id, field.id)):
        if not isinstance(key, str) or not ROW_KEY_PATTERN.fullmatch(key) or key in seen:
            continue
        seen.add(key)
        index = len(value)
        row_errors: dict[str, str] = {}
        row_raw: dict[str, str] = {}
        row = {}
        for column in field.columns or []:
            cell = _read_value(
                column, data, field_name(form.id, field.id, f"row-{key}", column.id),
                f"{path}[{index}].{column.id}", row_errors, row_raw,
            )  # fmt: skip
            if cell is not None:
                row[column.id] = cell
        if row or row_raw or row_errors:
            value.append(row)
            errors.update(row_errors)
            raw.update(row_raw)
    return value


def parse_submission(forms: list[dict], data: QueryDictLike) -> tuple[Answers, dict[str, str], dict[str, str]]:
    """(answers, parse errors, raw texts) from a POST.

    Every form of `forms` gets an entry (empty when nothing was filled), so storing the result replaces a
    form's earlier answers. Text that is not a value of its field's kind is left out of the value and kept
    under answers[form_id][RAW_KEY] (returned flattened too). Table rows follow the order of the hidden
    row-key inputs; rows left entirely blank are dropped.
    """
    answers: Answers = {}
    errors: dict[str, str] = {}
    all_raw: dict[str, str] = {}
    for form in as_templates(forms):
        form_answers: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for field in form.value_fields():
            if field.kind in VALUE_KINDS:
                path = f"{form.id}.{field.id}"
                value = _read_value(field, data, field_name(form.id, field.id), path, errors, raw)
            elif field.kind == "year_table":
                value = _read_year_table(form, field, data, errors, raw)
            else:
                value = _read_table(form, field, data, errors, raw)
            if not is_blank(value):
                form_answers[field.id] = value
        if raw:
            form_answers[RAW_KEY] = raw
            all_raw.update(raw)
        answers[form.id] = form_answers
    return answers, errors, all_raw
