"""节假日安排: the 中小企业科 enters each year's holiday arrangement, typed or read from the pasted notice, so that
deadlines, reminders and the 公示 period are counted on it (core.workdays) before the chinesecalendar package
knows the year."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core import workdays
from core.actions import not_found_unless, run_form_action
from core.holidays import notice_text_parse
from policies import permissions, selectors, services
from policies.forms import HolidayArrangementForm, NoticeTextForm

FIRST_YEAR, LAST_YEAR = 2020, 2100


@require_GET
@login_required
def work_calendar(request):
    not_found_unless(permissions.can_manage_work_calendar(request.user))
    arrangements = list(selectors.holiday_arrangements())
    entered = {a.year for a in arrangements}
    this_year = timezone.localdate().year
    years = [
        {"year": year, "entered": year in entered, "library": workdays.library_knows_year(year)}
        for year in range(this_year - 1, this_year + 3)
    ]
    return render(request, "policies/work_calendar.html", {"arrangements": arrangements, "years": years})


def _initial(year: int) -> dict:
    arrangement = selectors.holiday_arrangement_for_year(year)
    if arrangement is None:
        return {}
    holidays: dict[str, list[dt.date]] = {}
    working = []
    for day in arrangement.days.all():
        if day.is_working_day:
            working.append(f"{day.day.isoformat()} {day.name}")
        else:
            holidays.setdefault(day.name, []).append(day.day)
    lines = [f"{name} {min(days).isoformat()} 至 {max(days).isoformat()}" for name, days in holidays.items()]
    return {
        "document_number": arrangement.document_number,
        "published_on": arrangement.published_on,
        "holidays": "\n".join(lines),
        "working_days": "\n".join(working),
    }


@require_http_methods(["GET", "POST"])
@login_required
def work_calendar_edit(request, year: int):
    not_found_unless(permissions.can_manage_work_calendar(request.user) and FIRST_YEAR <= year <= LAST_YEAR)
    form = HolidayArrangementForm(initial=_initial(year))
    notice_form = NoticeTextForm()
    status = 200
    if request.method == "POST" and "notice_text" in request.POST:
        notice_form = NoticeTextForm(request.POST)
        # What the official typed above stays as typed if the notice cannot be read.
        form = HolidayArrangementForm(initial={**_initial(year), **_typed(request.POST)})
        if notice_form.is_valid():
            periods, working_days, errors = notice_text_parse(notice_form.cleaned_data["notice_text"], year=year)
            if errors or not periods:
                notice_form.add_error("notice_text", errors or ["没有识别出放假安排。"])
                status = 400
            else:
                form = HolidayArrangementForm(
                    initial={
                        **_typed(request.POST),
                        "holidays": "\n".join(p.line() for p in periods),
                        "working_days": "\n".join(w.line() for w in working_days),
                    }
                )
                messages.info(
                    request,
                    f"已从通知原文识别出 {len(periods)} 个放假安排、{len(working_days)} 个调休上班日，已填入下方，"
                    "请与通知核对后点“保存”。尚未保存。",
                )
        else:
            status = 400
    elif request.method == "POST":
        form = HolidayArrangementForm(request.POST)
        saved = run_form_action(
            form,
            lambda: services.holiday_arrangement_save(
                actor=request.user,
                year=year,
                document_number=form.cleaned_data["document_number"],
                published_on=form.cleaned_data["published_on"],
                periods=form.cleaned_data["holidays"],
                working_days=form.cleaned_data["working_days"],
            ),
        )
        if saved:
            messages.success(request, f"{year}年节假日安排已保存，期限和公示期自即日起按此计算。")
            return redirect("policies:work_calendar")
        status = 400
    context = {"year": year, "form": form, "notice_form": notice_form, "focus": _focus(form, notice_form)}
    return render(request, "policies/work_calendar_edit.html", context, status=status)


def _typed(data) -> dict:
    return {key: data.get(key, "") for key in ("document_number", "published_on", "holidays", "working_days")}


def _focus(form, notice_form) -> str:
    """Where the page opens after a refusal: the first field with an error (core/app.js scrolls it into view)."""
    for each, whole in ((notice_form, "notice-form"), (form, "arrangement-form")):
        if each.is_bound and each.errors:
            first = next(iter(each.errors))
            return whole if first == "__all__" else f"field-{first}"
    return ""
