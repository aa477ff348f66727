"""Writes of 绩效运行监控 (通知 五): the 中小企业科 opens a round for a final award list; each awarded enterprise
reports the value reached per indicator and the money spent, and the platform stores each 偏离预警
(performance.scoring, with the pack's threshold); the county verifies or returns the report and may ask
for a 纠偏措施, which the enterprise then records. Warnings and requests reach their readers' inboxes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardList
from core.choices import AuditVerb
from core.services import audit_event_record
from core.workdays import UnknownYear, period_end
from notifications.choices import NotificationVerb
from notifications.selectors import county_reviewers
from notifications.services import notifications_store, notify_users, users_notifications_build
from performance import permissions
from performance.models import IndicatorProgress, PerformanceMonitoringReport, PerformanceMonitoringRound
from performance.scoring import expected_share, indicator_deviation, spending_deviation
from performance.selectors.monitoring import (
    application_indicators,
    awarded_applications,
    indicator_from_row,
    pack_performance_rules,
    parse_reported_value,
)
from performance.services.common import (
    NO_PERFORMANCE_RULES,
    application_name,
    county_return_record,
    final_list_locked,
    section_reviewers,
    step_locked,
    tell_enterprise,
    tell_enterprises,
)
from performance.services.common import RETURN_REASON_REQUIRED as RETURN_REASON_REQUIRED  # tests import it here
from performance.workflow import REPORT_TRANSITIONS, ReportStatus
from policies.formengine.indicators import QUANTITATIVE

# User-facing messages (tests import them).
NOT_THE_SME_SECTION = "只有市工信局中小企业科可以开展绩效运行监控。"
LIST_NOT_FINAL = "奖补名单定稿后方可开展绩效运行监控。"
TITLE_REQUIRED = "请填写监控轮次名称。"
PERIOD_ORDER = "执行期止不能早于执行期起。"
AS_OF_OUTSIDE_PERIOD = "监控截止时点须在执行期内。"
WORKING_DAYS_RANGE = "填报期限须为 {low} 至 {high} 个工作日。"
NOTHING_AWARDED = "该名单没有确定奖补的项目，无需监控。"
VALUE_REQUIRED = "请填写当前完成值。"
VALUE_NOT_NUMERIC = "定量指标的当前完成值须为数值，如“320”“85.5”（可带 %）。"
SPENT_INVALID = "请填写已支出资金（万元，不小于 0 的数）。"
CORRECTION_REASON_REQUIRED = "要求纠偏须在核实意见中写明需纠正的问题。"
CORRECTION_PLAN_REQUIRED = "请填写纠偏措施。"

MIN_WORKING_DAYS, MAX_WORKING_DAYS = 1, 60

# Inbox wording.
ROUND_OPENED_TITLE = "绩效运行监控待填报：{name}"
ROUND_OPENED_BODY = "{round}：请于{due}前填报截至{as_of}各项绩效指标的完成值和资金支出情况。"
TO_VERIFY_TITLE = "待核实绩效监控：{enterprise}的“{name}”"
WARNING_TITLE = "绩效偏离预警：{enterprise}的“{name}”"
VERIFIED_TITLE = "绩效监控已核实：{name}"
CORRECTION_TITLE = "请填报纠偏措施：{name}"
RETURNED_TITLE = "绩效监控退回补正：{name}"
CORRECTION_RECORDED_TITLE = "纠偏措施已填报：{enterprise}的“{name}”"

_WARNING_MAX = IndicatorProgress._meta.get_field("warning").max_length


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _report_url(report: PerformanceMonitoringReport) -> str:
    return reverse("performance:monitoring_report", args=[report.pk])


def _report_locked(report: PerformanceMonitoringReport, actor, may_act, refusal: str, name: str = ""):
    return step_locked(
        report, actor=actor, may_act=may_act, refusal=refusal, transitions=REPORT_TRANSITIONS, name=name,
        related=("round", "application__enterprise__jurisdiction", "application__item", "application__pack"),
    )  # fmt: skip


# --- the round ---


@transaction.atomic
def monitoring_round_open(
    *,
    actor,
    award_list: AwardList,
    title: str,
    period_starts_on: dt.date,
    period_ends_on: dt.date,
    as_of: dt.date,
    working_days: int,
    today: dt.date,
) -> PerformanceMonitoringRound:
    """Open a round for a final list: one report per awarded application, due `working_days` working days
    after `today`; each enterprise is told in its inbox."""
    if not permissions.can_open_monitoring_round(actor):
        raise PermissionDenied(NOT_THE_SME_SECTION)
    award_list = final_list_locked(award_list, not_final=LIST_NOT_FINAL)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = TITLE_REQUIRED
    if period_ends_on < period_starts_on:
        errors["period_ends_on"] = PERIOD_ORDER
    elif not period_starts_on <= as_of <= period_ends_on:
        errors["as_of"] = AS_OF_OUTSIDE_PERIOD
    if not MIN_WORKING_DAYS <= working_days <= MAX_WORKING_DAYS:
        errors["working_days"] = WORKING_DAYS_RANGE.format(low=MIN_WORKING_DAYS, high=MAX_WORKING_DAYS)
    if errors:
        raise ValidationError(errors)
    applications = list(
        awarded_applications(award_list)
        .select_related("enterprise", "item")
        .only("id", "project_name", "enterprise_id", "enterprise__name", "item__name")
        .order_by("pk")
    )
    if not applications:
        raise ValidationError(NOTHING_AWARDED)
    # Counted from the next working day; a year the holiday calendar does not know counts Monday-Friday.
    due_on = period_end(today + dt.timedelta(days=1), working_days, unknown_year=UnknownYear.WEEKDAYS)
    round = PerformanceMonitoringRound(
        award_list=award_list, title=title.strip(), period_starts_on=period_starts_on, period_ends_on=period_ends_on,
        as_of=as_of, due_on=due_on, opened_by=actor,
    )  # fmt: skip
    round.full_clean()
    round.save()
    reports = PerformanceMonitoringReport.objects.bulk_create(
        [PerformanceMonitoringReport(round=round, application=application) for application in applications],
        batch_size=1000,
    )
    audit_event_record(
        actor=actor, verb=AuditVerb.MONITORING_ROUND_OPENED, target=round,
        data={"award_list": award_list.pk, "reports": len(reports), "as_of": str(as_of), "due_on": str(due_on),
              "working_days": working_days},
    )  # fmt: skip
    tell_enterprises(
        ((application, ROUND_OPENED_TITLE.format(name=application_name(application)), _report_url(report))
         for application, report in zip(applications, reports, strict=True)),
        actor=actor, verb=NotificationVerb.ACTION_REQUIRED,
        body=ROUND_OPENED_BODY.format(round=round.title, due=_date(due_on), as_of=_date(as_of)),
    )  # fmt: skip
    return round


# --- the enterprise's report ---


@transaction.atomic
def monitoring_report_submit(
    *,
    actor,
    report: PerformanceMonitoringReport,
    values: Mapping[int, tuple[str, str]],
    spent: Decimal | None,
    explanation: str,
) -> PerformanceMonitoringReport:
    """The enterprise reports each indicator's value reached (indicator pk -> (value, note)) and the money
    spent; each 偏离预警 is computed and stored with its reason. Errors are keyed `actual_<pk>` and `spent`."""
    report = _report_locked(
        report, actor, permissions.is_report_enterprise, permissions.NOT_THE_REPORTING_ENTERPRISE, "report_submit"
    )
    application = report.application
    rules = pack_performance_rules(application.pack)
    if rules is None:
        raise ValidationError(NO_PERFORMANCE_RULES)
    indicators = application_indicators(application)
    errors: dict[str, str] = {}
    parsed: dict[int, Decimal | None] = {}
    for indicator in indicators:
        actual = (values.get(indicator.pk, ("", ""))[0] or "").strip()
        if not actual:
            errors[f"actual_{indicator.pk}"] = VALUE_REQUIRED
        elif indicator.value_type == QUANTITATIVE:
            parsed[indicator.pk] = parse_reported_value(actual)
            if parsed[indicator.pk] is None:
                errors[f"actual_{indicator.pk}"] = VALUE_NOT_NUMERIC
    if spent is None or not spent.is_finite() or spent < 0:
        errors["spent"] = SPENT_INVALID
    if errors:
        raise ValidationError(errors)

    round = report.round
    expected = expected_share(starts_on=round.period_starts_on, ends_on=round.period_ends_on, as_of=round.as_of)
    progress: list[IndicatorProgress] = []
    warnings: list[str] = []
    for indicator in indicators:
        actual, note = values[indicator.pk]
        deviation = indicator_deviation(
            indicator_from_row(indicator), reported=parsed.get(indicator.pk), expected=expected, rules=rules
        )
        warning = deviation.reason[:_WARNING_MAX] if deviation.warning else ""
        if warning:
            warnings.append(f"{indicator.name}：{warning}")
        progress.append(
            IndicatorProgress(report=report, indicator=indicator, actual=actual.strip(), note=(note or "").strip(),
                              warning=warning)
        )  # fmt: skip
    spending = spending_deviation(spent=spent, awarded=application.award_amount or Decimal(0), expected=expected,
                                  rules=rules)  # fmt: skip
    report.spending_warning = spending.reason[:_WARNING_MAX] if spending.warning else ""
    if report.spending_warning:
        warnings.append(report.spending_warning)

    report.progress.all().delete()
    for row in progress:
        row.full_clean(exclude=["report", "indicator"], validate_constraints=False)
    IndicatorProgress.objects.bulk_create(progress)
    report.spent = spent
    report.explanation = explanation.strip()
    report.status = REPORT_TRANSITIONS["report_submit"].target
    report.reported_at = timezone.now()
    report.full_clean(exclude=["round", "application"], validate_constraints=False)
    report.save(update_fields=["spent", "explanation", "spending_warning", "status", "reported_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.MONITORING_REPORT_SUBMITTED, target=application,
        data={"label": REPORT_TRANSITIONS["report_submit"].label, "report": report.pk, "round": round.pk,
              "spent": str(spent), "expected": str(expected), "warnings": warnings},
    )  # fmt: skip
    _tell_report_filed(actor, report, warnings)
    return report


def _tell_report_filed(actor, report: PerformanceMonitoringReport, warnings: list[str]) -> None:
    """The county is asked to verify; a warning also reaches the section that follows the item."""
    application = report.application
    enterprise, name, url = application.enterprise.name, application_name(application), _report_url(report)
    county = list(county_reviewers(application))
    lines = "\n".join(warnings)
    messages = users_notifications_build(
        actor=actor, recipients=county, application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=TO_VERIFY_TITLE.format(enterprise=enterprise, name=name),
        body=f"{report.round.title}。" + (f"偏离预警：\n{lines}" if warnings else "未触发偏离预警。"), url=url,
    )  # fmt: skip
    if warnings:
        messages += users_notifications_build(
            actor=actor, recipients=section_reviewers(application), application=application,
            verb=NotificationVerb.ACTION_REQUIRED, title=WARNING_TITLE.format(enterprise=enterprise, name=name),
            body=f"{report.round.title}：\n{lines}", url=url,
        )  # fmt: skip
    notifications_store(messages)


# --- the county's verification, and the 纠偏措施 ---


@transaction.atomic
def monitoring_report_verify(
    *, actor, report: PerformanceMonitoringReport, remark: str, correction_requested: bool = False
) -> PerformanceMonitoringReport:
    """核实 with remarks; asking for a 纠偏措施 needs the remark to say what is to be corrected."""
    report = _report_locked(
        report, actor, permissions.is_report_county, permissions.NOT_THE_REPORT_COUNTY, "report_verify"
    )
    remark = remark.strip()
    if correction_requested and not remark:
        raise ValidationError({"remark": CORRECTION_REASON_REQUIRED})
    report.status = REPORT_TRANSITIONS["report_verify"].target
    report.county_remark = remark
    report.correction_requested = correction_requested
    report.verified_at = timezone.now()
    report.save(update_fields=["status", "county_remark", "correction_requested", "verified_at"])
    application = report.application
    audit_event_record(
        actor=actor, verb=AuditVerb.MONITORING_REPORT_VERIFIED, target=application,
        data={"label": REPORT_TRANSITIONS["report_verify"].label, "report": report.pk, "remark": remark,
              "correction_requested": correction_requested},
    )  # fmt: skip
    title = (CORRECTION_TITLE if correction_requested else VERIFIED_TITLE).format(name=application_name(application))
    tell_enterprise(
        actor=actor, application=application,
        verb=NotificationVerb.ACTION_REQUIRED if correction_requested else NotificationVerb.STATUS_CHANGED,
        title=title, body=f"县级核实意见：{remark or '无'}", url=_report_url(report),
    )  # fmt: skip
    return report


@transaction.atomic
def monitoring_report_return(*, actor, report: PerformanceMonitoringReport, reason: str) -> PerformanceMonitoringReport:
    """退回补正 with a reason: the enterprise corrects and files the report again."""
    report = _report_locked(
        report, actor, permissions.is_report_county, permissions.NOT_THE_REPORT_COUNTY, "report_return"
    )
    county_return_record(
        actor=actor, record=report, transition=REPORT_TRANSITIONS["report_return"], reason=reason,
        verb=AuditVerb.MONITORING_REPORT_RETURNED, data={"report": report.pk}, title=RETURNED_TITLE,
        url=_report_url(report),
    )  # fmt: skip
    return report


@transaction.atomic
def monitoring_correction_record(
    *, actor, report: PerformanceMonitoringReport, plan: str
) -> PerformanceMonitoringReport:
    """The enterprise records the 纠偏措施 the county asked for; the county and the section are told."""
    report = _report_locked(report, actor, permissions.is_report_enterprise, permissions.NOT_THE_REPORTING_ENTERPRISE)
    if report.status != ReportStatus.VERIFIED or not report.correction_requested:
        raise ValidationError(permissions.CORRECTION_NOT_REQUESTED)
    plan = plan.strip()
    if not plan:
        raise ValidationError({"plan": CORRECTION_PLAN_REQUIRED})
    report.correction_plan = plan
    report.full_clean(exclude=["round", "application"], validate_constraints=False)
    report.save(update_fields=["correction_plan"])
    application = report.application
    audit_event_record(
        actor=actor, verb=AuditVerb.MONITORING_CORRECTION_RECORDED, target=application,
        data={"report": report.pk, "plan": plan},
    )  # fmt: skip
    recipients = [*county_reviewers(application), *section_reviewers(application)]
    notify_users(
        actor=actor, recipients=recipients, application=application, verb=NotificationVerb.STATUS_CHANGED,
        title=CORRECTION_RECORDED_TITLE.format(enterprise=application.enterprise.name, name=application_name(application)),
        body=plan, url=_report_url(report),
    )  # fmt: skip
    return report
