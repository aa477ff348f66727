"""The HTML of the form engine's two tables, year_table and table (with its rows and the blank template row):
the part of policies/formengine/html.py that draws cells, each cell through html.field_html."""

from __future__ import annotations

from policies.formengine import html  # the cells and the shared pieces; only used when drawing, so no cycle
from policies.formengine.layout import ColumnView, FieldView, TableRowView


def e(value) -> str:
    return html.e(value)  # looked up when drawing: html.py imports this module before it defines e


ROW_ACTIONS = (("up", "上移"), ("down", "下移"), ("remove", "删除"))


def cells(views: list[FieldView]) -> str:
    return "".join(f"<td>{html.field_html(cell)}</td>" for cell in views)


def table_open(f: FieldView, classes: str, extra: str = "") -> str:
    """The frame of both tables: the group, its label and meta, up to the <table>."""
    return (
        f'<div class="form-field {classes}" id="{e(f.anchor)}" role="group" aria-labelledby="{e(f.anchor)}--label"'
        f"{html.attr('aria-describedby', f.describedby)}{extra}>\n"
        f'<span class="field-label" id="{e(f.anchor)}--label">{html.label_text(f)}</span>\n{html.meta(f)}\n'
        '<div class="table-wrap"><table class="data-table form-table">\n'
    )


def year_table(f: FieldView) -> str:
    years = "".join(f'<th scope="col">{e(year)}年</th>' for year in f.years)
    rows = "".join(f'<tr><th scope="row">{e(row.label)}</th>{cells(row.cells)}</tr>\n' for row in f.year_rows)
    return (
        f'{table_open(f, "form-field--table")}<thead><tr><th scope="col">项目</th>{years}</tr></thead>\n'
        f"<tbody>{rows}</tbody>\n</table></div>\n</div>"
    )


def table_row(f: FieldView, row: TableRowView | None) -> str:
    """One row of a repeating table `f` (or its blank template row)."""
    row = row or TableRowView("", "", "", [])
    number = f"<span data-row-number>{e(row.number)}</span>"
    key = "" if f.readonly else f'<input type="hidden" name="{e(row.key_name)}" value="{e(row.key)}">'
    actions = ""
    if not f.readonly:
        buttons = "".join(
            f'<button type="button" class="button button--small" data-row-action="{action}">{text}'
            f'<span class="visually-hidden">第 {number} 行</span></button>\n'
            for action, text in ROW_ACTIONS
        )
        actions = f'<td class="row-actions">\n{buttons}</td>'
    return (
        f'<tr data-row data-row-key="{e(row.key)}">\n<th scope="row">{number}{key}</th>\n'
        f"{cells(row.cells)}\n{actions}\n</tr>\n"
    )


def column_head(c: ColumnView, editable: bool) -> str:
    required = html.REQUIRED_MARK if c.required and editable else ""
    help_ = f'<br><span class="help">{e(c.help)}</span>' if c.help and editable else ""
    return f'<th scope="col">{e(c.label)}{required}{help_}</th>'


def table(f: FieldView) -> str:
    editable = not f.readonly
    extra = ""
    if editable:
        extra = " data-repeat-table" + html.attr("data-min-rows", f.min_rows) + html.attr("data-max-rows", f.max_rows)
    heads = "".join(column_head(c, editable) for c in f.columns)
    if editable:
        heads += '<th scope="col">操作</th>'
    rows = "".join(table_row(f, row) for row in f.rows)
    if not f.rows:
        rows = f'<tr><td colspan="{len(f.columns) + 1}" class="muted">（未填写）</td></tr>'
    tail = ""
    if editable:
        limits = "，".join(
            ([f"至少 {e(f.min_rows)} 行"] if f.min_rows else []) + ([f"最多 {e(f.max_rows)} 行"] if f.max_rows else [])
        )
        limits = f' <span class="muted">{limits}</span>' if limits else ""
        tail = (
            f"<template data-row-template>{table_row(f, f.template_row)}</template>\n"
            f'<p><button type="button" class="button button--secondary" data-row-action="add">添加一行</button>{limits}</p>\n'
            '<p class="visually-hidden" aria-live="polite" data-row-status></p>'
        )
    return (
        f'{table_open(f, "form-field--table repeat-table", extra)}<thead><tr><th scope="col">序号</th>{heads}</tr></thead>\n'
        f"<tbody data-rows>\n{rows}</tbody>\n</table></div>\n{tail}\n</div>"
    )
