"""Validation and completeness (policies/formengine/validate.py): options, required values, table rows and
columns, year-table cells, and the completeness report."""

from __future__ import annotations

from applications.tests.formdata import filled_answers
from policies.formengine.kinds import RAW_KEY
from policies.formengine.messages import (
    BAD_BOOLEAN,
    BAD_DATE,
    BAD_PHONE,
    BAD_VALUE,
    MAX_ROWS,
    MIN_ROWS,
    NOT_AN_INTEGER,
    OTHER_REQUIRED,
    REQUIRED,
    TOO_MANY_DECIMALS,
    UNKNOWN_OPTION,
)
from policies.formengine.validate import Missing, drop_invalid, missing_required, raw_values, validate_answers
from policies.tests.formengine.packforms import form, post
from policies.tests.formengine.synthetic import FIELDS, FORM


def test_other_option_needs_its_text():
    forms = [form("2-1")]
    answers, errors, _ = post("2-1", {"f-2-1__enterprise_nature": "other"})
    assert errors == {} and answers["2-1"]["enterprise_nature"] == {"value": "other", "other": ""}
    assert validate_answers(forms, answers, complete=False) == {
        "2-1.enterprise_nature.other": OTHER_REQUIRED.format(label="其他（请注明）")
    }
    answers, _, _ = post("2-1", {"f-2-1__enterprise_nature": "other", "f-2-1__enterprise_nature__other": "集体"})
    assert validate_answers(forms, answers, complete=False) == {}


def test_options_must_exist():
    answers = {"2-1": {"enterprise_nature": {"value": "bogus", "other": ""}}}
    assert validate_answers([form("2-1")], answers, complete=False) == {
        "2-1.enterprise_nature": UNKNOWN_OPTION.format(value="bogus")
    }


def test_an_empty_choice_is_missing_not_unknown():
    answers = {"2-1": {"enterprise_nature": {"value": "", "other": ""}}}
    assert validate_answers([form("2-1")], answers, complete=False) == {}
    assert validate_answers([form("2-1")], answers, complete=True)["2-1.enterprise_nature"] == REQUIRED


def test_min_rows_of_the_2_1_tables():
    forms = [form("2-1")]
    answers = filled_answers(form("2-1"))
    answers["2-1"]["covered_stages"] = [{"stage": f"环节{i}"} for i in range(7)]
    answers["2-1"]["scenarios"] = answers["2-1"]["scenarios"][:9]
    assert validate_answers(forms, answers, complete=True) == {
        "2-1.covered_stages": MIN_ROWS.format(count=8, label="实施智能制造涵盖的环节"),
        "2-1.scenarios": MIN_ROWS.format(count=10, label="智能制造实施内容（逐个环节、逐个场景）"),
    }
    assert MIN_ROWS.format(count=8, label="环节") == "至少填写 8 行（环节）"
    assert validate_answers(forms, answers, complete=False) == {}  # a draft may be short
    missing = {m.path: m for m in missing_required(forms, answers)}
    assert missing["2-1.covered_stages"].anchor == "f-2-1__covered_stages"
    assert missing["2-1.covered_stages"].section_title == "一、基本情况表（二）智能制造情况"


def test_max_rows():
    answers = filled_answers(form("2-4"))
    answers["2-4"]["design_team"] = answers["2-4"]["design_team"] * 2  # 6 rows, at most 4
    errors = validate_answers([form("2-4")], answers, complete=False)
    assert errors == {"2-4.design_team": MAX_ROWS.format(count=4, label="工业设计团队带头人及主要成员情况")}


def test_required_columns_in_every_row():
    answers = filled_answers(form("3"))
    del answers["3"]["output_quantity"][1]["target_value"]
    assert validate_answers([form("3")], answers, complete=True) == {"3.output_quantity[1].target_value": REQUIRED}
    missing = missing_required([form("3")], answers)
    assert [m.label for m in missing] == ["产出指标 › 数量指标 · 第 2 行 · 指标值"]


def test_year_table_cells_of_a_required_single_row_table_are_required():
    forms = [form("2-9")]
    answers = filled_answers(form("2-9"))
    del answers["2-9"]["operating_revenue"]["operating_revenue"]["2021"]
    assert validate_answers(forms, answers, complete=True) == {"2-9.operating_revenue.operating_revenue.2021": REQUIRED}


def test_required_fields_only_when_complete():
    forms = [form("2-2")]
    answers = {"2-2": {"project_name": "示范项目"}}
    assert validate_answers(forms, answers, complete=False) == {}
    errors = validate_answers(forms, answers, complete=True)
    assert errors["2-2.enterprise_name"] == REQUIRED and "2-2.project_name" not in errors
    missing = {m.path: m for m in missing_required(forms, answers)}
    assert missing["2-2.legal_representative_phone"] == Missing(
        path="2-2.legal_representative_phone",
        anchor="f-2-2__legal_representative_phone",
        form_id="2-2",
        form_title="衡阳市企业智能制造装备贴息项目申报书",
        section_title="衡阳市企业智能制造装备贴息项目资金申报表",
        label="法人代表 › 联系电话",
    )


# ---------------------------------------------------------------------------
# The small form of every kind (policies/tests/formengine/synthetic.py)
# ---------------------------------------------------------------------------

MEMBERS = [{"person": "张三", "mobile": "13812345678"}, {"person": "李四"}]


def complete_answers() -> dict:
    return {
        "9": {
            "name": "衡阳机械",
            "nature": {"value": "a", "other": ""},
            "economy": {"revenue": {"2021": "100", "2022": "120"}},
            "members": [dict(m) for m in MEMBERS],
        }
    }


def test_a_complete_form_has_no_error_and_nothing_missing():
    assert validate_answers([FORM], complete_answers(), complete=True) == {}
    assert missing_required([FORM], complete_answers()) == []


def test_every_required_slot_of_an_empty_form_is_missing_in_page_order():
    missing = missing_required([FORM], {})
    assert [(m.path, m.label) for m in missing] == [
        ("9.name", "一、基本 › 企业 › 名称"),
        ("9.nature", "企业性质"),
        ("9.economy.revenue.2021", "经济指标 · 营业收入 · 2021年"),
        ("9.economy.revenue.2022", "经济指标 · 营业收入 · 2022年"),
        ("9.members", "成员"),
    ]
    assert {m.section_title for m in missing} == {"一、基本情况"} and missing[0].anchor == "f-9__name"
    assert validate_answers([FORM], {}, complete=True)["9.members"] == MIN_ROWS.format(count=2, label="成员")
    assert validate_answers([FORM], {}, complete=False) == {}


def test_a_table_row_short_of_a_required_column_and_too_many_rows():
    answers = complete_answers()
    answers["9"]["members"] = [{"mobile": "13812345678"}, *MEMBERS, {"person": "王五", "mobile": "12"}]
    errors = validate_answers([FORM], answers, complete=True)
    assert errors == {
        "9.members": MAX_ROWS.format(count=3, label="成员"),
        "9.members[0].person": REQUIRED,
        "9.members[3].mobile": BAD_PHONE,
    }
    assert [m.label for m in missing_required([FORM], answers)] == ["成员 · 第 1 行 · 姓名"]


def test_year_table_cells_of_an_optional_row_are_optional_and_still_checked():
    answers = complete_answers()
    answers["9"]["economy"]["tax"] = {"2022": "1.234"}
    assert validate_answers([FORM], answers, complete=True) == {
        "9.economy.tax.2022": TOO_MANY_DECIMALS.format(decimals=2)
    }


def test_a_value_of_the_wrong_kind_is_an_error_not_missing():
    answers = complete_answers()
    answers["9"].update(staff="十二", listed="是", honours={"values": ["a", "zz"], "other": ""})
    assert validate_answers([FORM], answers, complete=True) == {
        "9.staff": NOT_AN_INTEGER,
        "9.listed": BAD_BOOLEAN,
        "9.honours": UNKNOWN_OPTION.format(value="zz"),
    }
    assert missing_required([FORM], answers) == []


def test_raw_text_is_reported_again_and_a_required_field_with_raw_text_is_not_missing():
    answers = complete_answers()
    del answers["9"]["name"]
    answers["9"][RAW_KEY] = {"9.name": "x" * 11, "9.founded": "明天", "9.listed": "也许"}
    assert validate_answers([FORM], answers, complete=True) == {
        "9.name": BAD_VALUE,  # a text box's raw text can only be left over from an older page
        "9.founded": BAD_DATE,
        "9.listed": BAD_VALUE,
    }
    assert missing_required([FORM], answers) == []
    assert raw_values({**answers, "3": {RAW_KEY: {"3.a": "b"}}, "4": "not a dict"}) == {
        **answers["9"][RAW_KEY],
        "3.a": "b",
    }


def test_a_required_multiple_choice_with_no_value_is_missing():
    template = {
        **FORM,
        "sections": [{"id": "s", "title": "节", "fields": [{**synthetic_field("honours"), "required": True}]}],
    }
    answers = {"9": {"honours": {"values": [], "other": ""}}}
    assert validate_answers([template], answers, complete=True) == {"9.honours": REQUIRED}
    answers = {"9": {"honours": {"values": ["other"], "other": " "}}}
    assert validate_answers([template], answers, complete=True) == {
        "9.honours.other": OTHER_REQUIRED.format(label="其他（请注明）")
    }


def test_drop_invalid_copies_without_dropping():
    answers = complete_answers()
    kept = drop_invalid(answers, {"9.name": REQUIRED})
    assert kept == answers
    assert kept["9"] is not answers["9"] and kept["9"]["members"] is not answers["9"]["members"]


def synthetic_field(field_id: str) -> dict:
    return next(f for f in FIELDS if f["id"] == field_id)
