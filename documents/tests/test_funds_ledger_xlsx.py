"""The funds ledger as Excel: the page's rows and filters for each reader, amounts as numbers in 元, the totals
row equal to the ledger's totals, the background job, who may export, and a query count that does not grow."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook
from pydantic import ValidationError

from accounts.models import Jurisdiction
from documents import services
from documents.choices import ExportJobStatus
from documents.exporters.base import EXPORTERS, XLSX
from documents.exporters.funds_ledger_xlsx import COLUMNS, TITLE, UNIT_LINE, FundsLedgerXlsx
from documents.models import ExportJob
from documents.tests.libreoffice import convert_to_pdf, pdf_pages, pdf_text, requires_calc
from documents.xlsx_style import AMOUNT_FORMAT
from funds import selectors
from funds.tests.ledger import OTHER, allocation_issued, county_finance_in, pay, two_county_list
from funds.workflow import FundStatus
from performance.tests.awarded import awarded_list

pytestmark = pytest.mark.django_db
HEADER_ROW = 4
ELSEWHERE = "430421"  # a county with no award on the list


@pytest.fixture
def ledger(stored_pack, city_sme, city_finance, county_finance, enterprise_admin):
    """珠晖区: 100 万元 awarded, allocated, 300,000 元 paid; the other county: 50 万元 allocated, nothing paid."""
    award_list, (home, other) = two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme)
    pay(county_finance, home, "300000.00")
    return award_list, home, other


def sheet_of(user, params=None):
    rendered = FundsLedgerXlsx.for_user(user, params or {}).render()
    assert rendered.mimetype == XLSX and rendered.filename.endswith(".xlsx")
    return load_workbook(BytesIO(rendered.content)).active, rendered.filename


def data_rows(sheet):
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=sheet.max_row - 1, values_only=True))


def totals_row(sheet):
    return next(sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row, values_only=True))


def test_registered_as_a_background_exporter():
    assert EXPORTERS["funds_ledger_xlsx"] is FundsLedgerXlsx and FundsLedgerXlsx.background


def test_the_city_gets_every_award_with_figures_in_yuan_and_a_totals_row(ledger, city_finance):
    award_list, home, other = ledger
    sheet, filename = sheet_of(city_finance)
    assert filename.startswith("奖补资金台账-全市-")
    assert sheet["A1"].value == TITLE and UNIT_LINE in sheet["A3"].value
    assert [c.value for c in sheet[HEADER_ROW]] == [label for label, _, _ in COLUMNS]
    rows = data_rows(sheet)
    assert [row[0] for row in rows] == [1, 2]
    first = rows[0]
    assert first[1] == "珠晖区" and first[2] == home.enterprise.name and first[5] == home.project_name
    assert first[6] == f"#{award_list.pk}"
    assert first[7:12] == (1000000, 1000000, 300000, 0, 700000) and first[12] == "部分拨付"
    assert rows[1][7:13] == (500000, 500000, 0, 0, 500000, "已下达")
    total = totals_row(sheet)
    assert total[:2] == ("合计", "共2项") and total[7:12] == (1500000, 1500000, 300000, 0, 1200000)
    expected = selectors.ledger_total(selectors.ledger_rows(city_finance))
    figures = ("awarded", "allocated", "paid", "confirmed", "outstanding")
    assert [Decimal(str(v)) for v in total[7:12]] == [expected[f] for f in figures]
    amount_cell = sheet.cell(row=HEADER_ROW + 1, column=8)
    assert amount_cell.data_type == "n" and amount_cell.number_format == AMOUNT_FORMAT


@pytest.mark.parametrize(
    ("params", "counties"),
    [
        ({"county": "OTHER"}, ["耒阳市"]),
        ({"status": FundStatus.PARTIALLY_PAID.value}, ["珠晖区"]),
        ({"status": FundStatus.PAID.value}, []),
        (
            {"item": "", "county": "", "award_list": "", "status": "", "group": "item", "page": "2"},
            ["珠晖区", "耒阳市"],
        ),
    ],
)
def test_the_pages_filters_apply(ledger, city_finance, params, counties):
    if params.get("county") == "OTHER":
        params = {"county": str(Jurisdiction.objects.get(code=OTHER).pk)}
    sheet, _ = sheet_of(city_finance, params)
    assert [row[1] for row in data_rows(sheet)] == counties
    assert totals_row(sheet)[1] == f"共{len(counties)}项"


def test_the_filters_are_named_on_the_sheet(ledger, city_finance):
    award_list, home, _ = ledger
    sheet, _ = sheet_of(city_finance, {"item": home.item_id, "award_list": award_list.pk, "status": "partially_paid"})
    line = sheet["A2"].value
    assert f"奖补名单：奖补名单 #{award_list.pk}" in line and f"支持事项：{home.item}" in line
    assert "资金状态：部分拨付" in line and line.startswith(f"制表单位：{city_finance.organisation.name}")


def test_a_county_and_an_enterprise_get_their_own_rows_only(ledger, county_finance, enterprise_admin):
    elsewhere = {"county": str(Jurisdiction.objects.get(code=OTHER).pk)}
    sheet, filename = sheet_of(county_finance, elsewhere)
    assert data_rows(sheet) == [] and totals_row(sheet)[1] == "共0项"
    sheet, filename = sheet_of(county_finance)
    assert [row[1] for row in data_rows(sheet)] == ["珠晖区"] and "珠晖区" in filename
    sheet, filename = sheet_of(enterprise_admin)
    assert [row[2] for row in data_rows(sheet)] == [enterprise_admin.organisation.name]
    assert enterprise_admin.organisation.name in filename


@pytest.mark.parametrize("persona", ["admin", "auditor"])
def test_no_ledger_no_export(ledger, request, persona):
    with pytest.raises(Http404):
        FundsLedgerXlsx.for_user(request.getfixturevalue(persona), {})


def test_bad_options_are_refused(city_finance):
    with pytest.raises(ValidationError):
        FundsLedgerXlsx.for_user(city_finance, {"status": "spent"})
    with pytest.raises(ValidationError):
        FundsLedgerXlsx.for_user(city_finance, {"item": "x"})


def test_runs_as_a_background_job(ledger, county_finance, django_capture_on_commit_callbacks):
    exporter = services.exporter_class("funds_ledger_xlsx").for_user(county_finance, {})
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_start(actor=county_finance, exporter=exporter, params={})
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE and job.filename.startswith("奖补资金台账-珠晖区-")
    sheet = load_workbook(BytesIO(job.file.read())).active
    assert [row[1] for row in data_rows(sheet)] == ["珠晖区"]


@pytest.mark.parametrize("more", [0, 12])
def test_render_query_count_does_not_grow(ledger, stored_pack, city_sme, city_finance, more,
                                          django_assert_num_queries):  # fmt: skip
    if more:
        awarded_list(stored_pack, sme=city_sme, count=more)
    exporter = FundsLedgerXlsx.for_user(city_finance, {})
    # 1 the count for the progress bar, 2 the rows (one query, read in chunks).
    with django_assert_num_queries(2):
        exporter.render()


def test_a_county_finance_bureau_elsewhere_sees_an_empty_ledger(ledger):
    sheet, _ = sheet_of(county_finance_in(ELSEWHERE))
    assert data_rows(sheet) == []


@requires_calc
def test_libreoffice_calc_opens_and_prints_it_on_one_landscape_page(ledger, city_finance):
    award_list, home, other = ledger
    pdf = convert_to_pdf(FundsLedgerXlsx.for_user(city_finance, {}).render().content, ".xlsx")
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 1
    for expected in (home.enterprise.name, other.enterprise.name, "合计", "共2项", "1,500,000.00", "1,200,000.00"):
        assert expected in text, expected


def test_the_pages_query_string_starts_a_job_through_the_export_address(client, ledger, county_finance, enterprise_admin,
                                                                      auditor):  # fmt: skip
    client.force_login(county_finance)
    response = client.post(
        reverse("documents:jobs"), {"exporter": FundsLedgerXlsx.identifier, "status": "partially_paid"}
    )
    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=county_finance)
    assert job.params == {"status": "partially_paid"} and job.exporter == "funds_ledger_xlsx"
    client.force_login(auditor)
    assert client.post(reverse("documents:jobs"), {"exporter": FundsLedgerXlsx.identifier}).status_code == 404
    assert client.get(reverse("documents:export", args=[FundsLedgerXlsx.identifier])).status_code == 404
