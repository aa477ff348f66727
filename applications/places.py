"""Where an answer path sits, named as the person reads the page: the form (附件 number and title),
the section, and the field with its row or line, so that a list of problems never shows an internal
key ("2-12.legal_representative_id_number") and no two entries read the same.

Pure functions over the frozen form templates; no ORM, no request.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from policies.formengine.fields import as_templates, display_label
from policies.formengine.paths import path_to_anchor
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate

# A template's blank date, "(20 年)", "（年版）" or "年 月 日": the list names what it asks for.
_BLANK_YEAR = re.compile(r"^[(（]?\s*(20)?\s*年(版)?\s*(月\s*(日)?)?\s*[)）]?$")
_BLANK_NAMES = (("日", "日期", "____年__月__日"), ("月", "年月", "____年__月"), ("版", "版本年份", "20__ 年"))
_ROW_INDEX = re.compile(r"\[(\d+)\]")
_ROW_HINT_CHARS = 24


@dataclass(frozen=True)
class Place:
    path: str
    anchor: str
    form: str  # "附件2-12《衡阳市企业数字化转型项目专项资金申请表》"
    section: str  # "" when it only repeats the form's title
    label: str  # "法人代表 › 身份证号", with its row or line when the label alone is ambiguous

    @property
    def where(self) -> str:
        return f"{self.form} · {self.section}" if self.section else self.form


def _form_name(form: FormTemplate) -> str:
    return f"{form.source}《{form.title}》"


def _field_label(field: FormField, value_text: str = "") -> str:
    label = display_label(field)
    if _BLANK_YEAR.match(field.label.strip()):
        name, blank = next(((n, b) for mark, n, b in _BLANK_NAMES if mark in field.label), ("年份", "20__ 年"))
        typed = value_text.strip()
        label = f"{name}（{typed + (' 年' if blank.endswith('年') else '') if typed else blank}）"
    return label


def _hint(text: str | None) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= _ROW_HINT_CHARS else text[:_ROW_HINT_CHARS] + "…"


def _slots(form: FormTemplate):
    """(section, field, path pattern, label, row hint) of every value slot of a form, in page order; a
    table's rows are "[]" in the pattern and numbered when a path is resolved."""
    for section in form.sections:
        for field in section.fields:
            base = f"{form.id}.{field.id}"
            label = _field_label(field)
            if field.kind in VALUE_KINDS:
                yield section, field, base, label, field.help
            elif field.kind == "year_table":
                for row in field.rows or []:
                    for year in field.years or []:
                        yield section, row, f"{base}.{row.id}.{year}", f"{label} · {row.label} · {year}年", ""
            elif field.kind == "table":
                yield section, field, base, label, ""
                for column in field.columns or []:
                    yield section, column, f"{base}[].{column.id}", f"{label} · 第{{row}}行 · {column.label}", ""


def answer_places(
    forms: list[dict] | list[FormTemplate], paths: list[str], raw: dict[str, str] | None = None
) -> dict[str, Place]:
    """path -> Place for each of the paths (answer paths as validate_answers and missing_required give
    them, "….other" included). A label that several slots of one section share (the eight
    "基本要求 › 是否符合" of 附件2-10-1) carries the row's own text, so each entry can be told apart."""
    raw = raw or {}
    templates = {t.id: t for t in as_templates(forms)}
    by_form: dict[str, tuple[dict, Counter]] = {}
    out: dict[str, Place] = {}
    for path in paths:
        form = templates.get(path.split(".", 1)[0])
        if form is None:
            continue
        if form.id not in by_form:
            slots = list(_slots(form))
            by_form[form.id] = ({s[2]: s for s in slots}, Counter((s[0].id, s[3]) for s in slots))
        slots_by_pattern, shared = by_form[form.id]
        pattern = _ROW_INDEX.sub("[]", path)
        other = pattern.endswith(".other")
        if other:
            pattern = pattern[: -len(".other")]
        found = slots_by_pattern.get(pattern)
        if found is None:
            continue
        section, field, _, label, hint = found
        if "{row}" in label:
            label = label.replace("{row}", str(int(_ROW_INDEX.search(path).group(1)) + 1))
        elif _BLANK_YEAR.match(field.label.strip()):
            label = _field_label(field, raw.get(path, ""))
        if shared[(section.id, found[3])] > 1 and hint:
            label = f"{label}（{_hint(hint)}）"
        if other:
            label = f"{label} · 其他（请注明）"
        title = section.title.strip()
        if title and label.startswith(title + " "):  # a group repeating its section: "基础设施 可选 › …"
            label = label[len(title) + 1 :]
        out[path] = Place(
            path=path,
            anchor=path_to_anchor(path),
            form=_form_name(form),
            section="" if title in (form.title.strip(), "") else title,
            label=label,
        )
    return out
