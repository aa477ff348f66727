"""core.holidays: the lines a city official types, and the State Council's notice pasted as text."""

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.holidays import (
    HolidayPeriod,
    WorkingDay,
    arrangement_errors,
    holiday_lines_parse,
    notice_text_parse,
    working_day_lines_parse,
)

D = dt.date
# 国务院办公厅关于2026年部分节假日安排的通知, as published on 4 November 2025; chinesecalendar 1.11 holds the same days.
NOTICE_2026 = (Path(__file__).parent / "holiday_notice_2026.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "period"),
    [
        ("春节 2027-02-06 至 2027-02-13", HolidayPeriod("春节", D(2027, 2, 6), D(2027, 2, 13))),
        ("春节：2027/2/6~2027/2/13", HolidayPeriod("春节", D(2027, 2, 6), D(2027, 2, 13))),
        (
            "中秋节、国庆节 2027年9月29日至2027年10月6日",
            HolidayPeriod("中秋节、国庆节", D(2027, 9, 29), D(2027, 10, 6)),
        ),
        ("元旦 2027.1.1", HolidayPeriod("元旦", D(2027, 1, 1), D(2027, 1, 1))),
    ],
)
def test_a_holiday_line_in_any_usual_date_format(line, period):
    assert holiday_lines_parse(line) == ([period], [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节", "第1行“春节”看不懂"),
        ("\n\n2027-02-06 至 2027-02-13", "第3行"),
        ("春节 2027-02-30", "第1行的日期不存在"),
        ("春节 2027-02-13 至 2027-02-06", "第1行的结束日期早于起始日期"),
        ("春节 2027-02-01 至 2027-03-01", "超过 15 天"),
    ],
)
def test_a_holiday_line_that_cannot_be_read_names_its_line(text, message):
    periods, errors = holiday_lines_parse(text)
    assert periods == [] and len(errors) == 1 and message in errors[0]


def test_working_day_lines_take_the_name_on_either_side_or_a_default():
    days, errors = working_day_lines_parse("2027-02-14 春节调休\n国庆节调休：2027/9/26\n2027年10月9日")
    assert errors == []
    assert days == [
        WorkingDay(D(2027, 2, 14), "春节调休"),
        WorkingDay(D(2027, 9, 26), "国庆节调休"),
        WorkingDay(D(2027, 10, 9), "调休上班"),
    ]
    assert working_day_lines_parse("周六上班")[1] == [
        "第1行“周六上班”看不懂：请写成“日期 名称”，如“2027-02-14 春节调休”。"
    ]


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 1)), st.integers(0, 14))
def test_a_period_reads_back_from_its_own_line(first, length):
    period = HolidayPeriod("国庆节", first, first + dt.timedelta(days=length))
    assert holiday_lines_parse(period.line()) == ([period], [])


def test_the_2026_notice_gives_exactly_the_days_chinesecalendar_knows():
    periods, working_days, errors = notice_text_parse(NOTICE_2026, year=2026)
    assert errors == [] and arrangement_errors(2026, periods, working_days) == {}
    assert [p.name for p in periods] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    assert periods[1] == HolidayPeriod("春节", D(2026, 2, 15), D(2026, 2, 23))
    off = {day for p in periods for day in p.days()}
    on = {w.day for w in working_days}
    assert on == {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}
    day = D(2026, 1, 1)
    while day.year == 2026:
        expected = day in on or (day not in off and day.weekday() < 5)
        assert chinese_calendar.is_workday(day) == expected, day
        day += dt.timedelta(days=1)


def test_a_new_year_holiday_that_begins_in_december():
    text = "一、元旦：12月30日（周六）至1月1日（周一）放假调休，共3天。二、春节：2月10日至17日放假调休，共8天。2月4日（周日）上班。"
    periods, working_days, errors = notice_text_parse(text, year=2024)
    assert errors == []
    assert periods[0] == HolidayPeriod("元旦", D(2023, 12, 30), D(2024, 1, 1))
    assert working_days == [WorkingDay(D(2024, 2, 4), "春节调休上班")]
    assert arrangement_errors(2024, periods, working_days) == {}


def test_text_that_is_not_the_notice_is_refused_with_a_message():
    assert notice_text_parse("明天放假", year=2027) == (
        [],
        [],
        ["没有找到“一、元旦：……放假”这样的条目，请粘贴通知正文中各节日的安排。"],
    )
    assert notice_text_parse("一、春节：另行通知。", year=2027)[2] == ["“春节”一条中没有找到放假日期。"]


def test_arrangement_errors_by_field():
    periods = [
        HolidayPeriod("春节", D(2027, 2, 6), D(2027, 2, 13)),
        HolidayPeriod("元宵", D(2027, 2, 13), D(2027, 2, 13)),
    ]
    working = [WorkingDay(D(2027, 2, 8), "调休"), WorkingDay(D(2027, 3, 3), "调休"), WorkingDay(D(2028, 1, 1), "调休")]
    errors = arrangement_errors(2027, periods, working)
    assert errors == {
        "holidays": ["2027年02月13日同时列在“春节”和“元宵”中。"],
        "working_days": [
            "2027年02月08日已列为“春节”放假，不能同时是上班日。",
            "2027年03月03日是工作日（周一至周五），调休上班日应为周六或周日。",
            "2028年01月01日不在 2027 年的安排范围内。",
        ],
    }
    assert arrangement_errors(2027, [], []) == {"holidays": ["请至少填写一个放假安排。"]}
    outside = [HolidayPeriod("元旦", D(2026, 11, 30), D(2026, 11, 30))]
    assert "不在 2027 年的安排范围内" in arrangement_errors(2027, outside, [])["holidays"][0]
