"""Forms of the officials' pages; every message in Chinese."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

from accounts import permissions as base
from accounts.models import Jurisdiction
from applications.models import Application
from applications.workflow import ApplicationStatus
from core.forms import BoundedDateField, LineField
from review import permissions
from review.models import ReviewOpinion
from review.selectors import LIST_DEFERRED
from review.signoff import SignOffFacts
from review.widgets import PlainSelect

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


@functools.cache
def bulk_form_html() -> SafeString:
    """The work list's empty bulk form, `BulkForm().as_div()`: unbound, it draws the same HTML every time, so it
    is drawn once per process (issue 17: about a millisecond of each work-list page). Its errors are told as
    messages after a redirect (views.bulk), never in this form."""
    return BulkForm().as_div()


class WorklistFilterForm(forms.Form):
    q = forms.CharField(label="企业名称或统一社会信用代码", required=False, max_length=64)
    # The select boxes are drawn in Python (review/widgets.py): the same HTML for a tenth of the page's CPU.
    pack = forms.ChoiceField(label="政策包", required=False, widget=PlainSelect)
    item = forms.TypedChoiceField(label="支持事项", required=False, coerce=int, empty_value=None, widget=PlainSelect)
    # Officials never see a draft (applications_visible_to leaves them out), so they cannot filter for one.
    status = forms.ChoiceField(
        label="状态", required=False, widget=PlainSelect,
        choices=[("", "全部")] + [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
    )  # fmt: skip
    jurisdiction = forms.ModelChoiceField(label="县市区/园区", required=False, queryset=Jurisdiction.objects.all(),
                                          empty_label="全部", widget=PlainSelect)  # fmt: skip
    submitted_from = BoundedDateField(label="提交日期从", required=False)
    submitted_to = BoundedDateField(label="至", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from policies.selectors import pack_models, packs_offered

        # The items offered are those of the chosen pack, of the default pack when none is chosen; the 附件4
        # buttons export that pack's table (SummaryOptions.pack).
        offered = packs_offered()
        self.fields["pack"].choices = [("", "全部政策包")] + [
            (o.pack.pack_id, f"{o.pack.year}年 {o.pack.document_number}{'（示例）' if o.example else ''}")
            for o in offered
        ]
        chosen = self.data.get("pack", "") if self.is_bound else ""
        self.summary_pack = next(
            (o.pack for o in offered if o.pack.pack_id == chosen), offered[0].pack if offered else None
        )
        pack = self.summary_pack
        # The pack's items from its models, kept per stored pack (pk and digest), not read again: the SupportItem rows
        # are written from the same models when the pack is loaded, and neither ever changes (issue 17).
        items = sorted((item.number, item.name) for item in pack_models(pack)[1]) if pack else []
        self.fields["item"].choices = [("", "全部")] + [(n, f"{n}. {name}") for n, name in items]
        if base.is_county_reviewer(user):
            del self.fields["jurisdiction"]  # a county sees only its own


QUOTA_GROUP_NOTE = "各县市区、市直园区限报{quota}个：本组只能选择{quota}个，其余将标记为“不予推荐（限额）”。"


@dataclass
class ItemChoices:
    """The approved applications of one item, as the county chooses among them; `quota` for a 限报 item."""

    number: int
    name: str
    quota: int | None
    options: list = field(default_factory=list)  # the checkboxes (bound widgets)

    @property
    def quota_note(self) -> str:
        return QUOTA_GROUP_NOTE.format(quota=self.quota) if self.quota else ""


class ApplicationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        return f"{obj.enterprise.name} · {obj.project_name or obj.item.name}"

    def _check_values(self, value):
        # An id of more digits than an integer column holds overflowed SQLite (a 500): refused like any other
        # value that names no application.
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class BatchCreateForm(forms.Form):
    number = LineField(label="推荐文件文号", max_length=64, required=False)
    applications = ApplicationChoiceField(
        label="推荐的申报（县级审核通过）", queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个县级审核通过的申报。"},
    )  # fmt: skip

    def item_groups(self) -> list[ItemChoices]:
        """The checkboxes grouped by item, in item order, so that the county sees which choices share a quota
        (items 3, 4 and 10: one per jurisdiction). Reads the choices once: no query beyond the list's own."""
        groups: dict[int, ItemChoices] = {}
        for option in self["applications"]:
            item = option.data["value"].instance.item
            group = groups.setdefault(item.number, ItemChoices(item.number, item.name, item.county_quota))
            group.options.append(option)
        return list(groups.values())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = (
            permissions.batch_candidates_for(user)
            .select_related("enterprise", "item")
            .defer(*LIST_DEFERRED)
            .order_by("item__number", "pk")
        )


SIGN_OFF_UNCHECKED = "请勾选确认后再签署。"


class SignOffForm(forms.Form):
    """The confirmation step of a real-name sign-off: the facts shown travel back with the tick, so that the
    service can refuse if what is signed is no longer what was read."""

    count = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    total = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=16, decimal_places=2)
    confirm = forms.BooleanField(error_messages={"required": SIGN_OFF_UNCHECKED})

    def __init__(self, *args, facts: SignOffFacts, signer: str, action: str, **kwargs):
        kwargs.setdefault("initial", {"count": facts.count, "total": facts.total})
        super().__init__(*args, **kwargs)
        self.facts = facts
        self.fields["confirm"].label = f"本人{signer}已核对上述内容（文号、项目数、金额合计），确认以本人实名{action}。"

    def confirmed(self) -> SignOffFacts:
        return SignOffFacts(
            document=self.facts.document, count=self.cleaned_data["count"], total=self.cleaned_data["total"],
            total_label=self.facts.total_label,
        )  # fmt: skip


class ItemBudgetForm(forms.Form):
    """One item's budget on the budget page (each row has its own prefix, so a refusal stays on its row)."""

    amount = forms.DecimalField(
        label="预算（万元）", min_value=0, max_digits=14, decimal_places=2,
        error_messages={"required": "请填写预算（万元）。", "invalid": "请输入金额（万元），最多两位小数。",
                        "min_value": "金额不能为负数。", "max_digits": "金额过大，最多 12 位整数。",
                        "max_decimal_places": "最多两位小数。", "max_whole_digits": "金额过大，最多 12 位整数。"},
    )  # fmt: skip
