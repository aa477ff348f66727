"""The 绩效自评报告 (DOCX, one award) and the list's 绩效评价结果汇总表 (XLSX) through the exporter classes and the
export URLs: who may have them, what they hold, and the 汇总表's query count, which does not grow with the list."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from documents.exporters import EXPORTERS
from documents.exporters.performance_self_report_docx import NO_SELF_EVALUATION
from performance.models import PerformanceMonitoringReport
from performance.services import evaluation as services
from performance.services import monitoring as monitoring_services
from performance.tests.awarded import awarded_list
from performance.tests.test_evaluation_services import mine, satisfaction, through_county
from performance.tests.test_monitoring_services import open_round, values_for

pytestmark = pytest.mark.django_db
DOCX, XLSX = EXPORTERS["performance_self_report_docx"], EXPORTERS["performance_results_xlsx"]


@pytest.fixture
def awarded(stored_pack, city_sme, enterprise_admin):
    return awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=1)


@pytest.fixture
def scored(awarded, city_sme, enterprise_admin, county_industry, city_section):
    award_list, _ = awarded
    round = open_round(city_sme, award_list)
    report = PerformanceMonitoringReport.objects.get(round=round, application__enterprise=enterprise_admin.organisation)
    monitoring_services.monitoring_report_submit(actor=enterprise_admin, report=report,
                                                 values=values_for(report, output="50"), spent=Decimal(10),
                                                 explanation="")  # fmt: skip
    services.evaluations_open(actor=city_sme, award_list=award_list)
    evaluation = through_county(enterprise_admin, county_industry)
    services.evaluation_score(actor=city_section, evaluation=evaluation, judgements={satisfaction(evaluation): True})
    evaluation.refresh_from_db()
    return evaluation


def document_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return docx.read("word/document.xml").decode()


# --- 绩效自评报告 ---


def test_the_self_report_holds_the_indicators_summary_and_result(scored, enterprise_admin):
    rendered = DOCX.for_user(enterprise_admin, {"application": scored.application_id}).render()
    assert rendered.filename.startswith("绩效自评报告-") and rendered.filename.endswith(".docx")
    text = document_text(rendered.content)
    for expected in ("项目绩效自评报告", "新增智能装备", "≥500", "400", "24", "项目按期完成，资金按规定使用。",
                     "经核实，自评属实。", "总分 94 分，等级“优”（待市工信局中小企业科确认）", "项目单位（盖章）"):  # fmt: skip
        assert expected in text, expected


def test_the_self_report_waits_for_the_self_evaluation(awarded, city_sme, enterprise_admin):
    services.evaluations_open(actor=city_sme, award_list=awarded[0])
    with pytest.raises(Http404, match=NO_SELF_EVALUATION):
        DOCX.for_user(enterprise_admin, {"application": mine(enterprise_admin).application_id})


@pytest.mark.parametrize(("persona", "status"), [("enterprise_admin", 200), ("county_industry", 200),
                                                 ("city_section", 200), ("enterprise_user", 404),
                                                 ("other_county", 404)])  # fmt: skip
def test_the_self_report_downloads_for_those_who_see_the_application(client, request, scored, persona, status):
    client.force_login(request.getfixturevalue(persona))
    address = reverse("documents:export", args=["performance_self_report_docx"])
    response = client.get(address, {"application": scored.application_id})
    assert response.status_code == status


# --- 绩效评价结果汇总表 ---


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def test_the_results_table_has_a_row_per_award_with_scores_by_level1(scored, city_sme, enterprise_admin):
    award_list = scored.application.award_entries.get().award_list
    rendered = XLSX.for_user(city_sme, {"award_list": award_list.pk}).render()
    assert rendered.filename.startswith("绩效评价结果汇总表-")
    rows = sheet_rows(rendered.content)
    assert rows[0][0] == "绩效评价结果汇总表"
    header = rows[3]
    assert header == ("序号", "县市区/园区", "企业名称", "支持事项", "项目名称", "奖补金额", "成本指标", "产出指标",
                      "效益指标", "满意度指标", "总分", "等级", "评价状态", "运行监控偏离预警")  # fmt: skip
    data = {row[2]: row for row in rows[4:]}
    mine_row = data[enterprise_admin.organisation.name]
    assert mine_row[5] == 100 and mine_row[6:12] == (20, 24, 30, 20, 94, "优")
    assert mine_row[12] == "科室已评分，待确认"
    assert "新增智能装备：完成进度 10% 落后于时间进度 50% 超过 30 个百分点" in mine_row[13]
    assert len(data) == 2
    other = next(row for name, row in data.items() if name != enterprise_admin.organisation.name)
    assert other[6:12] == (None, None, None, None, None, None) and other[12] == "待企业自评"


def test_a_section_gets_its_items_rows_and_others_get_nothing(stored_pack, scored, city_sme, city_section,
                                                              county_industry, enterprise_admin):  # fmt: skip
    other_item, _ = awarded_list(stored_pack, sme=city_sme, count=2, item_number=5)
    rows = sheet_rows(XLSX.for_user(city_section, {"award_list": other_item.pk}).render().content)
    assert len(rows) == 4  # title, list, unit, header: item 5 is another section's
    for persona in (county_industry, enterprise_admin):
        with pytest.raises(Http404):
            XLSX.for_user(persona, {"award_list": other_item.pk})


def test_the_results_table_is_a_background_job(client, scored, city_sme):
    award_list = scored.application.award_entries.get().award_list
    client.force_login(city_sme)
    response = client.get(reverse("documents:export", args=["performance_results_xlsx"]), {"award_list": award_list.pk})
    assert response.status_code == 200 and "开始生成" in response.content.decode()


def test_the_results_table_keeps_its_query_count(stored_pack, city_sme):
    """The pack's 附件3 template, the awards, the score sums by 一级指标, the latest round, its indicator and
    spending warnings: the same for 3 awards and for 12."""
    counts = []
    for size in (3, 12):
        award_list, _ = awarded_list(stored_pack, sme=city_sme, count=size)
        open_round(city_sme, award_list, title=f"监控{size}")
        services.evaluations_open(actor=city_sme, award_list=award_list)
        exporter = XLSX.for_user(city_sme, {"award_list": award_list.pk})
        with CaptureQueriesContext(connection) as queries:
            rows = sheet_rows(exporter.render().content)
        assert len(rows) == 4 + size
        counts.append(len(queries))
    assert counts[0] == counts[1]
