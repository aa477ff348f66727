"""The Word plumbing of the 申报书: page orientation, tables with fixed widths and merged cells, and text
written straight into the XML (python-docx's properties cost too much for about 3,000 cells)."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.run import Run
from lxml import etree

from core.text import clean_text
from documents import docx_base as word

# Page widths inside the margins of documents.docx_base.new_document, in cm.
PORTRAIT_WIDTH = 21.0 - 2.8 - 2.6
LANDSCAPE_WIDTH = 29.7 - 2.0 - 2.0

_W_P, _W_R, _W_T, _W_BR, _W_PPR, _W_JC, _W_VAL = (
    qn(tag) for tag in ("w:p", "w:r", "w:t", "w:br", "w:pPr", "w:jc", "w:val")
)
_W_TR, _W_TC, _W_TCPR, _W_TCW, _W_W, _W_TYPE = (qn(tag) for tag in ("w:tr", "w:tc", "w:tcPr", "w:tcW", "w:w", "w:type"))
_XML_SPACE = qn("xml:space")
_W_GRIDSPAN, _W_HMERGE, _W_VMERGE = (qn(tag) for tag in ("w:gridSpan", "w:hMerge", "w:vMerge"))
_BEFORE_VMERGE = frozenset((_W_TCW, _W_GRIDSPAN, _W_HMERGE))  # w:tcPr's children that come first (ECMA-376)


def _orient(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.0)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def set_widths(table, widths: Sequence[float]) -> None:
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


def table_cells(table) -> list[list[_Cell]]:
    """The cells of a new table, row by row (python-docx's row.cells resolves spans and merges for each)."""
    return [[_Cell(tc, table) for tc in tr.iterchildren(_W_TC)] for tr in table._tbl.iterchildren(_W_TR)]


def span(cells: Sequence[Any]) -> Any:
    """Merge cells of one row into the first (set gridSpan, drop the others). python-docx's merge looks the
    row up in the table on every call, which makes a long table quadratic; this is constant time."""
    first = cells[0]._tc
    width, columns = _tc_width(first), _tc_span(first)
    for cell in cells[1:]:
        tc = cell._tc
        width += _tc_width(tc)
        columns += _tc_span(tc)
        tc.getparent().remove(tc)
    first.find(_W_TCPR).find(_W_TCW).set(_W_W, str(width))
    if columns > 1:
        _tc_property(first, _W_GRIDSPAN).set(_W_VAL, str(columns))
    return cells[0]


def _tc_width(tc) -> int:
    """A new table's cell width in twips (set_widths wrote every one)."""
    return int(tc.find(_W_TCPR).find(_W_TCW).get(_W_W))


def _tc_span(tc) -> int:
    span = tc.find(_W_TCPR).find(_W_GRIDSPAN)
    return 1 if span is None else int(span.get(_W_VAL))


def _tc_property(tc, tag: str):
    """The cell property `tag` (w:gridSpan or w:vMerge), added in schema order: after w:tcW, w:gridSpan and
    w:hMerge, before anything else (python-docx's own look-up costs about 50 times more)."""
    properties = tc.find(_W_TCPR)
    element = properties.find(tag)
    if element is None:
        element = etree.Element(tag)
        index = 0
        for child in properties:
            if child.tag not in _BEFORE_VMERGE:
                break
            index += 1
        properties.insert(index, element)
    return element


def merge_down(cells: Sequence[Any]) -> Any:
    """Merge cells of one column over consecutive rows into the first (vMerge restart/continue)."""
    if len(cells) > 1:
        _tc_property(cells[0]._tc, _W_VMERGE).set(_W_VAL, "restart")
        for cell in cells[1:]:
            _tc_property(cell._tc, _W_VMERGE)  # no w:val: "continue" is the default (as python-docx writes it)
    return cells[0]


_JUSTIFICATION = {"center": "center", "right": "right", "left": "left", "justify": "both"}


class Ink:
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


class Writer:
    """The document being written: its orientation, and whether the last block was a table (Word joins two
    tables that touch, so a spacer paragraph goes between them)."""

    def __init__(self, doc: WordDocument, *, landscape: bool = False) -> None:
        self.doc = doc
        self.landscape = landscape
        self.after_table = False
        self.ink = Ink()
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
        set_widths(t, widths)
        self.after_table = True
        return t, table_cells(t)

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
