"""The 申报书 as a Word file (documents/application_docx/ and its exporter): for every item and sub-type of
the 2023 pack, a fully filled and submitted application prints every label and every value of its forms;
the footer carries the receipt number and the digest; visibility is the application's; LibreOffice opens
every template's document and lays it out on the expected number of pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import NoReverseMatch
from docx import Document
from docx.oxml.ns import qn
from pydantic import ValidationError

from applications.digest import short_digest
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.formdata import fill_answers
from documents import application_docx as builder
from documents.docx_base import CHECKED, UNCHECKED, to_bytes
from documents.exporters import application_docx as exporters
from documents.exporters.application_docx import ApplicationDocx
from documents.exporters.base import DOCX, EXPORTERS
from documents.tests.libreoffice import convert_many_to_pdf, pdf_pages, pdf_text, requires_libreoffice
from policies.formengine.render import render_sections
from policies.pack.loader import load_pack_unchanged
from policies.pack.schema import FormTemplate
from policies.tests.formtools import PACK_2023

PACK = load_pack_unchanged(PACK_2023)
ITEMS_AND_SUBTYPES = [(i.number, s.code) for i in PACK.items for s in i.subtypes] + [
    (i.number, "") for i in PACK.items if not i.subtypes
]


# ---------------------------------------------------------------------------
# Reading a document back
# ---------------------------------------------------------------------------


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(qn("w:t"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else "\n")
    return "".join(parts)


def document_text(doc) -> str:
    """Every paragraph of the body, table cells included, one per line (a line break in a cell is a line)."""
    return "\n".join(_paragraph_text(p) for p in doc.element.body.iter(qn("w:p")))


def footer_text(doc, section: int = 0) -> str:
    return "\n".join(_paragraph_text(p) for p in doc.sections[section].footer._element.iter(qn("w:p")))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def expected_texts(forms: list[dict], answers: dict) -> Iterator[str]:
    """What the paper form shows: form and section titles, every label (groups, year-table rows and years,
    table columns, options as ☑/☐), guidance, signature wording, and every value as displayed."""
    views = render_sections(forms, answers, readonly=True)
    for form, view in zip(forms, views):
        template = FormTemplate.model_validate(form)
        yield template.title
        for section, section_view in zip(template.sections, view.sections):
            if section.id != builder.COVER_SECTION and section.title not in builder.UNPRINTED_SECTION_TITLES:
                yield section.title
            yield from _lines(section.guidance or "")
            for field, field_view in zip(section.fields, section_view.fields):
                if field_view.group:
                    yield field_view.group
                if field.kind == "guidance":
                    yield from _lines(field_view.text)
                    continue
                if builder.is_date_placeholder(field):
                    yield builder.chinese_date(field_view.display)
                    continue
                yield field.label
                if field.kind == "signature":
                    yield from _lines(field_view.text)
                elif field.kind == "year_table":
                    yield from (f"{year}年" for year in field_view.years)
                    for row, row_view in zip(field.rows or [], field_view.year_rows):
                        yield row.label
                        if row.group:
                            yield row.group
                        yield from (c.display for c in row_view.cells if c.display)
                elif field.kind == "table":
                    for column in field.columns or []:
                        yield column.label
                        if column.group:
                            yield column.group
                    for row in field_view.rows:
                        for cell in row.cells:
                            yield from _lines(cell.display)
                elif field_view.options:
                    for option in field_view.options:
                        yield f"{CHECKED if option.checked else UNCHECKED}{option.label}"
                        if option.other and option.checked and field_view.other_value:
                            yield field_view.other_value
                else:
                    yield from _lines(field_view.display)


def missing_from(doc, forms: list[dict], answers: dict) -> list[str]:
    text = document_text(doc)
    return [expected for expected in expected_texts(forms, answers) if expected not in text]


# ---------------------------------------------------------------------------
# Every item and sub-type, through the exporter
# ---------------------------------------------------------------------------


def submitted(pack, actor, number: int, subtype: str = "") -> Application:
    """The item's application of `actor`'s enterprise, complete and submitted (built directly)."""
    return ApplicationFactory(enterprise=actor.organisation, pack=pack, number=number, subtype_code=subtype,
                              submitted=True)  # fmt: skip


def complete_draft(pack, actor, number: int) -> Application:
    return ApplicationFactory(enterprise=actor.organisation, pack=pack, number=number, complete=True)


def render(user, application) -> tuple:
    rendered = ApplicationDocx.for_user(user, {"application": str(application.pk)}).render()
    return rendered, Document(BytesIO(rendered.content))


def test_both_exporters_are_registered():
    assert EXPORTERS["application_docx"] is ApplicationDocx
    assert ApplicationDocx.verbose_name == "申报书（Word）"


@pytest.mark.django_db
@pytest.mark.parametrize("number,subtype", ITEMS_AND_SUBTYPES)
def test_every_label_and_value_of_every_form_is_printed(stored_pack, profile, enterprise_admin, number, subtype):
    application = submitted(stored_pack, enterprise_admin, number, subtype)
    rendered, doc = render(enterprise_admin, application)

    assert rendered.mimetype == DOCX
    assert rendered.filename == f"申报书-{application.receipt_number}-{application.enterprise.name}.docx"
    assert missing_from(doc, application.forms, application.answers) == []
    text = document_text(doc)
    item = PACK.item(number)
    # The cover: the sub-types, the chosen one ticked.
    assert f"第{number}项 {item.name}" in text
    for sub in item.subtypes:
        assert f"{CHECKED if sub.code == subtype else UNCHECKED}{sub.name}" in text
    # The commitment page: the item's text in full, the signer, the date.
    chosen = next((s for s in item.subtypes if s.code == subtype), None)
    commitment = (chosen.commitment if chosen else None) or item.commitment or builder.NO_COMMITMENT_TEXT
    assert builder.COMMITMENT_TITLE in text
    assert all(line in text for line in _lines(commitment))
    assert f"法定代表人：{application.commitment_signer}" in text
    assert f"日期：{builder.chinese_date(application.commitment_date)}" in text
    # Every page's footer: receipt number, page of pages, digest.
    for section in range(len(doc.sections)):  # portrait and landscape sections alike
        footer = footer_text(doc, section)
        assert application.receipt_number in footer
        assert f"摘要 {short_digest(application.submission_digest)}" in footer
        assert "第 " in footer and " 页 共 " in footer


@pytest.mark.django_db
def test_county_of_the_enterprise_exports_it_in_two_queries(
    stored_pack, profile, enterprise_admin, county_industry, django_assert_num_queries
):
    application = submitted(stored_pack, enterprise_admin, 2)
    # 2 queries: the user's roles; the application with its enterprise, jurisdiction, item and pack
    # (filtered by what the user may see). Rendering reads nothing more.
    with django_assert_num_queries(2):
        rendered = ApplicationDocx.for_user(county_industry, {"application": application.pk}).render()
    assert application.receipt_number in document_text(Document(BytesIO(rendered.content)))


@pytest.mark.django_db
def test_another_county_and_another_enterprise_get_404(
    stored_pack, profile, enterprise_admin, other_county, enterprise_user
):
    application = submitted(stored_pack, enterprise_admin, 2)
    for user in (other_county, enterprise_user):
        with pytest.raises(Http404):
            ApplicationDocx.for_user(user, {"application": application.pk})


@pytest.mark.django_db
def test_a_county_cannot_see_a_draft(stored_pack, profile, enterprise_admin, county_industry):
    application = complete_draft(stored_pack, enterprise_admin, 2)
    with pytest.raises(Http404):
        ApplicationDocx.for_user(county_industry, {"application": application.pk})


def test_options_must_name_an_application():
    with pytest.raises(ValidationError):
        ApplicationDocx.for_user(None, {"application": "abc"})


@pytest.mark.django_db
def test_a_draft_prints_as_draft_without_digest(stored_pack, profile, enterprise_admin):
    application = complete_draft(stored_pack, enterprise_admin, 7)
    rendered, doc = render(enterprise_admin, application)
    assert rendered.filename == f"申报书-草稿-{application.enterprise.name}.docx"
    assert builder.DRAFT in footer_text(doc) and "摘要" not in footer_text(doc)
    assert missing_from(doc, application.forms, application.answers) == []


@pytest.mark.django_db
def test_control_characters_in_answers_never_break_the_export(stored_pack, profile, enterprise_admin):
    application = submitted(stored_pack, enterprise_admin, 2)
    answers = application.answers
    answers["2-2"]["project_name"] = "智能\x01产线\x0b改造\x1f一期"  # no NUL: PostgreSQL cannot store one
    answers["2-2"]["expected_benefits"] = "效益\x08说明\n第二\x0c行\ufffe"
    # Imported or legacy data, written past the form engine that would have cleaned it.
    Application.objects.filter(pk=application.pk).update(answers=answers)
    application.refresh_from_db()
    rendered, doc = render(enterprise_admin, application)
    text = document_text(doc)
    assert "智能产线改造一期" in text and "效益说明" in text and "第二行" in text
    assert not any(ch in text for ch in "\x00\x08\x0b\x0c\x1f\ufffe")


@pytest.mark.django_db
def test_the_cover_carries_a_qr_code_when_the_verification_page_exists(
    stored_pack, profile, enterprise_admin, monkeypatch, settings
):
    application = submitted(stored_pack, enterprise_admin, 2)
    settings.SITE_URL = "https://jbpt.example.gov.cn/"
    monkeypatch.setattr(exporters, "reverse", lambda name, kwargs: f"/verify/{kwargs['receipt_number']}/")
    rendered, doc = render(enterprise_admin, application)
    digest = short_digest(application.submission_digest)
    url = f"https://jbpt.example.gov.cn/verify/{application.receipt_number}/?digest={digest}"
    assert len(doc.inline_shapes) == 1
    text = document_text(doc)
    assert builder.VERIFY_CAPTION in text and url in text
    # The picture is the QR code of exactly the printed address (segno's output is deterministic).
    picture = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[picture].blob == exporters.qr_png(url)


@pytest.mark.django_db
def test_no_qr_code_while_the_verification_page_is_missing(stored_pack, profile, enterprise_admin, monkeypatch):
    def no_such_page(name, kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(exporters, "reverse", no_such_page)
    application = submitted(stored_pack, enterprise_admin, 2)
    assert exporters.verification_url(application.receipt_number) == ""
    _, doc = render(enterprise_admin, application)
    assert len(doc.inline_shapes) == 0 and builder.VERIFY_CAPTION not in document_text(doc)


def test_file_names_drop_characters_a_file_system_rejects():
    class Stub:
        receipt_number = "HY2023-430405-02-00001"

        class enterprise:
            name = '衡阳/某某:公司*"<>|\x00'

    assert exporters.export_filename("申报书", Stub) == "申报书-HY2023-430405-02-00001-衡阳_某某_公司.docx"


# ---------------------------------------------------------------------------
# The builder alone (no database): sub-type choice on the cover, QR code
# ---------------------------------------------------------------------------


def _pack_forms(number: int, subtype: str = "") -> list[dict]:
    item = PACK.item(number)
    chosen = next((s for s in item.subtypes if s.code == subtype), None)
    ids = list((chosen.forms if chosen and chosen.forms else None) or item.forms)
    ids += [] if PACK.pack.performance_form in ids else [PACK.pack.performance_form]
    return [PACK.forms[form_id].model_dump(mode="json") for form_id in ids]


def build(number: int, subtype: str = "", **overrides):
    item = PACK.item(number)
    chosen = next((s for s in item.subtypes if s.code == subtype), None)
    forms = _pack_forms(number, subtype)
    answers = fill_answers(forms)
    kwargs = {
        "forms": forms, "answers": answers, "enterprise_name": "衡阳示范机械有限公司",
        "item_name": f"第{number}项 {item.name}", "subtype_name": chosen.name if chosen else "",
        "subtype_options": [s.name for s in item.subtypes], "receipt_number": f"HY2023-430405-{number:02d}-00001",
        "submitted_at": dt.datetime(2023, 8, 1, 10, 0), "digest": "3f2a9c1b0d4e77a0" * 4,
        "commitment_text": (chosen.commitment if chosen else None) or item.commitment or "",
        "commitment_signer": "赵法人", "commitment_date": dt.date(2023, 8, 1),
    }  # fmt: skip
    kwargs.update(overrides)
    return builder.application_document(**kwargs), forms, answers


def test_a_type_answer_that_differs_from_the_sub_type_is_printed_as_well():
    # fill_answers ticks the first 申报类型 of 附件2-1; the application is for the third sub-type.
    doc, forms, answers = build(1, "city_benchmark_workshop")
    text = document_text(doc)
    assert f"{CHECKED}培育市级智能制造标杆车间" in text  # the sub-type line
    assert f"{CHECKED}培育国家级智能制造试点示范" in text  # the form's own answer, not hidden
    assert missing_from(doc, forms, answers) == []


def test_a_type_answer_equal_to_the_sub_type_is_printed_once():
    doc, _, _ = build(1, "national_pilot")
    assert document_text(doc).count(f"{CHECKED}培育国家级智能制造试点示范") == 1


def test_the_qr_picture_caption_and_url_are_on_the_cover():
    png = exporters.qr_png("https://jbpt.example.gov.cn/verify/HY2023-430405-02-00001/")
    doc, _, _ = build(2, qr_png=png, verification_url="https://jbpt.example.gov.cn/verify/HY2023-430405-02-00001/")
    assert png.startswith(b"\x89PNG") and len(doc.inline_shapes) == 1
    assert "https://jbpt.example.gov.cn/verify/HY2023-430405-02-00001/" in document_text(doc)


def test_a_wide_table_form_gets_a_landscape_section_and_the_commitment_returns_to_portrait():
    doc, _, _ = build(2)
    widths = [(s.page_width > s.page_height) for s in doc.sections]
    assert widths == [False, True, False]  # cover … 附件2-2-1 | 附件3 | commitment


def test_an_item_without_commitment_text_says_so():
    doc, _, _ = build(6)  # 附件2-6 prints none; its 承诺函 is uploaded
    assert builder.NO_COMMITMENT_TEXT in document_text(doc)


# ---------------------------------------------------------------------------
# LibreOffice: every template, laid out
# ---------------------------------------------------------------------------


def _covering_items() -> list[int]:
    """Few items whose forms together are every form an application can have (each converted once)."""
    sets = {
        i.number: {f["id"] for f in _pack_forms(i.number, i.subtypes[0].code if i.subtypes else "")} for i in PACK.items
    }
    chosen, covered = [], set()
    for number in sorted(sets, key=lambda n: (-len(sets[n]), n)):
        if sets[number] - covered:
            chosen.append(number)
            covered |= sets[number]
    assert covered == set(PACK.forms) - {PACK.pack.summary_form}
    return sorted(chosen)


COVERING_ITEMS = _covering_items()


@pytest.fixture(scope="module")
def converted():
    """Each representative document, built once, all converted in one LibreOffice run: {item: (forms, receipt, pdf)}."""
    forms, contents = {}, {}
    for number in COVERING_ITEMS:
        item = PACK.item(number)
        doc, forms[number], _ = build(number, item.subtypes[0].code if item.subtypes else "")
        contents[str(number)] = to_bytes(doc)
    pdfs = convert_many_to_pdf(contents)
    return {
        number: (forms[number], f"HY2023-430405-{number:02d}-00001", pdfs[str(number)]) for number in COVERING_ITEMS
    }


@requires_libreoffice
@pytest.mark.parametrize("number", COVERING_ITEMS)
def test_libreoffice_lays_out_every_template(converted, number):
    forms, receipt, pdf = converted[number]
    # Each form starts a page, after the cover, and the commitment has its own: at least forms + 2 pages.
    assert pdf_pages(pdf) >= len(forms) + 2
    text = pdf_text(pdf)
    assert receipt in text
    assert "3F2A-9C1B-0D4E-77A0" in text
