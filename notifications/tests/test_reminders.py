"""reminders_send and `manage.py send_reminders`: who still holds work, counted in working days."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from applications.models import Application, SubmissionWindow
from applications.workflow import ApplicationStatus as S
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.services import reminders_send

pytestmark = pytest.mark.django_db

D = dt.date
# The 2023 notice closes on Friday 2023-08-25: three working days before is Tuesday 2023-08-22.
FIRST_DAY = D(2023, 8, 22)


def _reminded():
    return sorted(
        Notification.objects.filter(verb=NotificationVerb.REMINDER).values_list("recipient__username", flat=True)
    )


def _at(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)


@pytest.fixture
def county(county_industry, county_finance, other_county):
    return county_industry, county_finance


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_enterprise_members_are_reminded_of_unsubmitted_work(
    status, application, enterprise_admin, enterprise_agent, county
):
    _at(application, status)
    sent = reminders_send(today=FIRST_DAY, days=3)
    assert len(sent) == 2
    assert _reminded() == sorted([enterprise_admin.username, enterprise_agent.username])
    notification = sent[0]
    assert notification.application_id == application.pk and notification.url == f"/applications/{application.pk}/"
    assert "申报截止日期为2023年8月25日" in notification.body and "还有 3 个工作日" in notification.body


@pytest.mark.parametrize(
    "today,reminded",
    [
        (D(2023, 8, 21), False),  # four working days before
        (D(2023, 8, 22), True),
        (D(2023, 8, 25), True),  # the deadline day
        (D(2023, 8, 26), False),  # closed
    ],
)
def test_only_from_n_working_days_before_to_the_deadline(today, reminded, application, enterprise_admin):
    assert bool(reminders_send(today=today, days=3)) is reminded


def test_the_deadline_day_says_so(application, enterprise_admin):
    (notification,) = reminders_send(today=D(2023, 8, 25), days=3)
    assert "今天截止" in notification.body


def test_county_reviewers_are_reminded_of_applications_still_at_county_level(application, county, enterprise_admin):
    industry, finance = county
    _at(application, S.SUBMITTED)
    reminders_send(today=FIRST_DAY, days=3)
    assert _reminded() == sorted([industry.username, finance.username])  # not the other county, not the enterprise


def test_only_county_industry_is_reminded_to_recommend(application, county):
    industry, _ = county
    _at(application, S.COUNTY_APPROVED)
    (notification,) = reminders_send(today=FIRST_DAY, days=3)
    assert notification.recipient == industry and "请及时联合推荐上报" in notification.body


@pytest.mark.parametrize("status", [S.RECOMMENDED, S.WITHDRAWN, S.COUNTY_REJECTED])
def test_nobody_is_reminded_once_the_county_is_done(status, application, county):
    _at(application, status)
    assert reminders_send(today=FIRST_DAY, days=3) == []


def test_not_sent_twice_the_same_day(application, enterprise_admin, enterprise_agent):
    assert len(reminders_send(today=FIRST_DAY, days=3)) == 2
    assert reminders_send(today=FIRST_DAY, days=3) == []
    assert reminders_send(today=D(2023, 8, 23), days=3) == []  # still the same calendar day for the server
    assert Notification.objects.count() == 2


def test_a_county_earlier_deadline_moves_the_reminders(application, enterprise_admin):
    SubmissionWindow.objects.create(
        pack=application.pack, jurisdiction=application.enterprise.jurisdiction, closes_on=D(2023, 8, 18),
        kind=SubmissionWindow.Kind.COUNTY_EARLIER, reason="县级汇总需要时间",
    )  # fmt: skip
    assert reminders_send(today=D(2023, 8, 14), days=3) == []
    (notification,) = reminders_send(today=D(2023, 8, 15), days=3)
    assert "2023年8月18日" in notification.body


def test_the_national_day_holiday_is_not_counted(application, enterprise_admin):
    # Re-opened until Monday 2023-10-09: three working days before are 10-08 and 10-07 (调休) and 09-28.
    SubmissionWindow.objects.create(
        pack=application.pack, jurisdiction=None, closes_on=D(2023, 10, 9),
        kind=SubmissionWindow.Kind.CITY_REOPENED, reason="市级重新开放",
    )  # fmt: skip
    assert reminders_send(today=D(2023, 9, 27), days=3) == []
    assert reminders_send(today=D(2023, 10, 3), days=3) == []  # holiday: nobody is at work
    (notification,) = reminders_send(today=D(2023, 9, 28), days=3)
    assert "还有 3 个工作日" in notification.body


def test_the_command_reports_what_it_sent(application, enterprise_admin, enterprise_agent):
    out = StringIO()
    call_command("send_reminders", "--days", "3", "--today", "2023-08-22", stdout=out)
    assert "2023-08-22：已发送 2 条提醒。" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--today", "2023-08-22", stdout=out)
    assert "已发送 0 条提醒" in out.getvalue()


@pytest.mark.parametrize("args", [["--today", "2023-13-01"], ["--days", "-1"], ["--days", "三"]])
def test_the_command_refuses_bad_arguments(args, application):
    with pytest.raises(CommandError):
        call_command("send_reminders", *args)
    assert not Notification.objects.exists()
