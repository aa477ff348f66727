"""附件3 绩效目标表 of one application as an Excel sheet, laid out like the notice's template: the
indicator grid with 一级指标 and 二级指标 merged down their rows, labels taken from the frozen form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any, ClassVar

from django.http import Http404
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.text import clean_text, safe_filename
from documents.exporters.base import XLSX, ApplicationExporter, Progress, Rendered, no_progress, register
from documents.xlsx_style import FONT, GRID, landscape_a4
from policies.pack.schema import FormField, FormTemplate

DEFAULT_FORM_ID = "3"
NO_PERFORMANCE_FORM = "该申报没有绩效目标表"
TIER1_LABEL = "一级指标"
TIER2_LABEL = "二级指标"
TIER1_WIDTH, TIER2_WIDTH = 12, 16

TITLE_FONT = Font(name=FONT, size=16, bold=True)
LINE_FONT = Font(name=FONT, size=11)
HEADER_FONT = Font(name=FONT, size=11, bold=True)
BODY_FONT = Font(name=FONT, size=10)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
DECIMAL_KINDS = frozenset({"number", "money", "percentage"})


@dataclass(frozen=True)
class _Tier2:
    field: FormField
    rows: list[dict]  # at least one (blank) row, as the template leaves one line per 二级指标


@register
class PerformanceTargetsXlsx(ApplicationExporter):
    identifier: ClassVar[str] = "performance_xlsx"
    verbose_name: ClassVar[str] = "绩效目标表（附件3，Excel）"

    @classmethod
    def objects_for(cls, application) -> dict[str, Any]:
        """Whoever may see the application (its enterprise, its county, the city once recommended)."""
        form_id = application.pack.data.get("pack", {}).get("performance_form", DEFAULT_FORM_ID)
        form = next((f for f in application.forms if f.get("id") == form_id), None)
        template = FormTemplate.model_validate(form) if form is not None else None
        if template is None or not any(f.kind == "table" for s in template.sections for f in s.fields):
            raise Http404(NO_PERFORMANCE_FORM)
        return {"form": template}

    def render(self, progress: Progress = no_progress) -> Rendered:
        application = self.objects["application"]
        form: FormTemplate = self.objects["form"]
        answers = application.answers.get(form.id, {}) if isinstance(application.answers, dict) else {}
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "绩效目标表"
        _Layout(sheet, form, answers if isinstance(answers, dict) else {}).write()
        progress(1, 1)
        buffer = BytesIO()
        workbook.save(buffer)
        name = safe_filename(application.enterprise.name, fallback="企业")
        filename = f"附件{form.id}绩效目标表-{name}-{application.receipt_number or application.pk}.xlsx"
        return Rendered(filename=filename, mimetype=XLSX, content=buffer.getvalue())


def display_value(field: FormField, value: Any) -> Any:
    """A stored value (policies/formengine) as a cell value: numbers stay numbers."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if field.kind in DECIMAL_KINDS:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return clean_text(value)
    if field.kind in ("integer", "year") and isinstance(value, int):
        return value
    if field.kind == "date":
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            return clean_text(value)
        return f"{date.year}年{date.month}月{date.day}日"
    if field.kind == "boolean":
        return "是" if value is True else "否" if value is False else clean_text(value)
    if field.kind in ("single_choice", "multiple_choice") and isinstance(value, dict):
        labels = {o.value: o.label for o in field.options or []}
        chosen = [value.get("value")] if field.kind == "single_choice" else list(value.get("values") or [])
        text = "、".join(labels.get(v, v) for v in chosen if v)
        return clean_text(f"{text}：{value['other']}" if value.get("other") else text)
    return clean_text(value)


def _line(field: FormField, answers: dict) -> str:
    """ "填表人：钱联系"; a signature is left blank to be signed on paper."""
    value = None if field.kind == "signature" else display_value(field, answers.get(field.id))
    return f"{clean_text(field.label)}：{'' if value is None else value}"


class _Layout:
    """Rows: title; 填报单位; the grid (header fields such as 专项资金名称 as label/value rows, the section
    title as a band, the column header, the indicators); then the footer lines, two to a row."""

    def __init__(self, sheet: Worksheet, form: FormTemplate, answers: dict) -> None:
        self.sheet, self.form, self.answers = sheet, form, answers
        tables = [f for s in form.sections for f in s.fields if f.kind == "table"]
        self.columns: list[FormField] = []
        for table in tables:
            self.columns += [c for c in table.columns or [] if c.id not in {x.id for x in self.columns}]
        self.width = 2 + len(self.columns)
        self.last = get_column_letter(self.width)
        self.row = 1

    def write(self) -> None:
        sections = self.form.sections
        with_tables = [i for i, s in enumerate(sections) if any(f.kind == "table" for f in s.fields)]
        before = [f for s in sections[: with_tables[0]] for f in s.fields if f.kind != "signature"]
        after = [f for s in sections[with_tables[-1] + 1 :] for f in s.fields]
        self._widths()
        self._merged_line(self.form.title, TITLE_FONT, CENTRE, height=48)
        if before:  # 填报单位：…（盖章）, printed above the template's grid
            unit = before.pop(0)
            self._merged_line(_line(unit, self.answers) + clean_text(unit.help or ""), LINE_FONT, LEFT, height=24)
        grid_top = self.row
        for field in before:  # the grid's first rows: 专项资金名称 | value
            self._cell(1, clean_text(field.label), HEADER_FONT, CENTRE)
            self._cell(3, display_value(field, self.answers.get(field.id)), BODY_FONT, LEFT)
            self._merge(1, 2, self.row, self.row)
            self._merge(3, self.width, self.row, self.row)
            self.row += 1
        header_rows = []
        for index in with_tables:
            section = sections[index]
            self._cell(1, clean_text(section.title), HEADER_FONT, CENTRE)  # 本年度绩效目标
            self._merge(1, self.width, self.row, self.row)
            self.row += 1
            labels = [TIER1_LABEL, TIER2_LABEL] + [clean_text(c.label) for c in self.columns]
            for column, label in enumerate(labels, start=1):
                self._cell(column, label, HEADER_FONT, CENTRE)
            self.sheet.row_dimensions[self.row].height = 30
            header_rows.append(self.row)
            self.row += 1
            self._indicators([f for f in section.fields if f.kind == "table"])
        self._grid(grid_top, self.row - 1)
        self.sheet.print_title_rows = f"{header_rows[0]}:{header_rows[0]}"
        self.row += 1  # a blank line before the signatures, as in the template
        split = self.width // 2
        for index in range(0, len(after), 2):
            pair = after[index : index + 2]
            self._cell(1, _line(pair[0], self.answers), LINE_FONT, LEFT)
            self._merge(1, split, self.row, self.row)
            if len(pair) > 1:
                self._cell(split + 1, _line(pair[1], self.answers), LINE_FONT, LEFT)
                self._merge(split + 1, self.width, self.row, self.row)
            self.sheet.row_dimensions[self.row].height = 24
            self.row += 1
        self._page_setup()

    def _indicators(self, tables: list[FormField]) -> None:
        """一级指标 (the field's group) merged down all its rows, 二级指标 (the field's label) down its own."""
        groups: dict[str, list[_Tier2]] = {}
        for table in tables:
            stored = self.answers.get(table.id)
            rows = [r for r in stored if isinstance(r, dict)] if isinstance(stored, list) else []
            groups.setdefault(table.group or "", []).append(_Tier2(table, rows or [{}]))
        for tier1, tier2s in groups.items():
            tier1_top = self.row
            for tier2 in tier2s:
                tier2_top = self.row
                for values in tier2.rows:
                    for column, field in enumerate(self.columns, start=3):
                        alignment = CENTRE if field.kind in DECIMAL_KINDS else LEFT
                        self._cell(column, display_value(field, values.get(field.id)), BODY_FONT, alignment)
                    self.row += 1
                self._cell(2, clean_text(tier2.field.label), BODY_FONT, CENTRE, row=tier2_top)
                self._merge(2, 2, tier2_top, self.row - 1)
            self._cell(1, clean_text(tier1), BODY_FONT, CENTRE, row=tier1_top)
            self._merge(1, 1, tier1_top, self.row - 1)

    def _cell(self, column: int, value: Any, font: Font, alignment: Alignment, *, row: int | None = None):
        cell = self.sheet.cell(row=row or self.row, column=column, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text typed as "=..." stays text, never a formula
        cell.font, cell.alignment = font, alignment
        return cell

    def _merge(self, first: int, last: int, top: int, bottom: int) -> None:
        if first != last or top != bottom:
            self.sheet.merge_cells(start_row=top, start_column=first, end_row=bottom, end_column=last)

    def _merged_line(self, text: str, font: Font, alignment: Alignment, *, height: float) -> None:
        self._cell(1, text, font, alignment)
        self._merge(1, self.width, self.row, self.row)
        self.sheet.row_dimensions[self.row].height = height
        self.row += 1

    def _grid(self, top: int, bottom: int) -> None:
        for row in self.sheet.iter_rows(min_row=top, max_row=bottom, max_col=self.width):
            for cell in row:
                cell.border = GRID

    def _widths(self) -> None:
        widths = [TIER1_WIDTH, TIER2_WIDTH] + [_column_width(c) for c in self.columns]
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width

    def _page_setup(self) -> None:
        sheet = self.sheet
        landscape_a4(sheet)
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _column_width(column: FormField) -> float:
    if column.kind in DECIMAL_KINDS | {"integer"}:
        return 8
    if len(column.label) <= 4:
        return 12
    return 20
