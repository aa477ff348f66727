"""The 申报书 as a Word file: a cover with the receipt number and a QR code, every form of an application laid
out as its template prints it, the 真实性承诺书, and a footer with the receipt number, the page and the digest.

Pure: form templates and answers in, a python-docx Document out, no ORM (the exporters in
documents/exporters/application_docx.py fetch the application and pass its data). Values are formatted by
applications.formschema.render_sections, the same code that shows them on the read-only pages.

Layout rules (one set for every template, so that a new pack needs no code):
- each form starts on a new page; a form with a wide table (附件3) gets a landscape section;
- a section of short values is a grid: the field's group in a merged left column (法人代表 › 联系电话 as the
  template's merged cell), the label, the value; a choice lists every option ☑/☐, a yes/no prints ☑是 ☐否;
- a section of long texts (企业情况概述, 编写提纲 …) is prose: the label, the template's hint, the paragraphs;
- a year table has the years as columns; a repeating table has as many rows as the data; consecutive tables
  with the same columns (附件3's indicator tables) are one table with the groups and labels as leading columns;
- signature blocks leave room for a signature or seal and print the template's "(公 章) 年 月 日".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import cn2an
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.run import Run
from lxml import etree

from applications.digest import short_digest
from applications.formschema import NOT_FILLED, FieldView, FormView, SectionView, render_sections
from documents import docx_base as word
from documents.text import clean_text
from policies.pack.schema import FormField, FormTemplate, Section

DRAFT = "草稿（未提交）"
COMMITMENT_TITLE = "真实性承诺书"
NO_COMMITMENT_TEXT = "本事项的申报材料模板未印制承诺书文字；承诺函作为申报材料另行上传。"
VERIFY_CAPTION = "扫码核验"
SIGNATURE_LINE = "＿" * 8

COVER_SECTION = "cover"
# Section titles that name a part of the schema, not text the template prints.
UNPRINTED_SECTION_TITLES = frozenset({"封面", "表头"})
# The leading columns of tables merged from several indicator tables (附件3 prints 一级指标 / 二级指标).
TIER_HEADERS = ("一级指标", "二级指标")
SERIAL_HEADER = "序号"

# Page widths inside the margins of documents.docx_base.new_document, in cm.
PORTRAIT_WIDTH = 21.0 - 2.8 - 2.6
LANDSCAPE_WIDTH = 29.7 - 2.0 - 2.0
# A repeating table with more columns than this (序号 included) does not fit a portrait page.
PORTRAIT_MAX_COLUMNS = 6
LANDSCAPE_MAX_COLUMNS = 10
# A table with long texts and more columns than this prints one block per row (the template's own layout
# for 智能制造实施内容 and the team table): columns of 2 cm cannot hold 300 characters.
RECORD_LAYOUT_COLUMNS = 3

_DATE_PLACEHOLDER = re.compile(r"^[\s年月日]*年[\s年月日]*$")
_SHORT_KINDS = frozenset(
    {"integer", "number", "money", "percentage", "year", "year_month", "phone", "email", "uscc", "id_number"}
    | {"industry", "boolean", "single_choice", "multiple_choice"}
)


# ---------------------------------------------------------------------------
# Small text helpers (also used by the tests)
# ---------------------------------------------------------------------------


def chinese_date(value: dt.date | dt.datetime | str | None) -> str:
    """2023-08-25 → 2023年8月25日; an unparsable string is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def is_date_placeholder(field: FormField) -> bool:
    """A date whose label is the template's blank "年 月 日": it prints as the date itself."""
    return field.kind == "date" and bool(_DATE_PLACEHOLDER.match(field.label))


def _with_unit(text: str, label: str, unit: str | None) -> str:
    if text and unit and unit not in label:
        return f"{text}{unit}"
    return text


def _option_texts(view: FieldView) -> list[str]:
    """Every option of a choice or a yes/no, ☑ or ☐, with the text of a ticked 其他（请注明）."""
    parts = []
    for option in view.options:
        label = option.label
        if option.other and option.checked and view.other_value:
            label = f"{label}：{view.other_value}"
        parts.append(word.checkbox(option.checked, label))
    return parts


def value_text(field: FormField, view: FieldView, *, separator: str = "  ") -> str:
    """A value as printed in its cell: every option ☑/☐ for choices and yes/no, else the text with its unit."""
    if view.options:
        return separator.join(_option_texts(view))
    return _with_unit(view.display, field.label, field.unit)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _chinese_number(number: int) -> str:
    return cn2an.an2cn(number)


# ---------------------------------------------------------------------------
# Word plumbing
# ---------------------------------------------------------------------------


_W_P, _W_R, _W_T, _W_BR, _W_PPR, _W_JC, _W_VAL = (
    qn(tag) for tag in ("w:p", "w:r", "w:t", "w:br", "w:pPr", "w:jc", "w:val")
)
_W_TR, _W_TC, _W_TCPR, _W_TCW, _W_W, _W_TYPE = (qn(tag) for tag in ("w:tr", "w:tc", "w:tcPr", "w:tcW", "w:w", "w:type"))
_XML_SPACE = qn("xml:space")


def _orient(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.0)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _set_widths(table, widths: Sequence[float]) -> None:
    """Fixed column widths, on the grid and on every cell (Word reads the cells, LibreOffice the grid). A new
    table's cells all have a w:tcPr/w:tcW, written here directly (python-docx's setter costs 20 times more)."""
    table.autofit = False
    lengths = [Cm(w) for w in widths]
    for column, length in zip(table._tbl.tblGrid.gridCol_lst, lengths):
        column.w = length
    twips = [str(length.twips) for length in lengths]
    for tr in table._tbl.iterchildren(_W_TR):
        for tc, value in zip(tr.iterchildren(_W_TC), twips):
            width = tc.find(_W_TCPR).find(_W_TCW)
            width.set(_W_W, value)
            width.set(_W_TYPE, "dxa")


def _cells(table) -> list[list[_Cell]]:
    """The cells of a new table, row by row (python-docx's row.cells resolves spans and merges for each)."""
    return [[_Cell(tc, table) for tc in tr.iterchildren(_W_TC)] for tr in table._tbl.iterchildren(_W_TR)]


def _span(cells: Sequence[Any]) -> Any:
    """Merge cells of one row into the first (set gridSpan, drop the others). python-docx's merge looks the
    row up in the table on every call, which makes a long table quadratic; this is constant time."""
    first = cells[0]._tc
    for cell in cells[1:]:
        tc = cell._tc
        first.width = first.width + tc.width
        first.grid_span = first.grid_span + tc.grid_span
        tc.getparent().remove(tc)
    return cells[0]


def _merge_down(cells: Sequence[Any]) -> Any:
    """Merge cells of one column over consecutive rows into the first (vMerge restart/continue)."""
    if len(cells) > 1:
        cells[0]._tc.vMerge = "restart"
        for cell in cells[1:]:
            cell._tc.vMerge = "continue"
    return cells[0]


_JUSTIFICATION = {"center": "center", "right": "right", "left": "left", "justify": "both"}


class _Ink:
    """Text written straight into the XML, with the fonts docx_base declares (Latin and East Asian). Through
    python-docx's properties, docx_base.cell_text took 60 % of building the largest 申报书 (about 3,000 cells);
    here each run gets a copy of one prepared w:rPr per font, size and weight."""

    def __init__(self) -> None:
        self._properties: dict[tuple[str, float, bool], Any] = {}

    def _run_properties(self, font: str, size: float, bold: bool):
        key = (font, size, bold)
        if key not in self._properties:
            run = Run(OxmlElement("w:r"), None)
            word._set_fonts(run, font, size=size, bold=True if bold else None)
            self._properties[key] = run._r.rPr
        return self._properties[key]

    def write(self, p, text: object, *, font: str | None, size: float = 10.5, bold: bool = False, align: str = ""):
        """Append `text` (line breaks kept) to the w:p element `p`; font None keeps the paragraph's style."""
        if align:
            properties = p.find(_W_PPR)
            if properties is None:
                properties = etree.Element(_W_PPR)
                p.insert(0, properties)
            etree.SubElement(properties, _W_JC).set(_W_VAL, _JUSTIFICATION[align])
        prototype = self._run_properties(font, size, bold) if font else None
        lines = clean_text(text).split("\n")
        last = len(lines) - 1
        for index, line in enumerate(lines):
            r = etree.SubElement(p, _W_R)
            if prototype is not None:
                r.append(deepcopy(prototype))
            if line:
                t = etree.SubElement(r, _W_T)
                t.text = line
                t.set(_XML_SPACE, "preserve")
            if index < last:
                etree.SubElement(r, _W_BR)

    def cell(self, cell, text: object, *, bold: bool = False, size: float = 10.5, align: str = "") -> None:
        """docx_base.cell_text for a cell that is still empty (as every cell of a new table is)."""
        self.write(cell._tc.find(_W_P), text, font=word.TABLE_FONT, size=size, bold=bold, align=align)

    def cell_paragraph(self, cell, text: object, *, size: float = 9) -> None:
        p = etree.SubElement(cell._tc, _W_P)
        self.write(p, text, font=word.TABLE_FONT, size=size)


class _Writer:
    """The document being written: its orientation, and whether the last block was a table (Word joins two
    tables that touch, so a spacer paragraph goes between them)."""

    def __init__(self, doc: WordDocument, *, landscape: bool = False) -> None:
        self.doc = doc
        self.landscape = landscape
        self.after_table = False
        self.ink = _Ink()
        # python-docx walks every style to look one up, by name or (to check it is not the default) by
        # object: the ids are read once and written into the XML.
        self._style_ids = {name: doc.styles[name].style_id for name in ("Heading 2", "Heading 3", "Table Grid")}

    @property
    def width(self) -> float:
        return LANDSCAPE_WIDTH if self.landscape else PORTRAIT_WIDTH

    def new_page(self, *, landscape: bool) -> None:
        if landscape != self.landscape:
            _orient(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)
            self.landscape = landscape
        else:
            word.page_break(self.doc)
        self.after_table = False

    def table(self, rows: int, columns: int, widths: Sequence[float], *, header_rows: int = 0):
        """docx_base.table (a grid, centred, header rows repeated on every page) with fixed column widths."""
        if self.after_table:
            self.doc.add_paragraph()
        t = self.doc.add_table(rows=rows, cols=columns)
        t._tbl.tblStyle_val = self._style_ids["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for tr in t._tbl.tr_lst[:header_rows]:
            header = OxmlElement("w:tblHeader")
            header.set(_W_VAL, "true")
            tr.get_or_add_trPr().append(header)
        _set_widths(t, widths)
        self.after_table = True
        return t, _cells(t)

    def paragraph(self, text: str, *, align: str = "left", size: float | None = None, indent: bool = False):
        """docx_base.paragraph: body text, line breaks kept, a first-line indent of two characters."""
        self.after_table = False
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt((size or 14) * 2)
        self.ink.write(p._p, text, font=word.BODY_FONT if size else None, size=size or 14, align=align)
        return p

    def bold(self, text: str, *, rest: str = "", size: float = 14):
        """A caption or sub-heading in 黑体, optionally followed by body text in 仿宋."""
        self.after_table = False
        p = self.doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        self.ink.write(p._p, text, font=word.HEADING_FONT, size=size)
        if rest:
            self.ink.write(p._p, rest, font=word.BODY_FONT, size=size)
        return p

    def heading(self, text: str, *, level: int) -> None:
        self.after_table = False
        p = self.doc.add_paragraph(clean_text(text))
        p._p.style = self._style_ids[f"Heading {level}"]


# ---------------------------------------------------------------------------
# Grids of label / value cells
# ---------------------------------------------------------------------------


@dataclass
class _GridRow:
    label: str
    value: str = ""
    group: str = ""
    help: str = ""
    full: bool = False  # one cell across the table (a record's number)
    signature: bool = False


class _Grid:
    """Consecutive short fields of a section, written as one table when the run ends."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.rows: list[_GridRow] = []

    def add(self, row: _GridRow) -> None:
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
                ink.cell(_span((group_cell, label_cell, value_cell)), row.label, bold=True)
                continue
            if not row.group:
                label_cell = _span((group_cell, label_cell))
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
                cell = _merge_down([cells[i][0] for i in range(start, end)])
                ink.cell(cell, group, align="center")
            start = end


# ---------------------------------------------------------------------------
# Year tables and repeating tables
# ---------------------------------------------------------------------------


def _caption(field: FormField, view: FieldView) -> str:
    return f"{view.group} › {field.label}" if view.group else field.label


def _year_table(w: _Writer, field: FormField, view: FieldView) -> None:
    rows = field.rows or []
    grouped = any(r.group for r in rows)
    years = view.years
    lead = 2 if grouped else 1
    lead_widths = (2.6, 4.4) if grouped else (5.4,)
    year_width = (w.width - sum(lead_widths)) / max(len(years), 1)
    _, cells = w.table(1 + len(rows), lead + len(years), (*lead_widths, *[year_width] * len(years)), header_rows=1)
    header = cells[0]
    caption_cell = _span(header[:lead]) if grouped else header[0]
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
            cell = _merge_down([cells[1 + i][0] for i in range(start, end)])
            w.ink.cell(cell, rows[start].group or "", align="center")
            start = end


def _row_label(row: FormField) -> str:
    return f"{row.label}（{row.unit}）" if row.unit and row.unit not in row.label else row.label


def _column_label(column: FormField) -> str:
    label = f"{column.group} › {column.label}" if column.group else column.label
    return f"{label}（{column.unit}）" if column.unit and column.unit not in column.label else label


def _columns_signature(field: FormField) -> tuple:
    return tuple((c.id, c.label, c.unit, c.group) for c in field.columns or [])


def _record_layout(field: FormField, landscape: bool) -> bool:
    columns = field.columns or []
    if len(columns) + 1 > (LANDSCAPE_MAX_COLUMNS if landscape else PORTRAIT_MAX_COLUMNS):
        return True
    return len(columns) > RECORD_LAYOUT_COLUMNS and any(c.kind == "long_text" for c in columns)


def _needs_landscape(template: FormTemplate) -> bool:
    """A form with a repeating table that prints as columns on a landscape page only (附件3)."""
    return any(
        field.kind == "table" and _record_layout(field, landscape=False) and not _record_layout(field, landscape=True)
        for section in template.sections
        for field in section.fields
    )


def _records(w: _Writer, field: FormField, view: FieldView) -> None:
    """A table printed one block per row: the row's number, then each column as label / value."""
    w.bold(_caption(field, view), size=12)
    grid = _Grid(w)
    columns = field.columns or []
    for number, row in enumerate(view.rows, start=1):
        grid.add(_GridRow(f"（{_chinese_number(number)}）", full=True))
        for column, cell in zip(columns, row.cells):
            grid.add(
                _GridRow(column.label, _with_unit(cell.display, column.label, column.unit), group=column.group or "")
            )
    if not view.rows:
        grid.add(_GridRow("无", full=True))
    grid.flush()


def _column_table(w: _Writer, fields: list[tuple[FormField, FieldView]]) -> None:
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
            label_cell = _merge_down([r[lead - 1] for r in block])
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
            w.ink.cell(_span(block[0]), "无", align="center")
        index += count
    for group, start, end in group_runs:
        w.ink.cell(_merge_down([cells[i][0] for i in range(start, end)]), group, align="center")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def _blocks(section: Section, view: SectionView, *, landscape: bool) -> list[list[tuple[FormField, FieldView]]]:
    """The section's fields, with consecutive repeating tables of identical columns in one block."""
    blocks: list[list[tuple[FormField, FieldView]]] = []
    for field, field_view in zip(section.fields, view.fields):
        previous = blocks[-1][-1][0] if blocks else None
        if (
            field.kind == "table"
            and previous is not None
            and previous.kind == "table"
            and _columns_signature(previous) == _columns_signature(field)
            and not _record_layout(field, landscape=landscape)
        ):
            blocks[-1].append((field, field_view))
        else:
            blocks.append([(field, field_view)])
    return blocks


def _is_grid_section(section: Section) -> bool:
    """Short values (numbers, codes, choices) or several one-line texts make a grid; long texts, guidance and
    signatures with at most one line of text and a date (a 承诺书, an 编写提纲) make prose."""
    kinds = Counter(f.kind for f in section.fields)
    return any(k in _SHORT_KINDS for k in kinds) or kinds["text"] + kinds["date"] >= 3 or kinds["text"] >= 2


def _tables(w: _Writer, block: list[tuple[FormField, FieldView]]) -> None:
    field, view = block[0]
    if field.kind == "year_table":
        _year_table(w, field, view)
    elif len(block) == 1 and _record_layout(field, w.landscape):
        _records(w, field, view)
    else:
        _column_table(w, block)


def _disambiguating_help(section: Section) -> set[str]:
    """Ids of fields whose group and label repeat in the section (附表2-10-1: 是否符合 once per requirement):
    their help, the requirement the template prints in its first column, tells the rows apart."""
    counts = Counter((f.group, f.label) for f in section.fields)
    return {f.id for f in section.fields if f.help and counts[(f.group, f.label)] > 1}


def _grid_section(w: _Writer, section: Section, view: SectionView) -> None:
    grid = _Grid(w)
    with_help = _disambiguating_help(section)
    previous_help = ""
    for block in _blocks(section, view, landscape=w.landscape):
        field, field_view = block[0]
        kind = field.kind
        if kind in ("year_table", "table"):
            grid.flush()
            _tables(w, block)
        elif kind == "guidance":
            grid.flush()
            for line in _lines(field_view.text):
                w.paragraph(line, size=12)
        elif kind == "heading":
            grid.flush()
            w.heading(field.label, level=3)
        elif kind == "signature":
            grid.add(_GridRow(field.label, field_view.text, group=field_view.group, signature=True))
        else:
            help_text = field.help if field.id in with_help and field.help != previous_help else ""
            grid.add(_GridRow(field.label, value_text(field, field_view), group=field_view.group, help=help_text))
        previous_help = field.help or ""
    grid.flush()


def _prose_section(w: _Writer, section: Section, view: SectionView) -> None:
    last_heading = ""
    last_group = ""
    for block in _blocks(section, view, landscape=w.landscape):
        field, field_view = block[0]
        kind = field.kind
        if kind in ("year_table", "table"):
            _tables(w, block)
        elif kind == "guidance":
            for line in _lines(field_view.text):
                w.paragraph(line, indent=True, align="justify")
        elif kind == "heading":
            w.heading(field.label, level=3)
            last_heading = field.label
        elif kind == "long_text":
            group = field_view.group
            if group and group not in (last_heading, last_group):
                w.bold(group)
            last_group = group
            w.bold(field.label, rest=f"：{field.help}" if field.help else "")
            for line in _lines(field_view.display) or [NOT_FILLED]:
                w.paragraph(line, indent=True, align="justify")
        elif kind == "signature":
            w.paragraph("")
            label = f"{field.label}：{SIGNATURE_LINE}"
            w.paragraph(f"{label}  {field_view.text}" if field_view.text else label, align="right")
        elif is_date_placeholder(field):
            w.paragraph(chinese_date(field_view.display) or field.label, align="right")
        else:
            label = f"{field_view.group} › {field.label}" if field_view.group else field.label
            w.paragraph(f"{label}：{value_text(field, field_view)}")


def _section(w: _Writer, template: FormTemplate, section: Section, view: SectionView) -> None:
    if section.title not in UNPRINTED_SECTION_TITLES and section.title != template.title:
        w.heading(section.title, level=2)
    if section.guidance:
        w.paragraph(section.guidance, size=12, align="right" if section.guidance.startswith("单位") else "left")
    if section.id == COVER_SECTION:
        _cover_table(w, _cover_rows(section, view)[0])
    elif _is_grid_section(section):
        _grid_section(w, section, view)
    else:
        _prose_section(w, section, view)


def _form(w: _Writer, template: FormTemplate, view: FormView, *, skip_cover: bool) -> None:
    if not skip_cover:
        w.bold(template.source, size=14)
        word.title(w.doc, template.title, size=18)
    for section, section_view in zip(template.sections, view.sections):
        if skip_cover and section.id == COVER_SECTION:
            continue
        _section(w, template, section, section_view)


# ---------------------------------------------------------------------------
# Cover and commitment
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _CoverRow:
    label: str
    value: str


def _subtype_row(subtype_options: Sequence[str], subtype_name: str) -> _CoverRow:
    return _CoverRow("申报类型", "\n".join(word.checkbox(name == subtype_name, name) for name in subtype_options))


def _is_subtype_field(field: FormField, subtype_options: Sequence[str]) -> bool:
    return (
        field.kind == "single_choice"
        and bool(subtype_options)
        and {o.label for o in field.options or []} == set(subtype_options)
    )


def _cover_rows(
    section: Section, view: SectionView, subtype_options: Sequence[str] = (), subtype_name: str = ""
) -> tuple[list[_CoverRow], bool]:
    """The template's cover as label / value lines. A choice of 申报类型 that says what the application's
    sub-type says is printed once, as the sub-type line; one that differs is printed as well."""
    rows: list[_CoverRow] = []
    subtype_done = False
    for field, field_view in zip(section.fields, view.fields):
        label = f"{field_view.group} › {field.label}" if field_view.group else field.label
        # The template prints the seal hint where the seal goes: "申报单位：（加盖公章）".
        seal_hint = field.help if field.help and "盖" in field.help and "盖" not in label else ""
        if _is_subtype_field(field, subtype_options):
            chosen = [o.label for o in field_view.options if o.checked]
            if not subtype_done:
                rows.append(_subtype_row(subtype_options, subtype_name))
                subtype_done = True
            if chosen == [subtype_name]:
                continue
        if field.kind == "guidance":
            rows.append(_CoverRow(field.label, field_view.text))
        elif field.kind == "signature":
            rows.append(_CoverRow(label, field_view.text))
        elif field.kind in ("single_choice", "multiple_choice", "boolean"):
            rows.append(_CoverRow(label, value_text(field, field_view, separator="\n")))
        elif is_date_placeholder(field):
            rows.append(_CoverRow("日期", chinese_date(field_view.display)))
        else:
            rows.append(_CoverRow(label, " ".join(t for t in (value_text(field, field_view), seal_hint) if t)))
    return rows, subtype_done


def _cover_table(w: _Writer, rows: list[_CoverRow]) -> None:
    if not rows:
        return
    if w.after_table:
        w.doc.add_paragraph()
    t = w.doc.add_table(rows=len(rows), cols=2)  # no style: a cover has no grid lines
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(t, (4.6, w.width - 5.6))
    for row, (label_cell, value_cell) in zip(rows, _cells(t)):
        w.ink.cell(label_cell, f"{row.label}：", size=15, align="right")
        w.ink.cell(value_cell, row.value, size=15)
    w.after_table = True


def _cover_page(
    w: _Writer,
    *,
    title: str,
    subtitle: str,
    template_rows: list[_CoverRow] | None,
    subtype_printed: bool,
    enterprise_name: str,
    item_name: str,
    subtype_name: str,
    subtype_options: Sequence[str],
    receipt_number: str,
    submitted_at: dt.date | dt.datetime | None,
    digest: str,
    verification_url: str,
    qr_png: bytes | None,
) -> None:
    doc = w.doc
    for _ in range(2):
        doc.add_paragraph()
    word.title(doc, title, size=22)
    if subtitle:
        w.paragraph(subtitle, align="center", size=16)
    doc.add_paragraph()
    rows = list(template_rows or [])
    if template_rows is None:
        rows += [_CoverRow("申报单位", enterprise_name), _CoverRow("申报日期", chinese_date(submitted_at))]
    rows.append(_CoverRow("申报事项", item_name))
    if subtype_options and not subtype_printed:
        rows.append(_subtype_row(subtype_options, subtype_name))
    _cover_table(w, rows)
    doc.add_paragraph()
    w.paragraph(f"回执号：{receipt_number or DRAFT}", align="center", size=12)
    if submitted_at:
        stamp = submitted_at.strftime("%Y年%m月%d日 %H:%M") if isinstance(submitted_at, dt.datetime) else ""
        w.paragraph(f"提交时间：{stamp or chinese_date(submitted_at)}", align="center", size=12)
    if digest:
        w.paragraph(f"数据摘要（SM3）：{short_digest(digest)}", align="center", size=12)
    if qr_png:
        doc.add_picture(BytesIO(qr_png), width=Cm(3.2))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        w.paragraph(VERIFY_CAPTION, align="center", size=10.5)
        if verification_url:
            w.paragraph(verification_url, align="center", size=9)


def _commitment_page(w: _Writer, *, text: str, enterprise_name: str, signer: str, date: dt.date | None) -> None:
    word.title(w.doc, COMMITMENT_TITLE, size=22)
    w.doc.add_paragraph()
    for line in _lines(text) or [NO_COMMITMENT_TEXT]:
        w.paragraph(line, indent=True, align="justify")
    for _ in range(2):
        w.doc.add_paragraph()
    w.paragraph(f"承诺单位（盖章）：{enterprise_name}", align="right")
    w.paragraph(f"法定代表人：{signer or SIGNATURE_LINE}", align="right")
    w.paragraph(f"法定代表人（签字）：{SIGNATURE_LINE}", align="right")
    w.paragraph(f"日期：{chinese_date(date) or '    年  月  日'}", align="right")


def _footer(doc: WordDocument, receipt_number: str, digest: str) -> None:
    word.footer(doc, left=receipt_number or DRAFT, right=f"摘要 {short_digest(digest)}" if digest else "")


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def _templates(forms: Sequence[dict | FormTemplate]) -> list[FormTemplate]:
    return [f if isinstance(f, FormTemplate) else FormTemplate.model_validate(f) for f in forms]


def application_document(
    *,
    forms: Sequence[dict | FormTemplate],
    answers: dict[str, dict],
    enterprise_name: str,
    item_name: str,
    subtype_name: str = "",
    subtype_options: Sequence[str] = (),
    receipt_number: str = "",
    submitted_at: dt.date | dt.datetime | None = None,
    digest: str = "",
    commitment_text: str = "",
    commitment_signer: str = "",
    commitment_date: dt.date | None = None,
    verification_url: str = "",
    qr_png: bytes | None = None,
) -> WordDocument:
    """The whole 申报书: cover, every form in order (each on a new page), the commitment page, the footer."""
    templates = _templates(forms)
    views = render_sections(list(forms), answers, readonly=True)
    doc = word.new_document()
    w = _Writer(doc)
    first = templates[0]
    cover = next((s for s in first.sections if s.id == COVER_SECTION), None)
    template_rows, subtype_printed = None, False
    if cover is not None:
        cover_view = views[0].sections[first.sections.index(cover)]
        template_rows, subtype_printed = _cover_rows(cover, cover_view, subtype_options, subtype_name)
    _cover_page(
        w, title=first.title, subtitle=(cover.guidance or "") if cover else "", template_rows=template_rows,
        subtype_printed=subtype_printed, enterprise_name=enterprise_name, item_name=item_name, subtype_name=subtype_name,
        subtype_options=subtype_options, receipt_number=receipt_number, submitted_at=submitted_at, digest=digest,
        verification_url=verification_url, qr_png=qr_png,
    )  # fmt: skip
    for index, (template, view) in enumerate(zip(templates, views)):
        w.new_page(landscape=_needs_landscape(template))
        _form(w, template, view, skip_cover=index == 0 and cover is not None)
    w.new_page(landscape=False)
    _commitment_page(
        w, text=commitment_text, enterprise_name=enterprise_name, signer=commitment_signer, date=commitment_date
    )
    _footer(doc, receipt_number, digest)
    return doc


def performance_targets_document(
    *, form: dict | FormTemplate, answers: dict[str, dict], receipt_number: str = "", digest: str = ""
) -> WordDocument:
    """附件3 绩效目标表 alone, on landscape pages, as the county forwards it with the application."""
    template = _templates([form])[0]
    view = render_sections([form], answers, readonly=True)[0]
    doc = word.new_document(landscape=True)
    w = _Writer(doc, landscape=True)
    _form(w, template, view, skip_cover=False)
    _footer(doc, receipt_number, digest)
    return doc
