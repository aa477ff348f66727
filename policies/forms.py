"""The holiday arrangement (节假日安排) the 中小企业科 enters: two lists of lines, or the notice's text pasted."""

from __future__ import annotations

from django import forms

from core.holidays import holiday_lines_parse, working_day_lines_parse

HOLIDAYS_HELP = "每行一个节日：名称 起始日期 至 结束日期，如“春节 2027-02-06 至 2027-02-13”；只放假一天的写一个日期。"
WORKING_DAYS_HELP = "每行一个调休上班日：日期 名称，如“2027-02-14 春节调休上班”。没有调休上班日的留空。"


class HolidayArrangementForm(forms.Form):
    document_number = forms.CharField(
        label="通知文号", max_length=100, help_text="国务院办公厅通知的文号，如“国办发明电〔2026〕×号”。"
    )
    published_on = forms.DateField(label="发布日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    holidays = forms.CharField(
        label="放假安排", max_length=5000, help_text=HOLIDAYS_HELP, widget=forms.Textarea(attrs={"rows": 8})
    )
    working_days = forms.CharField(
        label="调休上班日",
        max_length=5000,
        required=False,
        help_text=WORKING_DAYS_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_holidays(self):
        periods, errors = holiday_lines_parse(self.cleaned_data["holidays"])
        if errors:
            raise forms.ValidationError(errors)
        return periods

    def clean_working_days(self):
        days, errors = working_day_lines_parse(self.cleaned_data["working_days"])
        if errors:
            raise forms.ValidationError(errors)
        return days


class NoticeTextForm(forms.Form):
    notice_text = forms.CharField(
        label="通知原文",
        max_length=20000,
        help_text="粘贴国务院办公厅关于部分节假日安排的通知正文（从“一、元旦”到最后一个节日），系统识别后填入上面两栏，核对无误再保存。",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
