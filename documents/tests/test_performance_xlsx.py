"""附件3 绩效目标表 as Excel: the template's layout and merges, values, print settings, access, hostile text."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import Http404
from openpyxl import load_workbook
from pydantic import ValidationError

from accounts.models import Jurisdiction
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.formdata import fill_answers
from applications.workflow import ApplicationStatus as S
from documents.exporters.base import EXPORTERS, XLSX
from documents.exporters.performance_xlsx import PerformanceTargetsXlsx
from policies.tests.formtools import load_form

pytestmark = pytest.mark.django_db

FORM_3 = load_form("3")
TABLES = [f for s in FORM_3.sections for f in s.fields if f.kind == "table"]
COLUMN_LABELS = [c.label for c in TABLES[0].columns]


def indicator(name: str, score: str = "10") -> dict:
    return {
        "tier3_indicator": name, "target_value": "≤800", "target_value_content": "项目总投资控制在800万元以内",
        "scoring_standard": "超出10%扣5分", "measurement_unit": "万元", "value_type": "定量", "score": score,
    }  # fmt: skip


@pytest.fixture
def pack(stored_pack):
    return stored_pack


@pytest.fixture
def enterprise_admin_430405(db):
    from accounts.choices import Role

    enterprise = EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(code="430405"), name="衡阳智造有限公司")
    return make_user(Role.ENTERPRISE_ADMIN, enterprise)


def make_application(pack, owner, *, status=S.SUBMITTED, answers_3=None) -> Application:
    forms = [pack.data["forms"]["2-2"], pack.data["forms"]["3"]]
    answers = {
        "3": answers_3
        if answers_3 is not None
        else {
            "reporting_unit": "衡阳智造有限公司",
            "fund_name": "2023年工信领域奖补投入资金",
            "cost_economic": [indicator("项目总成本", "10")],
            "output_quantity": [indicator("新增智能装备台数", "15"), indicator("改造产线条数", "12.5")],
            "satisfaction_service_recipients": [indicator("企业满意度", "10")],
            "preparer_name": "钱联系",
            "preparer_phone": "13907340000",
            "report_date": "2023-08-20",
        }  # fmt: skip
    }
    return Application.objects.create(
        enterprise=owner.organisation, pack=pack, item=pack.items.get(number=2), status=status, forms=forms,
        answers=answers, project_name="智能产线改造", receipt_number="HY2023-000123", created_by=owner,
    )  # fmt: skip


def sheet_of(rendered):
    return load_workbook(BytesIO(rendered.content)).active


def merged(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def find_row(sheet, column: str, value) -> int:
    return next(c.row for c in sheet[column] if c.value == value)


def test_registered():
    assert EXPORTERS["performance_xlsx"] is PerformanceTargetsXlsx
    assert PerformanceTargetsXlsx.verbose_name == "绩效目标表（附件3，Excel）"


def test_layout_follows_the_template(pack, enterprise_admin_430405):
    application = make_application(pack, enterprise_admin_430405)
    rendered = PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk}).render()
    assert rendered.mimetype == XLSX
    assert rendered.filename == "附件3绩效目标表-衡阳智造有限公司-HY2023-000123.xlsx"
    sheet = sheet_of(rendered)
    ranges = merged(sheet)

    # Title and 填报单位 above the grid, merged across its nine columns.
    assert sheet["A1"].value == FORM_3.title
    assert sheet["A2"].value == "填报单位：衡阳智造有限公司（盖章）"
    assert {"A1:I1", "A2:I2"} <= ranges
    # 专项资金名称 | value; the band 本年度绩效目标; the column header from the schema.
    assert (sheet["A3"].value, sheet["C3"].value) == ("专项资金名称", "2023年工信领域奖补投入资金")
    assert {"A3:B3", "C3:I3", "A4:I4"} <= ranges
    assert sheet["A4"].value == "本年度绩效目标"
    assert [c.value for c in sheet[5]] == ["一级指标", "二级指标", *COLUMN_LABELS] == [
        "一级指标", "二级指标", "三级指标", "指标值", "指标值内容", "评分（扣分标准）", "度量单位", "指标值类型", "分值",
    ]  # fmt: skip

    # Every 二级指标 of the schema, in order, each at least one line; 一级指标 merged down its group.
    tier2 = [sheet.cell(row=r, column=2).value for r in range(6, sheet.max_row + 1)]
    assert [t.label for t in TABLES] == [v for v in tier2 if v is not None][: len(TABLES)]
    assert sheet["A6"].value == "成本指标" and "A6:A8" in ranges  # three 二级 of one line each
    output = find_row(sheet, "A", "产出指标")
    assert f"B{output}:B{output + 1}" in ranges  # 数量指标: two indicators
    assert f"A{output}:A{output + 3}" in ranges  # 数量 (2 lines) + 质量 + 时效
    assert [sheet.cell(row=output + i, column=3).value for i in (0, 1)] == ["新增智能装备台数", "改造产线条数"]
    assert sheet.cell(row=output + 1, column=9).value == 12.5  # 分值 is a number
    assert sheet["C6"].value == "项目总成本" and sheet["D6"].value == "≤800" and sheet["I6"].value == 10
    assert sheet["C7"].value is None  # 社会成本指标 left blank: an empty line, as in the template
    last = find_row(sheet, "A", "满意度指标")
    assert sheet.cell(row=last, column=2).value == "服务对象满意度指标"
    assert all(sheet.cell(row=r, column=c).border.top.style == "thin" for r in (3, 5, last) for c in (1, 9))

    # Footer lines under the grid, two to a row; the signature left blank to sign on paper.
    footer = [sheet.cell(row=r, column=c).value for r in range(last + 1, sheet.max_row + 1) for c in (1, 5)]
    assert [v for v in footer if v] == [
        "填表人：钱联系", "联系电话：13907340000", "填报日期：2023年8月20日", "单位负责人签字：",
    ]  # fmt: skip

    # A4 landscape, one page wide, the header repeated.
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$5:$5"


def test_blank_answers_still_give_the_whole_template(pack, enterprise_admin_430405):
    application = make_application(pack, enterprise_admin_430405, answers_3={})
    sheet = sheet_of(PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk}).render())
    assert sheet["A2"].value == "填报单位：（盖章）" and sheet["C3"].value is None
    assert [sheet.cell(row=r, column=2).value for r in range(6, 6 + len(TABLES))] == [t.label for t in TABLES]


def test_fully_filled_form_renders(pack, enterprise_admin_430405):
    # Every field filled by the shared test data (two rows per table, text with <, &, quotes).
    answers = fill_answers([pack.data["forms"]["3"]])["3"]
    application = make_application(pack, enterprise_admin_430405, answers_3=answers)
    sheet = sheet_of(PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk}).render())
    assert sheet["C6"].value == answers["cost_economic"][0]["tier3_indicator"]
    assert "A6:A11" in merged(sheet)  # 成本指标: three 二级 of two rows each


def test_control_characters_are_removed_and_formulas_stay_text(pack, enterprise_admin_430405):
    application = make_application(pack, enterprise_admin_430405)
    application.answers["3"]["fund_name"] = "奖补\x01资金\x1b"  # no NUL: PostgreSQL cannot store one
    application.answers["3"]["cost_economic"] = [indicator('=HYPERLINK("http://x")\x0c')]
    application.enterprise.name = "衡阳\x07智造"
    application.enterprise.save(update_fields=["name"])
    application.save(update_fields=["answers"])
    rendered = PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk}).render()
    sheet = sheet_of(rendered)
    assert sheet["C3"].value == "奖补资金"
    assert sheet["C6"].value == '=HYPERLINK("http://x")' and sheet["C6"].data_type == "s"
    assert re.fullmatch(r"附件3绩效目标表-衡阳智造-HY2023-000123\.xlsx", rendered.filename)


def test_county_of_the_enterprise_may_export_others_may_not(
    pack, enterprise_admin_430405, county_industry, other_county, enterprise_user, city_sme
):
    application = make_application(pack, enterprise_admin_430405)
    assert PerformanceTargetsXlsx.for_user(county_industry, {"application": application.pk}).render().content
    # Another county, another enterprise, and the city before the county recommends it: not found.
    for user in (other_county, enterprise_user, city_sme):
        with pytest.raises(Http404):
            PerformanceTargetsXlsx.for_user(user, {"application": application.pk})
    application.status = S.RECOMMENDED
    application.save(update_fields=["status"])
    assert PerformanceTargetsXlsx.for_user(city_sme, {"application": application.pk}).render().content


def test_an_application_without_the_form_is_not_found(pack, enterprise_admin_430405):
    application = make_application(pack, enterprise_admin_430405)
    application.forms = [pack.data["forms"]["2-2"]]
    application.save(update_fields=["forms"])
    with pytest.raises(Http404):
        PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk})


@pytest.mark.parametrize("params", [{}, {"application": ""}, {"application": "abc"}])
def test_bad_options_are_refused(params):
    with pytest.raises(ValidationError):
        PerformanceTargetsXlsx.options_model.model_validate(params)


def test_decimal_scores_survive(pack, enterprise_admin_430405):
    application = make_application(pack, enterprise_admin_430405)
    sheet = sheet_of(PerformanceTargetsXlsx.for_user(enterprise_admin_430405, {"application": application.pk}).render())
    scores = [sheet.cell(row=r, column=9).value for r in range(6, sheet.max_row + 1)]
    assert sum(Decimal(str(s)) for s in scores if isinstance(s, int | float)) == Decimal("47.5")
