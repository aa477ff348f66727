"""The 真实性承诺书 page that closes the 申报书: the item's commitment text, the enterprise, the signer and
the date, with lines left for the seal and the signature."""

from __future__ import annotations

import datetime as dt

from documents import docx_base as word
from documents.application_docx.wording import (
    COMMITMENT_TITLE,
    NO_COMMITMENT_TEXT,
    SIGNATURE_LINE,
    chinese_date,
    lines,
)
from documents.application_docx.writer import Writer


def commitment_page(w: Writer, *, text: str, enterprise_name: str, signer: str, date: dt.date | None) -> None:
    word.title(w.doc, COMMITMENT_TITLE, size=22)
    w.doc.add_paragraph()
    for line in lines(text) or [NO_COMMITMENT_TEXT]:
        w.paragraph(line, indent=True, align="justify")
    for _ in range(2):
        w.doc.add_paragraph()
    w.paragraph(f"承诺单位（盖章）：{enterprise_name}", align="right")
    w.paragraph(f"法定代表人：{signer or SIGNATURE_LINE}", align="right")
    w.paragraph(f"法定代表人（签字）：{SIGNATURE_LINE}", align="right")
    w.paragraph(f"日期：{chinese_date(date) or '    年  月  日'}", align="right")
