"""The look the platform's Excel tables share (附件4 申报汇总表, 绩效评价结果汇总表, 附件3 绩效目标表): 宋体,
a thin black grid, a grey header row, A4 landscape fitted to the page's width, the page number in the footer;
and one style array per kind of cell, built once on a prototype cell, for the write-only sheets whose data
rows documents.xlsx_rows streams."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from core.text import clean_text

FONT = "宋体"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
AMOUNT_FORMAT = "#,##0.00"
PAGE_FOOTER = "第 &P 页，共 &N 页"


def landscape_a4(sheet: Worksheet) -> None:
    """A4 landscape, as wide as one page and as many pages down as needed, centred."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True


def table_page(sheet: Worksheet, widths: list[float], *, freeze: str, header_row: int) -> None:
    """A summary table's page: column widths and frozen panes (before the first row: write-only mode writes
    them first), the header row repeated on every printed page, landscape_a4, the page number."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    sheet.print_title_rows = f"{header_row}:{header_row}"
    landscape_a4(sheet)
    sheet.oddFooter.center.text = PAGE_FOOTER


class CellStyles:
    """One style array per kind of cell: the title, the lines under it, the header and the data kinds every
    table has, and the exporter's own (`more`: kind -> the cell attributes). The heading cells are created
    with it; the data rows use its index in the workbook (documents.xlsx_rows)."""

    def __init__(self, sheet: Worksheet, **more: dict[str, Any]) -> None:
        self.sheet = sheet
        kinds: dict[str, dict[str, Any]] = {
            "title": {"font": Font(name=FONT, size=16, bold=True), "alignment": CENTRE},
            "line": {"font": Font(name=FONT, size=11), "alignment": Alignment(horizontal="left")},
            "line_right": {"font": Font(name=FONT, size=11), "alignment": RIGHT},
            "header": {
                "font": BOLD,
                "alignment": CENTRE,
                "border": GRID,
                "fill": PatternFill("solid", fgColor="D9D9D9"),
            },
            "serial": {"font": BODY, "alignment": CENTRE, "border": GRID},
            "text": {"font": BODY, "alignment": LEFT, "border": GRID},
            "short": {"font": BODY, "alignment": CENTRE, "border": GRID},
            "amount": {"font": BODY, "alignment": RIGHT, "border": GRID, "number_format": AMOUNT_FORMAT},
            **more,
        }
        self._styles = {kind: self._style(**attributes) for kind, attributes in kinds.items()}

    def _style(self, **attributes: Any) -> StyleArray:
        prototype = Cell(self.sheet)
        for name, value in attributes.items():
            setattr(prototype, name, value)
        return prototype._style

    def cell(self, value: Any, kind: str) -> Cell:
        cell = Cell(self.sheet, row=1, column=1, value=clean_text(value) if isinstance(value, str) else value,
                    style_array=self._styles[kind])  # fmt: skip
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text typed as "=..." stays text, never a formula Excel would run
        return cell

    def line(self, parts: list[tuple[str, int]], kind: str) -> list[Cell]:
        """Each text followed by the empty cells its merge will cover, all of the same style."""
        cells = []
        for text, span in parts:
            cells += [self.cell(text, kind)] + [self.cell(None, kind) for _ in range(span - 1)]
        return cells

    def of(self, kind: str) -> StyleArray:
        return self._styles[kind]


# The four heading rows of a listing (绩效评价结果汇总表, 奖补资金台账): the title, a line saying what is listed,
# the units and the date on the right, the column headers; the data start below them.
TITLE_ROW, LINE_ROW, UNIT_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = HEADER_ROW + 1


def listing_heading(sheet: Worksheet, styles: CellStyles, *, title: str, line: str, units: str, headers: list[str],
                    today) -> None:  # fmt: skip
    """Write the four heading rows, each of the first three merged across the table's width."""
    width, last = len(headers), get_column_letter(len(headers))
    sheet.row_dimensions[TITLE_ROW].height = 36
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.append(styles.line([(title, width)], "title"))
    sheet.append(styles.line([(line, width)], "line"))
    date = f"制表日期：{today.year}年{today.month}月{today.day}日"
    sheet.append(styles.line([(f"{units}　　{date}", width)], "line_right"))
    sheet.append([styles.cell(header, "header") for header in headers])
    for row in (TITLE_ROW, LINE_ROW, UNIT_ROW):
        sheet.merged_cells.add(f"A{row}:{last}{row}")


def totals_workbook(sheet_name: str):
    """A write-only workbook with one sheet and the cell styles of a table that ends in a totals row (bold):
    (workbook, sheet, styles)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    styles = CellStyles(
        sheet, total_text={"font": BOLD, "alignment": CENTRE, "border": GRID},
        total_amount={"font": BOLD, "alignment": RIGHT, "border": GRID, "number_format": AMOUNT_FORMAT},
    )  # fmt: skip
    return workbook, sheet, styles
