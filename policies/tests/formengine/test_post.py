"""Parsing a POST (policies/formengine/post.py): every form of the 2023 pack filled, rendered, posted as a
browser would and parsed back; blanks, choices, booleans, table rows and year tables."""

from __future__ import annotations

import pytest
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.tests.formdata import browser_post, filled_answers
from policies.formengine.kinds import RAW_KEY
from policies.formengine.messages import BAD_BOOLEAN, BAD_PHONE, NOT_A_NUMBER
from policies.formengine.paths import field_name
from policies.formengine.post import parse_submission
from policies.formengine.render import render_sections
from policies.formengine.validate import Missing, missing_required, validate_answers
from policies.formengine.values import normalise_text
from policies.pack.schema import FormTemplate
from policies.tests.formengine.packforms import FORM_IDS, form, post, round_trip
from policies.tests.formengine.synthetic import FORM


def test_the_pack_has_every_form():
    assert FORM_IDS == [
        "2-1", "2-2", "2-2-1", "2-3", "2-4", "2-5", "2-6", "2-7", "2-8", "2-8-1", "2-9", "2-10", "2-10-1",
        "2-10-2", "2-11", "2-11-1", "2-12", "2-12-1", "2-12-2", "3", "4",
    ]  # fmt: skip


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_a_filled_form_round_trips_and_is_complete(form_id):
    forms = [form(form_id)]
    answers = filled_answers(form(form_id))
    parsed, errors, raw = round_trip(forms, answers)
    assert errors == {} and raw == {}
    assert parsed == answers
    assert validate_answers(forms, parsed, complete=True) == {}
    assert missing_required(forms, parsed) == []


def test_all_forms_together_round_trip():
    forms = [form(i) for i in FORM_IDS]
    answers = {k: v for i in FORM_IDS for k, v in filled_answers(form(i)).items()}
    parsed, errors, _ = round_trip(forms, answers)
    assert parsed == answers and errors == {}


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_an_empty_form_posts_nothing_and_lists_its_required_fields(form_id):
    forms = [form(form_id)]
    parsed, errors, _ = round_trip(forms, {})
    assert parsed == {form_id: {}} and errors == {}
    template = FormTemplate.model_validate(form(form_id))
    required = [f for f in template.value_fields() if f.required]
    missing = missing_required(forms, parsed)
    assert all(isinstance(m, Missing) and m.form_id == form_id and m.form_title == template.title for m in missing)
    assert {f"{form_id}.{f.id}" for f in required if f.kind not in ("year_table",)} <= {m.path for m in missing}


def test_blank_stays_absent_and_zero_is_kept():
    answers, errors, _ = post("2-2", {"f-2-2__investment_other": "   ", "f-2-2__funding_loan": "0"})
    assert errors == {}
    assert "investment_other" not in answers["2-2"]
    assert answers["2-2"]["funding_loan"] == "0"
    answers, _, _ = post("2-1", {"f-2-1__technical_staff_total": "", "f-2-1__technical_staff_other": "0"})
    assert "technical_staff_total" not in answers["2-1"] and answers["2-1"]["technical_staff_other"] == 0


@settings(max_examples=200)
@given(st.text(), st.text())
def test_arbitrary_text_round_trips(one_line, several_lines):
    forms = [form("2-2")]
    typed = {"f-2-2__enterprise_name": one_line, "f-2-2__expected_benefits": several_lines}
    answers, errors, _ = parse_submission(forms, MultiValueDict({k: [v] for k, v in typed.items()}))
    assert errors == {}
    expected = {
        "enterprise_name": normalise_text(one_line, multiline=False),
        "expected_benefits": normalise_text(several_lines, multiline=True),
    }
    assert answers == {"2-2": {k: v for k, v in expected.items() if v}}
    assert round_trip(forms, answers)[0] == answers


def test_typing_the_other_text_chooses_the_other_option():
    answers, _, _ = post("2-1", {"f-2-1__enterprise_nature__other": "集体企业"})
    assert answers["2-1"]["enterprise_nature"] == {"value": "other", "other": "集体企业"}
    answers, _, _ = post("2-8", {"f-2-8__ip_use_recent_three_years__other": "许可 2 件"})
    assert answers["2-8"]["ip_use_recent_three_years"] == {"values": ["other"], "other": "许可 2 件"}


def test_multiple_choice_keeps_option_order_and_drops_duplicates():
    answers, _, _ = post("2-1", {"f-2-1__honours": ["hengyang_benchmark_workshop", "national_demonstration_factory", "hengyang_benchmark_workshop"]})  # fmt: skip
    assert answers["2-1"]["honours"] == {
        "values": ["national_demonstration_factory", "hengyang_benchmark_workshop"],
        "other": "",
    }


def test_booleans():
    answers, errors, _ = post("2-1", {"f-2-1__major_accident_last_three_years": "false"})
    assert errors == {} and answers["2-1"]["major_accident_last_three_years"] is False
    answers, _, _ = post("2-1", {"f-2-1__major_accident_last_three_years": ""})
    assert "major_accident_last_three_years" not in answers["2-1"]


def test_table_rows_follow_the_row_key_order():
    forms = [form("3")]
    answers = filled_answers(form("3"))
    answers["3"]["output_quantity"] = [
        {"tier3_indicator": f"指标{i}", "target_value": str(i), "score": str(i)} for i in range(3)
    ]
    data = browser_post(render_sections(forms, answers, {}, {}))
    key_name = field_name("3", "output_quantity", "row")
    data.setlist(key_name, list(reversed(data.getlist(key_name))))
    parsed, errors, _ = parse_submission(forms, data)
    assert errors == {}
    assert parsed["3"]["output_quantity"] == list(reversed(answers["3"]["output_quantity"]))


def test_new_rows_from_the_browser_and_blank_rows():
    data = MultiValueDict(
        {
            "f-3__output_quantity__row": ["r0", "nk3x9", "r1", "bad key!", "r0"],
            "f-3__output_quantity__row-r0__tier3_indicator": ["产量"],
            "f-3__output_quantity__row-nk3x9__tier3_indicator": ["新增"],
            "f-3__output_quantity__row-nk3x9__score": ["abc"],
            "f-3__output_quantity__row-r1__tier3_indicator": [""],  # a blank row posts nothing
        }
    )
    answers, errors, raw = parse_submission([form("3")], data)
    assert answers["3"]["output_quantity"] == [{"tier3_indicator": "产量"}, {"tier3_indicator": "新增"}]
    assert errors == {"3.output_quantity[1].score": NOT_A_NUMBER}
    assert raw == {"3.output_quantity[1].score": "abc"}


def test_year_table_paths():
    answers, errors, _ = post("2-1", {"f-2-1__economic_indicators__total_assets__2021": "1,000", "f-2-1__economic_indicators__debt_ratio__2020": "x"})  # fmt: skip
    assert answers["2-1"]["economic_indicators"] == {"total_assets": {"2021": "1000"}}
    assert errors == {"2-1.economic_indicators.debt_ratio.2020": NOT_A_NUMBER}


def test_the_small_form_posted_with_every_kind_of_slip():
    data = MultiValueDict(
        {
            "f-9__listed": ["maybe"],
            "f-9__nature": [""],
            "f-9__nature__other": ["  集体\n企业 "],
            "f-9__honours": ["other", "b", "zz", "b"],
            "f-9__economy__revenue__2021": ["1,000"],
            "f-9__economy__tax__2022": ["十"],
            "f-9__members__row": ["k1", "k1", "k2"],
            "f-9__members__row-k1__person": ["张三"],
            "f-9__members__row-k2__mobile": ["12"],
        }
    )
    answers, errors, raw = parse_submission([FORM], data)
    assert answers == {
        "9": {
            "nature": {"value": "other", "other": "集体企业"},
            "honours": {"values": ["b", "other", "zz"], "other": ""},  # option order; unknown ones last
            "economy": {"revenue": {"2021": "1000"}},
            "members": [{"person": "张三"}, {}],  # a row with only raw text is kept, so its text is too
            RAW_KEY: {"9.economy.tax.2022": "十", "9.members[1].mobile": "12"},
        }
    }
    assert errors == {"9.listed": BAD_BOOLEAN, "9.economy.tax.2022": NOT_A_NUMBER, "9.members[1].mobile": BAD_PHONE}
    assert raw == answers["9"][RAW_KEY]
