"""policies/formengine/html.py draws every field kind exactly as golden_html/ holds it, byte for byte: each kind
editable, with errors (raw text, reviewers' comments, an error on the 其他 text, an error already marked safe),
read-only filled and read-only empty, as a year-table cell and as a cell of a repeating table, with
HTML-special characters everywhere. The golden files were taken from the template partials this module
replaced (applications/form_fields.html before the switch), so a changed byte fails here. After an intended
change of the markup: UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:xdist policies/tests/formengine/test_html.py,
then read the diff of golden_html/. Pure: no database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from policies.formengine import html as html_module
from policies.formengine.html import KINDS, field_html
from policies.formengine.layout import PARTIALS
from policies.formengine.render import render_sections
from policies.pack.schema import FormTemplate

GOLDEN = Path(__file__).with_name("golden_html")
SPECIAL = "<b>&amp;</b> \"双\" 'single'"  # HTML-special characters, as typed
CHOICES = [
    {"value": "a", "label": "甲 <A>"},
    {"value": "b", "label": '乙 "B"'},
    {"value": "other", "label": "其他（请注明）", "other": True},
]
CELL_KINDS = [  # every value kind a cell can have; table columns and year-table rows take the same kinds
    {"id": "t", "label": f"文本{SPECIAL}", "kind": "text", "required": True, "max_chars": 8, "help": f"说明{SPECIAL}"},
    {"id": "lt", "label": "长文本", "kind": "long_text", "max_chars": 5},
    {"id": "ph", "label": "电话", "kind": "phone"},
    {"id": "ind", "label": "行业", "kind": "industry", "level": "中类"},
    {"id": "d", "label": "日期", "kind": "date"},
    {"id": "ym", "label": "年月", "kind": "year_month"},
    {"id": "m", "label": "金额", "kind": "money", "unit": "万元"},
    {"id": "i", "label": "人数", "kind": "integer"},
    {"id": "bo", "label": "是否", "kind": "boolean"},
    {"id": "sc", "label": "单选", "kind": "single_choice", "options": CHOICES},
    {"id": "mc", "label": "多选", "kind": "multiple_choice", "options": CHOICES, "required": True},
]
FIELDS = [
    {"id": "h", "label": f"标题{SPECIAL}", "kind": "heading"},
    {"id": "g", "label": "说明", "kind": "guidance", "text": f"正文{SPECIAL}"},
    *[{**f, "id": f"top_{f['id']}", "group": f"一、组 > {SPECIAL}"} for f in CELL_KINDS],
    {"id": "e", "label": "邮箱", "kind": "email", "help": "工作邮箱"},
    {
        "id": "years", "label": f"年度{SPECIAL}", "kind": "year_table", "years": [2021, 2022], "help": "单位：万元",
        "rows": [{**f, "id": f"row_{f['id']}"} for f in CELL_KINDS],
    },
    {
        "id": "rows", "label": "明细", "kind": "table", "required": True, "min_rows": 1, "max_rows": 4,
        "columns": [{**f, "help": f"列说明{SPECIAL}"} if f["id"] == "i" else f for f in CELL_KINDS],
    },
    {"id": "free", "label": "不限行数", "kind": "table", "columns": [{"id": "x", "label": "X", "kind": "text"}]},
    {"id": "sig", "label": "法定代表人", "kind": "signature", "text": f"（盖章）{SPECIAL}"},
    {"id": "mat", "label": f"营业执照{SPECIAL}", "kind": "material", "material": "licence"},
]  # fmt: skip
FORM = FormTemplate.model_validate(
    {"id": "7", "title": "样表", "source": "附件7", "sections": [{"id": "s", "title": "一", "fields": FIELDS}]}
).model_dump(mode="json")

CELL_VALUES = {
    "t": f"值{SPECIAL}", "lt": f"第一行\n{SPECIAL}", "ph": "13812345678", "ind": "351 专用设备", "d": "2023-08-25",
    "ym": "2023-08", "m": "12.5", "i": 3, "bo": True, "sc": {"value": "other", "other": f"自填{SPECIAL}"},
    "mc": {"values": ["a", "other"], "other": "另"},
}  # fmt: skip
ANSWERS = {
    "7": {
        **{f"top_{k}": v for k, v in CELL_VALUES.items()},
        "e": "a@example.com",
        "years": {f"row_{k}": {"2021": v} for k, v in CELL_VALUES.items()},
        "rows": [CELL_VALUES, {"t": "第二行"}],
    }
}


def paths(views) -> list[str]:
    out = []
    for view in views:
        out.append(view.path)
        for row in view.year_rows:
            out += paths(row.cells)
        for row in view.rows:
            out += paths(row.cells)
    return [p for p in out if p]


def error_case():
    """An error and a comment on every path, raw text in the number and date boxes, one error marked safe."""
    every = paths(render_sections([FORM], ANSWERS)[0].sections[0].fields)
    errors = {p: f"错误{SPECIAL}" for p in every} | {"7.top_sc.other": "请注明", "7.rows[0].sc.other": "请注明"}
    errors["7.top_t"] = mark_safe("已转义 &lt;i&gt; 的<em>安全</em>文本")
    raw = {"7.top_m": f"12,3万{SPECIAL}", "7.top_d": "2023-13-01", "7.rows[0].i": "三"}
    comments = {p: f"意见{SPECIAL}" for p in every[::3]}
    return render_sections([FORM], ANSWERS, errors, raw, comments=comments)


CASES = {
    "editable_empty": lambda: render_sections([FORM], {}),
    "editable_filled": lambda: render_sections([FORM], ANSWERS),
    "errors": error_case,
    "readonly_filled": lambda: render_sections([FORM], ANSWERS, readonly=True, comments={"7.top_t": SPECIAL}),
    "readonly_empty": lambda: render_sections([FORM], {}, readonly=True),
}


def drawn(case: str) -> str:
    return "".join(f"<!-- {view.path} -->\n{field_html(view)}\n" for view in CASES[case]()[0].sections[0].fields)


def test_the_form_has_every_kind():
    kinds = {f["kind"] for f in FIELDS} | {c["kind"] for c in CELL_KINDS}
    assert {PARTIALS[k] for k in kinds} == set(KINDS) and len(KINDS) == 13


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_html_is_the_golden_file(case):
    golden = GOLDEN / f"{case}.html"
    html = drawn(case).encode()
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(html)
    assert html == golden.read_bytes()


def test_text_is_escaped_once():
    html = drawn("errors")
    assert "值&lt;b&gt;&amp;amp;&lt;/b&gt; &quot;双&quot; &#x27;single&#x27;" in html  # typed text: escaped
    assert "已转义 &lt;i&gt; 的<em>安全</em>文本" in html  # already safe: not escaped again
    assert "<b>" not in html


def test_an_unknown_kind_draws_nothing():
    view = render_sections([FORM], {})[0].sections[0].fields[0]
    view.partial = "no_such_kind"
    assert field_html(view) == ""


@given(st.text() | st.integers() | st.none())
def test_e_is_conditional_escape(value):
    assert html_module.e(value) == conditional_escape(value)
    assert html_module.e(mark_safe(str(value))) == conditional_escape(mark_safe(str(value)))
    assert html_module.e(gettext_lazy("是")) == conditional_escape(gettext_lazy("是"))
