"""The cover page of the 申报书: the template's cover fields (or the enterprise and the date), the item and
its sub-types ☑/☐, the receipt number, the submission time, the digest and the verification QR code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from applications.digest import short_digest
from documents import docx_base as word
from documents.application_docx.wording import DRAFT, VERIFY_CAPTION, chinese_date, is_date_placeholder, value_text
from documents.application_docx.writer import Writer, set_widths, table_cells
from policies.formengine.layout import SectionView
from policies.pack.schema import FormField, Section

COVER_SECTION = "cover"


@dataclass(frozen=True)
class CoverRow:
    label: str
    value: str


def _subtype_row(subtype_options: Sequence[str], subtype_name: str) -> CoverRow:
    return CoverRow("申报类型", "\n".join(word.checkbox(name == subtype_name, name) for name in subtype_options))


def _is_subtype_field(field: FormField, subtype_options: Sequence[str]) -> bool:
    return (
        field.kind == "single_choice"
        and bool(subtype_options)
        and {o.label for o in field.options or []} == set(subtype_options)
    )


def cover_rows(
    section: Section, view: SectionView, subtype_options: Sequence[str] = (), subtype_name: str = ""
) -> tuple[list[CoverRow], bool]:
    """The template's cover as label / value lines. A choice of 申报类型 that says what the application's
    sub-type says is printed once, as the sub-type line; one that differs is printed as well."""
    rows: list[CoverRow] = []
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
            rows.append(CoverRow(field.label, field_view.text))
        elif field.kind == "signature":
            rows.append(CoverRow(label, field_view.text))
        elif field.kind in ("single_choice", "multiple_choice", "boolean"):
            rows.append(CoverRow(label, value_text(field, field_view, separator="\n")))
        elif is_date_placeholder(field):
            rows.append(CoverRow("日期", chinese_date(field_view.display)))
        else:
            rows.append(CoverRow(label, " ".join(t for t in (value_text(field, field_view), seal_hint) if t)))
    return rows, subtype_done


def cover_table(w: Writer, rows: list[CoverRow]) -> None:
    if not rows:
        return
    if w.after_table:
        w.doc.add_paragraph()
    t = w.doc.add_table(rows=len(rows), cols=2)  # no style: a cover has no grid lines
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(t, (4.6, w.width - 5.6))
    for row, (label_cell, value_cell) in zip(rows, table_cells(t)):
        w.ink.cell(label_cell, f"{row.label}：", size=15, align="right")
        w.ink.cell(value_cell, row.value, size=15)
    w.after_table = True


def cover_page(
    w: Writer,
    *,
    title: str,
    subtitle: str,
    template_rows: list[CoverRow] | None,
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
        rows += [CoverRow("申报单位", enterprise_name), CoverRow("申报日期", chinese_date(submitted_at))]
    rows.append(CoverRow("申报事项", item_name))
    if subtype_options and not subtype_printed:
        rows.append(_subtype_row(subtype_options, subtype_name))
    cover_table(w, rows)
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
