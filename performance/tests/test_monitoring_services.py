"""绩效运行监控 services: opening a round, the enterprise's report with its 偏离预警 at the pack's threshold,
the county's verification or return, and the 纠偏措施; every rejection writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from accounts.tests.factories import make_user
from awards.choices import AwardListStatus
from awards.models import AwardList
from core.choices import AuditVerb
from core.models import AuditEvent
from notifications.models import Notification
from performance import permissions
from performance.models import IndicatorProgress, PerformanceMonitoringReport, PerformanceMonitoringRound
from performance.selectors import monitoring as selectors
from performance.services import monitoring as services
from performance.tests.awarded import HALF_WAY, OPENED_ON, PERIOD_ENDS, PERIOD_STARTS, awarded_list
from performance.workflow import ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(stored_pack, city_sme, enterprise_admin):
    return awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=2)


def open_round(actor, award_list, **overrides):
    values = dict(
        title="2024年第一季度绩效运行监控", period_starts_on=PERIOD_STARTS, period_ends_on=PERIOD_ENDS, as_of=HALF_WAY,
        working_days=10, today=OPENED_ON,
    )  # fmt: skip
    return services.monitoring_round_open(actor=actor, award_list=award_list, **{**values, **overrides})


def snapshot():
    return (
        list(PerformanceMonitoringRound.objects.values_list("pk", flat=True)),
        list(PerformanceMonitoringReport.objects.order_by("pk").values_list(
            "pk", "status", "spent", "spending_warning", "county_remark", "correction_requested", "correction_plan")),
        list(IndicatorProgress.objects.order_by("pk").values_list("pk", "actual", "warning")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )  # fmt: skip


def my_report(award_list, owner):
    return PerformanceMonitoringReport.objects.get(
        round__award_list=award_list, application__enterprise=owner.organisation
    )


def values_for(report, output="250", cost="300", benefit="500", satisfaction="达到预期"):
    by_key = {
        "cost_economic:0": cost, "output_quantity:0": output, "benefit_economic:0": benefit,
        "satisfaction_service_recipients:0": satisfaction,
    }  # fmt: skip
    indicators = report.application.target_sheet.indicators.all()
    return {i.pk: (by_key[i.key], f"{i.name}进展说明") for i in indicators}


# --- the round ---


def test_the_sme_section_opens_a_round_with_one_report_per_award(awarded, city_sme, enterprise_admin):
    award_list, applications = awarded
    round = open_round(city_sme, award_list)
    assert round.due_on == dt.date(2024, 1, 22)  # 10 working days after Monday 2024-01-08
    reports = PerformanceMonitoringReport.objects.filter(round=round)
    assert sorted(r.application_id for r in reports) == sorted(a.pk for a in applications)
    assert {r.status for r in reports} == {ReportStatus.DUE}
    event = AuditEvent.objects.get(verb=AuditVerb.MONITORING_ROUND_OPENED)
    assert event.data["reports"] == 3 and event.data["due_on"] == "2024-01-22"
    told = Notification.objects.get(recipient=enterprise_admin)
    assert "绩效运行监控待填报" in told.title and "2024年1月22日" in told.body
    assert told.url == f"/performance/monitoring/reports/{my_report(award_list, enterprise_admin).pk}/"


def test_an_excluded_entry_gets_no_report(awarded, city_sme):
    award_list, applications = awarded
    award_list.entries.filter(application=applications[0]).update(excluded=True)
    round = open_round(city_sme, award_list)
    assert round.reports.count() == 2


@pytest.mark.parametrize("persona", ["city_section", "county_industry", "enterprise_admin", "city_finance"])
def test_only_the_sme_section_opens_a_round(request, awarded, persona):
    award_list, _ = awarded
    before = snapshot()
    with pytest.raises(PermissionDenied, match=services.NOT_THE_SME_SECTION):
        open_round(request.getfixturevalue(persona), award_list)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_ends_on": dt.date(2023, 12, 31)}, "period_ends_on", services.PERIOD_ORDER),
        ({"as_of": dt.date(2024, 2, 1)}, "as_of", services.AS_OF_OUTSIDE_PERIOD),
        ({"working_days": 0}, "working_days", "1 至 60 个工作日"),
        ({"working_days": 61}, "working_days", "1 至 60 个工作日"),
        ({"title": "  "}, "title", services.TITLE_REQUIRED),
    ],
)
def test_a_round_with_bad_dates_is_refused(awarded, city_sme, overrides, field, message):
    award_list, _ = awarded
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        open_round(city_sme, award_list, **overrides)
    assert message in excinfo.value.message_dict[field][0]
    assert snapshot() == before


def test_a_list_not_final_or_without_awards_is_refused(awarded, city_sme, stored_pack):
    award_list, _ = awarded
    AwardList.objects.filter(pk=award_list.pk).update(status=AwardListStatus.PUBLICISED)
    before = snapshot()
    with pytest.raises(ValidationError, match=services.LIST_NOT_FINAL):
        open_round(city_sme, award_list)
    empty, _ = awarded_list(stored_pack, sme=city_sme)
    with pytest.raises(ValidationError, match=services.NOTHING_AWARDED):
        open_round(city_sme, empty)
    assert snapshot() == before


# --- the report and its warnings ---


def test_the_report_stores_each_warning_at_the_threshold(awarded, city_sme, enterprise_admin, county_industry,
                                                         city_section):  # fmt: skip
    """Half the period gone: 20 % of 500 is exactly 30 points behind (no warning); 99.5 of 500 is more."""
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    Notification.objects.all().delete()
    values = values_for(report, output="99.5", benefit="200", cost="700")
    services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values, spent=Decimal("19.99"),
                                      explanation="设备已到货一半")  # fmt: skip
    report.refresh_from_db()
    assert report.status == ReportStatus.REPORTED and report.spent == Decimal("19.99")
    warnings = dict(report.progress.values_list("indicator__key", "warning"))
    assert warnings["output_quantity:0"] == "完成进度 19.9% 落后于时间进度 50% 超过 30 个百分点"
    assert warnings["benefit_economic:0"] == ""  # 200 of 1000 is 20 %: exactly 30 points behind
    assert warnings["cost_economic:0"] == "已超过目标值（≤600）"  # a cap passed
    assert warnings["satisfaction_service_recipients:0"] == ""  # 定性: followed by the county's remarks
    assert report.spending_warning == "资金支出进度 19.99% 落后于时间进度 50% 超过 30 个百分点"
    event = AuditEvent.objects.get(verb=AuditVerb.MONITORING_REPORT_SUBMITTED)
    assert len(event.data["warnings"]) == 3 and event.target_id == str(report.application_id)
    assert Notification.objects.filter(recipient=county_industry, title__startswith="待核实绩效监控").exists()
    warned = Notification.objects.get(recipient=city_section)
    assert warned.title.startswith("绩效偏离预警") and "新增智能装备" in warned.body


def test_a_report_on_track_warns_nobody_but_asks_the_county(awarded, city_sme, enterprise_admin, city_section,
                                                            county_industry):  # fmt: skip
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    Notification.objects.all().delete()
    services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values_for(report, output="100"),
                                      spent=Decimal("20"), explanation="")  # fmt: skip
    report.refresh_from_db()
    assert report.spending_warning == "" and not report.progress.exclude(warning="").exists()
    assert not Notification.objects.filter(recipient=city_section).exists()
    assert "未触发偏离预警" in Notification.objects.get(recipient=county_industry).body


def test_only_the_enterprise_files_its_report(awarded, city_sme, enterprise_admin, enterprise_user, county_industry):
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    before = snapshot()
    for other in (enterprise_user, county_industry, city_sme):
        with pytest.raises(PermissionDenied):
            services.monitoring_report_submit(actor=other, report=report, values=values_for(report),
                                              spent=Decimal(1), explanation="")  # fmt: skip
    assert snapshot() == before


def test_a_report_with_bad_values_is_refused_at_its_fields(awarded, city_sme, enterprise_admin):
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    values = values_for(report, output="约两百台", satisfaction="")
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values, spent=Decimal(-1),
                                          explanation="")  # fmt: skip
    errors = excinfo.value.message_dict
    by_key = {i.key: i.pk for i in report.application.target_sheet.indicators.all()}
    assert errors[f"actual_{by_key['output_quantity:0']}"] == [services.VALUE_NOT_NUMERIC]
    assert errors[f"actual_{by_key['satisfaction_service_recipients:0']}"] == [services.VALUE_REQUIRED]
    assert errors["spent"] == [services.SPENT_INVALID]
    assert snapshot() == before


def test_a_verified_report_cannot_be_filed_again(awarded, city_sme, enterprise_admin, county_industry):
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values_for(report),
                                      spent=Decimal(30), explanation="")  # fmt: skip
    services.monitoring_report_verify(actor=county_industry, report=report, remark="属实")
    before = snapshot()
    with pytest.raises(ValidationError, match="当前状态不能填报绩效监控"):
        services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values_for(report),
                                          spent=Decimal(30), explanation="")  # fmt: skip
    assert snapshot() == before


def test_parse_reported_value():
    assert selectors.parse_reported_value("1,200") == Decimal(1200)
    assert selectors.parse_reported_value(" 85.5% ") == Decimal("85.5")
    assert selectors.parse_reported_value("约200") is None


# --- the county, and the 纠偏措施 ---


@pytest.fixture
def filed(awarded, city_sme, enterprise_admin):
    award_list, _ = awarded
    open_round(city_sme, award_list)
    report = my_report(award_list, enterprise_admin)
    services.monitoring_report_submit(actor=enterprise_admin, report=report, values=values_for(report, output="50"),
                                      spent=Decimal(10), explanation="")  # fmt: skip
    Notification.objects.all().delete()
    return report


def test_the_county_verifies_and_asks_for_a_correction_the_enterprise_records(filed, county_industry,
                                                                               enterprise_admin, city_section):  # fmt: skip
    services.monitoring_report_verify(actor=county_industry, report=filed, remark="设备到货滞后，请提出纠偏措施。",
                                      correction_requested=True)  # fmt: skip
    filed.refresh_from_db()
    assert filed.status == ReportStatus.VERIFIED and filed.correction_requested and filed.verified_at
    assert Notification.objects.get(recipient=enterprise_admin).title.startswith("请填报纠偏措施")
    assert permissions.can_record_correction(enterprise_admin, filed) == (True, "")
    services.monitoring_correction_record(actor=enterprise_admin, report=filed, plan="增加供应商，6月底前全部到货。")
    filed.refresh_from_db()
    assert filed.correction_plan == "增加供应商，6月底前全部到货。"
    assert Notification.objects.filter(recipient=county_industry, title__startswith="纠偏措施已填报").exists()
    assert Notification.objects.filter(recipient=city_section, title__startswith="纠偏措施已填报").exists()
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))[-2:]
    assert verbs == [AuditVerb.MONITORING_REPORT_VERIFIED, AuditVerb.MONITORING_CORRECTION_RECORDED]


def test_a_correction_request_needs_a_remark_and_a_plan_needs_a_request(filed, county_industry, enterprise_admin):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.monitoring_report_verify(actor=county_industry, report=filed, remark=" ", correction_requested=True)
    assert excinfo.value.message_dict["remark"] == [services.CORRECTION_REASON_REQUIRED]
    with pytest.raises(ValidationError, match=permissions.CORRECTION_NOT_REQUESTED):
        services.monitoring_correction_record(actor=enterprise_admin, report=filed, plan="计划")
    assert snapshot() == before
    services.monitoring_report_verify(actor=county_industry, report=filed, remark="属实")
    with pytest.raises(ValidationError, match=permissions.CORRECTION_NOT_REQUESTED):
        services.monitoring_correction_record(actor=enterprise_admin, report=filed, plan="计划")


def test_the_county_returns_with_a_reason_and_the_enterprise_files_again(filed, county_industry, enterprise_admin):
    before = snapshot()
    with pytest.raises(ValidationError):
        services.monitoring_report_return(actor=county_industry, report=filed, reason="")
    assert snapshot() == before
    services.monitoring_report_return(actor=county_industry, report=filed, reason="支出金额与凭证不符")
    filed.refresh_from_db()
    assert filed.status == ReportStatus.RETURNED and filed.county_remark == "支出金额与凭证不符"
    assert Notification.objects.get(recipient=enterprise_admin).body == "退回理由：支出金额与凭证不符"
    services.monitoring_report_submit(actor=enterprise_admin, report=filed, values=values_for(filed, output="300"),
                                      spent=Decimal(60), explanation="已更正")  # fmt: skip
    filed.refresh_from_db()
    assert filed.status == ReportStatus.REPORTED and filed.progress.count() == 4
    assert not filed.progress.filter(indicator__key="output_quantity:0").exclude(warning="").exists()


@pytest.mark.parametrize("persona", ["other_county", "city_section", "city_sme", "enterprise_admin"])
def test_only_the_enterprises_county_verifies_or_returns(request, filed, persona):
    actor = request.getfixturevalue(persona)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.monitoring_report_verify(actor=actor, report=filed, remark="属实")
    with pytest.raises(PermissionDenied):
        services.monitoring_report_return(actor=actor, report=filed, reason="不实")
    assert snapshot() == before


def test_the_county_finance_reviewer_may_verify_too(filed, county_finance):
    services.monitoring_report_verify(actor=county_finance, report=filed, remark="资金支出属实")
    filed.refresh_from_db()
    assert filed.status == ReportStatus.VERIFIED


def test_an_inactive_county_reviewer_is_refused(filed):
    from accounts.tests.factories import bureau

    retired = make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau("industry_bureau", "430405"), is_active=False)
    with pytest.raises(PermissionDenied):
        services.monitoring_report_verify(actor=retired, report=filed, remark="属实")
