"""documents.xlsx_rows: rows written as XML after an openpyxl write-only layout read back as openpyxl's own."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Border, Font, Side

from core.text import clean_text
from documents import xlsx_rows
from documents.xlsx_rows import BulkRows

THIN = Side(style="thin")


def _layout():
    """A write-only workbook with one header row and two styles: bold text, and bordered amounts."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("表")
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A2"
    bold = WriteOnlyCell(sheet, value="名称")
    bold.font = Font(name="宋体", bold=True)
    amount = WriteOnlyCell(sheet, value="金额")
    amount.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    amount.number_format = "#,##0.00"
    sheet.append([bold, amount])
    return workbook, sheet, bold._style, amount._style


def _read(content: bytes):
    return load_workbook(BytesIO(content)).active


def test_rows_follow_the_layout_with_their_values_and_styles():
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    styles = [rows.style_id(bold), rows.style_id(amount)]
    rows.append(["衡阳企业", Decimal("1234.50")], styles)
    rows.append(["整数", 7], styles)
    rows.append([None, None], styles)
    rows.append(["合并", ""], styles)
    assert rows.next_row == 6
    sheet.merged_cells.add("A5:B5")  # merges may refer to the streamed rows: they are written at save
    read = _read(rows.save())

    assert read.title == "表" and read.freeze_panes == "A2" and read.column_dimensions["B"].width == 30
    values = [tuple(c.value for c in row) for row in read.iter_rows()]
    assert values == [("名称", "金额"), ("衡阳企业", 1234.5), ("整数", 7), (None, None), ("合并", None)]
    assert read["A2"].font.b is True and read["A2"].font.name == "宋体"
    assert read["B2"].number_format == "#,##0.00" and read["B3"].border.top.style == "thin"
    # An empty value still carries its style, so a drawn grid has no gaps.
    assert read["B4"].border.left.style == "thin"
    assert "A5:B5" in {str(r) for r in read.merged_cells.ranges}


def test_text_is_escaped_cleaned_and_never_a_formula():
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    style = rows.style_id(bold)
    texts = ["=SUM(A1:A9)", '<b>A&B</b> "引号"', "  前后空格 ", "控制\x01字符\x1f\ufffe", "换行\n第二行", "\x02"]
    for text in texts:
        rows.append([text], [style])
    read = _read(rows.save())
    cells = [read.cell(row=r, column=1) for r in range(2, 2 + len(texts))]
    assert [c.value for c in cells] == [clean_text(t) or None for t in texts]
    assert cells[0].data_type == "s"  # stored as text: Excel never runs it


def test_many_rows_are_flushed_in_order(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "FLUSH_EVERY", 7)
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    styles = [rows.style_id(bold), rows.style_id(amount)]
    for index in range(100):
        rows.append([f"第{index}行", index], styles)
    read = _read(rows.save())
    assert [r for r in read.iter_rows(min_row=2, values_only=True)] == [(f"第{i}行", i) for i in range(100)]


def test_the_sheet_member_is_compressed():
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    for _ in range(200):
        rows.append(["同一行文字", 1], [0, 0])
    with zipfile.ZipFile(BytesIO(rows.save())) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size < info.file_size / 5
        assert archive.testzip() is None


def test_a_layout_without_rows_of_its_own():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("空")
    rows = BulkRows(workbook, sheet, first_row=1)
    rows.append(["一", 2], [0, 0])
    assert [r for r in _read(rows.save()).iter_rows(values_only=True)] == [("一", 2)]


def test_output_without_the_end_of_sheet_data_is_refused(monkeypatch):
    """Should openpyxl ever write the sheet differently, saving fails rather than writing a broken file."""
    monkeypatch.setattr(xlsx_rows, "SHEET_DATA_END", b"</noSuchElement>")
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    rows.append(["一"], [0])
    with pytest.raises(ValueError, match="sheetData"):
        rows.save()


@pytest.mark.parametrize("value", [Decimal("NaN"), float("inf"), Decimal("-Infinity")])
def test_a_number_that_is_not_finite_is_refused(value):
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    with pytest.raises(ValueError, match="not a number"):
        rows.append([value], [0])
    assert rows.next_row == 2 and _read(rows.save()).max_row == 1  # nothing half-written


def test_rows_beyond_the_worksheet_limit_are_refused():
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=xlsx_rows.MAX_ROWS)
    rows.append(["最后一行"], [0])
    with pytest.raises(ValueError, match="1,048,576"):
        rows.append(["多出一行"], [0])
    rows.save()


def test_other_values_are_refused():
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    with pytest.raises(TypeError, match="bool"):
        rows.append([True], [0])
    assert _read(rows.save()).max_row == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=20), st.integers(-(10**12), 10**12), st.none()), min_size=1, max_size=5))
def test_any_value_reads_back(values):
    workbook, sheet, bold, amount = _layout()
    rows = BulkRows(workbook, sheet, first_row=2)
    rows.append(values, [0] * len(values))
    read = _read(rows.save())
    expected = [clean_text(v) or None if isinstance(v, str) or v is None else v for v in values]
    got = [read.cell(row=2, column=i + 1).value for i in range(len(values))]
    # XML parsers turn a carriage return into a line feed, as in openpyxl's own output.
    assert got == [e.replace("\r\n", "\n").replace("\r", "\n") if isinstance(e, str) else e for e in expected]
