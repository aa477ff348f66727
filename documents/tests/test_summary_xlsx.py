"""附件4 申报汇总表 as Excel: layout, totals, print settings, scoping, hostile text, query count."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import Http404
from openpyxl import load_workbook
from pydantic import ValidationError

from applications.workflow import ApplicationStatus as S
from core.tests.golden import assert_golden
from documents.exporters.base import EXPORTERS, XLSX
from documents.exporters.summary_xlsx import DEFAULT_TITLE, SummaryXlsx
from documents.tests.libreoffice import convert_to_pdf, pdf_pages, pdf_text, requires_calc, requires_libreoffice
from policies.tests.formtools import load_form
from review.models import RecommendationBatch
from review.tests.test_summary_rows import give_opinion, make_application

pytestmark = pytest.mark.django_db

FORM_4 = load_form("4")
HEADERS = [c.label for c in FORM_4.sections[0].fields[0].columns]


@pytest.fixture
def pack(stored_pack):
    return stored_pack


@pytest.fixture
def two_counties(pack, county_industry, county_finance):
    """Two recommended applications in 珠晖区 (430405) and one in 耒阳市 (430481)."""
    first = make_application(pack=pack, creator=county_industry, item_number=2, total="800", requested="50")
    give_opinion(first, county_industry, "industry")
    give_opinion(first, county_finance, "finance")
    second = make_application(pack=pack, creator=county_industry, item_number=5, total="1234.5", requested="100.25")
    third = make_application(
        pack=pack, creator=county_industry, jurisdiction_code="430481", item_number=2, total=None, requested="30"
    )
    return first, second, third


def sheet_of(rendered):
    return load_workbook(BytesIO(rendered.content)).active


def data_rows(sheet):
    """Rows between the header (row 4) and the totals row."""
    return [r for r in sheet.iter_rows(min_row=5, max_row=sheet.max_row - 1, values_only=True)]


def test_registered_as_a_background_exporter():
    assert EXPORTERS["summary_xlsx"] is SummaryXlsx
    assert SummaryXlsx.background is True and SummaryXlsx.verbose_name == "申报汇总表（附件4，Excel）"


def test_city_wide_workbook_layout(two_counties, city_sme):
    first, second, third = two_counties
    calls = []
    rendered = SummaryXlsx.for_user(city_sme, {"scope": "city"}).render(lambda done, total: calls.append((done, total)))
    assert rendered.mimetype == XLSX and re.fullmatch(r"附件4申报汇总表-全市-\d{8}\.xlsx", rendered.filename)
    sheet = sheet_of(rendered)
    assert sheet.title == "申报汇总表"

    # Title: the notice's 附件4 wording (as the pack's form 4 holds it), merged across the table.
    assert sheet["A1"].value == FORM_4.title == DEFAULT_TITLE
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:N1", "A2:G2", "H2:N2", "A3:N3"} <= merged
    assert sheet["A2"].value == "填报单位：衡阳市工业和信息化局中小企业科（盖章）"
    assert re.fullmatch(r"填报日期：\d{4}年\d{1,2}月\d{1,2}日", sheet["H2"].value)
    assert sheet["A3"].value == "单位：万元"

    # Header: exactly the labels of the pack's form 4, in order.
    assert [c.value for c in sheet[4]] == HEADERS
    assert_golden(HEADERS, here=__file__, name="summary-xlsx.columns")

    rows = data_rows(sheet)
    assert len(rows) == 3
    assert rows[0] == (
        1, "珠晖区", first.enterprise.name, first.enterprise.profile.uscc, "2. 企业智能制造装备贴息项目", None,
        "智能产线改造", 800, 50, "补助", "钱联系", "13907340000", "工信部门：同意；财政部门：同意", "已推荐",
    )  # fmt: skip
    assert [r[1] for r in rows] == ["珠晖区", "珠晖区", "耒阳市"]
    assert rows[2][7] is None  # no 总投资 given: blank, not 0

    # Totals: count and the sums of the two amount columns.
    totals = sheet[sheet.max_row]
    assert [totals[0].value, totals[1].value] == ["合计", "共3项"]
    assert Decimal(str(totals[7].value)) == Decimal("800") + Decimal("1234.5")
    assert Decimal(str(totals[8].value)) == Decimal("50") + Decimal("100.25") + Decimal("30")
    assert f"B{sheet.max_row}:G{sheet.max_row}" in merged
    for cell in (sheet["H5"], sheet["I5"], totals[7], totals[8]):
        assert cell.number_format == "#,##0.00"

    # Frozen below the header; printed A4 landscape, one page wide, header repeated on every page.
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.column_dimensions["C"].width > 20
    assert calls == [(3, 3)]
    # A small table has a drawn grid on every cell, so printing needs no gridlines.
    unbordered = [c.coordinate for row in sheet.iter_rows(min_row=4) for c in row if c.border.top.style != "thin"]
    assert unbordered == [], unbordered
    assert sheet.print_options.gridLines is not True


def test_every_table_has_a_drawn_grid_and_typed_cells(pack, county_industry, city_sme):
    """Data rows are written by documents.xlsx_rows whatever their number: every cell, blank or not, has
    the grid and its column's format, and no text becomes a formula."""
    make_application(pack=pack, creator=county_industry, total="1000.5", project_name="=1+1")
    make_application(pack=pack, creator=county_industry, total=None, project_name="<b>A&B</b>")
    sheet = sheet_of(SummaryXlsx.for_user(city_sme, {"scope": "city"}).render())
    assert sheet.max_row == 7
    for row in sheet.iter_rows(min_row=5, max_row=6):
        assert [c.border.left.style for c in row] == ["thin"] * len(HEADERS)
    totals = sheet[7]  # B7:G7 is merged
    assert [c.border.left.style for c in totals[:1] + totals[7:]] == ["thin"] * (len(HEADERS) - 6)
    assert sheet["H5"].value == 1000.5 and sheet["H6"].value is None and sheet["H7"].value == 1000.5
    assert {sheet[f"{c}{r}"].number_format for c in "HI" for r in (5, 6, 7)} == {"#,##0.00"}
    assert sheet["A5"].value == 1 and sheet["A5"].alignment.horizontal == "center"
    assert sheet["G5"].value == "=1+1" and sheet["G5"].data_type == "s"
    assert sheet["G6"].value == "<b>A&B</b>"
    assert sheet["A7"].font.b is True and sheet["H7"].font.b is True


@requires_libreoffice
@requires_calc
def test_libreoffice_calc_opens_and_prints_it(two_counties, city_sme):
    first, second, third = two_counties
    rendered = SummaryXlsx.for_user(city_sme, {"scope": "city"}).render()
    pdf = convert_to_pdf(rendered.content, ".xlsx")
    text = pdf_text(pdf)
    assert pdf_pages(pdf) >= 1
    for expected in (first.enterprise.name, third.enterprise.name, "合计", "共3项", "2,034.50", "180.25"):
        assert expected in text, expected


def test_a_county_gets_only_its_own_jurisdiction_even_city_wide(two_counties, county_industry, other_county):
    first, second, third = two_counties
    sheet = sheet_of(SummaryXlsx.for_user(county_industry, {"scope": "city"}).render())
    assert sheet["A2"].value == "填报单位：珠晖区（盖章）"
    names = [r[2] for r in data_rows(sheet)]
    assert names == [first.enterprise.name, second.enterprise.name]
    sheet = sheet_of(SummaryXlsx.for_user(other_county, {"scope": "city"}).render())
    assert [r[2] for r in data_rows(sheet)] == [third.enterprise.name]


def test_item_scope(two_counties, city_sme):
    first, second, third = two_counties
    rendered = SummaryXlsx.for_user(city_sme, {"scope": "item", "item": "2"}).render()
    assert [r[2] for r in data_rows(sheet_of(rendered))] == [first.enterprise.name, third.enterprise.name]
    assert "-全市-第2项-" in rendered.filename
    with pytest.raises(Http404):
        SummaryXlsx.for_user(city_sme, {"scope": "item", "item": 99})


def test_city_section_sees_only_its_items(two_counties, city_section):
    # 装备工业科 handles items 1 and 2; item 5 belongs to another section.
    first, second, third = two_counties
    sheet = sheet_of(SummaryXlsx.for_user(city_section, {"scope": "city"}).render())
    assert [r[2] for r in data_rows(sheet)] == [first.enterprise.name, third.enterprise.name]


def test_batch_scope_and_forbidden_batches(two_counties, pack, county_industry, other_county, city_sme, city_section):
    first, second, third = two_counties
    batch = RecommendationBatch.objects.create(
        pack=pack, jurisdiction=first.enterprise.jurisdiction, number="珠工信联〔2023〕5号",
        status=RecommendationBatch.Status.SENT, created_by=county_industry,
    )  # fmt: skip
    first.batch = batch
    first.save(update_fields=["batch"])
    for user in (county_industry, city_sme):
        rendered = SummaryXlsx.for_user(user, {"scope": "batch", "batch": batch.pk}).render()
        sheet = sheet_of(rendered)
        assert [r[2] for r in data_rows(sheet)] == [first.enterprise.name]
        assert sheet["A2"].value == "填报单位：珠晖区（盖章）"
        assert "珠晖区-珠工信联〔2023〕5号" in rendered.filename
    # Another county's batch, and a section (batches are for the SME section and city finance): not found.
    for user in (other_county, city_section):
        with pytest.raises(Http404):
            SummaryXlsx.for_user(user, {"scope": "batch", "batch": batch.pk})
    with pytest.raises(Http404):
        SummaryXlsx.for_user(city_sme, {"scope": "batch", "batch": batch.pk + 1000})


def test_enterprises_and_auditors_get_404(two_counties, enterprise_user, auditor):
    for user in (enterprise_user, auditor):
        with pytest.raises(Http404):
            SummaryXlsx.for_user(user, {"scope": "city"})


@pytest.mark.parametrize(
    "params",
    [{"scope": "batch"}, {"scope": "batch", "batch": ""}, {"scope": "item"}, {"scope": "county"}, {}, {"scope": "item", "item": "x"}],
)  # fmt: skip
def test_bad_options_are_refused(params):
    with pytest.raises(ValidationError):
        SummaryXlsx.options_model.model_validate(params)


def test_control_characters_are_removed_and_formulas_stay_text(pack, county_industry, city_sme):
    make_application(
        pack=pack, creator=county_industry, enterprise_name="衡阳\x01\x07测试\x1f企业\ufffe有限公司",
        project_name="=HYPERLINK(\"http://example.com\",\"点击\")\x0b项目",
    )  # fmt: skip
    sheet = sheet_of(SummaryXlsx.for_user(city_sme, {"scope": "city"}).render())
    enterprise, project = sheet["C5"], sheet["G5"]
    assert enterprise.value == "衡阳测试企业有限公司"
    assert project.value == '=HYPERLINK("http://example.com","点击")项目' and project.data_type == "s"


def test_an_empty_table_still_has_header_and_totals(pack, city_sme):
    sheet = sheet_of(SummaryXlsx.for_user(city_sme, {"scope": "city"}).render())
    assert [c.value for c in sheet[4]] == HEADERS
    assert sheet.max_row == 5 and sheet["A5"].value == "合计" and sheet["B5"].value == "共0项"
    assert sheet["H5"].value is None and sheet["I5"].value is None  # nothing to add up: blank, not 0


def test_a_column_left_blank_everywhere_totals_to_blank(pack, county_industry, city_sme):
    make_application(pack=pack, creator=county_industry, total=None, requested="30")
    make_application(pack=pack, creator=county_industry, total=None, requested="20.5")
    sheet = sheet_of(SummaryXlsx.for_user(city_sme, {"scope": "city"}).render())
    totals = sheet[sheet.max_row]
    assert totals[0].value == "合计" and totals[7].value is None and totals[8].value == 50.5


def test_progress_is_reported_in_steps(pack, county_industry, city_sme, monkeypatch):
    monkeypatch.setattr("documents.exporters.summary_xlsx.PROGRESS_EVERY", 2)
    for _ in range(5):
        make_application(pack=pack, creator=county_industry, status=S.CITY_REVIEW)
    calls = []
    SummaryXlsx.for_user(city_sme, {"scope": "city"}).render(lambda done, total: calls.append((done, total)))
    assert calls == [(2, 5), (4, 5), (5, 5)]


@pytest.mark.parametrize("count", [3, 30])
def test_render_query_count_does_not_grow(pack, county_industry, city_sme, count, django_assert_num_queries):
    for index in range(count):
        application = make_application(pack=pack, creator=county_industry, item_number=1 + index % 14)
        give_opinion(application, county_industry, "industry")
    exporter = SummaryXlsx.for_user(city_sme, {"scope": "city"})
    # count (for progress), the form 4 title, then every row in one query (joins + opinion subqueries).
    with django_assert_num_queries(3):
        rendered = exporter.render()
    assert len(data_rows(sheet_of(rendered))) == count
