"""Walking the value slots of a set of forms (fields, year-table cells, table cells) and the issues each
slot has: a value of the wrong kind, a broken limit, an unknown option, a missing required value."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from policies.formengine.fields import as_templates, display_label, other_option, row_required
from policies.formengine.form_rules import form_rule_issues
from policies.formengine.kinds import CHOICE_KINDS, RAW_KEY, SCALAR_KINDS, Answers
from policies.formengine.messages import BAD_VALUE, MAX_ROWS, MIN_ROWS, OTHER_REQUIRED, REQUIRED, UNKNOWN_OPTION
from policies.formengine.stored import is_blank, kind_error, limit_error
from policies.formengine.values import parse_text
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate, Section


@dataclass(frozen=True)
class Issue:
    path: str
    message: str
    missing: bool
    label: str


def value_issues(
    field: FormField, value: Any, path: str, label: str, raw: dict[str, str], *, required: bool, complete: bool
) -> list[Issue]:
    """Issues of one value slot (a field, a year-table cell or a table cell)."""
    if path in raw:
        error = parse_text(field, raw[path])[1] if field.kind in SCALAR_KINDS else None
        return [Issue(path, error or BAD_VALUE, False, label)]
    if is_blank(value):
        return [Issue(path, REQUIRED, True, label)] if complete and required else []
    error = kind_error(field, value) or limit_error(field, value)
    if error:
        return [Issue(path, error, False, label)]
    if field.kind not in CHOICE_KINDS:
        return []
    chosen = [value["value"]] if field.kind == "single_choice" else value["values"]
    known = {o.value for o in field.options or []}
    issues = [Issue(path, UNKNOWN_OPTION.format(value=v), False, label) for v in chosen if v and v not in known][:1]
    other = other_option(field)
    if complete and required and not [v for v in chosen if v]:
        issues.append(Issue(path, REQUIRED, True, label))
    if other is not None and other.value in chosen and not value.get("other", "").strip():
        issues.append(Issue(f"{path}.other", OTHER_REQUIRED.format(label=other.label), False, label))
    return issues


def field_issues(form: FormTemplate, field: FormField, answers: dict, *, complete: bool) -> list[Issue]:
    """Issues of every value slot of one field of one form."""
    raw = answers.get(RAW_KEY) or {}
    path = f"{form.id}.{field.id}"
    label = display_label(field)
    value = answers.get(field.id)
    if field.kind in VALUE_KINDS:
        return value_issues(field, value, path, label, raw, required=field.required, complete=complete)
    issues: list[Issue] = []
    if field.kind == "year_table":
        cells = value if isinstance(value, dict) else {}
        for row in field.rows or []:
            row_values = cells.get(row.id) if isinstance(cells.get(row.id), dict) else {}
            for year in field.years or []:
                issues += value_issues(
                    row, row_values.get(str(year)), f"{path}.{row.id}.{year}", f"{label} · {row.label} · {year}年",
                    raw, required=row_required(field, row), complete=complete,
                )  # fmt: skip
    elif field.kind == "table":
        rows = value if isinstance(value, list) else []
        if field.max_rows is not None and len(rows) > field.max_rows:
            issues.append(Issue(path, MAX_ROWS.format(count=field.max_rows, label=field.label), False, label))
        min_rows = field.min_rows if field.min_rows is not None else (1 if field.required else 0)
        if complete and len(rows) < min_rows:
            issues.append(Issue(path, MIN_ROWS.format(count=min_rows, label=field.label), True, label))
        for index, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            for column in field.columns or []:
                issues += value_issues(
                    column, row.get(column.id), f"{path}[{index}].{column.id}",
                    f"{label} · 第 {index + 1} 行 · {column.label}", raw, required=column.required, complete=complete,
                )  # fmt: skip
    return issues


def walk_issues(forms, answers: Answers, *, complete: bool) -> Iterator[tuple[FormTemplate, Section, Issue]]:
    """(form, section, issue) for every issue of the answers, in page order."""
    for form in as_templates(forms):
        form_answers = answers.get(form.id) or {}
        for section in form.sections:
            for field in section.fields:
                for issue in field_issues(form, field, form_answers, complete=complete):
                    yield form, section, issue
        # Not "missing": the completeness report lists them with their own message (form_rule_errors).
        for field_id, message in form_rule_issues(form, form_answers, complete=complete):
            section = next(s for s in form.sections if any(f.id == field_id for f in s.fields))
            yield form, section, Issue(f"{form.id}.{field_id}", message, False, message)
