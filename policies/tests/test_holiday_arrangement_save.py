"""policies.services.holiday_arrangement_save: the 中小企业科 enters a year's 节假日安排; it is audited, replaces the one
entered before, and takes precedence over chinesecalendar in core.workdays. (The 2027 dates are test data.)"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import workdays
from core.holidays import HolidayPeriod, WorkingDay
from core.models import AuditEvent, CalendarDay, HolidayArrangement
from policies.services import holiday_arrangement_save

pytestmark = pytest.mark.django_db
D = dt.date
NATIONAL_DAY_2027 = HolidayPeriod("国庆节", D(2027, 10, 1), D(2027, 10, 7))
MAKEUP_2027 = WorkingDay(D(2027, 9, 26), "国庆节调休上班")


def _save(
    actor, year=2027, periods=(NATIONAL_DAY_2027,), working_days=(MAKEUP_2027,), number="国办发明电〔2026〕试1号"
):
    return holiday_arrangement_save(
        actor=actor, year=year, document_number=number, published_on=D(2026, 11, 3),
        periods=list(periods), working_days=list(working_days),
    )  # fmt: skip


def test_a_year_chinesecalendar_does_not_know_is_counted_on_the_entered_arrangement(city_sme):
    with pytest.raises(workdays.CalendarUnavailable):
        workdays.period_end(D(2027, 9, 28), 5)
    arrangement = _save(city_sme)
    assert arrangement.entered_by == city_sme and arrangement.days.count() == 8
    assert workdays.is_working_day(D(2027, 9, 26))  # a Sunday made a working day
    assert not workdays.is_working_day(D(2027, 10, 4))  # a Monday off
    assert workdays.is_working_day(D(2027, 10, 8)) and not workdays.is_working_day(D(2027, 10, 9))  # the rest: Mon-Fri
    assert workdays.period_end(D(2027, 9, 28), 5) == D(2027, 10, 11)
    # Sun 26 (made a working day), Mon 27 to Thu 30 Sept, Fri 8 Oct.
    assert workdays.working_days_left(D(2027, 9, 25), D(2027, 10, 8)) == 6


def test_the_entered_arrangement_takes_precedence_over_chinesecalendar(city_sme):
    assert workdays.is_working_day(D(2026, 10, 8))  # chinesecalendar: a Thursday after National Day
    _save(city_sme, year=2026, periods=[HolidayPeriod("国庆节", D(2026, 10, 1), D(2026, 10, 8))], working_days=[])
    assert not workdays.is_working_day(D(2026, 10, 8))
    assert workdays.is_working_day(D(2026, 10, 10)) is False  # a year it covers: days it does not name are Mon-Fri


def test_audited_and_replacing_keeps_the_previous_days_in_the_audit_event(city_sme):
    _save(city_sme)
    _save(city_sme, periods=[HolidayPeriod("国庆节", D(2027, 10, 1), D(2027, 10, 5))], working_days=[], number="改")
    assert HolidayArrangement.objects.get().document_number == "改"
    assert CalendarDay.objects.count() == 5
    first, second = AuditEvent.objects.filter(verb="holiday_arrangement_saved").order_by("pk")
    assert first.data["previous"] is None and len(first.data["days"]) == 8
    assert second.data["previous"]["document_number"] == "国办发明电〔2026〕试1号"
    assert ["2027-09-26", "上班", "国庆节调休上班"] in second.data["previous"]["days"]
    assert second.data["days"][0] == ["2027-10-01", "放假", "国庆节"] and second.target_id == str(first.target_id)


@pytest.mark.parametrize(
    "persona", ["city_section", "city_finance", "county_industry", "enterprise_admin", "admin", "auditor"]
)
def test_only_the_sme_section_enters_an_arrangement(request, persona):
    with pytest.raises(PermissionDenied):
        _save(request.getfixturevalue(persona))
    assert not HolidayArrangement.objects.exists() and not AuditEvent.objects.filter(verb="holiday_arrangement_saved")


def test_an_inconsistent_arrangement_is_refused_by_field_and_nothing_is_written(city_sme):
    with pytest.raises(ValidationError) as excinfo:
        _save(city_sme, working_days=[WorkingDay(D(2027, 10, 2), "调休")])
    assert excinfo.value.message_dict == {"working_days": ["2027年10月02日已列为“国庆节”放假，不能同时是上班日。"]}
    assert not HolidayArrangement.objects.exists()
    assert workdays.is_working_day(D(2027, 10, 4))  # still the Monday-Friday fallback
