"""绩效运行监控 pages: each URL's happy path, the personas it refuses (another county or enterprise: 404; a
role that sees but may not act: 403), a wrong method (405), the work list's HTMX partial, and the query
counts of the overview and the work list, which do not grow with the number of awards."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import PerformanceMonitoringReport
from performance.services import monitoring as services
from performance.tests.awarded import awarded_list
from performance.tests.test_monitoring_services import my_report, open_round, values_for
from performance.views import monitoring as views
from performance.views.common import FORM_HAS_ERRORS
from performance.workflow import ReportStatus

pytestmark = pytest.mark.django_db

INDEX, OPEN, REPORTS = (
    reverse(f"performance:{n}") for n in ("monitoring_index", "monitoring_open", "monitoring_reports")
)


@pytest.fixture
def awarded(stored_pack, city_sme, enterprise_admin):
    return awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=2)


@pytest.fixture
def round(awarded, city_sme):
    return open_round(city_sme, awarded[0])


@pytest.fixture
def report(round, enterprise_admin):
    return my_report(round.award_list, enterprise_admin)


@pytest.fixture
def filed(report, enterprise_admin):
    services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values_for(report, output="50"),
                                      spent=Decimal(10), explanation="")  # fmt: skip
    report.refresh_from_db()
    return report


def get(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


def url(name, pk):
    return reverse(f"performance:{name}", args=[pk])


def assert_opens_at(response, section: str, summary: str) -> None:
    """A refused form comes back with the page opening at its section (app.js scrolls to the marked id), and
    the section starts with `summary`, above the messages under its fields."""
    body = response.content.decode()
    assert response.status_code == 400 and f'<div hidden data-focus-target="{section}"></div>' in body
    start = body.index(f'id="{section}"')
    at = body.index(summary, start)
    first_field_error = body.find('class="field-errors"', start)
    assert first_field_error == -1 or at < first_field_error


# --- rounds ---


def test_index_lists_rounds_and_offers_the_sme_section_to_open_one(client, round, city_sme, city_section):
    body = get(client, city_sme, INDEX).content.decode()
    assert round.title in body and "开展监控" in body and str(round.award_list) in body
    body = get(client, city_section, INDEX).content.decode()
    assert round.title in body and "开展监控" not in body


@pytest.mark.parametrize("persona", ["county_industry", "enterprise_admin", "city_finance", "auditor"])
def test_index_is_not_found_for_other_roles(client, request, persona):
    assert get(client, request.getfixturevalue(persona), INDEX).status_code == 404


def test_index_refuses_post(client, city_sme):
    assert post(client, city_sme, INDEX).status_code == 405


def test_open_creates_the_round_and_shows_its_overview(client, awarded, city_sme):
    award_list, _ = awarded
    data = {"award_list": award_list.pk, "title": "2024年上半年绩效运行监控", "period_starts_on": "2024-01-01",
            "period_ends_on": "2024-12-31", "as_of": "2024-06-30", "working_days": "10"}  # fmt: skip
    response = post(client, city_sme, OPEN, data)
    round = award_list.monitoring_rounds.get()
    assert response.status_code == 302 and response["Location"] == url("monitoring_round", round.pk)
    body = client.get(response["Location"]).content.decode()
    assert "已开展绩效运行监控“2024年上半年绩效运行监控”：共 3 个项目" in body


def test_open_shows_the_services_refusal_at_its_field(client, awarded, city_sme):
    award_list, _ = awarded
    data = {"award_list": award_list.pk, "title": "监控", "period_starts_on": "2024-01-01",
            "period_ends_on": "2024-12-31", "as_of": "2025-01-30", "working_days": "10"}  # fmt: skip
    response = post(client, city_sme, OPEN, data)
    assert response.status_code == 400
    assert services.AS_OF_OUTSIDE_PERIOD in response.content.decode()
    assert not award_list.monitoring_rounds.exists()


def test_a_blank_opening_names_each_missing_field_and_opens_at_the_form(client, awarded, city_sme):
    response = post(client, city_sme, OPEN, {"working_days": "0"})
    body = response.content.decode()
    for message in (views.LIST_REQUIRED, services.TITLE_REQUIRED, views.STARTS_REQUIRED, views.ENDS_REQUIRED,
                    views.AS_OF_REQUIRED, "填报期限须为 1 至 60 个工作日。"):  # fmt: skip
        assert message in body
    assert "这个字段是必填项" not in body and "确保该值" not in body
    assert_opens_at(response, views.ROUND_OPEN_SECTION, FORM_HAS_ERRORS.format(count=6))
    assert not awarded[0].monitoring_rounds.exists()


def test_open_is_refused_to_a_section_and_not_found_for_a_county(client, awarded, city_section, county_industry):
    data = {"award_list": awarded[0].pk}
    assert post(client, city_section, OPEN, data).status_code == 403
    assert post(client, county_industry, OPEN, data).status_code == 404
    assert not awarded[0].monitoring_rounds.exists()


def test_open_refuses_get(client, city_sme):
    assert get(client, city_sme, OPEN).status_code == 405


def test_the_overview_counts_by_item_and_county(client, filed, round, city_sme, city_section):
    body = get(client, city_sme, url("monitoring_round", round.pk)).content.decode()
    assert "共 3 个项目：待填报 2（其中逾期 2），待县级核实 1，已核实 0；有偏离预警 1 个。" in body
    assert "2. " in body and "珠晖区" in body
    assert get(client, city_section, url("monitoring_round", round.pk)).status_code == 200


@pytest.mark.parametrize("persona", ["county_industry", "other_county", "enterprise_admin", "city_finance"])
def test_the_overview_is_not_found_for_other_roles(client, request, round, persona):
    assert get(client, request.getfixturevalue(persona), url("monitoring_round", round.pk)).status_code == 404


def test_the_overview_of_another_sections_item_is_empty(client, stored_pack, city_sme, city_section):
    award_list, _ = awarded_list(stored_pack, sme=city_sme, count=2, item_number=5)  # 科技科's item
    round = open_round(city_sme, award_list)
    body = get(client, city_section, url("monitoring_round", round.pk)).content.decode()
    assert "共 0 个项目" in body


def test_the_overview_refuses_post(client, round, city_sme):
    assert post(client, city_sme, url("monitoring_round", round.pk)).status_code == 405


def _queries(client, user, address) -> int:
    client.force_login(user)
    client.get(address)  # warm: session, permissions, the pack's cached models
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_overview_and_the_work_list_keep_their_query_counts(client, stored_pack, city_sme):
    """The same for 3 awards and for 12. The overview: session, user, roles, the round, the counts by item, the
    counts by county, then the page frame (unread badge, the user's organisation): 8. The work list: session,
    user, roles, the page count, the page of rows (with enterprise, county, item and round joined, the warning
    flag a subquery), the filter's county choices, the frame: 8. The warm request renewed the session, so the
    measured one does not write it (core/passive_session.py)."""
    counts = []
    for size in (3, 12):
        award_list, _ = awarded_list(stored_pack, sme=city_sme, count=size)
        round = open_round(city_sme, award_list, title=f"监控{size}")
        for report in PerformanceMonitoringReport.objects.filter(round=round)[:2]:
            report.status = ReportStatus.VERIFIED
            report.spending_warning = "资金支出进度落后"
            report.save()
        counts.append(
            (_queries(client, city_sme, url("monitoring_round", round.pk)),
             _queries(client, city_sme, f"{REPORTS}?round={round.pk}"))
        )  # fmt: skip
    assert counts[0] == counts[1]
    assert counts[0] == (7, 7)


# --- the work list ---


def test_the_work_list_shows_each_reader_their_reports(client, filed, enterprise_admin, enterprise_user,
                                                       county_industry, other_county):  # fmt: skip
    name = enterprise_admin.organisation.name
    assert name in get(client, enterprise_admin, REPORTS).content.decode()
    assert "共 0 份" in get(client, enterprise_user, REPORTS).content.decode()
    assert name in get(client, county_industry, REPORTS).content.decode()
    assert name not in get(client, other_county, REPORTS).content.decode()


def test_the_work_list_filters_warnings_and_answers_htmx_with_its_partial(client, filed, round, city_sme):
    response = get(client, city_sme, f"{REPORTS}?round={round.pk}&warning=on", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="report-results">') and "<html" not in body
    assert "共 1 份" in body and filed.application.enterprise.name in body
    body = get(client, city_sme, f"{REPORTS}?status=late").content.decode()
    assert "共 2 份" in body  # due on 2024-01-22, long past


def test_the_work_list_refuses_post(client, city_sme):
    assert post(client, city_sme, REPORTS).status_code == 405


# --- one report ---


def test_the_enterprise_files_its_report_and_sees_the_warning(client, report, enterprise_admin):
    address = url("monitoring_report", report.pk)
    assert "填报绩效监控" in get(client, enterprise_admin, address).content.decode()
    data = {f"actual_{pk}": value for pk, (value, _note) in values_for(report, output="50").items()}
    data.update({"spent": "60", "explanation": "按计划推进"})
    response = post(client, enterprise_admin, url("monitoring_report_submit", report.pk), data)
    assert response.status_code == 302 and response["Location"] == address
    body = client.get(address).content.decode()
    assert "有 1 项偏离预警，已告知县级和市工信局科室" in body
    assert "完成进度 10% 落后于时间进度 50% 超过 30 个百分点" in body


def test_a_bad_value_is_shown_at_its_cell(client, report, enterprise_admin):
    data = {f"actual_{pk}": value for pk, (value, _note) in values_for(report, output="两百").items()}
    data["spent"] = "10"
    response = post(client, enterprise_admin, url("monitoring_report_submit", report.pk), data)
    assert response.status_code == 400 and services.VALUE_NOT_NUMERIC in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE


@pytest.mark.parametrize(("persona", "status"), [("enterprise_user", 404), ("other_county", 404), ("auditor", 404),
                                                 ("county_industry", 403), ("city_sme", 403)])  # fmt: skip
def test_only_the_enterprise_may_file(client, request, report, persona, status):
    data = {"spent": "10"}
    assert (
        post(client, request.getfixturevalue(persona), url("monitoring_report_submit", report.pk), data).status_code
        == status
    )


@pytest.mark.parametrize("persona", ["enterprise_user", "other_county", "auditor"])
def test_a_report_is_not_found_outside_its_scope(client, request, report, persona):
    assert get(client, request.getfixturevalue(persona), url("monitoring_report", report.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["county_industry", "city_section", "city_sme", "city_finance"])
def test_officials_in_scope_read_the_report_without_the_filing_form(client, request, report, persona):
    body = get(client, request.getfixturevalue(persona), url("monitoring_report", report.pk)).content.decode()
    assert "指标完成进度" in body and "新增智能装备" in body and 'name="spent"' not in body


@pytest.mark.parametrize("name", ["monitoring_report_submit", "monitoring_report_verify", "monitoring_report_return",
                                  "monitoring_correction"])  # fmt: skip
def test_the_actions_refuse_get(client, report, enterprise_admin, name):
    assert get(client, enterprise_admin, url(name, report.pk)).status_code == 405


def test_the_report_page_refuses_post(client, report, enterprise_admin):
    assert post(client, enterprise_admin, url("monitoring_report", report.pk)).status_code == 405


def test_the_county_verifies_with_a_correction_request_and_the_enterprise_records_it(client, filed, county_industry,
                                                                                      enterprise_admin):  # fmt: skip
    address = url("monitoring_report", filed.pk)
    assert "县级核实" in get(client, county_industry, address).content.decode()
    data = {"remark": "进度滞后，请制定纠偏措施", "correction_requested": "on"}
    response = post(client, county_industry, url("monitoring_report_verify", filed.pk), data)
    assert response.status_code == 302
    body = get(client, enterprise_admin, address).content.decode()
    assert "填报纠偏措施" in body and "进度滞后，请制定纠偏措施" in body
    response = post(client, enterprise_admin, url("monitoring_correction", filed.pk), {"plan": "增加班次"})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.correction_plan == "增加班次"


def test_a_correction_request_without_a_remark_is_shown_at_the_remark(client, filed, county_industry):
    response = post(client, county_industry, url("monitoring_report_verify", filed.pk), {"correction_requested": "on"})
    assert response.status_code == 400 and services.CORRECTION_REASON_REQUIRED in response.content.decode()
    assert_opens_at(response, "county-verify", FORM_HAS_ERRORS.format(count=1))


def test_a_blank_correction_plan_says_so_at_the_form(client, filed, county_industry, enterprise_admin):
    services.monitoring_report_verify(actor=county_industry, report=filed, remark="进度滞后", correction_requested=True)
    response = post(client, enterprise_admin, url("monitoring_correction", filed.pk), {"plan": ""})
    assert services.CORRECTION_PLAN_REQUIRED in response.content.decode()
    assert_opens_at(response, "correction-form", FORM_HAS_ERRORS.format(count=1))


def test_the_county_returns_a_report(client, filed, county_industry, enterprise_admin):
    response = post(client, county_industry, url("monitoring_report_return", filed.pk), {"remark": "凭证缺失"})
    assert response.status_code == 302
    body = get(client, enterprise_admin, url("monitoring_report", filed.pk)).content.decode()
    assert "退回理由：凭证缺失" in body and "补正并重新填报" in body


@pytest.mark.parametrize(("persona", "status"), [("other_county", 404), ("enterprise_user", 404),
                                                 ("enterprise_admin", 403), ("city_section", 403)])  # fmt: skip
@pytest.mark.parametrize("name", ["monitoring_report_verify", "monitoring_report_return"])
def test_only_the_county_verifies_or_returns(client, request, filed, persona, status, name):
    response = post(client, request.getfixturevalue(persona), url(name, filed.pk), {"remark": "属实"})
    assert response.status_code == status
    filed.refresh_from_db()
    assert filed.status == ReportStatus.REPORTED


@pytest.mark.parametrize(("persona", "status"), [("enterprise_user", 404), ("county_industry", 403)])
def test_only_the_enterprise_records_a_correction(client, request, filed, persona, status):
    assert post(client, request.getfixturevalue(persona), url("monitoring_correction", filed.pk),
                {"plan": "x"}).status_code == status  # fmt: skip


def test_a_blank_report_shows_every_gap_at_once(client, report, enterprise_admin):
    response = post(client, enterprise_admin, url("monitoring_report_submit", report.pk), {})
    body = response.content.decode()
    assert response.status_code == 400 and body.count(services.VALUE_REQUIRED) == 4
    assert services.SPENT_INVALID in body
    assert_opens_at(response, "report-form", FORM_HAS_ERRORS.format(count=5))
