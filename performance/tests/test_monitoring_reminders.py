"""Monitoring reminders (performance/services/reminders.py), on fixed dates of the official calendar: the
members of an enterprise whose report is still owed are reminded three working days and one working day before
the round's due date, and on the first working day after it; each reminder once, however often the daily
run goes, and only the latest one when runs were missed. `manage.py send_reminders` sends them."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from notifications.choices import NotificationVerb
from notifications.models import Notification
from performance.models import PerformanceMonitoringReport, PerformanceMonitoringRound
from performance.services.reminders import DUE_TITLE, LATE_TITLE, monitoring_reminders_send, stages_of
from performance.tests.awarded import HALF_WAY, PERIOD_ENDS, PERIOD_STARTS, awarded_list
from performance.workflow import ReportStatus

pytestmark = pytest.mark.django_db
D = dt.date
# Due on Monday 2024-01-22: three working days before is Wednesday 01-17, one is Friday 01-19, and the
# report is late from Tuesday 01-23.
DUE_ON = D(2024, 1, 22)


def open_round(award_list, applications, due_on=DUE_ON):
    """A round opened directly (the opening itself is tested in test_monitoring_services.py)."""
    round = PerformanceMonitoringRound.objects.create(
        award_list=award_list, title="2024年一季度绩效运行监控", period_starts_on=PERIOD_STARTS,
        period_ends_on=PERIOD_ENDS, as_of=HALF_WAY, due_on=due_on, opened_by=award_list.created_by,
    )  # fmt: skip
    PerformanceMonitoringReport.objects.bulk_create(
        PerformanceMonitoringReport(round=round, application=application) for application in applications
    )
    return round


@pytest.fixture
def agent(enterprise_admin):
    return make_user(Role.ENTERPRISE_AGENT, enterprise_admin.organisation, full_name="孙经办")


@pytest.fixture
def report(stored_pack, city_sme, enterprise_admin, agent):
    award_list, applications = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    return open_round(award_list, applications).reports.get()


def reminders():
    return Notification.objects.filter(verb=NotificationVerb.REMINDER)


def test_the_stages_fall_on_working_days():
    assert [(s.name, s.starts_on) for s in stages_of(DUE_ON)] == [
        ("due_in_3", D(2024, 1, 17)), ("due_in_1", D(2024, 1, 19)), ("late", D(2024, 1, 23)),
    ]  # fmt: skip


def test_the_spring_festival_is_not_counted():
    # Due Monday 2024-02-19, after the holiday of 02-10 to 02-17; Sunday 02-18 is a 调休 working day.
    assert [s.starts_on for s in stages_of(D(2024, 2, 19))] == [D(2024, 2, 8), D(2024, 2, 18), D(2024, 2, 20)]


def test_each_reminder_is_sent_once_on_its_day(report, enterprise_admin, agent):
    runs = [  # (the day of a run, how many reminders it sends): two members each time one is due
        (D(2024, 1, 16), 0), (D(2024, 1, 17), 2), (D(2024, 1, 17), 0), (D(2024, 1, 18), 0), (D(2024, 1, 19), 2),
        (D(2024, 1, 20), 0), (D(2024, 1, 22), 0), (D(2024, 1, 23), 2), (D(2024, 1, 24), 0), (D(2024, 2, 23), 0),
    ]  # fmt: skip
    assert [(day, len(monitoring_reminders_send(today=day))) for day, _count in runs] == runs
    assert reminders().count() == 6  # three reminders, to each of the two members
    assert set(reminders().values_list("key", flat=True)) == {
        f"monitoring:{report.pk}:due_in_3", f"monitoring:{report.pk}:due_in_1", f"monitoring:{report.pk}:late",
    }  # fmt: skip


def test_what_the_reminders_say(report, enterprise_admin):
    (first,) = monitoring_reminders_send(today=D(2024, 1, 17))[:1]
    assert first.recipient == enterprise_admin and first.application_id == report.application_id
    assert first.title == DUE_TITLE.format(name="智能化改造项目1", due="2024年1月22日")
    assert "2024年一季度绩效运行监控" in first.body and "还有 3 个工作日" in first.body
    assert "截至2024年1月6日" in first.body
    assert first.url == reverse("performance:monitoring_report", args=[report.pk])
    (second,) = monitoring_reminders_send(today=D(2024, 1, 19))[:1]
    assert "还有 1 个工作日" in second.body
    (late,) = monitoring_reminders_send(today=D(2024, 1, 23))[:1]
    assert late.title == LATE_TITLE.format(name="智能化改造项目1") and "已计为逾期" in late.body


def test_missed_runs_send_only_the_latest_reminder(report):
    sent = monitoring_reminders_send(today=D(2024, 1, 25))
    assert {n.key for n in sent} == {f"monitoring:{report.pk}:late"}
    assert monitoring_reminders_send(today=D(2024, 1, 26)) == []


@pytest.mark.parametrize("status", [ReportStatus.REPORTED, ReportStatus.VERIFIED])
def test_a_report_filed_is_not_reminded(report, status):
    PerformanceMonitoringReport.objects.filter(pk=report.pk).update(status=status)
    for day in (D(2024, 1, 17), D(2024, 1, 19), D(2024, 1, 23)):
        assert monitoring_reminders_send(today=day) == []


def test_a_returned_report_is_reminded_to_file_again(report):
    PerformanceMonitoringReport.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    (notification,) = monitoring_reminders_send(today=D(2024, 1, 19))[:1]
    assert "县级退回补正的绩效监控尚未重新填报" in notification.body
    (late,) = monitoring_reminders_send(today=D(2024, 1, 23))[:1]
    assert "尚未重新填报" in late.body


def test_only_the_enterprise_of_the_report_is_reminded(report, enterprise_admin, agent, enterprise_user, city_sme):
    monitoring_reminders_send(today=D(2024, 1, 17))
    assert set(reminders().values_list("recipient", flat=True)) == {enterprise_admin.pk, agent.pk}


@pytest.mark.parametrize("count", [1, 6])
def test_the_query_count_does_not_grow_with_the_reports(stored_pack, city_sme, count, django_assert_num_queries):
    award_list, applications = awarded_list(stored_pack, sme=city_sme, count=count)
    open_round(award_list, applications)
    # savepoint, the reports owed (with round, application and item), the enterprises' members, the
    # reminders already sent, one INSERT, release.
    with django_assert_num_queries(6):
        sent = monitoring_reminders_send(today=D(2024, 1, 17))
    assert len(sent) == count


def test_the_daily_command_sends_them(report):
    out = StringIO()
    call_command("send_reminders", "--today", "2024-01-17", stdout=out)
    assert "2024-01-17：已发送 2 条提醒。" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--today", "2024-01-17", stdout=out)
    assert "已发送 0 条提醒" in out.getvalue()


def test_a_run_racing_another_sends_only_what_the_other_did_not(report, enterprise_admin, agent, monkeypatch):
    """Another run has stored the admin's reminder after this run read what was sent: this run's INSERT meets
    the unique key, and it reads again and sends the agent's only, instead of failing."""
    from performance.services import reminders as service

    (other,) = [n for n in monitoring_reminders_send(today=D(2024, 1, 17)) if n.recipient_id == enterprise_admin.pk]
    Notification.objects.exclude(pk=other.pk).delete()  # the other run sent the admin's only
    real_read, reads = service._already_sent, []

    def read_before_the_other_run_committed(keys):
        reads.append(keys)
        return real_read(set()) if len(reads) == 1 else real_read(keys)

    monkeypatch.setattr(service, "_already_sent", read_before_the_other_run_committed)
    sent = monitoring_reminders_send(today=D(2024, 1, 17))
    assert len(reads) == 2 and [n.recipient_id for n in sent] == [agent.pk]
    assert sorted(reminders().values_list("recipient_id", flat=True)) == sorted([enterprise_admin.pk, agent.pk])
