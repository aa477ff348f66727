"""The structure the template renders (policies/formengine/render.py): raw text, errors and comments."""

from __future__ import annotations

from policies.formengine.messages import (
    BAD_YEAR_MONTH,
    NOT_A_NUMBER,
    OTHER_REQUIRED,
)
from policies.formengine.render import render_sections
from policies.tests.formengine.packforms import form, post
from policies.tests.formengine.synthetic import FORM


def test_year_months_and_their_raw_text_in_a_text_box():
    answers, errors, _ = post("2-11", {"f-2-11__construction_start": "2023年8月"})
    assert errors == {} and answers["2-11"]["construction_start"] == "2023-08"
    answers, errors, raw = post("2-11", {"f-2-11__construction_start": "2023-13"})
    assert errors == {"2-11.construction_start": BAD_YEAR_MONTH}
    view = next(
        f for s in render_sections([form("2-11")], answers, errors, raw)[0].sections for f in s.fields
        if f.path == "2-11.construction_start"
    )  # fmt: skip
    assert view.input_type == "text" and view.value == "2023-13"  # a month box would blank it out


def test_reviewer_comments_are_attached_by_path():
    views = render_sections(
        [form("2-2")], {}, {}, {}, comments={"2-2.project_name": "名称与可研报告不一致", "_reason": "x"}
    )
    view = next(f for s in views[0].sections for f in s.fields if f.path == "2-2.project_name")
    assert view.comment == "名称与可研报告不一致"


# ---------------------------------------------------------------------------
# The small form of every kind (policies/tests/formengine/synthetic.py)
# ---------------------------------------------------------------------------


def views(answers: dict, errors: dict | None = None, **kwargs) -> dict:
    """path -> field view of the synthetic form."""
    form_view = render_sections([FORM], answers, errors, **kwargs)[0]
    return {f.path: f for s in form_view.sections for f in s.fields}


def test_forms_and_sections_carry_their_anchors():
    form_view = render_sections([FORM], {})[0]
    assert (form_view.id, form_view.anchor, form_view.title, form_view.source) == ("9", "form-9", "测试表", "附件9")
    assert [(s.id, s.anchor) for s in form_view.sections] == [("main", "s-9__main"), ("sign", "s-9__sign")]
    assert views({})["9.seal"].partial == "signature" and views({})["9.seal"].text == "（盖章）"


def test_each_kind_gets_its_partial_and_input():
    page = views({})
    assert {p: v.partial for p, v in page.items()} == {
        "9.name": "text", "9.summary": "long_text", "9.phone": "text", "9.email": "text", "9.uscc": "text",
        "9.id_number": "text", "9.division": "text", "9.industry_class": "text", "9.founded": "date",
        "9.start": "date", "9.staff": "number", "9.year": "number", "9.ratio": "number", "9.amount": "number",
        "9.share": "number", "9.listed": "boolean", "9.nature": "single_choice", "9.honours": "multiple_choice",
        "9.economy": "year_table", "9.members": "table", "9.seal": "signature",
    }  # fmt: skip
    assert (page["9.phone"].input_type, page["9.phone"].inputmode, page["9.phone"].autocomplete) == (
        "tel",
        "tel",
        "tel",
    )
    assert page["9.founded"].input_type == "date" and page["9.start"].input_type == "month"
    assert page["9.division"].placeholder == "如 35 专用设备制造业"
    assert page["9.industry_class"].placeholder == "如 3054 日用玻璃制品制造"
    assert page["9.name"].group == "一、基本 › 企业" and page["9.name"].name == "f-9__name"


def test_errors_help_and_the_character_count_are_described():
    page = views({"9": {"name": "衡阳机械有限公司一二三"}}, {"9.name": "太长"})
    name = page["9.name"]
    assert (name.error, name.error_id, name.count_id) == ("太长", "f-9__name--error", "f-9__name-count")
    assert name.describedby == "f-9__name--error f-9__name-count"
    assert name.char_count == 11 and name.over_limit


def test_choices_are_checked_and_the_other_text_has_its_own_box():
    answers = {"9": {"listed": True, "honours": {"values": ["b", "other"], "other": "省级"}}}
    page = views(answers, {"9.honours.other": OTHER_REQUIRED.format(label="其他（请注明）")})
    assert [(o.value, o.checked) for o in page["9.listed"].options] == [("true", True), ("false", False)]
    honours = page["9.honours"]
    assert [(o.value, o.checked, o.other) for o in honours.options] == [
        ("a", False, False), ("b", True, False), ("other", True, True),
    ]  # fmt: skip
    assert (honours.other_name, honours.other_anchor, honours.other_value) == (
        "f-9__honours__other", "f-9__honours__other", "省级",
    )  # fmt: skip
    assert honours.other_error_id == "f-9__honours__other--error"


def test_read_only_text_of_each_kind():
    answers = {
        "9": {
            "listed": False,
            "nature": {"value": "other", "other": "集体"},
            "honours": {"values": ["a", "b"]},
            "staff": 12,
        }
    }
    page = views(answers, readonly=True)
    assert page["9.listed"].display == "否"
    assert page["9.nature"].display == "其他（请注明）：集体"
    assert page["9.honours"].display == "甲、乙"
    assert page["9.staff"].display == "12" and page["9.name"].display == "" and page["9.name"].readonly


def test_a_year_table_has_a_cell_per_row_and_year():
    economy = views({"9": {"economy": {"revenue": {"2022": "120"}}}}, {"9.economy.tax.2021": NOT_A_NUMBER})["9.economy"]
    assert economy.years == ["2021", "2022"]
    assert [(r.id, r.unit) for r in economy.year_rows] == [("revenue", "万元"), ("tax", "万元")]
    revenue, tax = economy.year_rows
    assert [(c.name, c.value, c.required, c.in_table) for c in revenue.cells] == [
        ("f-9__economy__revenue__2021", "", True, True),
        ("f-9__economy__revenue__2022", "120", True, True),
    ]
    assert [c.required for c in tax.cells] == [False, False] and tax.cells[0].error == NOT_A_NUMBER
    assert tax.cells[0].label == "纳税 2021年" and tax.cells[0].help_id == ""  # help sits in the column head


def test_a_table_is_padded_to_its_minimum_rows_and_carries_a_template_row():
    members = views({"9": {"members": [{"person": "张三"}]}})["9.members"]
    assert [c.id for c in members.columns] == ["person", "mobile"] and members.row_key_name == "f-9__members__row"
    assert (members.min_rows, members.max_rows) == (2, 3)
    assert [(r.key, r.number) for r in members.rows] == [("r0", "1"), ("r1", "2")]
    first = members.rows[0].cells[0]
    assert (first.path, first.name, first.anchor, first.value) == (
        "9.members[0].person", "f-9__members__row-r0__person", "f-9__members__0__person", "张三",
    )  # fmt: skip
    assert first.in_repeat and first.row_number == "1"
    template = members.template_row
    assert template.key == "NEWROW" and [c.path for c in template.cells] == ["", ""]
    assert template.cells[0].anchor == "f-9__members__NEWROW__person"


def test_a_read_only_table_shows_only_its_rows():
    members = views({"9": {"members": [{"person": "张三"}]}}, readonly=True)["9.members"]
    assert len(members.rows) == 1 and members.template_row is None
