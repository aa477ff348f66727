"""The structure the template renders (applications/form_fields.html and the 申报书 DOCX): form, section
and field views, and the partial and <input> attributes each field kind uses."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

# The drawing function of policies/formengine/html.py (KINDS) that draws each kind; the name of a partial of
# applications/form_fields.html before the fields were drawn in Python.
PARTIALS = {
    **dict.fromkeys(("text", "phone", "email", "uscc", "id_number", "industry"), "text"),
    **dict.fromkeys(("integer", "year", "number", "money", "percentage"), "number"),
    **dict.fromkeys(("date", "year_month"), "date"),
    **{
        kind: kind  # a partial of its own
        for kind in ("long_text", "boolean", "single_choice", "multiple_choice", "year_table", "table")
        + ("heading", "guidance", "signature", "material")
    },
}
# (type, inputmode, placeholder, autocomplete). Numbers, e-mails and dates stay type="text" where a
# browser would otherwise refuse or silently drop what was typed (type="number" posts "" for "12,3").
INPUTS = {
    "text": ("text", "", "", ""),
    "phone": ("tel", "tel", "如 13812345678 或 0734-8855130", "tel"),
    "email": ("text", "email", "name@example.com", "email"),
    "uscc": ("text", "", "18 位，见营业执照", ""),
    "id_number": ("text", "", "18 位", ""),
    "industry": ("text", "", "", ""),
    "integer": ("text", "numeric", "", ""),
    "year": ("text", "numeric", "如 2023", ""),
    "number": ("text", "decimal", "", ""),
    "money": ("text", "decimal", "", ""),
    "percentage": ("text", "decimal", "", ""),
    "date": ("date", "", "2023-08-25", ""),
    "year_month": ("month", "", "2023-08", ""),
}
INDUSTRY_PLACEHOLDER = {
    "大类": "如 35 专用设备制造业",
    "中类": "如 351 采矿、冶金、建筑专用设备制造",
    "小类": "如 3054 日用玻璃制品制造",
}


@dataclass
class OptionView:
    value: str
    label: str
    id: str
    checked: bool = False
    other: bool = False


@dataclass
class ColumnView:
    id: str
    label: str
    required: bool
    unit: str
    help: str
    max_chars: int | None


@dataclass
class FieldView:
    """One thing the template draws: a field, or one cell of a year table or a table."""

    partial: str
    kind: str
    label: str
    path: str = ""
    name: str = ""
    anchor: str = ""
    group: str = ""
    required: bool = False
    unit: str = ""
    help: str = ""
    help_id: str = ""
    error: str = ""
    error_id: str = ""
    describedby: str = ""
    comment: str = ""
    readonly: bool = False
    in_table: bool = False  # a cell: its label is read by screen readers only
    in_repeat: bool = False  # a cell of a repeating table
    row_number: str = ""  # table cells: the row's number, renumbered by forms.js
    value: str = ""  # the text in the box (raw text when it is not a valid value)
    display: str = ""  # readonly: the value as text
    input_type: str = "text"
    inputmode: str = ""
    placeholder: str = ""
    autocomplete: str = ""
    max_chars: int | None = None
    max_length: int = 0  # the box's maxlength (values.max_length)
    count_id: str = ""
    char_count: int = 0
    over_limit: bool = False
    options: list[OptionView] = dataclasses.field(default_factory=list)
    other_name: str = ""
    other_anchor: str = ""
    other_label: str = ""
    other_value: str = ""
    other_error: str = ""
    other_error_id: str = ""
    text: str = ""  # guidance body; signature wording
    href: str = ""  # material slot
    years: list[str] = dataclasses.field(default_factory=list)
    year_rows: list[YearRowView] = dataclasses.field(default_factory=list)
    columns: list[ColumnView] = dataclasses.field(default_factory=list)
    rows: list[TableRowView] = dataclasses.field(default_factory=list)
    template_row: TableRowView | None = None
    row_key_name: str = ""
    min_rows: int | None = None
    max_rows: int | None = None


@dataclass
class YearRowView:
    id: str
    label: str
    unit: str
    cells: list[FieldView]


@dataclass
class TableRowView:
    key: str
    number: str
    key_name: str
    cells: list[FieldView]


@dataclass
class SectionView:
    id: str
    anchor: str
    title: str
    guidance: str
    fields: list[FieldView]


@dataclass
class FormView:
    id: str
    anchor: str
    title: str
    source: str
    note: str
    readonly: bool
    sections: list[SectionView]
