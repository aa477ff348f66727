"""Bulk rows for an openpyxl write-only worksheet, without a Cell object per value.

openpyxl lays out the workbook: styles, column widths, frozen panes, page setup, print titles, merged
cells and the few rows above the data. For tens of thousands of data rows its per-cell objects are the
whole cost (about 700,000 cells for the city-wide 附件4; see bench/documents/README.md), so those rows are
written here as the same SpreadsheetML elements openpyxl's write-only writer emits for such cells
(`<c t="inlineStr"><is><t>…</t></is></c>` for text, `<c t="n"><v>…</v></c>` for numbers), with the style
indices openpyxl assigned, then placed at the end of the sheet's `<sheetData>` when the workbook is saved.

The rows go to a temporary file while they are produced, so memory stays flat whatever their number."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from io import BytesIO
from math import isfinite

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from core.text import ILLEGAL_XML, ILLEGAL_XML_CHARS

SHEET_DATA_END = b"</sheetData>"
MAX_ROWS = 1_048_576  # Excel's limit
COPY_CHUNK = 1 << 20
FLUSH_EVERY = 500  # rows joined and encoded at a time
# What a text needs done before it can go into the XML: characters to remove, or to escape.
_NEEDS_WORK = re.compile(f"[{ILLEGAL_XML_CHARS}&<>]")


class BulkRows:
    """Rows appended after those openpyxl wrote to `sheet`, starting at row `first_row`.

    Each value is written with the style of its column (a StyleArray built on an openpyxl Cell). Text is
    cleaned of characters XML cannot hold and always stays text (a value starting with "=" is never a
    formula); None and "" give an empty cell that keeps its style (so a drawn grid has no gaps)."""

    def __init__(self, workbook: Workbook, sheet, *, first_row: int) -> None:
        self._workbook = workbook
        self._sheet = sheet
        self.next_row = first_row
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in save())
        self._pending: list[str] = []
        self._letters: list[str] = []

    def style_id(self, style: StyleArray) -> int:
        """The workbook's index of a cell style (openpyxl registers it, so styles.xml will hold it)."""
        return Cell(self._sheet, row=1, column=1, style_array=style).style_id

    def append(self, values: Sequence[object], style_ids: Sequence[int]) -> None:
        """One row: the values in column order (A, B, …), each with the style index of its column."""
        row = self.next_row
        if row > MAX_ROWS:
            raise ValueError(f"a worksheet holds at most {MAX_ROWS:,} rows")
        while len(self._letters) < len(values):
            self._letters.append(get_column_letter(len(self._letters) + 1))
        parts = [f'<row r="{row}">']
        add = parts.append
        # One loop without helper calls: it runs for each of the table's cells (700,000 city-wide).
        for letter, value, style in zip(self._letters, values, style_ids, strict=False):
            if value.__class__ is str:
                # Most texts need neither cleaning nor escaping: one search tells.
                text = value if _NEEDS_WORK.search(value) is None else escape(ILLEGAL_XML.sub("", value), quote=False)
                if not text:
                    add(f'<c r="{letter}{row}" s="{style}"/>')
                elif text[0].isspace() or text[-1].isspace():
                    add(
                        f'<c r="{letter}{row}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                    )
                else:
                    add(f'<c r="{letter}{row}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>')
            elif value is None:
                add(f'<c r="{letter}{row}" s="{style}"/>')
            elif isinstance(value, int | Decimal | float) and not isinstance(value, bool):
                if not isfinite(value):
                    raise ValueError(f"{value} is not a number a spreadsheet can hold")
                add(f'<c r="{letter}{row}" s="{style}" t="n"><v>{value}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a cell")
        add("</row>")
        self._pending.append("".join(parts))
        self.next_row += 1
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def save(self) -> bytes:
        """The workbook as openpyxl saves it, with these rows at the end of the sheet's data."""
        self._flush()
        laid_out = BytesIO()
        self._workbook.save(laid_out)
        sheet_path = self._sheet.path.lstrip("/")
        out = BytesIO()
        with (
            self._file,
            zipfile.ZipFile(laid_out) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
        ):
            for info in source.infolist():
                if info.filename != sheet_path:
                    target.writestr(info, source.read(info))
                    continue
                head, sep, tail = source.read(info).partition(SHEET_DATA_END)
                if not sep:
                    raise ValueError("openpyxl wrote no <sheetData> rows to append to")
                sheet = zipfile.ZipInfo(info.filename, info.date_time)
                sheet.compress_type = zipfile.ZIP_DEFLATED
                with target.open(sheet, "w") as member:  # up to 2 GiB of XML, beyond any sheet's row limit
                    member.write(head)
                    self._file.seek(0)
                    while chunk := self._file.read(COPY_CHUNK):
                        member.write(chunk)
                    member.write(sep + tail)
        return out.getvalue()

    def _flush(self) -> None:
        if self._pending:
            self._file.write("".join(self._pending).encode())
            self._pending.clear()
