"""Rendering: forms and their answers, errors, raw text and reviewers' comments as the views of
policies/formengine/layout.py, for the page and the 申报书 alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policies.formengine.fields import as_templates, group_text, other_option, row_required
from policies.formengine.kinds import BOOLEAN_OPTIONS, CHOICE_KINDS, NEW_ROW_KEY, Answers
from policies.formengine.layout import (
    INDUSTRY_PLACEHOLDER,
    INPUTS,
    PARTIALS,
    ColumnView,
    FieldView,
    FormView,
    OptionView,
    SectionView,
    TableRowView,
    YearRowView,
)
from policies.formengine.paths import field_name, path_to_anchor, row_key_name
from policies.formengine.stored import count_chars, is_blank
from policies.formengine.validate import raw_values
from policies.formengine.values import max_length
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate


@dataclass
class _RenderContext:
    errors: dict[str, str]
    raw: dict[str, str]
    comments: dict[str, str]
    readonly: bool


def _text_of(field: FormField, value: Any) -> str:
    """A stored value as the text in its box, or as read-only text."""
    if is_blank(value):
        return ""
    if field.kind == "boolean":
        return "是" if value is True else "否" if value is False else str(value)
    if field.kind in CHOICE_KINDS and isinstance(value, dict):
        labels = {o.value: o.label for o in field.options or []}
        chosen = [value.get("value", "")] if field.kind == "single_choice" else list(value.get("values") or [])
        other = value.get("other", "")
        other_choice = other_option(field)
        parts = []
        for v in chosen:
            text = labels.get(v, v)
            if other_choice is not None and v == other_choice.value and other:
                text = f"{text}：{other}"
            parts.append(text)
        return "、".join(parts)
    return str(value)


def _value_view(
    field: FormField, value: Any, ctx: _RenderContext, *, path: str, name: str, anchor: str, label: str, in_table: bool
) -> FieldView:
    """The view of one value slot; path is "" for the blank template row (no errors, raw or comments)."""
    raw_text = ctx.raw.get(path) if path else None
    error = ctx.errors.get(path, "") if path else ""
    input_type, inputmode, placeholder, autocomplete = INPUTS.get(field.kind, ("text", "", "", ""))
    if field.kind == "industry":
        placeholder = INDUSTRY_PLACEHOLDER.get(field.level or "大类", "")
    if raw_text is not None and input_type in ("date", "month"):
        input_type = "text"  # a date box would blank out text that is not a date
    text = raw_text if raw_text is not None else _text_of(field, value)
    view = FieldView(
        partial=PARTIALS[field.kind], kind=field.kind, label=label, path=path, name=name, anchor=anchor,
        group="" if in_table else group_text(field), required=field.required, unit=field.unit or "",
        help=field.help or "", error=error, comment=ctx.comments.get(path, "") if path else "",
        readonly=ctx.readonly, in_table=in_table, value=text, display=text, input_type=input_type,
        inputmode=inputmode, placeholder=placeholder, autocomplete=autocomplete, max_chars=field.max_chars,
    )  # fmt: skip
    view.max_length = max_length(field)
    view.help_id = f"{anchor}--help" if view.help and not in_table else ""  # cells: help is in the column head
    view.error_id = f"{anchor}--error" if error else ""
    if field.max_chars:
        view.count_id = f"{anchor}-count"
        view.char_count = count_chars(text)
        view.over_limit = view.char_count > field.max_chars
    if field.kind == "boolean":
        view.options = [
            OptionView(v, label_, f"{anchor}--{v}", checked=value is (v == "true")) for v, label_ in BOOLEAN_OPTIONS
        ]
    elif field.kind in CHOICE_KINDS:
        chosen = value if isinstance(value, dict) else {}
        selected = [chosen.get("value")] if field.kind == "single_choice" else list(chosen.get("values") or [])
        view.options = [
            OptionView(o.value, o.label, f"{anchor}--{o.value}", checked=o.value in selected, other=o.other)
            for o in field.options or []
        ]
        other = other_option(field)
        if other is not None:
            view.other_name = f"{name}__other"
            view.other_anchor = f"{anchor}__other"
            view.other_label = f"{other.label}：请注明"
            view.other_value = chosen.get("other", "") if isinstance(chosen.get("other"), str) else ""
            view.other_error = ctx.errors.get(f"{path}.other", "") if path else ""
            view.other_error_id = f"{view.other_anchor}--error" if view.other_error else ""
            view.comment = view.comment or (ctx.comments.get(f"{path}.other", "") if path else "")
    view.describedby = " ".join(i for i in (view.error_id, view.help_id, view.count_id) if i)
    return view


def _field_view(form: FormTemplate, field: FormField, form_answers: dict, ctx: _RenderContext) -> FieldView:
    path = f"{form.id}.{field.id}"
    anchor = path_to_anchor(path)
    name = field_name(form.id, field.id)
    value = form_answers.get(field.id)
    if field.kind in VALUE_KINDS:
        return _value_view(field, value, ctx, path=path, name=name, anchor=anchor, label=field.label, in_table=False)
    view = FieldView(
        partial=PARTIALS[field.kind], kind=field.kind, label=field.label, path=path, name=name, anchor=anchor,
        group=group_text(field), required=field.required, unit=field.unit or "", help=field.help or "",
        error=ctx.errors.get(path, ""), comment=ctx.comments.get(path, ""), readonly=ctx.readonly,
        text=field.text or "",
    )  # fmt: skip
    view.help_id = f"{anchor}--help" if view.help else ""
    view.error_id = f"{anchor}--error" if view.error else ""
    view.describedby = " ".join(i for i in (view.error_id, view.help_id) if i)
    if field.kind == "material":
        view.href = f"#material-{field.material}"
    elif field.kind == "signature":
        view.text = field.text or ""
    elif field.kind == "year_table":
        cells = value if isinstance(value, dict) else {}
        view.years = [str(y) for y in field.years or []]
        for row in field.rows or []:
            row_values = cells.get(row.id) if isinstance(cells.get(row.id), dict) else {}
            row_view = YearRowView(row.id, row.label, row.unit or "", [])
            for year in view.years:
                cell_path = f"{path}.{row.id}.{year}"
                cell = _value_view(
                    row, row_values.get(year), ctx, path=cell_path, name=field_name(form.id, field.id, row.id, year),
                    anchor=path_to_anchor(cell_path), label=f"{row.label} {year}年", in_table=True,
                )  # fmt: skip
                cell.required = row_required(field, row)
                row_view.cells.append(cell)
            view.year_rows.append(row_view)
    elif field.kind == "table":
        _table_view(form, field, value, ctx, view)
    return view


def _table_view(form: FormTemplate, field: FormField, value: Any, ctx: _RenderContext, view: FieldView) -> None:
    rows = [r if isinstance(r, dict) else {} for r in value] if isinstance(value, list) else []
    if not ctx.readonly:  # blank rows up to min_rows (at least one) so the columns show; blank rows post nothing
        target = max(field.min_rows or 0, 1)
        if field.max_rows is not None:
            target = min(target, field.max_rows)
        rows += [{}] * max(0, target - len(rows))
    view.columns = [
        ColumnView(c.id, c.label, c.required, c.unit or "", c.help or "", c.max_chars) for c in field.columns or []
    ]
    view.row_key_name = row_key_name(form.id, field.id)
    view.min_rows, view.max_rows = field.min_rows, field.max_rows

    def row_view(key: str, number: str, row: dict, index: int | None) -> TableRowView:
        cells = []
        for column in field.columns or []:
            if index is None:
                cell_path, anchor = "", f"{view.anchor}__{NEW_ROW_KEY}__{column.id}"
            else:
                cell_path = f"{view.path}[{index}].{column.id}"
                anchor = path_to_anchor(cell_path)
            cell = _value_view(
                column, row.get(column.id), ctx, path=cell_path, name=field_name(form.id, field.id, f"row-{key}", column.id),
                anchor=anchor, label=column.label, in_table=True,
            )  # fmt: skip
            cell.row_number = number
            cell.in_repeat = True
            cells.append(cell)
        return TableRowView(key, number, view.row_key_name, cells)

    view.rows = [row_view(f"r{i}", str(i + 1), row, i) for i, row in enumerate(rows)]
    if not ctx.readonly:
        view.template_row = row_view(NEW_ROW_KEY, "", {}, None)


def render_sections(
    forms: list[dict] | list[FormTemplate],
    answers: Answers,
    errors: dict[str, str] | None = None,
    raw: dict[str, str] | None = None,
    *,
    readonly: bool = False,
    comments: dict[str, str] | None = None,
) -> list[FormView]:
    """Forms → sections → field views for applications/form_fields.html. `raw` adds to the raw text
    embedded in the answers; `comments` are reviewers' comments by path, shown beside their value."""
    ctx = _RenderContext(
        errors=dict(errors or {}), raw={**raw_values(answers), **(raw or {})}, comments=dict(comments or {}),
        readonly=readonly,
    )  # fmt: skip
    out: list[FormView] = []
    for form in as_templates(forms):
        form_answers = answers.get(form.id) or {}
        sections = [
            SectionView(
                section.id,
                f"s-{form.id}__{section.id}",
                section.title,
                section.guidance or "",
                [_field_view(form, f, form_answers, ctx) for f in section.fields],
            )
            for section in form.sections
        ]
        out.append(FormView(form.id, f"form-{form.id}", form.title, form.source, form.note or "", readonly, sections))
    return out
