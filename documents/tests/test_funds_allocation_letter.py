"""The allocation letter (资金下达通知书) as a Word document: the 文号, date, 预算科目, each county's amount with the
total, every amount also in capitals, the two departments' sign-offs (（待签发） until given), and who may have it."""

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.http import Http404
from django.urls import reverse

from documents.exporters.allocation_letter import (
    CITY_FINANCE_BUREAU,
    CITY_INDUSTRY_BUREAU,
    NO_BUDGET_SUBJECT,
    AllocationLetterDocx,
    allocation_letter,
    allocation_letter_docx,
)
from documents.exporters.base import DOCX, EXPORTERS
from documents.letters import NOT_SIGNED
from documents.tests.libreoffice import convert_to_pdf, pdf_pages, pdf_text, requires_libreoffice
from documents.tests.test_letters import docx_text
from funds.models import Allocation
from funds.services.allocation import allocation_create
from funds.tests.ledger import OTHER, allocation_issued, county_finance_in, enterprise_in, two_county_list

pytestmark = pytest.mark.django_db
NUMBER = "衡财企指〔2024〕1号"
ISSUED_ON = dt.date(2024, 2, 1)
ELSEWHERE = "430421"  # a county with no award on the list


@pytest.fixture
def final_list(stored_pack, city_sme, enterprise_admin):
    """100.00 万元 to the persona's enterprise (珠晖区) and 50.00 万元 to one in the other county."""
    return two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)[0]


@pytest.fixture
def issued(final_list, city_finance, city_sme) -> Allocation:
    return allocation_issued(final_list, city_finance=city_finance, city_sme=city_sme, number=NUMBER)


def test_the_letter_states_number_date_subject_each_county_and_the_total_in_figures_and_capitals(issued, city_finance,
                                                                                                 city_sme):  # fmt: skip
    Allocation.objects.filter(pk=issued.pk).update(budget_subject="2150805 中小企业发展专项")
    rendered = AllocationLetterDocx.for_user(city_finance, {"allocation": str(issued.pk)}).render()
    assert rendered.mimetype == DOCX and rendered.filename == f"资金下达通知书-{NUMBER}.docx"
    text = docx_text(rendered.content)
    year = issued.award_list.pack.year
    for expected in (CITY_FINANCE_BUREAU, CITY_INDUSTRY_BUREAU, NUMBER, f"关于下达{year}年度衡阳市工信领域奖补资金的通知",
                     "预算科目：2150805 中小企业发展专项", "2024年2月1日", issued.award_list.pack.title,
                     "现下达奖补资金 150.00 万元（大写：人民币壹佰伍拾万元整），共 2 个项目"):  # fmt: skip
        assert expected in text, expected
    assert "1 | 珠晖区 | 1 | 100.00 | 人民币壹佰万元整" in text
    assert " | 1 | 50.00 | 人民币伍拾万元整" in text
    assert "合计 |  | 2 | 150.00 | 人民币壹佰伍拾万元整" in text
    assert f"签发人：{city_finance.full_name}" in text and f"签发人：{city_sme.full_name}" in text
    assert NOT_SIGNED not in text


def test_a_draft_says_pending_for_each_sign_off_and_no_subject(final_list, city_finance):
    allocation = allocation_create(actor=city_finance, award_list=final_list, document_number=NUMBER,
                                   issued_on=ISSUED_ON, budget_subject="")  # fmt: skip
    text = docx_text(AllocationLetterDocx.for_user(city_finance, {"allocation": allocation.pk}).render().content)
    assert text.count(f"签发人：{NOT_SIGNED}") == 2
    assert f"预算科目：{NO_BUDGET_SUBJECT}" in text


def test_amounts_keep_every_cent_in_figures_and_capitals(issued):
    letter = allocation_letter(issued)
    line = letter.lines[0]
    odd = type(line)(jurisdiction="测试园区", award_count=1, amount=Decimal("1234567.89"))
    text = docx_text(allocation_letter_docx(type(letter)(**{**letter.__dict__, "lines": [odd],
                                                            "total": odd.amount})))  # fmt: skip
    assert "123.456789" in text and "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分" in text


def test_registered_and_rendered_in_the_request():
    assert EXPORTERS["allocation_letter_docx"] is AllocationLetterDocx and not AllocationLetterDocx.background


@pytest.mark.parametrize("persona", ["city_finance", "city_sme", "county_finance", "enterprise_admin"])
def test_whoever_sees_the_allocation_may_have_the_letter(request, issued, persona):
    user = request.getfixturevalue(persona)
    assert AllocationLetterDocx.for_user(user, {"allocation": issued.pk}).render().content


def test_others_get_not_found(issued, admin):
    # An enterprise and a county finance bureau with no award on the list, and a user with no role.
    for user in (enterprise_in(OTHER), county_finance_in(ELSEWHERE), admin):
        with pytest.raises(Http404):
            AllocationLetterDocx.for_user(user, {"allocation": issued.pk})


@requires_libreoffice
def test_libreoffice_prints_it_with_every_amount(issued, city_finance):
    content = AllocationLetterDocx.for_user(city_finance, {"allocation": issued.pk}).render().content
    pdf = convert_to_pdf(content)
    assert pdf_pages(pdf) <= 2
    text = pdf_text(pdf)
    for expected in ("人民币壹佰伍拾万元整", "人民币伍拾万元整", "特此通知"):
        assert expected in text, expected
    last_page = text.strip("\x0c").split("\x0c")[-1]
    assert "特此通知" in last_page and "签发人" in last_page  # the signatures are never alone on a page


def test_downloaded_through_the_export_address(client, issued, county_finance):
    address = reverse("documents:export", args=[AllocationLetterDocx.identifier])
    client.force_login(county_finance)
    response = client.get(address, {"allocation": issued.pk})
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert quote(f"资金下达通知书-{NUMBER}.docx") in response["Content-Disposition"]
    assert client.post(address, {"allocation": issued.pk}).status_code == 405
    client.force_login(county_finance_in(ELSEWHERE))
    assert client.get(address, {"allocation": issued.pk}).status_code == 404
