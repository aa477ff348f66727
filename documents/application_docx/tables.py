"""Year tables, repeating tables (as columns, or one block per row when too wide) and indicator tables
merged into one (附件3), and which forms need a landscape page for them."""

from __future__ import annotations

from documents.application_docx.grid import Grid, GridRow
from documents.application_docx.wording import chinese_number, with_unit
from documents.application_docx.writer import Writer, merge_down, span
from policies.formengine.layout import FieldView
from policies.pack.schema import FormField, FormTemplate

# The leading columns of tables merged from several indicator tables (附件3 prints 一级指标 / 二级指标).
TIER_HEADERS = ("一级指标", "二级指标")
SERIAL_HEADER = "序号"

# A repeating table with more columns than this (序号 included) does not fit a portrait page.
PORTRAIT_MAX_COLUMNS = 6
LANDSCAPE_MAX_COLUMNS = 10
# A table with long texts and more columns than this prints one block per row (the template's own layout
# for 智能制造实施内容 and the team table): columns of 2 cm cannot hold 300 characters.
RECORD_LAYOUT_COLUMNS = 3


def _caption(field: FormField, view: FieldView) -> str:
    return f"{view.group} › {field.label}" if view.group else field.label


def _year_table(w: Writer, field: FormField, view: FieldView) -> None:
    rows = field.rows or []
    grouped = any(r.group for r in rows)
    years = view.years
    lead = 2 if grouped else 1
    lead_widths = (2.6, 4.4) if grouped else (5.4,)
    year_width = (w.width - sum(lead_widths)) / max(len(years), 1)
    _, cells = w.table(1 + len(rows), lead + len(years), (*lead_widths, *[year_width] * len(years)), header_rows=1)
    header = cells[0]
    caption_cell = span(header[:lead]) if grouped else header[0]
    w.ink.cell(caption_cell, _caption(field, view), bold=True)
    for cell, year in zip(header[lead:], years):
        w.ink.cell(cell, f"{year}年", bold=True, align="center")
    for row, row_view, row_cells in zip(rows, view.year_rows, cells[1:]):
        label_cell = row_cells[lead - 1]
        w.ink.cell(label_cell, _row_label(row))
        for cell, cell_view in zip(row_cells[lead:], row_view.cells):
            w.ink.cell(cell, cell_view.display, align="center")  # the unit is in the row's label
    if grouped:
        start = 0
        while start < len(rows):
            end = start + 1
            while end < len(rows) and rows[end].group == rows[start].group:
                end += 1
            cell = merge_down([cells[1 + i][0] for i in range(start, end)])
            w.ink.cell(cell, rows[start].group or "", align="center")
            start = end


def _row_label(row: FormField) -> str:
    return f"{row.label}（{row.unit}）" if row.unit and row.unit not in row.label else row.label


def _column_label(column: FormField) -> str:
    label = f"{column.group} › {column.label}" if column.group else column.label
    return f"{label}（{column.unit}）" if column.unit and column.unit not in column.label else label


def columns_signature(field: FormField) -> tuple:
    return tuple((c.id, c.label, c.unit, c.group) for c in field.columns or [])


def record_layout(field: FormField, landscape: bool) -> bool:
    columns = field.columns or []
    if len(columns) + 1 > (LANDSCAPE_MAX_COLUMNS if landscape else PORTRAIT_MAX_COLUMNS):
        return True
    return len(columns) > RECORD_LAYOUT_COLUMNS and any(c.kind == "long_text" for c in columns)


def needs_landscape(template: FormTemplate) -> bool:
    """A form with a repeating table that prints as columns on a landscape page only (附件3)."""
    return any(
        field.kind == "table" and record_layout(field, landscape=False) and not record_layout(field, landscape=True)
        for section in template.sections
        for field in section.fields
    )


def _records(w: Writer, field: FormField, view: FieldView) -> None:
    """A table printed one block per row: the row's number, then each column as label / value."""
    w.bold(_caption(field, view), size=12)
    grid = Grid(w)
    columns = field.columns or []
    for number, row in enumerate(view.rows, start=1):
        grid.add(GridRow(f"（{chinese_number(number)}）", full=True))
        for column, cell in zip(columns, row.cells):
            grid.add(
                GridRow(column.label, with_unit(cell.display, column.label, column.unit), group=column.group or "")
            )
    if not view.rows:
        grid.add(GridRow("无", full=True))
    grid.flush()


def _column_table(w: Writer, fields: list[tuple[FormField, FieldView]]) -> None:
    """One repeating table as columns under a caption, or several with the same columns as one table whose
    leading columns are their groups and labels (附件3: 一级指标, 二级指标)."""
    first, first_view = fields[0]
    columns = first.columns or []
    combined = len(fields) > 1
    if not combined:
        w.bold(_caption(first, first_view), size=12)
        lead_headers: tuple[str, ...] = (SERIAL_HEADER,)
        lead_widths: tuple[float, ...] = (1.2,)
    elif any(v.group for _, v in fields):
        lead_headers = TIER_HEADERS if columns and columns[0].label == "三级指标" else ("", "")
        lead_widths = (2.2, 2.8)
    else:
        lead_headers = (TIER_HEADERS[1] if columns and columns[0].label == "三级指标" else "",)
        lead_widths = (2.8,)
    lead = len(lead_headers)
    body_rows = [(field, view, max(len(view.rows), 1)) for field, view in fields]
    total = sum(n for _, _, n in body_rows)
    column_width = (w.width - sum(lead_widths)) / max(len(columns), 1)
    _, cells = w.table(1 + total, lead + len(columns), (*lead_widths, *[column_width] * len(columns)), header_rows=1)
    for cell, text in zip(cells[0], (*lead_headers, *(_column_label(c) for c in columns))):
        w.ink.cell(cell, text, bold=True, align="center")
    index = 1
    group_runs: list[tuple[str, int, int]] = []
    for field, view, count in body_rows:
        block = cells[index : index + count]
        if combined:
            label_cell = merge_down([r[lead - 1] for r in block])
            w.ink.cell(label_cell, field.label, align="center")
            if lead == 2:
                if group_runs and group_runs[-1][0] == view.group:
                    group_runs[-1] = (view.group, group_runs[-1][1], index + count)
                else:
                    group_runs.append((view.group, index, index + count))
        for number, (row_cells, row) in enumerate(zip(block, view.rows), start=1):
            if not combined:
                w.ink.cell(row_cells[0], number, align="center")
            for cell, cell_view in zip(row_cells[lead:], row.cells):
                w.ink.cell(cell, cell_view.display)  # the unit is in the column's head
        if not view.rows and not combined:
            w.ink.cell(span(block[0]), "无", align="center")
        index += count
    for group, start, end in group_runs:
        w.ink.cell(merge_down([cells[i][0] for i in range(start, end)]), group, align="center")


def write_tables(w: Writer, block: list[tuple[FormField, FieldView]]) -> None:
    """A block of a section: a year table, a table as records, or one or more tables as columns."""
    field, view = block[0]
    if field.kind == "year_table":
        _year_table(w, field, view)
    elif len(block) == 1 and record_layout(field, w.landscape):
        _records(w, field, view)
    else:
        _column_table(w, block)
