"""Forms as templates: the stored form dicts as FormTemplate, and what a field says about its options,
its rows and its label."""

from __future__ import annotations

from policies.pack.schema import FormField, FormTemplate, Option


def as_templates(forms: list[dict] | list[FormTemplate]) -> list[FormTemplate]:
    return [f if isinstance(f, FormTemplate) else FormTemplate.model_validate(f) for f in forms]


def other_option(field: FormField) -> Option | None:
    """The choice's "其他（请注明）" option, if it has one."""
    return next((o for o in field.options or [] if o.other), None)


def row_required(table: FormField, row: FormField) -> bool:
    """A year-table cell is required when its row is; a required table whose rows say nothing (the
    single-row tables of 附件2-8 and 2-9) requires every cell."""
    if row.required:
        return True
    return table.required and not any(r.required for r in table.rows or [])


def group_text(field: FormField) -> str:
    """The field's group as the page shows it: "一、基本情况 › 联系人"."""
    return " › ".join(g.strip() for g in field.group.split(">")) if field.group else ""


def display_label(field: FormField) -> str:
    """The label with its group, as the completeness list names the field."""
    if not field.group:
        return field.label
    return f"{group_text(field)} › {field.label}"
