"""Review, the 申报书 DOCX and the 附件4 summary work for both packs side by side: the county reviews and
recommends a 2023 application and an example-pack application each by its own notice's deadline, the city
section named by each pack decides, and the documents print each application's frozen forms."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from accounts.choices import Role
from accounts.tests.factories import make_user, section
from applications import services as application_services
from applications.tests.helpers import complete
from applications.workflow import ApplicationStatus as S
from documents.exporters.application_docx import ApplicationDocx
from documents.exporters.summary_xlsx import SummaryXlsx
from enterprises.models import EnterpriseProfile
from performance.services.targets import target_review_record
from policies.tests.example_pack import FIGURES_2020_2022, IN_EXAMPLE_WINDOW, example_pack_load
from review import services
from review.selectors import batch_sign_off_facts

pytestmark = pytest.mark.django_db
# The 目标审核 checklist both packs keep (pack.yaml performance.checklist).
ALL_YES = {"clear": (True, ""), "measurable": (True, ""), "relevant": (True, ""), "reasonable": (True, "")}


def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


@pytest.fixture
def example_application(walked_submission, enterprise_admin):
    """The 2023 item-2 application submitted, the example pack loaded, and the same enterprise's item-15
    application under it submitted."""
    profile = EnterpriseProfile.objects.get(organisation=enterprise_admin.organisation)
    profile.data = {**profile.data, **FIGURES_2020_2022, "operating_revenue_2023": "2600", "rd_expense_2023": "80"}
    profile.save(update_fields=["data"])
    example = example_pack_load()
    application = application_services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=example.items.get(number=15),
        now=IN_EXAMPLE_WINDOW,
    )  # fmt: skip
    application = complete(application, enterprise_admin)
    return application_services.application_submit(
        actor=enterprise_admin, application=application, now=IN_EXAMPLE_WINDOW
    )


def _recommend(application, industry, finance, now):
    target_review_record(actor=industry, application=application, checks=ALL_YES, accepted=True)
    for actor in (industry, finance):
        services.county_opinion_record(actor=actor, application=application, decision="agree")
    batch = services.batch_create(actor=industry, applications=[application])
    for actor in (industry, finance):
        services.batch_sign(actor=actor, batch=batch, confirmed=batch_sign_off_facts(batch))
    return batch, lambda: services.batch_send(actor=industry, batch=batch, now=now)


def test_each_pack_is_reviewed_by_its_own_deadline_and_section(
    example_application, walked_submission, county_industry, county_finance, city_section
):
    old_batch, send_old = _recommend(walked_submission, county_industry, county_finance, _at(2023, 8, 20))
    new_batch, _ = _recommend(example_application, county_industry, county_finance, _at(2024, 8, 26))
    assert (old_batch.pack, new_batch.pack) == (walked_submission.pack, example_application.pack)
    assert send_old().status == "sent"
    with pytest.raises(ValidationError) as late:
        services.batch_send(actor=county_industry, batch=new_batch, now=_at(2024, 8, 26))
    assert "示例〔2024〕1号：请于8月23日前报送" in late.value.messages[0]
    assert services.batch_send(actor=county_industry, batch=new_batch, now=_at(2024, 8, 23)).status == "sent"

    # Item 15 is the 中小企业科's in the example pack; item 2 the 装备工业科's in 2023.
    sme_reviewer = make_user(Role.CITY_SECTION_REVIEWER, section("sme"))
    with pytest.raises(PermissionDenied):
        services.city_decision_record(actor=city_section, application=example_application, decision="agree",
                                      amount=Decimal("20"))  # fmt: skip
    target_review_record(actor=sme_reviewer, application=example_application, checks=ALL_YES, accepted=True)
    decided = services.city_decision_record(
        actor=sme_reviewer, application=example_application, decision="agree", amount=Decimal("20")
    )
    assert decided.status == S.CITY_APPROVED
    walked_submission.refresh_from_db()
    assert walked_submission.status == S.RECOMMENDED


def _docx_text(user, application) -> str:
    rendered = ApplicationDocx.for_user(user, {"application": str(application.pk)}).render()
    document = Document(BytesIO(rendered.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_application_docx_prints_each_packs_frozen_forms(example_application, walked_submission, county_industry):
    new = _docx_text(county_industry, example_application)
    assert "【示例】中小企业数字化改造示范申报表" in new and "第15项 【示例】中小企业数字化改造示范" in new
    assert "近三年主要经济指标\n2021年\n2022年\n2023年\n营业收入(万元)" in new and "改造环节" in new
    old = _docx_text(county_industry, walked_submission)
    assert "第2项 企业智能制造装备贴息项目" in old and "【示例】" not in old


def _summary_rows(user, params) -> list[tuple]:
    rendered = SummaryXlsx.for_user(user, params).render()
    sheet = load_workbook(BytesIO(rendered.content)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=5) if isinstance(row[0].value, int)]


def test_the_annex_4_summary_of_each_batch_holds_its_own_pack(
    example_application, walked_submission, county_industry, county_finance, city_sme
):
    old_batch, send_old = _recommend(walked_submission, county_industry, county_finance, _at(2023, 8, 20))
    new_batch, send_new = _recommend(example_application, county_industry, county_finance, _at(2024, 8, 20))
    send_old(), send_new()
    old_rows = _summary_rows(county_industry, {"scope": "batch", "batch": old_batch.pk})
    new_rows = _summary_rows(county_industry, {"scope": "batch", "batch": new_batch.pk})
    assert [r[4] for r in old_rows] == ["2. 企业智能制造装备贴息项目"]
    assert [r[4] for r in new_rows] == ["15. 【示例】中小企业数字化改造示范"]
    # The city-wide table is the chosen pack's, by default the current notice's (the 2023 one, not the example).
    assert [r[4] for r in _summary_rows(city_sme, {"scope": "city"})] == ["2. 企业智能制造装备贴息项目"]
    example = {"scope": "city", "pack": "example-2024"}
    assert [r[4] for r in _summary_rows(city_sme, example)] == ["15. 【示例】中小企业数字化改造示范"]
