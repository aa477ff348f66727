"""The two documents built from the parts of this package: the whole 申报书, and 附件3 alone; both with the
footer of receipt number, page and digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx.document import Document as WordDocument

from applications.digest import short_digest
from documents import docx_base as word
from documents.application_docx.commitment import commitment_page
from documents.application_docx.cover import COVER_SECTION, cover_page, cover_rows
from documents.application_docx.sections import write_form
from documents.application_docx.tables import needs_landscape
from documents.application_docx.wording import DRAFT
from documents.application_docx.writer import Writer
from policies.formengine.render import render_sections
from policies.pack.schema import FormTemplate


def _footer(doc: WordDocument, receipt_number: str, digest: str) -> None:
    word.footer(doc, left=receipt_number or DRAFT, right=f"摘要 {short_digest(digest)}" if digest else "")


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
    views = render_sections(templates, answers, readonly=True)  # validated once
    doc = word.new_document()
    w = Writer(doc)
    first = templates[0]
    cover = next((s for s in first.sections if s.id == COVER_SECTION), None)
    template_rows, subtype_printed = None, False
    if cover is not None:
        cover_view = views[0].sections[first.sections.index(cover)]
        template_rows, subtype_printed = cover_rows(cover, cover_view, subtype_options, subtype_name)
    cover_page(
        w, title=first.title, subtitle=(cover.guidance or "") if cover else "", template_rows=template_rows,
        subtype_printed=subtype_printed, enterprise_name=enterprise_name, item_name=item_name, subtype_name=subtype_name,
        subtype_options=subtype_options, receipt_number=receipt_number, submitted_at=submitted_at, digest=digest,
        verification_url=verification_url, qr_png=qr_png,
    )  # fmt: skip
    for index, (template, view) in enumerate(zip(templates, views)):
        w.new_page(landscape=needs_landscape(template))
        write_form(w, template, view, skip_cover=index == 0 and cover is not None)
    w.new_page(landscape=False)
    commitment_page(
        w, text=commitment_text, enterprise_name=enterprise_name, signer=commitment_signer, date=commitment_date
    )
    _footer(doc, receipt_number, digest)
    return doc


def performance_targets_document(
    *, form: dict | FormTemplate, answers: dict[str, dict], receipt_number: str = "", digest: str = ""
) -> WordDocument:
    """附件3 绩效目标表 alone, on landscape pages, as the county forwards it with the application."""
    template = _templates([form])[0]
    view = render_sections([template], answers, readonly=True)[0]
    doc = word.new_document(landscape=True)
    w = Writer(doc, landscape=True)
    write_form(w, template, view, skip_cover=False)
    _footer(doc, receipt_number, digest)
    return doc
