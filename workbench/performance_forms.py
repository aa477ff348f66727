"""The form of a draft's 绩效与公示规则: scoring and 偏离预警, the grade bands and the 目标审核 checklist as tables
of rows (one input per cell, so a band's bound is changed where it is shown), and the 公示 period."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from workbench.edits.performance import performance_rules, public_notice_working_days

REQUIRED = {"required": "请填写此项。"}
NUMBER = {**REQUIRED, "invalid": "请填写数字。", "max_digits": "数字太长。", "max_decimal_places": "最多两位小数。"}
BLANK_ROWS = 2  # empty rows under the filled ones, for a new band or point
MAX_ROWS = 50

# How performance/scoring.py (indicator_score) scores an indicator whose target was not reached.
SHORTFALL_CHOICES = [
    ("proportional", "按完成比例扣分：未达到指标值的，得 分值 × 完成比例（定性指标未达到得 0 分）"),
    ("fixed_deduction", "扣减该指标固定比例：未达到指标值的，不论完成多少，都扣除该指标分值的固定比例"),
]
FIXED_SHARE_NEEDED = "选择“扣减该指标固定比例”时，请填写固定扣分比例。"
BAND_ROW_INCOMPLETE = "第{row}行：请填写等级名称、下限和上限。"
BAND_ROW_NUMBER = "第{row}行：下限和上限须为数字，如 80 或 82.5。"
BANDS_EMPTY = "至少填写一个等级。"
CHECKLIST_EMPTY = "至少填写一个审核要点。"
CHECKLIST_POINT_SHORT = "第{row}行：审核要点至少 2 个字。"


class _RowsWidget(forms.Widget):
    """A table of text inputs named <name>-<row>-<column>; the value is a list of rows (tuples of strings).
    `columns` are (key, header, input type); a column whose type is "hidden" is carried but not shown."""

    use_fieldset = True
    columns: tuple[tuple[str, str, str], ...] = ()

    def value_from_datadict(self, data, files, name) -> list[tuple[str, ...]]:
        rows = []
        for row in range(MAX_ROWS):
            keys = [f"{name}-{row}-{key}" for key, _, _ in self.columns]
            if not any(k in data for k in keys):
                break
            rows.append(tuple((data.get(k) or "").strip() for k in keys))
        return rows

    def format_value(self, value) -> list[tuple[str, ...]]:
        rows = [row for row in (value or []) if any(row)]
        return rows + [("",) * len(self.columns)] * BLANK_ROWS

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["columns"] = self.columns
        context["widget"]["rows"] = [
            [(key, header, kind, cell) for (key, header, kind), cell in zip(self.columns, row, strict=True)]
            for row in context["widget"]["value"]
        ]
        return context


class BandsWidget(_RowsWidget):
    template_name = "workbench/performance_rows_widget.html"
    columns = (("grade", "等级", "text"), ("min", "下限（含）", "number"), ("max", "上限（不含）", "number"))


class ChecklistWidget(_RowsWidget):
    template_name = "workbench/performance_rows_widget.html"
    columns = (("code", "", "hidden"), ("text", "审核要点", "text"))


def _number(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


class BandsField(forms.Field):
    widget = BandsWidget

    def to_python(self, value) -> list[tuple[str, Decimal, Decimal]]:
        bands, errors = [], []
        for row, (grade, low, high) in enumerate(value or [], 1):
            if not (grade or low or high):
                continue
            if not (grade and low and high):
                errors.append(BAND_ROW_INCOMPLETE.format(row=row))
                continue
            try:
                bands.append((grade, _number(low), _number(high)))
            except InvalidOperation:
                errors.append(BAND_ROW_NUMBER.format(row=row))
        if errors:
            raise forms.ValidationError(errors)
        return bands

    def validate(self, value) -> None:
        if not value:
            raise forms.ValidationError(BANDS_EMPTY)


class ChecklistField(forms.Field):
    widget = ChecklistWidget

    def to_python(self, value) -> list[tuple[str, str]]:
        points, errors = [], []
        for row, (code, text) in enumerate(value or [], 1):
            if not text:
                continue  # a cleared row removes its point
            if len(text) < 2:
                errors.append(CHECKLIST_POINT_SHORT.format(row=row))
            points.append((code, text))
        if errors:
            raise forms.ValidationError(errors)
        return points

    def validate(self, value) -> None:
        if not value:
            raise forms.ValidationError(CHECKLIST_EMPTY)


class FieldGroup:
    """Some of a form's fields under a heading, rendered by core/django_form.html like a form of their own."""

    def __init__(self, title: str, fields: list[forms.BoundField], note: str = ""):
        self.title, self.fields, self.note = title, fields, note

    def __iter__(self):
        return iter(self.fields)

    def non_field_errors(self) -> list[str]:
        return []


class PerformanceForm(forms.Form):
    total_score = forms.DecimalField(
        label="满分（分）", min_value=1, max_value=1000, max_digits=6, decimal_places=2,
        error_messages={**NUMBER, "min_value": "满分至少为 1 分。", "max_value": "满分不超过 1000 分。"},
        help_text="绩效评价的满分，也是绩效目标表（附件3）各指标分值须合计到的分数。",
    )  # fmt: skip
    deviation_threshold = forms.DecimalField(
        label="偏离预警阈值（百分点）", max_digits=5, decimal_places=2,
        error_messages=NUMBER,
        help_text="运行监控时，指标完成进度或资金支出进度落后时间进度超过这个百分点数，即提示偏离预警。"
        "大于 0，不超过 100。",
    )  # fmt: skip
    shortfall_rule = forms.ChoiceField(
        label="未完成指标的扣分方式", choices=SHORTFALL_CHOICES, widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": "请选择列出的扣分方式。"},
        help_text="绩效评价时，定量指标达到指标值得满分；未达到的按这里的方式计分。",
    )  # fmt: skip
    fixed_deduction_percent = forms.DecimalField(
        label="固定扣分比例（%）", required=False, max_digits=5, decimal_places=2,
        error_messages={**NUMBER, "min_value": "请填写大于 0 的比例。", "max_value": "不超过 100%。"},
        help_text="只在选择“扣减该指标固定比例”时使用：未达到指标值的指标扣除其分值的这一比例"
        "（如 50 即扣一半）。按完成比例扣分时不起作用。",
    )  # fmt: skip
    source = forms.CharField(
        label="依据", widget=forms.Textarea(attrs={"rows": 2}), error_messages=REQUIRED,
        help_text="这些规则的出处，如“通知 五、绩效管理；财预〔2020〕10号《项目支出绩效评价管理办法》”。",
    )  # fmt: skip
    grade_bands = BandsField(
        label="等级区间",
        help_text="每行一个等级：等级名称、下限、上限（分）。一个等级含下限、不含上限，最高的等级还含满分"
        "（如：良 80–90 含 80 分、不含 90 分；优 90–100 含 100 分）。各等级须从 0 分连续排到满分，"
        "不重叠、不留缺口：移动一个等级的下限时，请同时改下一等级的上限。清空一行即删除该等级，在空行填写即新增。",
    )
    checklist = ChecklistField(
        label="目标审核要点",
        help_text="县级和市级审核企业的绩效目标表时逐项回答“是/否”。每行一个要点；清空一行即删除该要点，"
        "在空行填写即新增。",
    )
    working_days = forms.IntegerField(
        label="公示期（工作日）", min_value=1, max_value=30,
        error_messages={**REQUIRED, "invalid": "请填写整数。", "min_value": "公示期至少 1 个工作日。",
                        "max_value": "公示期不超过 30 个工作日。"},
        help_text="奖补名单公示的工作日数，1 至 30；发布公示时以此为默认值，可在发布时另定。",
    )  # fmt: skip

    GROUPS = (
        ("评分与预警", ("total_score", "deviation_threshold", "shortfall_rule", "fixed_deduction_percent", "source")),
        ("等级区间", ("grade_bands",)),
        ("目标审核要点", ("checklist",)),
        ("公示期", ("working_days",)),
    )

    def clean_deviation_threshold(self) -> Decimal:
        value = self.cleaned_data["deviation_threshold"]
        if not 0 < value <= 100:
            raise forms.ValidationError("偏离预警阈值须大于 0、不超过 100 个百分点。")
        return value

    def clean_fixed_deduction_percent(self) -> Decimal | None:
        value = self.cleaned_data.get("fixed_deduction_percent")
        if value is not None and not 0 < value <= 100:
            raise forms.ValidationError("固定扣分比例须大于 0%、不超过 100%。")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        fixed = cleaned.get("shortfall_rule") == "fixed_deduction"
        if fixed and cleaned.get("fixed_deduction_percent") is None and "fixed_deduction_percent" not in self.errors:
            self.add_error("fixed_deduction_percent", FIXED_SHARE_NEEDED)
        return cleaned

    def groups(self) -> list[FieldGroup]:
        return [FieldGroup(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def edit_values(self) -> dict[str, Any]:
        """The cleaned data as performance_update takes it (the percentage as a share)."""
        values = dict(self.cleaned_data)
        percent = values.pop("fixed_deduction_percent", None)
        values["fixed_deduction_share"] = None if percent is None else percent / 100
        return values


PERFORMANCE_FIELD_PATHS: dict[str, tuple] = {
    "total_score": ("pack", "performance", "total_score"),
    "deviation_threshold": ("pack", "performance", "deviation_threshold"),
    "shortfall_rule": ("pack", "performance", "shortfall_rule"),
    "fixed_deduction_percent": ("pack", "performance", "fixed_deduction_share"),
    "source": ("pack", "performance", "source"),
    # The rules' own checks (bands from 0 to the total, no gap, no overlap) name the whole performance block.
    "grade_bands": ("pack", "performance"),
    "checklist": ("pack", "performance", "checklist"),
    "working_days": ("pack", "public_notice"),
}


def _shown(value: float | int) -> str:
    return f"{round(float(value), 4):g}"


def performance_initial(data: dict[str, Any], fallback: dict[str, Any] | None) -> dict[str, Any]:
    rules, _ = performance_rules(data, fallback)
    return {
        "total_score": _shown(rules["total_score"]),
        "deviation_threshold": _shown(rules["deviation_threshold"]),
        "shortfall_rule": rules["shortfall_rule"],
        "fixed_deduction_percent": _shown(rules["fixed_deduction_share"] * 100),
        "source": rules["source"],
        "grade_bands": [(b["grade"], _shown(b["min"]), _shown(b["max"])) for b in rules["grade_bands"]],
        "checklist": [(p["code"], p["text"]) for p in rules["checklist"]],
        "working_days": public_notice_working_days(data),
    }
