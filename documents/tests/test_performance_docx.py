"""附件3 绩效目标表 alone as a Word file (PerformanceTargetsDocx): only form 3, on landscape pages, with the
receipt number and digest in the footer; visible to whoever may see the application."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.http import Http404
from docx import Document

from applications.digest import short_digest
from applications.models import Application
from applications.tests.formdata import fill_answers
from documents import application_docx as builder
from documents.docx_base import to_bytes
from documents.exporters.application_docx import PerformanceTargetsDocx
from documents.exporters.base import DOCX, EXPORTERS
from documents.tests.libreoffice import convert_to_pdf, pdf_pages, pdf_text, requires_libreoffice
from documents.tests.test_application_docx import (
    PACK,
    complete_draft,
    document_text,
    footer_text,
    missing_from,
    submitted,
)

FORM_3 = PACK.forms[PACK.pack.performance_form].model_dump(mode="json")


def render(user, application):
    rendered = PerformanceTargetsDocx.for_user(user, {"application": application.pk}).render()
    return rendered, Document(BytesIO(rendered.content))


def test_the_exporter_is_registered():
    assert EXPORTERS["performance_docx"] is PerformanceTargetsDocx
    assert PerformanceTargetsDocx.verbose_name == "绩效目标表（Word）"


@pytest.mark.django_db
def test_only_the_performance_targets_on_landscape_pages(stored_pack, profile, enterprise_admin):
    application = submitted(stored_pack, enterprise_admin, 2)
    rendered, doc = render(enterprise_admin, application)

    assert rendered.mimetype == DOCX
    assert rendered.filename == f"绩效目标表-{application.receipt_number}-{application.enterprise.name}.docx"
    form_3 = [f for f in application.forms if f["id"] == "3"]
    assert missing_from(doc, form_3, application.answers) == []
    text = document_text(doc)
    # 一级指标 / 二级指标 as the template prints them: one table, the indicator tables as its rows.
    assert "一级指标" in text and "二级指标" in text
    assert len(doc.tables) == 3  # 表头, 本年度绩效目标, 填表信息
    others = [f["title"] for f in application.forms if f["id"] != "3"]
    assert not any(title in text for title in others)
    assert builder.COMMITMENT_TITLE not in text
    assert all(s.page_width > s.page_height for s in doc.sections)
    footer = footer_text(doc)
    assert application.receipt_number in footer
    assert f"摘要 {short_digest(application.submission_digest)}" in footer


@pytest.mark.django_db
def test_another_county_and_another_enterprise_get_404(
    stored_pack,
    profile,
    enterprise_admin,
    other_county,
    enterprise_user,
):
    application = submitted(stored_pack, enterprise_admin, 2)
    for user in (other_county, enterprise_user):
        with pytest.raises(Http404):
            PerformanceTargetsDocx.for_user(user, {"application": application.pk})


@pytest.mark.django_db
def test_an_application_frozen_without_the_form_gets_404(stored_pack, profile, enterprise_admin):
    application = complete_draft(stored_pack, enterprise_admin, 2)
    Application.objects.filter(pk=application.pk).update(forms=[f for f in application.forms if f["id"] != "3"])
    with pytest.raises(Http404):
        PerformanceTargetsDocx.for_user(enterprise_admin, {"application": application.pk})


def test_every_row_of_every_indicator_table_is_printed():
    answers = fill_answers([FORM_3])
    answers["3"]["output_quantity"] *= 3  # six rows in one indicator, none in another
    answers["3"].pop("benefit_social")
    doc = builder.performance_targets_document(form=FORM_3, answers=answers, receipt_number="HY2023-430405-02-00001")
    assert missing_from(doc, [FORM_3], answers) == []
    indicator_table = doc.tables[1]
    rows = sum(max(len(answers["3"].get(f["id"], [])), 1) for f in FORM_3["sections"][1]["fields"])
    assert len(indicator_table.rows) == 1 + rows


@requires_libreoffice
def test_libreoffice_opens_it():
    doc = builder.performance_targets_document(
        form=FORM_3, answers=fill_answers([FORM_3]), receipt_number="HY2023-430405-02-00001", digest="3f2a9c1b" * 8
    )
    pdf = convert_to_pdf(to_bytes(doc))
    assert pdf_pages(pdf) >= 1
    text = pdf_text(pdf)
    assert "HY2023-430405-02-00001" in text and "3F2A-9C1B-3F2A-9C1B" in text
