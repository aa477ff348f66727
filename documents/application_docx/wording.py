"""What the 申报书 prints besides the templates' own text, and how a value is worded in a cell: dates in
Chinese, units, every option of a choice as ☑/☐."""

from __future__ import annotations

import datetime as dt
import re

import cn2an

from documents import docx_base as word
from policies.formengine.layout import FieldView
from policies.pack.schema import FormField

DRAFT = "草稿（未提交）"
COMMITMENT_TITLE = "真实性承诺书"
NO_COMMITMENT_TEXT = "本事项的申报材料模板未印制承诺书文字；承诺函作为申报材料另行上传。"
VERIFY_CAPTION = "扫码核验"
SIGNATURE_LINE = "＿" * 8

_DATE_PLACEHOLDER = re.compile(r"^[\s年月日]*年[\s年月日]*$")


def chinese_date(value: dt.date | dt.datetime | str | None) -> str:
    """2023-08-25 → 2023年8月25日; an unparsable string is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def is_date_placeholder(field: FormField) -> bool:
    """A date whose label is the template's blank "年 月 日": it prints as the date itself."""
    return field.kind == "date" and bool(_DATE_PLACEHOLDER.match(field.label))


def with_unit(text: str, label: str, unit: str | None) -> str:
    if text and unit and unit not in label:
        return f"{text}{unit}"
    return text


def _option_texts(view: FieldView) -> list[str]:
    """Every option of a choice or a yes/no, ☑ or ☐, with the text of a ticked 其他（请注明）."""
    parts = []
    for option in view.options:
        label = option.label
        if option.other and option.checked and view.other_value:
            label = f"{label}：{view.other_value}"
        parts.append(word.checkbox(option.checked, label))
    return parts


def value_text(field: FormField, view: FieldView, *, separator: str = "  ") -> str:
    """A value as printed in its cell: every option ☑/☐ for choices and yes/no, else the text with its unit."""
    if view.options:
        return separator.join(_option_texts(view))
    return with_unit(view.display, field.label, field.unit)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def chinese_number(number: int) -> str:
    return cn2an.an2cn(number)
