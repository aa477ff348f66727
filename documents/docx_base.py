"""Word primitives shared by every DOCX export: A4 pages with 公文 margins, Chinese fonts declared for
East Asian text (so Word and WPS pick 仿宋/宋体/黑体, and LibreOffice its fallbacks), a footer with the
receipt number, the page number and a digest, tables with a grid, and ☑/☐ boxes."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.text import clean_text

BODY_FONT = "仿宋"  # 仿宋_GB2312 on older Windows; WPS and Word both map 仿宋
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"

CHECKED = "☑"
UNCHECKED = "☐"


def _set_fonts(element_rpr_owner, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian fonts on a style or run (python-docx only sets the Latin name)."""
    font = element_rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = element_rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)


def new_document(*, landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    # GB/T 9704 公文 margins.
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    if landscape:
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.0)
    _set_fonts(doc.styles["Normal"], BODY_FONT, size=14)  # 三号 is 16pt; 四号 (14pt) keeps tables legible
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 14)):
        style = doc.styles[name]
        _set_fonts(style, TITLE_FONT if name == "Title" else HEADING_FONT, size=size, bold=False)
        style.font.color.rgb = None
    doc.core_properties.language = "zh-CN"
    return doc


def title(doc: Document, text: str, *, size: float = 22) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(clean_text(text))
    _set_fonts(run, TITLE_FONT, size=size)


def heading(doc: Document, text: str, *, level: int = 1) -> None:
    doc.add_heading(clean_text(text), level=level)


def paragraph(doc: Document, text: str, *, align: str = "left", size: float | None = None, indent: bool = False):
    p = doc.add_paragraph()
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt((size or 14) * 2)
    lines = clean_text(text).split("\n")
    for index, line in enumerate(lines):
        run = p.add_run(line)
        if size is not None:
            _set_fonts(run, BODY_FONT, size=size)
        if index < len(lines) - 1:
            run.add_break()
    return p


def page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table(doc: Document, rows: int, columns: int, *, header_rows: int = 0):
    """A grid table that fits the page width; header rows repeat on every page."""
    t = doc.add_table(rows=rows, cols=columns)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r in range(min(header_rows, rows)):
        tr_pr = t.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    return t


def cell_text(cell, text: object, *, bold: bool = False, size: float = 10.5, align: str = "left") -> None:
    """Replace a cell's text (line breaks kept) in the table font."""
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    lines = clean_text(text).split("\n")
    for index, line in enumerate(lines):
        run = p.add_run(line)
        _set_fonts(run, TABLE_FONT, size=size, bold=bold)
        if index < len(lines) - 1:
            run.add_break()


def add_row(t, values: list[object], *, bold: bool = False, size: float = 10.5) -> None:
    cells = t.add_row().cells
    for cell, value in zip(cells, values, strict=False):
        cell_text(cell, value, bold=bold, size=size)


def checkbox(checked: bool, label: str) -> str:
    return f"{CHECKED if checked else UNCHECKED}{label}"


def _field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word, WPS and LibreOffice compute when they lay out the page."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def footer(doc: Document, *, left: str = "", right: str = "") -> None:
    """A footer on every page: `left` (e.g. the receipt number), 第 N 页 共 M 页, `right` (e.g. the digest)."""
    for section in doc.sections:
        p = section.footer.paragraphs[0]
        p.text = ""
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parts: list[tuple[str, str | None]] = []
        if left:
            parts.append((f"{clean_text(left)}    ", None))
        parts += [("第 ", None), ("", "PAGE"), (" 页 共 ", None), ("", "NUMPAGES"), (" 页", None)]
        if right:
            parts.append((f"    {clean_text(right)}", None))
        for text, field in parts:
            run = p.add_run(text)
            _set_fonts(run, TABLE_FONT, size=9)
            if field:
                _field(run, field)


def to_bytes(doc: Document) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
