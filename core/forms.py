from django import forms

from core import validators
from core.choices import AuditVerb
from core.text import strip_invisible


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2023-08-25) whatever the locale's input format
    (zh-hans renders 2023/08/25, which a date input silently drops, so an initial date was lost)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BoundedDateField(forms.DateField):
    """A date between `earliest` and `latest` (by default the platform's range, core.validators): a typing
    slip such as 0001 or 9999 is refused at the field instead of reaching a query or a record."""

    def __init__(self, *, earliest=None, latest=None, out_of_range: str = validators.DATE_OUT_OF_RANGE, **kwargs):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("error_messages", {"invalid": "日期格式应为 2023-08-25。"})
        super().__init__(**kwargs)
        self.earliest, self.latest, self.out_of_range = earliest, latest, out_of_range

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        earliest = (self.earliest() if callable(self.earliest) else self.earliest) or validators.EARLIEST_DATE
        latest = (self.latest() if callable(self.latest) else self.latest) or validators.LATEST_DATE
        if not earliest <= value <= latest:
            raise forms.ValidationError(self.out_of_range.format(earliest=earliest, latest=latest), code="out_of_range")


class LineField(forms.CharField):
    """One line of text a person types (a name, a title): control and invisible format characters such as
    U+202E are removed before anything else looks at it (core.text.strip_invisible)."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_invisible(value) if isinstance(value, str) else value


BAD_VERSION = "页面已过期或不完整（缺少有效的版本号），本次未保存。请先复制您填写的内容，刷新页面后再保存。"


def posted_version(data, name: str = "version") -> int | None:
    """The version number a page posts back for optimistic locking, or None when it is missing or no number
    (a page cut short, or a hand-made request)."""
    text = (data.get(name) or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    verb = forms.ChoiceField(label="动作", required=False, choices=[("", "全部"), *AuditVerb.choices])
    target = forms.CharField(label="对象", required=False, max_length=255)
    date_from = BoundedDateField(label="起始日期", required=False)
    date_to = BoundedDateField(label="截止日期", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data
