"""public_notice_publish: the period in working days, and every entry CITY_APPROVED → PUBLICISED through the table."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from applications.workflow import ApplicationStatus
from awards import services
from awards.choices import AwardListStatus
from awards.tests.helpers import ENDS_ON, PUBLISH_DAY, STARTS_ON, snapshot, through_publication
from core.holidays import HolidayPeriod, WorkingDay
from core.models import AuditEvent
from notifications.models import Notification
from policies import services as policy_services

pytestmark = pytest.mark.django_db


def _publish(actor, award_list, starts_on=STARTS_ON, working_days=5, today=PUBLISH_DAY):
    return services.public_notice_publish(
        actor=actor, award_list=award_list, starts_on=starts_on, working_days=working_days, today=today
    )


def test_publishes_across_national_day_and_publicises_every_application(city_sme, cosigned_list, approved_applications):
    notice = _publish(city_sme, cosigned_list)
    assert (notice.starts_on, notice.ends_on, notice.working_days) == (STARTS_ON, ENDS_ON, 5)
    assert notice.published_by == city_sme
    cosigned_list.refresh_from_db()
    assert cosigned_list.status == AwardListStatus.PUBLICISED
    statuses = set(
        Application.objects.filter(pk__in=[a.pk for a in approved_applications]).values_list("status", flat=True)
    )
    assert statuses == {ApplicationStatus.PUBLICISED}
    # One event per application transition, one for the notice; nothing else.
    events = AuditEvent.objects.filter(verb__in=["application_publicised", "public_notice_published"])
    assert events.filter(verb="application_publicised").count() == 3
    assert sorted(events.filter(verb="application_publicised").values_list("target_id", flat=True)) == sorted(
        str(a.pk) for a in approved_applications
    )
    published = events.get(verb="public_notice_published")
    assert published.data["ends_on"] == "2023-10-07" and published.data["working_days"] == 5
    assert AuditEvent.objects.filter(verb__in=["award_list_confirmed", "award_list_cosigned"]).count() == 2
    first = events.filter(verb="application_publicised").first()
    assert first.data["label"] == "列入奖补名单公示"


def test_a_start_on_a_holiday_counts_from_the_next_working_day(city_sme, cosigned_list):
    notice = _publish(city_sme, cosigned_list, starts_on=dt.date(2023, 10, 1), working_days=5)
    assert notice.ends_on == dt.date(2023, 10, 11)


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "enterprise_admin"])
def test_only_the_sme_section_publishes(request, persona, cosigned_list):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        _publish(request.getfixturevalue(persona), cosigned_list)
    assert snapshot() == before


def test_refuses_before_the_cosignature(city_sme, confirmed_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, confirmed_list)
    assert excinfo.value.messages == [services.COSIGN_BEFORE_PUBLISH]
    assert snapshot() == before


def test_refuses_a_second_publication(city_sme, notice):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, notice.award_list)
    assert excinfo.value.messages == [services.WRONG_STATUS.format(status="公示中", action="公示")]
    assert snapshot() == before


@pytest.mark.parametrize("working_days", [0, 31])
def test_refuses_a_period_out_of_range(city_sme, cosigned_list, working_days):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, cosigned_list, working_days=working_days)
    assert excinfo.value.message_dict == {"working_days": [services.WORKING_DAYS_RANGE]}
    assert snapshot() == before


def test_refuses_a_start_in_the_past(city_sme, cosigned_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, cosigned_list, starts_on=dt.date(2023, 9, 21))
    assert excinfo.value.message_dict == {"starts_on": [services.START_IN_PAST]}
    assert snapshot() == before


def test_refuses_a_year_the_calendar_does_not_know(city_sme, cosigned_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, cosigned_list, starts_on=dt.date(2099, 6, 1))
    assert excinfo.value.message_dict == {"starts_on": [services.CALENDAR_UNAVAILABLE.format(year=2099)]}
    assert snapshot() == before


def test_a_year_after_chinesecalendar_is_counted_on_the_arrangement_the_city_entered(city_sme, cosigned_list):
    """chinesecalendar 1.11 knows holidays only through 2026; once the 中小企业科 enters 2027's arrangement a 公示 in
    2027 is counted on it. (The 2027 dates here are test data, not the State Council's arrangement.)"""
    with pytest.raises(ValidationError):
        _publish(city_sme, cosigned_list, starts_on=dt.date(2027, 9, 28))
    policy_services.holiday_arrangement_save(
        actor=city_sme, year=2027, document_number="国办发明电〔2026〕试1号", published_on=None,
        periods=[HolidayPeriod("国庆节", dt.date(2027, 10, 1), dt.date(2027, 10, 7))],
        working_days=[WorkingDay(dt.date(2027, 9, 26), "国庆节调休上班")],
    )  # fmt: skip
    # Tue 28, Wed 29, Thu 30 Sept; 1-7 Oct off; Fri 8 Oct; Sat 9 Oct is a weekend day the arrangement leaves alone.
    notice = _publish(city_sme, cosigned_list, starts_on=dt.date(2027, 9, 28), working_days=5)
    assert notice.ends_on == dt.date(2027, 10, 11)


def test_refuses_when_the_table_forbids_one_transition(city_sme, cosigned_list, approved_applications):
    Application.objects.filter(pk=approved_applications[1].pk).update(status=ApplicationStatus.CITY_REVIEW)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        _publish(city_sme, cosigned_list)
    assert "当前状态为“市级审核中”，不能列入奖补名单公示" in excinfo.value.messages[0]
    assert snapshot() == before  # the other two applications did not move either


@pytest.mark.parametrize("count", [3, 20])
def test_query_count_does_not_grow_with_the_entries(
    city_sme, city_finance, stored_pack, count, django_assert_num_queries
):
    award_list, applications = through_publication(stored_pack, sme=city_sme, finance=city_finance, count=count)
    # savepoint, list (locked), applications (locked), entries, list / publisher / one notice per list
    # (full_clean), the notice, every application in one UPDATE, their audit events in one INSERT, then
    # the enterprises told (savepoint, members of every enterprise, one INSERT, release), the list, the
    # notice's audit event, release; each of the two audit writes also locks the chain head and moves it
    # (core.audit_chain).
    with django_assert_num_queries(21):
        _publish(city_sme, award_list)
    assert AuditEvent.objects.filter(verb="application_publicised").count() == count
    told = Notification.objects.filter(title__endswith="状态变为：奖补名单公示中")
    assert sorted(told.values_list("application_id", flat=True)) == sorted(a.pk for a in applications)
