"""The notice metadata form of a draft: the notice's wording and dates as the pack holds them."""

from __future__ import annotations

from typing import Any

from django import forms

REQUIRED = {"required": "请填写此项。"}
DATE_ERRORS = {"required": "请填写日期。", "invalid": "请按 2024-08-25 的格式填写日期。"}


def _text(label: str, *, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, widget=widget, help_text=help_text, error_messages=REQUIRED)


class NoticeForm(forms.Form):
    pack_id = forms.CharField(
        label="政策包标识", max_length=64, help_text="小写字母、数字和连字符，例如 hengyang-2024-gxj。",
        error_messages={**REQUIRED, "max_length": "不超过 64 个字符。"},
    )  # fmt: skip
    document_number = _text("文号")
    title = _text("通知标题", rows=2)
    issue_date = forms.DateField(
        label="发文日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )
    deadline = forms.DateField(
        label="申报截止日期", widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS,
        help_text="县市区、市直园区报送申报资料的截止日期。",
    )  # fmt: skip
    deadline_rule = _text("逾期处理", help_text="如：逾期不予受理")
    issuers = _text("发文单位及签发人", rows=2, help_text="每行一个：单位名称 签发人，如“衡阳市工业和信息化局 邹锰”。")
    legal_basis = _text("政策依据", rows=2)
    addressees = _text("主送")
    support_categories = _text("支持范围", rows=4)
    submission_requirements = _text("申报要求（组织申报）", rows=6)
    submission_email = _text("电子版报送邮箱")
    max_projects = forms.IntegerField(
        label="每家单位申报项目数上限", min_value=1,
        error_messages={**REQUIRED, "invalid": "请填写整数。", "min_value": "至少为 1。"},
    )  # fmt: skip
    project_limit_clause = _text("申报项目数限制原文", rows=2)
    hotline = _text("举报电话")
    hotline_clause = _text("举报电话条款原文", rows=3)
    summary_contacts = _text("汇总联系人", rows=2, help_text="每行一个：单位 科室 联系人 电话，以空格分隔。")
    no_application_entitlement_note = _text("免申即享说明原文", rows=2)
    performance_clause = _text("绩效管理条款原文", rows=4)

    def clean_issuers(self) -> list[tuple[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["issuers"].splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(f"第{number}行应为“单位名称 签发人”，以空格分隔。")
            rows.append((" ".join(parts[:-1]), parts[-1]))
        if not rows:
            raise forms.ValidationError("至少填写一个发文单位。")
        return rows

    def clean_summary_contacts(self) -> list[tuple[str, str, str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["summary_contacts"].splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise forms.ValidationError(f"第{number}行应为“单位 科室 联系人 电话”四项，以空格分隔。")
            rows.append(tuple(parts))
        return rows


NOTICE_FIELD_PATHS: dict[str, tuple] = {
    "pack_id": ("pack", "id"),
    "max_projects": ("pack", "project_limit", "max_projects"),
    "project_limit_clause": ("pack", "project_limit", "clause"),
    **{
        name: ("pack", "notice", name)
        for name in NoticeForm.base_fields
        if name not in ("pack_id", "max_projects", "project_limit_clause")
    },
}


def notice_initial(data: dict[str, Any]) -> dict[str, Any]:
    pack, notice = data["pack"], data["pack"]["notice"]
    initial = {name: notice.get(name, "") for name in NoticeForm.base_fields if name in notice}
    initial["issuers"] = "\n".join(f"{i['name']} {i['signer']}" for i in notice.get("issuers", []))
    initial["summary_contacts"] = "\n".join(
        f"{c['organisation']} {c['section']} {c['person']} {c['phone']}" for c in notice.get("summary_contacts", [])
    )
    initial["pack_id"] = pack["id"]
    initial["max_projects"] = pack["project_limit"]["max_projects"]
    initial["project_limit_clause"] = pack["project_limit"]["clause"]
    return initial
