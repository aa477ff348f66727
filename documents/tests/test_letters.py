"""The joint recommendation letter and the award notice as Word documents: content, validity, permissions."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import Http404
from django.utils import timezone
from docx import Document

from accounts.choices import Role
from accounts.models import Organisation
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.workflow import ApplicationStatus
from documents.exporters.base import DOCX, EXPORTERS
from documents.exporters.letters import NOT_AWARDED, AwardNoticeDocx, BatchLetterDocx
from documents.tests.libreoffice import convert_to_pdf, pdf_pages, pdf_text, requires_libreoffice
from review import services as review_services
from review.selectors import batch_sign_off_facts

pytestmark = pytest.mark.django_db

NUMBER = "珠工信联〔2023〕8号"
INDUSTRY_BUREAU = "珠晖区工业和信息化局"
FINANCE_BUREAU = "珠晖区财政局"


@pytest.fixture
def batch(submitted, stored_pack, county_industry, county_finance):
    """A signed batch of two applications: 10.00 万元 (item 2) and 2.50 万元 (item 3), 12.50 万元 in all."""
    for actor in (county_industry, county_finance):
        review_services.county_opinion_record(actor=actor, application=submitted, decision="agree")
    Application.objects.filter(pk=submitted.pk).update(requested_amount=Decimal("10.00"))
    enterprise = EnterpriseFactory(name="衡阳第二测试科技有限公司", jurisdiction=submitted.enterprise.jurisdiction)
    second = Application.objects.create(
        enterprise=enterprise, pack=stored_pack, item=stored_pack.items.get(number=3), forms=[],
        status=ApplicationStatus.COUNTY_APPROVED, created_by=make_user(Role.ENTERPRISE_ADMIN, enterprise),
        project_name="单项冠军培育", requested_amount=Decimal("2.50"),
    )  # fmt: skip
    batch = review_services.batch_create(actor=county_industry, applications=[submitted, second], number=NUMBER)
    review_services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    return review_services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))


def docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_the_letter_names_both_departments_the_number_each_application_and_the_total(batch, county_industry,
                                                                                        county_finance, submitted):  # fmt: skip
    rendered = BatchLetterDocx.for_user(county_industry, {"batch": str(batch.pk)}).render()
    assert rendered.mimetype == DOCX and rendered.filename == f"联合推荐文件-珠晖区-{NUMBER}.docx"
    text = docx_text(rendered.content)
    for expected in (INDUSTRY_BUREAU, FINANCE_BUREAU, NUMBER, "关于推荐2023年衡阳市工信领域奖补资金项目的函",
                     "衡阳市工业和信息化局、衡阳市财政局：", "衡市工信〔2023〕51号", submitted.pack.title,
                     "附件：申报汇总表"):  # fmt: skip
        assert expected in text, expected
    assert f"1 | {submitted.enterprise.name} | 2. {submitted.item.name} | 智能产线改造 | 10.00" in text
    assert "2 | 衡阳第二测试科技有限公司 | 3. " in text and "| 单项冠军培育 | 2.50" in text
    assert "合计 |" in text and "| 12.50" in text
    assert "申请金额合计 12.50 万元（大写：人民币壹拾贰万伍仟元整）" in text
    for signer in (county_industry, county_finance):
        assert f"签发人：{signer.full_name}" in text
    assert f"{INDUSTRY_BUREAU}（盖章）" in text and f"{FINANCE_BUREAU}（盖章）" in text


def test_an_unsigned_batch_says_so(submitted, county_industry, county_finance):
    for actor in (county_industry, county_finance):
        review_services.county_opinion_record(actor=actor, application=submitted, decision="agree")
    batch = review_services.batch_create(actor=county_industry, applications=[submitted])
    text = docx_text(BatchLetterDocx.for_user(county_finance, {"batch": batch.pk}).render().content)
    assert text.count("签发人：（待签发）") == 2 and "（文号待填）" in text


def test_the_bureau_names_come_from_the_organisations(batch, county_industry):
    Organisation.objects.filter(pk=county_industry.organisation_id).update(name="珠晖区工业和信息化局（更名）")
    text = docx_text(BatchLetterDocx.for_user(county_industry, {"batch": batch.pk}).render().content)
    assert "珠晖区工业和信息化局（更名）" in text


@requires_libreoffice
def test_the_letter_is_a_valid_document(batch, county_industry):
    pdf = convert_to_pdf(BatchLetterDocx.for_user(county_industry, {"batch": batch.pk}).render().content)
    assert pdf_pages(pdf) >= 1
    text = "".join(pdf_text(pdf).split())
    assert "壹拾贰万伍仟元整" in text and "珠晖区财政局" in text


def test_another_county_or_an_enterprise_gets_404(batch, other_county, enterprise_admin, city_sme):
    for user in (other_county, enterprise_admin):
        with pytest.raises(Http404):
            BatchLetterDocx.for_user(user, {"batch": batch.pk})
    with pytest.raises(Http404):  # the city sees a batch once it is sent
        BatchLetterDocx.for_user(city_sme, {"batch": batch.pk})


def test_both_exporters_are_registered():
    assert EXPORTERS["batch_letter_docx"] is BatchLetterDocx and EXPORTERS["award_notice_docx"] is AwardNoticeDocx
    assert (
        BatchLetterDocx.verbose_name == "联合推荐文件（Word）" and AwardNoticeDocx.verbose_name == "奖补通知书（Word）"
    )


@pytest.fixture
def awarded(stored_pack, profile, enterprise_admin, city_sme, city_finance):
    """An item-2 application through the whole award procedure: 12.5 万元, finalised after the 公示 of
    2023-09-25 to 10-07 (built directly; the procedure is the awards app's tests)."""
    application = ApplicationFactory(
        enterprise=enterprise_admin.organisation, pack=stored_pack, awarded=True, proposed_amount=Decimal("12.50")
    )
    assert application.status == ApplicationStatus.AWARDED and application.award_amount == Decimal("12.50")
    return application


def test_the_award_notice(awarded, enterprise_admin):
    rendered = AwardNoticeDocx.for_user(enterprise_admin, {"application": awarded.pk}).render()
    assert rendered.mimetype == DOCX
    text = docx_text(rendered.content)
    for expected in (awarded.enterprise.name, f"2. {awarded.item.name}", "智能产线改造", "12.50 万元",
                     "人民币壹拾贰万伍仟元整", "衡市工信〔2023〕51号", awarded.pack.title, "衡政办发〔2023〕7号",
                     "衡阳市工业和信息化局　衡阳市财政局", "2023年9月25日至2023年10月7日"):  # fmt: skip
        assert expected in text, expected
    day = timezone.localdate(awarded.award_entries.get().award_list.finalised_at)
    assert f"{day.year}年{day.month}月{day.day}日" in text


def test_no_award_notice_before_the_award(submitted, enterprise_admin, county_industry):
    with pytest.raises(Http404) as excinfo:
        AwardNoticeDocx.for_user(enterprise_admin, {"application": submitted.pk})
    assert str(excinfo.value) == NOT_AWARDED


def test_another_enterprise_or_county_gets_404(awarded, enterprise_user, other_county):
    for user in (enterprise_user, other_county):
        with pytest.raises(Http404):
            AwardNoticeDocx.for_user(user, {"application": awarded.pk})


@requires_libreoffice
def test_the_award_notice_is_a_valid_document(awarded, enterprise_admin):
    pdf = convert_to_pdf(AwardNoticeDocx.for_user(enterprise_admin, {"application": awarded.pk}).render().content)
    assert pdf_pages(pdf) == 1
    assert "壹拾贰万伍仟元整" in "".join(pdf_text(pdf).split())


def test_dates_are_written_the_chinese_way():
    from documents.letters import chinese_date

    assert chinese_date(dt.date(2023, 10, 8)) == "2023年10月8日"
