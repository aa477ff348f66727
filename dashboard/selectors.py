"""Reads for the 数据看板: every number is aggregated in the database over the applications the person may see
(applications_visible_to), so the query count does not grow with the data."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Func, Q, QuerySet, Sum

from accounts.models import Jurisdiction
from applications.models import Application, SubmissionWindow
from applications.permissions import applications_visible_to
from applications.selectors import deadline_of_windows
from applications.workflow import (
    BUDGET_USING_STATES,
    CITY_VISIBLE_STATES,
    ENTERPRISE_ROLES,
    QUOTA_HOLDING_STATES,
    STATES,
    ApplicationStatus,
)
from policies.models import PolicyPack, SupportItem
from review.models import ItemBudget, ReviewOpinion

S = ApplicationStatus
# The statuses a county official sees (every one but the draft), in the workflow's order.
COUNTY_STATUSES = tuple(s for s in S.values if s != S.DRAFT)
CITY_STATUSES = tuple(s for s in S.values if s in CITY_VISIBLE_STATES)
# Left the county: recommended to the city (every state the city sees).
SENT_TO_CITY = CITY_STATUSES
# Approved by the city and not turned down since (the states whose amount draws on the budget).
APPROVED_BY_CITY = BUDGET_USING_STATES


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the continuous percentile, computed in the database."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class StageTime:
    """How long one department took to give its opinion, from when the application reached it."""

    stage: str
    department: str
    label: str
    count: int
    median: dt.timedelta | None
    p90: dt.timedelta | None


@dataclass(frozen=True)
class BoardData:
    pack: PolicyPack | None
    items: list[SupportItem]
    jurisdictions: list[Jurisdiction]
    statuses: tuple[str, ...]
    by_item: dict[tuple[int, str], int]  # (item number, status) -> count
    by_county: dict[tuple[int, str], int]  # (jurisdiction id, status) -> count
    amounts: dict[int, dict[str, Decimal | None]]  # item number -> requested, proposed, awarded, budget
    quota_use: dict[tuple[int, int], int]  # (jurisdiction id, item number) -> applications holding the quota
    deadlines: dict[int, dt.date]  # jurisdiction id -> its submission deadline
    stage_times: list[StageTime]


def deadlines_by_jurisdiction(*, pack: PolicyPack, jurisdictions: list[Jurisdiction]) -> dict[int, dt.date]:
    """Each jurisdiction's deadline by applications.selectors.deadline_of_windows, with the windows read in one
    query: per jurisdiction its earliest county window and the latest re-opening (its own or city-wide)."""
    earlier: dict[int, SubmissionWindow] = {}
    reopened: dict[int | None, SubmissionWindow] = {}
    windows = SubmissionWindow.objects.filter(pack=pack).only("jurisdiction_id", "kind", "closes_on", "reason")
    for window in windows.order_by(
        "closes_on"
    ):  # so the first county window is the earliest, the last re-opening the latest
        if window.kind == SubmissionWindow.Kind.COUNTY_EARLIER and window.jurisdiction_id is not None:
            earlier.setdefault(window.jurisdiction_id, window)
        elif window.kind == SubmissionWindow.Kind.CITY_REOPENED:
            reopened[window.jurisdiction_id] = window
    result = {}
    for jurisdiction in jurisdictions:
        latest = [w for w in (reopened.get(jurisdiction.pk), reopened.get(None)) if w is not None]
        deadline = deadline_of_windows(
            notice=pack.notice, jurisdiction=jurisdiction, earlier=earlier.get(jurisdiction.pk),
            reopened=max(latest, key=lambda w: w.closes_on) if latest else None,
        )  # fmt: skip
        result[jurisdiction.pk] = deadline.closes_on
    return result


def _counts(applications: QuerySet[Application], key: str) -> dict[tuple[int, str], int]:
    rows = applications.order_by().values_list(key, "status").annotate(n=Count("pk"))
    return {(k, status): n for k, status, n in rows}


def _amounts(applications: QuerySet[Application], items: list[SupportItem]) -> dict[int, dict]:
    rows = (
        applications.order_by()
        .values("item__number")
        .annotate(
            requested=Sum("requested_amount"),
            proposed=Sum("proposed_amount", filter=Q(status__in=BUDGET_USING_STATES)),
            awarded=Sum("award_amount", filter=Q(status=S.AWARDED)),
        )
    )
    sums = {row["item__number"]: row for row in rows}
    budgets = dict(ItemBudget.objects.filter(item__in=items).values_list("item__number", "amount"))
    zero = Decimal(0)
    return {
        item.number: {
            "requested": (sums.get(item.number) or {}).get("requested") or zero,
            "proposed": (sums.get(item.number) or {}).get("proposed") or zero,
            "awarded": (sums.get(item.number) or {}).get("awarded") or zero,
            "budget": budgets.get(item.number),
        }
        for item in items
    }


def _quota_use(applications: QuerySet[Application], items: list[SupportItem]) -> dict[tuple[int, int], int]:
    numbers = [item.number for item in items if item.county_quota]
    if not numbers:
        return {}
    rows = (
        applications.order_by()
        .filter(status__in=QUOTA_HOLDING_STATES, item__number__in=numbers)
        .values_list("enterprise__jurisdiction_id", "item__number")
        .annotate(n=Count("pk"))
    )
    return {(j, number): n for j, number, n in rows}


STAGE_LABELS = {
    (ReviewOpinion.Stage.COUNTY, ReviewOpinion.Department.INDUSTRY): "县级审核（工信部门）",
    (ReviewOpinion.Stage.COUNTY, ReviewOpinion.Department.FINANCE): "县级审核（财政部门）",
    (ReviewOpinion.Stage.CITY, ReviewOpinion.Department.SECTION): "市级审核（科室）",
}


def _stage_times(applications: QuerySet[Application]) -> list[StageTime]:
    """Median and p90 of the time from the application reaching a department to its opinion: county opinions
    from the submission, the city section's from the sending of the county's joint recommendation. One query
    per stage; PostgreSQL computes the percentiles itself, SQLite (which has none) returns the durations.

    The query starts from the applications, not the opinions: on SQLite an application's columns sit after
    its large JSON ones, and the index application_dashboard holds the submission time and the batch."""
    starts = {ReviewOpinion.Stage.COUNTY: F("submitted_at"), ReviewOpinion.Stage.CITY: F("batch__sent_at")}
    found: dict[tuple[str, str], StageTime] = {}
    for stage, start in starts.items():
        took = ExpressionWrapper(F("opinions__created_at") - start, output_field=DurationField())
        rows = applications.order_by().filter(opinions__stage=stage, opinions__created_at__gte=start)
        if connection.vendor == "postgresql":
            grouped = rows.values_list("opinions__department").annotate(
                n=Count("opinions"),
                median=PercentileCont(took, fraction=0.5, output_field=DurationField()),
                p90=PercentileCont(took, fraction=0.9, output_field=DurationField()),
            )
            for department, n, median, p90 in grouped:
                found[stage, department] = StageTime(stage, department, "", n, median, p90)
        else:
            # julianday() is SQLite's own: Django's datetime difference there is a Python function per row.
            days = _julianday(F("opinions__created_at")) - _julianday(start)
            durations: dict[str, list[dt.timedelta]] = {}
            for department, value in rows.values_list("opinions__department", days):
                durations.setdefault(department, []).append(dt.timedelta(days=value))
            for department, values in durations.items():
                found[stage, department] = StageTime(stage, department, "", len(values), *_median_p90(values))
    return [
        StageTime(stage, department, label, *_rest(found.get((stage, department))))
        for (stage, department), label in STAGE_LABELS.items()
    ]


def _julianday(expression) -> Func:
    return Func(expression, function="julianday", output_field=FloatField())


def _rest(time: StageTime | None) -> tuple:
    return (0, None, None) if time is None else (time.count, time.median, time.p90)


def _median_p90(values: list[dt.timedelta]) -> tuple[dt.timedelta, dt.timedelta]:
    """As percentile_cont computes them (linear interpolation between the closest ranks)."""
    seconds = sorted(v.total_seconds() for v in values)
    p90 = statistics.quantiles(seconds, n=10, method="inclusive")[-1] if len(seconds) > 1 else seconds[0]
    return dt.timedelta(seconds=statistics.median(seconds)), dt.timedelta(seconds=p90)


def board_data(*, user, pack: PolicyPack | None, items: list[SupportItem], jurisdictions: list[Jurisdiction],
               statuses: tuple[str, ...]) -> BoardData:  # fmt: skip
    """The aggregates of one dashboard, over the user's applications of the pack and the items given."""
    if pack is None:
        applications = Application.objects.none()
    else:
        applications = applications_visible_to(user).filter(pack=pack, item__in=items)
    return BoardData(
        pack=pack,
        items=items,
        jurisdictions=jurisdictions,
        statuses=statuses,
        by_item=_counts(applications, "item__number"),
        by_county=_counts(applications, "enterprise__jurisdiction_id"),
        amounts=_amounts(applications, items),
        quota_use=_quota_use(applications, items),
        deadlines=deadlines_by_jurisdiction(pack=pack, jurisdictions=jurisdictions) if pack else {},
        stage_times=_stage_times(applications),
    )


@dataclass(frozen=True)
class WorkWaiting:
    """Applications in one status whose turn is the person's (the workflow table's `holders`)."""

    status: str
    label: str
    count: int


def work_waiting_for(user) -> list[WorkWaiting]:
    """What waits for the official on the home page: the applications they may see whose status names one of
    their roles as holder, counted by status in one query, in the workflow's order. Enterprises have 我的申报."""
    roles = set(user.role_set) - set(ENTERPRISE_ROLES)
    statuses = [s for s, facts in STATES.items() if roles & set(facts.holders)]
    if not statuses:
        return []
    counts = dict(
        applications_visible_to(user)
        .filter(status__in=statuses)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    labels = dict(S.choices)
    return [WorkWaiting(s, labels[s], counts[s]) for s in statuses if counts.get(s)]
