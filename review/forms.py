"""Forms of the officials' pages; every message in Chinese."""

from __future__ import annotations

from django import forms

from accounts import permissions as base
from accounts.models import Jurisdiction
from applications.models import Application
from core.forms import DateInput
from review.models import ReviewOpinion
from review.selectors import LIST_DEFERRED
from review.workflow import ApplicationStatus

DECISIONS = [(d.value, d.label) for d in ReviewOpinion.Decision]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审核意见", choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="理由 / 意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.DecimalField(
        label="建议奖补金额（万元）", required=False, min_value=0, max_digits=14, decimal_places=2,
        error_messages={"invalid": "请输入金额（万元），最多两位小数。", "min_value": "金额不能为负数。"},
    )  # fmt: skip

    def field_comments(self) -> dict[str, str]:
        """Comments keyed by a form path ("comment:2-2.project_name") shown beside the enterprise's fields."""
        return {
            key.removeprefix("comment:"): value.strip()
            for key, value in self.data.items()
            if key.startswith("comment:") and value.strip()
        }


class BulkForm(forms.Form):
    decision = forms.ChoiceField(
        label="批量操作", choices=[("agree", "同意"), ("return", "退回修改")],
        error_messages={"required": "请选择批量操作。"},
    )  # fmt: skip
    reason = forms.CharField(label="理由（退回时必填）", required=False, max_length=2000)


class WorklistFilterForm(forms.Form):
    q = forms.CharField(label="企业名称或统一社会信用代码", required=False, max_length=64)
    item = forms.TypedChoiceField(label="支持事项", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + list(ApplicationStatus.choices))
    jurisdiction = forms.ModelChoiceField(label="县市区/园区", required=False, queryset=Jurisdiction.objects.all(),
                                          empty_label="全部")  # fmt: skip
    submitted_from = forms.DateField(label="提交日期从", required=False, widget=DateInput())
    submitted_to = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from policies.selectors import pack_current

        pack = pack_current()
        items = list(pack.items.order_by("number").values_list("number", "name")) if pack else []
        self.fields["item"].choices = [("", "全部")] + [(n, f"{n}. {name}") for n, name in items]
        if base.is_county_reviewer(user):
            del self.fields["jurisdiction"]  # a county sees only its own


class BatchCreateForm(forms.Form):
    number = forms.CharField(label="推荐文件文号", max_length=64, required=False)
    applications = forms.ModelMultipleChoiceField(
        label="推荐的申报（县级审核通过）", queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个县级审核通过的申报。"},
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = (
            Application.objects.filter(
                enterprise__jurisdiction_id=user.organisation.jurisdiction_id,
                status=ApplicationStatus.COUNTY_APPROVED, batch__isnull=True,
            ).select_related("enterprise", "item").defer(*LIST_DEFERRED).order_by("item__number", "pk")
        )  # fmt: skip
