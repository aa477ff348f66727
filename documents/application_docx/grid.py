"""Grids of label / value cells: a run of short fields (or a record of a table) as one three-column table,
the field's group in a merged left column."""

from __future__ import annotations

from dataclasses import dataclass

from documents.application_docx.writer import Writer, merge_down, span


@dataclass
class GridRow:
    label: str
    value: str = ""
    group: str = ""
    help: str = ""
    full: bool = False  # one cell across the table (a record's number)
    signature: bool = False


class Grid:
    """Consecutive short fields of a section, written as one table when the run ends."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.rows: list[GridRow] = []

    def add(self, row: GridRow) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        width = self.writer.width
        group_width = 3.0 if width < 20 else 4.0
        label_width = 4.6 if width < 20 else 7.0
        widths = (group_width, label_width, width - group_width - label_width)
        _, cells = self.writer.table(len(rows), 3, widths)
        ink = self.writer.ink
        for row, (group_cell, label_cell, value_cell) in zip(rows, cells):
            if row.full:
                ink.cell(span((group_cell, label_cell, value_cell)), row.label, bold=True)
                continue
            if not row.group:
                label_cell = span((group_cell, label_cell))
            ink.cell(label_cell, row.label)
            if row.help:
                ink.cell_paragraph(label_cell, row.help)
            if row.signature:
                ink.cell(value_cell, f"\n\n{row.value}" if row.value else "\n\n", align="right")
            else:
                ink.cell(value_cell, row.value)
        start = 0
        while start < len(rows):
            group = rows[start].group
            end = start + 1
            if group and not rows[start].full:
                while end < len(rows) and rows[end].group == group and not rows[end].full:
                    end += 1
                cell = merge_down([cells[i][0] for i in range(start, end)])
                ink.cell(cell, group, align="center")
            start = end
