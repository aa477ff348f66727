"""Reminders of 绩效运行监控 (通知 五): an enterprise whose report in a monitoring round is still owed (待填报, or
退回补正 and not filed again) is reminded three working days before the round's due date, one working day
before it, and on the first working day after it, when the report is late. Each reminder reaches each member
of the enterprise once (Notification.key), however often the daily run (manage.py send_reminders, through
notifications.signals.reminders_due) goes and however many days it missed: a run sends the latest reminder
due, never the ones it has missed before it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from core.workdays import UnknownYear, period_end, working_days_before, working_days_left
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.selectors import enterprise_members_of
from notifications.services import notification_build, notifications_store
from performance.models import PerformanceMonitoringReport
from performance.selectors.monitoring import OUTSTANDING
from performance.workflow import ReportStatus

# Inbox wording.
DUE_TITLE = "绩效监控填报提醒：“{name}”须于{due}前填报"
LATE_TITLE = "绩效监控已逾期：“{name}”尚未填报"
DUE_BODY = "{round}：{left}。请按时填报截至{as_of}各项绩效指标的完成值和资金支出情况。"
RETURNED_DUE_BODY = "{round}：{left}。县级退回补正的绩效监控尚未重新填报，请按退回理由补正后重新填报。"
LATE_BODY = "{round}：填报期限已于{due}届满，本项目的绩效监控尚未{filed}，已计为逾期。请尽快填报。"

# The furthest a reminder is sent ahead of the due date, in calendar days: three working days, with the
# longest run of holidays the calendar has (the Spring Festival and National Day weeks).
LOOK_AHEAD = dt.timedelta(days=14)


@dataclass(frozen=True)
class Stage:
    """One reminder of a report: its name in the notification's key, and the first day it is sent."""

    name: str
    starts_on: dt.date

    @property
    def late(self) -> bool:
        return self.name == "late"


def stages_of(due_on: dt.date) -> list[Stage]:
    """The reminders of a round due on `due_on`, earliest first; a year the holiday calendar does not know
    counts Monday-Friday, as the due date itself was counted (monitoring_round_open)."""
    return [
        Stage("due_in_3", working_days_before(due_on, 3)),
        Stage("due_in_1", working_days_before(due_on, 1)),
        Stage("late", period_end(due_on + dt.timedelta(days=1), 1, unknown_year=UnknownYear.WEEKDAYS)),
    ]


def stage_on(today: dt.date, due_on: dt.date) -> Stage | None:
    """The latest reminder that has begun by `today`, or None before the first."""
    begun = [stage for stage in stages_of(due_on) if stage.starts_on <= today]
    return begun[-1] if begun else None


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _left(today: dt.date, due_on: dt.date) -> str:
    if today == due_on:
        return f"今天（{_date(due_on)}）是填报截止日"
    return f"填报截止日期为{_date(due_on)}，还有 {working_days_left(today, due_on)} 个工作日"


def _message(report: PerformanceMonitoringReport, stage: Stage, today: dt.date) -> tuple[str, str]:
    application, round = report.application, report.round
    name = application.project_name or application.item.name
    if stage.late:
        filed = "重新填报" if report.status == ReportStatus.RETURNED else "填报"
        return LATE_TITLE.format(name=name), LATE_BODY.format(round=round.title, due=_date(round.due_on), filed=filed)
    body = RETURNED_DUE_BODY if report.status == ReportStatus.RETURNED else DUE_BODY
    return (
        DUE_TITLE.format(name=name, due=_date(round.due_on)),
        body.format(round=round.title, left=_left(today, round.due_on), as_of=_date(round.as_of)),
    )


def monitoring_reminders_send(*, today: dt.date) -> list[Notification]:
    """Remind the members of each enterprise whose report is owed, at the stage `today` has reached. Run by
    the system (no acting user); four queries however many reports: the reports owed with their round,
    enterprise and item, the enterprises' members, the reminders already sent, one INSERT. Two runs at once
    (a manual run beside the daily one): the one that loses the race on Notification.key reads again what
    the other sent and sends only the rest, instead of failing."""
    try:
        with transaction.atomic():
            return _reminders_send(today)
    except IntegrityError:
        with transaction.atomic():
            return _reminders_send(today)


def _already_sent(keys: set[str]) -> dict[str, set[int]]:
    """The recipients each keyed reminder has reached already."""
    already: dict[str, set[int]] = defaultdict(set)
    for key, recipient_id in Notification.objects.filter(key__in=keys).values_list("key", "recipient_id"):
        already[key].add(recipient_id)
    return already


def _reminders_send(today: dt.date) -> list[Notification]:
    reports = list(
        PerformanceMonitoringReport.objects.filter(status__in=OUTSTANDING, round__due_on__lte=today + LOOK_AHEAD)
        .select_related("round", "application__item")
        .only("status", "round__title", "round__due_on", "round__as_of", "application__project_name",
              "application__enterprise_id", "application__item__name")
        .order_by("round__due_on", "pk")
    )  # fmt: skip
    stages: dict[dt.date, Stage | None] = {}
    due: list[tuple[PerformanceMonitoringReport, Stage]] = []
    for report in reports:
        due_on = report.round.due_on
        if due_on not in stages:
            stages[due_on] = stage_on(today, due_on)
        if stages[due_on] is not None:
            due.append((report, stages[due_on]))
    if not due:
        return []
    members = enterprise_members_of([report.application for report, _stage in due])
    keys = {f"monitoring:{report.pk}:{stage.name}" for report, stage in due}
    already = _already_sent(keys)
    notifications: list[Notification] = []
    for report, stage in due:
        key = f"monitoring:{report.pk}:{stage.name}"
        title, body = _message(report, stage, today)
        for user in members[report.application.pk]:
            if user.pk in already[key]:
                continue
            notifications.append(notification_build(
                recipient=user, application=report.application, verb=NotificationVerb.REMINDER, title=title,
                body=body, url=reverse("performance:monitoring_report", args=[report.pk]), key=key,
            ))  # fmt: skip
    return notifications_store(notifications)
