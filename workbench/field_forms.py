"""The web forms of the form-field editor: adding a field to a template, and changing one. What a person may
get wrong in the inputs is said here, at the input; what only the whole pack can tell (workbench.validation)
comes back from draft_data_save and is placed by `problems_add`."""

from __future__ import annotations

from django import forms

from policies.pack.schema.base import UNITS
from workbench import form_fields as ff
from workbench.validation import Problem

UNIT_CHOICES = [("", "（无单位）"), *((u, u) for u in UNITS)]
MONEY_UNITS = ("万元", "万美元", "元")
PERCENT_UNITS = ("%", "百分点")
MAX_OPTIONS = 30

MONEY_UNIT_NEEDED = "金额字段的单位须为 万元、万美元 或 元"
PERCENT_UNIT_NEEDED = "百分比字段的单位须为 % 或 百分点"
UNIT_NOT_FOR_KIND = "{kind}字段没有单位，请选择“（无单位）”"
OPTIONS_NEEDED = "单选、多选字段请至少填写两个选项，每行一个"
OPTIONS_DUPLICATE = "选项重复：{labels}"
OPTIONS_TOO_MANY = f"选项最多 {MAX_OPTIONS} 个"
OPTIONS_NOT_FOR_KIND = "只有单选、多选字段有选项"
LABEL_MAX = 200


def unit_error(kind: str, unit: str) -> str | None:
    """The schema's unit rules (policies.pack.schema.forms.FormField), said at the unit input."""
    if kind == "money" and unit not in MONEY_UNITS:
        return MONEY_UNIT_NEEDED
    if kind == "percentage" and unit not in PERCENT_UNITS:
        return PERCENT_UNIT_NEEDED
    if unit and not ff.takes_unit(kind):
        return UNIT_NOT_FOR_KIND.format(kind=ff.KIND_LABELS.get(kind, kind))
    return None


class FieldChangeForm(forms.Form):
    label = forms.CharField(label="字段名称", max_length=LABEL_MAX, error_messages={"required": ff.LABEL_EMPTY})
    unit = forms.ChoiceField(label="单位", choices=UNIT_CHOICES, required=False)
    required = forms.BooleanField(label="必填", required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in ff.NOT_REQUIRABLE_KINDS:
            del self.fields["required"]
        if not (ff.takes_unit(kind) or self.initial.get("unit")):
            del self.fields["unit"]

    def clean(self):
        cleaned = super().clean()
        if "unit" in self.fields and "unit" not in self.errors:
            error = unit_error(self.kind, cleaned.get("unit") or "")
            if error:
                self.add_error("unit", error)
        return cleaned


class FieldAddForm(forms.Form):
    section = forms.ChoiceField(label="添加到")
    kind = forms.ChoiceField(label="字段类型", choices=list(ff.ADDABLE_KINDS.items()))
    label = forms.CharField(label="字段名称", max_length=LABEL_MAX, error_messages={"required": ff.LABEL_EMPTY})
    unit = forms.ChoiceField(
        label="单位", choices=UNIT_CHOICES, required=False, help_text="仅数值类字段（整数、数值、金额、百分比）"
    )
    required = forms.BooleanField(label="必填", required=False)
    options = forms.CharField(
        label="选项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="单选、多选字段：每行一个选项",
    )
    help = forms.CharField(label="填写说明", required=False, max_length=500)

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s["id"], s["title"]) for s in sections]

    def clean(self):
        cleaned = super().clean()
        kind, unit = cleaned.get("kind"), cleaned.get("unit") or ""
        if kind and "unit" not in self.errors:
            error = unit_error(kind, unit)
            if error:
                self.add_error("unit", error)
        if kind in ff.NOT_REQUIRABLE_KINDS and cleaned.get("required"):
            self.add_error("required", ff.NOT_REQUIRABLE.format(kind=ff.KIND_LABELS[kind]))
        labels = [line.strip() for line in (cleaned.get("options") or "").splitlines() if line.strip()]
        if kind in ff.CHOICE_KINDS:
            duplicates = sorted({label for label in labels if labels.count(label) > 1})
            if len(labels) < 2:
                self.add_error("options", OPTIONS_NEEDED)
            elif duplicates:
                self.add_error("options", OPTIONS_DUPLICATE.format(labels="、".join(duplicates)))
            elif len(labels) > MAX_OPTIONS:
                self.add_error("options", OPTIONS_TOO_MANY)
        elif labels:
            self.add_error("options", OPTIONS_NOT_FOR_KIND)
        cleaned["option_labels"] = tuple(labels)
        return cleaned

    def new_field(self) -> ff.NewField:
        c = self.cleaned_data
        return ff.NewField(
            kind=c["kind"],
            label=c["label"],
            unit=c.get("unit") or None,
            required=bool(c.get("required")),
            help=c.get("help") or None,
            options=c["option_labels"],
        )


def problems_add(form: forms.Form, problems: list[Problem], field_path: tuple | None) -> None:
    """Put the pack's problems on the form: one at the edited field's own key (label, unit, options, required)
    under that input; any other (the field as a whole, or elsewhere in the pack) as the form's own error."""
    for problem in problems:
        name = None
        if field_path is not None and problem.path[: len(field_path)] == field_path:
            rest = problem.path[len(field_path) :]
            if rest and rest[0] in form.fields:
                name = rest[0]
        form.add_error(name, problem.message)
