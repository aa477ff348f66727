"""Reads of 绩效运行监控: the lists a round can be opened for, the rules and indicators a report is computed
with, the reports a person's work list shows, and the round's overview (due, late, verified, warnings by
item and by county), aggregated in the database so that its query count does not grow with the list."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from applications.models import Application
from applications.workflow import ApplicationStatus
from awards.choices import AwardListStatus
from awards.models import AwardList
from performance.models import (
    IndicatorProgress,
    PerformanceIndicator,
    PerformanceMonitoringReport,
    PerformanceMonitoringRound,
)
from performance.workflow import ReportStatus
from policies.formengine.indicators import Indicator
from policies.models import PolicyPack
from policies.pack.schema import PerformanceRules
from policies.selectors import pack_models

R = ReportStatus
# A report the enterprise still owes: never filed, or returned for correction.
OUTSTANDING = (R.DUE, R.RETURNED)
# Columns no performance page shows and which are large: an application's frozen forms and answers.
NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(%|％)?\s*$")
APPLICATION_DEFERRED = (
    "application__forms", "application__answers", "application__eligibility_snapshot", "application__item__data",
    "application__pack__data",
)  # fmt: skip


def pack_performance_rules(pack: PolicyPack) -> PerformanceRules | None:
    """The pack's 全过程绩效管理 rules (threshold, bands, shortfall rule); None for a pack that sets none."""
    return pack_models(pack)[0].performance


def parse_reported_value(text: str) -> Decimal | None:
    """ "320", "85.5%", "1,200" -> the number; None for anything else."""
    match = NUMBER.match((text or "").replace(",", "").replace("，", ""))
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        return None


def indicator_from_row(row: PerformanceIndicator) -> Indicator:
    """A stored indicator as the pure scoring code reads it (performance.scoring)."""
    return Indicator(
        id=row.key, level1=row.level1, level2=row.level2, name=row.name, value_type=row.value_type,
        direction=row.direction, target=row.target, standard=row.standard, unit=row.unit, weight=row.weight,
        scoring_standard=row.scoring_standard,
    )  # fmt: skip


def application_indicators(application: Application) -> list[PerformanceIndicator]:
    """The frozen indicators of the application's 绩效目标表, in their order; none without a sheet."""
    return list(PerformanceIndicator.objects.filter(sheet__application=application).order_by("position", "pk"))


def awarded_applications(award_list: AwardList) -> QuerySet[Application]:
    """The applications a final list awarded: its entries not excluded by an upheld objection."""
    return Application.objects.filter(
        award_entries__award_list=award_list, award_entries__excluded=False, status=ApplicationStatus.AWARDED
    )


def award_lists_for_monitoring() -> QuerySet[AwardList]:
    """Final award lists, newest first, with the number of awards each holds."""
    return (
        AwardList.objects.filter(status=AwardListStatus.FINAL)
        .select_related("pack")
        .defer("pack__data")
        .annotate(awarded=Count("entries", filter=Q(entries__excluded=False)))
        .order_by("-finalised_at", "-pk")
    )


def monitoring_rounds_with_counts(
    rounds: QuerySet[PerformanceMonitoringRound], applications: QuerySet[Application]
) -> QuerySet[PerformanceMonitoringRound]:
    """Rounds with how many reports of the given applications (those the reader sees) each holds."""
    mine = Q(reports__application__in=applications.values("pk"))
    return (
        rounds.select_related("award_list__pack")
        .defer("award_list__pack__data")
        .annotate(
            report_count=Count("reports", filter=mine),
            outstanding_count=Count("reports", filter=mine & Q(reports__status__in=OUTSTANDING)),
            verified_count=Count("reports", filter=mine & Q(reports__status=R.VERIFIED)),
        )
        .order_by("-created_at", "-pk")
    )


def _warned() -> Exists:
    return Exists(IndicatorProgress.objects.filter(report=OuterRef("pk")).exclude(warning=""))


def reports_with_warning_flag(reports: QuerySet[PerformanceMonitoringReport]) -> QuerySet:
    """Each report with `indicator_warned`: one of its indicators carries a 偏离预警."""
    return reports.annotate(indicator_warned=_warned())


def report_rows(reports: QuerySet[PerformanceMonitoringReport]) -> QuerySet[PerformanceMonitoringReport]:
    """Reports as a work list shows them: enterprise, jurisdiction, item, round, and the warning flag."""
    return (
        reports_with_warning_flag(reports)
        .select_related("round", "application__enterprise__jurisdiction", "application__item")
        .defer(*APPLICATION_DEFERRED[:-1])
        .order_by("round__due_on", "application__item__number", "application__enterprise__name", "pk")
    )


def report_filter(reports: QuerySet, *, today: dt.date, status: str = "", warning: bool = False,
                  item: int | None = None, jurisdiction: int | None = None) -> QuerySet:  # fmt: skip
    """The work list's filters: a state (or "late": still owed after the due date), warnings only, an
    item, a county."""
    if status == "late":
        reports = reports.filter(status__in=OUTSTANDING, round__due_on__lt=today)
    elif status:
        reports = reports.filter(status=status)
    if warning:
        reports = reports_with_warning_flag(reports).filter(Q(indicator_warned=True) | ~Q(spending_warning=""))
    if item:
        reports = reports.filter(application__item__number=item)
    if jurisdiction:
        reports = reports.filter(application__enterprise__jurisdiction_id=jurisdiction)
    return reports


@dataclass
class OverviewRow:
    """One line of the overview: an item or a county, and its reports by state."""

    key: object
    label: str
    total: int = 0
    outstanding: int = 0  # 待填报 (due or returned)
    late: int = 0  # outstanding after the due date
    reported: int = 0  # 待县级核实
    verified: int = 0
    warned: int = 0  # reports with any 偏离预警 (indicator or spending)
    spending_warned: int = 0
    correction_requested: int = 0

    def add(self, other: OverviewRow) -> None:
        for name in ("total", "outstanding", "late", "reported", "verified", "warned", "spending_warned",
                     "correction_requested"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MonitoringOverview:
    round: PerformanceMonitoringRound
    by_item: list[OverviewRow] = field(default_factory=list)
    by_county: list[OverviewRow] = field(default_factory=list)
    totals: OverviewRow = field(default_factory=lambda: OverviewRow(None, "合计"))
    late_after: dt.date | None = None


def _grouped(reports: QuerySet, keys: tuple[str, ...], *, past_due: bool) -> list[dict]:
    """One aggregate query: the counts of each group of reports."""
    outstanding = Q(status__in=OUTSTANDING)
    warned = Q(indicator_warned=True) | ~Q(spending_warning="")
    return list(
        reports_with_warning_flag(reports)
        .order_by()
        .values(*keys)
        .annotate(
            total=Count("pk"),
            outstanding=Count("pk", filter=outstanding),
            reported=Count("pk", filter=Q(status=R.REPORTED)),
            verified=Count("pk", filter=Q(status=R.VERIFIED)),
            warned=Count("pk", filter=warned),
            spending_warned=Count("pk", filter=~Q(spending_warning="")),
            correction_requested=Count("pk", filter=Q(correction_requested=True)),
        )
        .order_by(*keys)
    )


def _row(values: dict, key: object, label: str, *, past_due: bool) -> OverviewRow:
    return OverviewRow(
        key=key, label=label, total=values["total"], outstanding=values["outstanding"],
        late=values["outstanding"] if past_due else 0, reported=values["reported"], verified=values["verified"],
        warned=values["warned"], spending_warned=values["spending_warned"],
        correction_requested=values["correction_requested"],
    )  # fmt: skip


def monitoring_overview(
    *, round: PerformanceMonitoringRound, reports: QuerySet[PerformanceMonitoringReport], today: dt.date
) -> MonitoringOverview:
    """The round's reports that the reader sees, counted by item and by county: two queries, whatever the
    number of reports. A report still owed after the due date is late."""
    past_due = today > round.due_on
    reports = reports.filter(round=round)
    overview = MonitoringOverview(round=round, late_after=round.due_on)
    item_keys = ("application__item__number", "application__item__name")
    for values in _grouped(reports, item_keys, past_due=past_due):
        number = values["application__item__number"]
        row = _row(values, number, f"{number}. {values['application__item__name']}", past_due=past_due)
        overview.by_item.append(row)
        overview.totals.add(row)
    county_keys = ("application__enterprise__jurisdiction_id", "application__enterprise__jurisdiction__name",
                   "application__enterprise__jurisdiction__sort_order")  # fmt: skip
    rows = _grouped(reports, county_keys, past_due=past_due)
    rows.sort(key=lambda v: (v["application__enterprise__jurisdiction__sort_order"] or 0,
                             v["application__enterprise__jurisdiction_id"] or 0))  # fmt: skip
    for values in rows:
        overview.by_county.append(
            _row(values, values["application__enterprise__jurisdiction_id"],
                 values["application__enterprise__jurisdiction__name"] or "—", past_due=past_due)
        )  # fmt: skip
    return overview


@dataclass(frozen=True)
class ProgressLine:
    """One indicator of a report as its page shows it: the target, what was reached, and any warning."""

    indicator: PerformanceIndicator
    progress: IndicatorProgress | None


def report_progress_lines(report: PerformanceMonitoringReport) -> list[ProgressLine]:
    """Every indicator of the application, with its progress in this report where one was filed."""
    indicators = application_indicators(report.application)
    filed = {p.indicator_id: p for p in report.progress.all()}
    return [ProgressLine(indicator, filed.get(indicator.pk)) for indicator in indicators]


def report_has_warning(report: PerformanceMonitoringReport) -> bool:
    return bool(report.spending_warning) or report.progress.exclude(warning="").exists()
