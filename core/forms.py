from django import forms

from core.choices import AuditVerb


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2023-08-25) whatever the locale's input format
    (zh-hans renders 2023/08/25, which a date input silently drops, so an initial date was lost)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    verb = forms.ChoiceField(label="动作", required=False, choices=[("", "全部"), *AuditVerb.choices])
    target = forms.CharField(label="对象", required=False, max_length=255)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data
