"""A year's holiday arrangement (节假日安排) as the State Council publishes it, read from what a city official
enters: pure, text in, dates and messages out.

The official enters two lists, one line each:
- 放假: `名称 起始日期[ 至 结束日期]`, e.g. `春节 2027-02-06 至 2027-02-13`;
- 调休上班: `日期[ 名称]`, e.g. `2027-02-14 春节调休`.
Dates may be written 2027-02-06, 2027/2/6, 2027.2.6 or 2027年2月6日.

Or the official pastes the notice itself (国务院办公厅关于××年部分节假日安排的通知), whose clauses read
"二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）
上班。"; `notice_text_parse` turns it into the two lists, for the official to check before saving.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.validators import parse_date

ONE_DAY = dt.timedelta(days=1)
MAX_PERIOD_DAYS = 15  # the longest arrangement (春节) is 9 days; a longer period is a typing error
# A date as core.validators.parse_date reads it (2027-02-06, 2027/2/6, 2027.2.6, 2027年2月6日, 20270206).
DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}"
SEPARATOR = r"\s*(?:至|到|~|～|—|－)\s*"
HOLIDAY_LINE = re.compile(rf"^(?P<name>[^\d\s:：]+)\s*[:：]?\s*(?P<first>{DATE})(?:{SEPARATOR}(?P<last>{DATE}))?$")
WORKING_DAY_LINE = re.compile(rf"^(?P<before>[^\d]*?)\s*(?P<day>{DATE})\s*(?P<after>.*)$")
DEFAULT_WORKING_DAY_NAME = "调休上班"


@dataclass(frozen=True)
class HolidayPeriod:
    name: str
    first: dt.date
    last: dt.date

    def days(self) -> list[dt.date]:
        return [self.first + ONE_DAY * n for n in range((self.last - self.first).days + 1)]

    def line(self) -> str:
        if self.first == self.last:
            return f"{self.name} {self.first.isoformat()}"
        return f"{self.name} {self.first.isoformat()} 至 {self.last.isoformat()}"


@dataclass(frozen=True)
class WorkingDay:
    day: dt.date
    name: str

    def line(self) -> str:
        return f"{self.day.isoformat()} {self.name}"


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def holiday_lines_parse(text: str) -> tuple[list[HolidayPeriod], list[str]]:
    periods, errors = [], []
    for number, line in _lines(text):
        match = HOLIDAY_LINE.match(line)
        if not match:
            errors.append(
                f"第{number}行“{line[:40]}”看不懂：请写成“名称 起始日期 至 结束日期”，如“春节 2027-02-06 至 2027-02-13”。"
            )
            continue
        first = parse_date(match["first"])
        last = parse_date(match["last"]) if match["last"] else first
        if first is None or last is None:
            errors.append(f"第{number}行的日期不存在，请检查月份和日期。")
        elif last < first:
            errors.append(f"第{number}行的结束日期早于起始日期。")
        elif (last - first).days + 1 > MAX_PERIOD_DAYS:
            errors.append(f"第{number}行的放假期间超过 {MAX_PERIOD_DAYS} 天，请检查日期。")
        else:
            periods.append(HolidayPeriod(name=match["name"], first=first, last=last))
    return periods, errors


def working_day_lines_parse(text: str) -> tuple[list[WorkingDay], list[str]]:
    days, errors = [], []
    for number, line in _lines(text):
        match = WORKING_DAY_LINE.match(line)
        day = parse_date(match["day"]) if match else None
        if match is None:
            errors.append(f"第{number}行“{line[:40]}”看不懂：请写成“日期 名称”，如“2027-02-14 春节调休”。")
        elif day is None:
            errors.append(f"第{number}行的日期不存在，请检查月份和日期。")
        else:
            name = " ".join(part for part in (match["before"].strip(" :："), match["after"].strip()) if part)
            days.append(WorkingDay(day=day, name=name or DEFAULT_WORKING_DAY_NAME))
    return days, errors


def arrangement_errors(year: int, periods: list[HolidayPeriod], working_days: list[WorkingDay]) -> dict[str, list[str]]:
    """What is wrong with the arrangement as a whole, by the field to show it at. A year's arrangement may begin
    in the December before it (2024's 元旦 ran from 30 December 2023)."""
    earliest, latest = dt.date(year - 1, 12, 1), dt.date(year, 12, 31)
    errors: dict[str, list[str]] = {"holidays": [], "working_days": []}
    if not periods:
        errors["holidays"].append("请至少填写一个放假安排。")
    seen: dict[dt.date, str] = {}
    for period in periods:
        if period.first < earliest or period.last > latest:
            errors["holidays"].append(
                f"“{period.line()}”不在 {year} 年的安排范围内（{earliest:%Y年%m月%d日}至{latest:%Y年%m月%d日}）。"
            )
        for day in period.days():
            if day in seen:
                errors["holidays"].append(f"{day:%Y年%m月%d日}同时列在“{seen[day]}”和“{period.name}”中。")
            seen[day] = period.name
    for working in working_days:
        if not earliest <= working.day <= latest:
            errors["working_days"].append(f"{working.day:%Y年%m月%d日}不在 {year} 年的安排范围内。")
        elif working.day in seen:
            errors["working_days"].append(
                f"{working.day:%Y年%m月%d日}已列为“{seen[working.day]}”放假，不能同时是上班日。"
            )
        elif working.day.weekday() < 5:
            errors["working_days"].append(
                f"{working.day:%Y年%m月%d日}是工作日（周一至周五），调休上班日应为周六或周日。"
            )
        seen.setdefault(working.day, working.name)
    return {field: messages for field, messages in errors.items() if messages}


# The notice's own wording. Each clause: "二、春节：2月15日（…）至23日（…）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
# A clause starts after the preamble's colon or a full stop: "农历腊月二十八、周日" inside a clause is not one.
CLAUSE = re.compile(
    r"(?:^|(?<=[。：:]))[一二三四五六七八九十]+、(?P<name>[^：:]+?)[：:](?P<body>.*?)(?=。[一二三四五六七八九十]+、|$)"
)
NOTICE_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:（[^）]*）)?"
NOTICE_RANGE = re.compile(rf"{NOTICE_DATE.format(p='a')}(?:至{NOTICE_DATE.format(p='b')})?[^。]*?放假")
NOTICE_DAY = re.compile(NOTICE_DATE.format(p="a"))


def _notice_date(match: re.Match, prefix: str, *, year: int, month: int | None) -> dt.date | None:
    month = int(match[f"{prefix}m"]) if match[f"{prefix}m"] else month
    if month is None:
        return None
    if match[f"{prefix}y"]:
        year = int(match[f"{prefix}y"])
    elif month == 12:
        year -= 1  # 元旦 may begin in the December before the arrangement's year
    try:
        return dt.date(year, month, int(match[f"{prefix}d"]))
    except ValueError:
        return None


def notice_text_parse(text: str, *, year: int) -> tuple[list[HolidayPeriod], list[WorkingDay], list[str]]:
    """The holidays and make-up working days of the State Council's notice for `year`, pasted as text."""
    periods: list[HolidayPeriod] = []
    working_days: list[WorkingDay] = []
    errors: list[str] = []
    clauses = list(CLAUSE.finditer(re.sub(r"\s+", "", text)))
    if not clauses:
        return [], [], ["没有找到“一、元旦：……放假”这样的条目，请粘贴通知正文中各节日的安排。"]
    for clause in clauses:
        name, body = clause["name"], clause["body"]
        found = NOTICE_RANGE.search(body)
        if found is None:
            errors.append(f"“{name}”一条中没有找到放假日期。")
            continue
        first = _notice_date(found, "a", year=year, month=None)
        last = _notice_date(found, "b", year=year, month=first.month if first else None) if found["bd"] else first
        if first is None or last is None or last < first:
            errors.append(f"“{name}”一条的放假日期无法识别。")
            continue
        periods.append(HolidayPeriod(name=name, first=first, last=last))
        for sentence in body[found.end() :].split("。"):
            if not sentence.endswith("上班"):
                continue
            for day in NOTICE_DAY.finditer(sentence):
                date = _notice_date(day, "a", year=year, month=None)
                if date is None:
                    errors.append(f"“{name}”一条的上班日期无法识别。")
                else:
                    working_days.append(WorkingDay(day=date, name=f"{name}调休上班"))
    return periods, working_days, errors
