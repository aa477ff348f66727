"""The 节假日安排 pages: the 中小企业科's list of years and the form of one year, typed or read from the notice."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from core import workdays
from core.models import HolidayArrangement

pytestmark = pytest.mark.django_db
LIST = reverse("policies:work_calendar")
EDIT_2027 = reverse("policies:work_calendar_edit", args=[2027])
NOTICE_2026 = (Path(__file__).parents[2] / "core/tests/holiday_notice_2026.txt").read_text(encoding="utf-8")
TYPED = {
    "document_number": "国办发明电〔2026〕试1号",
    "published_on": "2026-11-03",
    "holidays": "元旦 2027-01-01\n国庆节 2027-10-01 至 2027-10-07",
    "working_days": "2027-09-26 国庆节调休上班",
}


def test_the_list_says_which_years_have_no_calendar(client, city_sme, settings):
    client.force_login(city_sme)
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "尚无节假日安排" in text and "尚未录入任何年度的安排" in text
    assert 'href="/policies/work-calendar/"' in text  # in the 中小企业科's menu


@pytest.mark.parametrize("persona", ["city_section", "city_finance", "county_industry", "enterprise_admin", "admin"])
def test_other_roles_do_not_find_the_pages(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 404
    assert client.get(EDIT_2027).status_code == 404
    assert client.post(EDIT_2027, TYPED).status_code == 404
    assert not HolidayArrangement.objects.exists()


def test_anonymous_is_sent_to_login_and_wrong_methods_are_refused(client, city_sme):
    assert client.get(LIST).status_code == 302
    client.force_login(city_sme)
    assert client.post(LIST).status_code == 405
    assert client.put(EDIT_2027).status_code == 405
    assert client.get(reverse("policies:work_calendar_edit", args=[1999])).status_code == 404


def test_saving_the_typed_arrangement(client, city_sme):
    client.force_login(city_sme)
    response = client.post(EDIT_2027, TYPED, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "2027年节假日安排已保存" in response.content.decode()
    arrangement = HolidayArrangement.objects.get(year=2027)
    assert arrangement.days.filter(is_working_day=False).count() == 8
    assert arrangement.published_on == dt.date(2026, 11, 3)
    assert workdays.is_working_day(dt.date(2027, 9, 26))
    # The form of a year entered shows what was entered.
    page = client.get(EDIT_2027).content.decode()
    assert "国庆节 2027-10-01 至 2027-10-07" in page and "2027-09-26 国庆节调休上班" in page


def test_a_line_that_cannot_be_read_is_shown_at_its_field_and_nothing_typed_is_lost(client, city_sme):
    client.force_login(city_sme)
    typed = {**TYPED, "holidays": "元旦 2027-01-01\n国庆节 十月一日"}
    response = client.post(EDIT_2027, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="field-holidays"' in html and "第2行“国庆节 十月一日”看不懂" in html
    assert 'data-focus-target="field-holidays"' in html  # the page opens at the refused field
    assert "元旦 2027-01-01\n国庆节 十月一日" in html and "国办发明电〔2026〕试1号" in html
    assert not HolidayArrangement.objects.exists()


def test_a_working_day_on_a_weekday_is_refused_at_its_field(client, city_sme):
    client.force_login(city_sme)
    response = client.post(EDIT_2027, {**TYPED, "working_days": "2027-09-27 调休"})
    assert response.status_code == 400
    assert "调休上班日应为周六或周日" in response.content.decode()
    assert not HolidayArrangement.objects.exists()


def test_the_pasted_notice_fills_the_form_without_saving(client, city_sme):
    client.force_login(city_sme)
    url = reverse("policies:work_calendar_edit", args=[2026])
    response = client.post(url, {"notice_text": NOTICE_2026, "document_number": "国办发明电〔2025〕7号"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已从通知原文识别出 7 个放假安排、6 个调休上班日" in html
    assert "春节 2026-02-15 至 2026-02-23" in html and "2026-10-10 国庆节调休上班" in html
    assert "国办发明电〔2025〕7号" in html  # what was typed above stays
    assert not HolidayArrangement.objects.exists()


def test_a_pasted_text_that_is_not_the_notice_keeps_what_was_typed(client, city_sme):
    client.force_login(city_sme)
    response = client.post(EDIT_2027, {**TYPED, "notice_text": "明年放假安排另行通知"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "没有找到“一、元旦：……放假”这样的条目" in html and "国庆节 2027-10-01 至 2027-10-07" in html
