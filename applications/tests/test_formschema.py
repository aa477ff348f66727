"""The form engine (applications/formschema.py) over every form of the 2023 pack: render, post, parse back."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.formschema import (
    BAD_DATE,
    BAD_EMAIL,
    BAD_ID_NUMBER_CHECK,
    BAD_PHONE,
    BAD_YEAR_MONTH,
    MAX_ROWS,
    MIN_ROWS,
    NOT_A_NUMBER,
    NOT_AN_INTEGER,
    OTHER_REQUIRED,
    RAW_KEY,
    REQUIRED,
    TOO_LARGE,
    TOO_MANY_CHARS,
    TOO_MANY_DECIMALS,
    TOO_SMALL,
    UNKNOWN_INDUSTRY,
    UNKNOWN_OPTION,
    Missing,
    drop_invalid,
    field_name,
    format_decimal,
    missing_required,
    normalise_text,
    parse_submission,
    path_to_anchor,
    prefill_answers,
    profile_updates,
    render_sections,
    subtype_answers,
    subtype_disagreements,
    subtype_fields,
    validate_answers,
)
from applications.tests.formdata import (
    browser_post,
    filled_answers,
    valid_id_number,
    valid_uscc,
)
from enterprises.uscc import USCC_BAD_CHECK_CHARACTER
from policies.pack.loader import load_pack
from policies.pack.schema import FormTemplate

PACK_DIR = Path(__file__).resolve().parents[2] / "policy_packs" / "hengyang-2023-gxj51"


@cache
def pack_forms() -> dict[str, dict]:
    """Every form of the 2023 pack as the database stores it."""
    return {form_id: form.model_dump(mode="json") for form_id, form in load_pack(PACK_DIR).forms.items()}


FORM_IDS = sorted(pack_forms(), key=lambda i: tuple(int(p) for p in i.split("-")))


def form(form_id: str) -> dict:
    return pack_forms()[form_id]


def round_trip(forms: list[dict], answers: dict) -> tuple[dict, dict, dict]:
    return parse_submission(forms, browser_post(render_sections(forms, answers, {}, {})))


def post(form_id: str, values: dict[str, str | list[str]]) -> tuple[dict, dict, dict]:
    data = MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in values.items()})
    return parse_submission([form(form_id)], data)


# ---------------------------------------------------------------------------
# Every form: fill, render, post, parse, validate
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Names, paths and anchors
# ---------------------------------------------------------------------------


def test_names_and_anchors():
    assert field_name("2-2", "project_name") == "f-2-2__project_name"
    assert field_name("2-1", "economy", "total_assets", 2021) == "f-2-1__economy__total_assets__2021"
    assert field_name("3", "quantity", "row-a1b2", "indicator") == "f-3__quantity__row-a1b2__indicator"
    assert path_to_anchor("2-2.project_name") == "f-2-2__project_name"
    assert path_to_anchor("2-1.economy.total_assets.2021") == "f-2-1__economy__total_assets__2021"
    assert path_to_anchor("3.quantity[0].indicator") == "f-3__quantity__0__indicator"
    assert path_to_anchor("2-1.enterprise_nature.other") == "f-2-1__enterprise_nature__other"


def test_anchors_of_all_paths_are_unique_html_ids():
    forms = [form(i) for i in FORM_IDS]
    answers = {k: v for i in FORM_IDS for k, v in filled_answers(form(i)).items()}
    ids = []
    for form_view in render_sections(forms, answers, {}, {}):
        for section in form_view.sections:
            for view in section.fields:
                ids.append(view.anchor)
                ids += [c.anchor for r in view.year_rows for c in r.cells]
                ids += [c.anchor for r in view.rows for c in r.cells]
    assert len(ids) == len(set(ids))
    assert all(i and " " not in i and i[0].isalpha() for i in ids)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0.10", "0.1"),
        ("0.1", "0.1"),
        ("1,234.50", "1234.5"),
        ("１２３．４", "123.4"),
        ("100", "100"),
        ("100.00", "100"),
        ("-0", "0"),
        ("+5", "5"),
        (".5", "0.5"),
        ("12.5万元", "12.5"),
        (" 7 ", "7"),
    ],
)
def test_money_is_a_normalised_decimal_string(typed, stored):
    answers, errors, _ = post("2-2", {"f-2-2__investment_other": typed})
    assert errors == {}
    assert answers["2-2"]["investment_other"] == stored


@pytest.mark.parametrize("typed", ["abc", "12,5", "1.2.3", "1e3", "12.5元元", "--1", "12，5", "NaN"])
def test_a_bad_number_is_an_error_and_the_typed_text_is_kept(typed):
    answers, errors, raw = post("2-2", {"f-2-2__investment_other": typed})
    path = "2-2.investment_other"
    assert errors == {path: NOT_A_NUMBER}
    assert "investment_other" not in answers["2-2"]
    assert raw == {path: typed} == answers["2-2"][RAW_KEY]
    # the page shows what was typed, with the error, and validation reports it again after a reload
    view = next(
        f for s in render_sections([form("2-2")], answers, errors)[0].sections for f in s.fields if f.path == path
    )
    assert view.value == typed and view.error == NOT_A_NUMBER and view.error_id in view.describedby
    assert validate_answers([form("2-2")], answers, complete=False) == {path: NOT_A_NUMBER}
    assert path not in {m.path for m in missing_required([form("2-2")], answers)}


def test_an_integer_rejects_fractions_and_respects_limits():
    _, errors, _ = post("2-1", {"f-2-1__technical_staff_total": "3.5"})
    assert errors == {"2-1.technical_staff_total": NOT_AN_INTEGER}
    answers, errors, _ = post("2-1", {"f-2-1__maturity_level": "6"})
    assert errors == {}
    assert validate_answers([form("2-1")], answers, complete=False) == {
        "2-1.maturity_level": TOO_LARGE.format(limit="5")
    }
    answers, _, _ = post("2-1", {"f-2-1__maturity_level": "0"})
    assert validate_answers([form("2-1")], answers, complete=False) == {
        "2-1.maturity_level": TOO_SMALL.format(limit="1")
    }


def test_blank_stays_absent_and_zero_is_kept():
    answers, errors, _ = post("2-2", {"f-2-2__investment_other": "   ", "f-2-2__funding_loan": "0"})
    assert errors == {}
    assert "investment_other" not in answers["2-2"]
    assert answers["2-2"]["funding_loan"] == "0"
    answers, _, _ = post("2-1", {"f-2-1__technical_staff_total": "", "f-2-1__technical_staff_other": "0"})
    assert "technical_staff_total" not in answers["2-1"] and answers["2-1"]["technical_staff_other"] == 0


def test_decimals_are_kept_exactly_and_limited():
    answers, _, _ = post("2-2", {"f-2-2__annual_interest_rate": "4.3500", "f-2-2__funding_own": "0.10"})
    assert answers["2-2"]["annual_interest_rate"] == "4.35" and answers["2-2"]["funding_own"] == "0.1"
    assert validate_answers([form("2-2")], answers, complete=False) == {}
    answers, _, _ = post("2-2", {"f-2-2__annual_interest_rate": "4.35001", "f-2-2__funding_own": "1.005"})
    assert validate_answers([form("2-2")], answers, complete=False) == {
        "2-2.annual_interest_rate": TOO_MANY_DECIMALS.format(decimals=4),
        "2-2.funding_own": TOO_MANY_DECIMALS.format(decimals=2),  # money: 2 decimals
    }


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6))
def test_any_decimal_round_trips_exactly(number):
    answers, errors, _ = post("2-2", {"f-2-2__investment_other": str(number)})
    assert errors == {}
    stored = answers["2-2"]["investment_other"]
    assert stored == format_decimal(number) and Decimal(stored) == number
    assert round_trip([form("2-2")], answers)[0] == answers


# ---------------------------------------------------------------------------
# Text: limits and arbitrary content
# ---------------------------------------------------------------------------


def test_max_chars_counts_characters_without_whitespace():
    forms = [form("2-2")]
    ok = "字" * 250 + " \n　" + "字" * 250  # 500 characters, spaces and line breaks do not count
    answers, _, _ = post("2-2", {"f-2-2__expected_benefits": ok})
    assert validate_answers(forms, answers, complete=False) == {}
    answers, _, _ = post("2-2", {"f-2-2__expected_benefits": "衡阳" * 250 + "市"})
    assert validate_answers(forms, answers, complete=False) == {
        "2-2.expected_benefits": TOO_MANY_CHARS.format(count=501, limit=500)
    }
    assert TOO_MANY_CHARS.format(count=501, limit=500) == "已输入 501 字，超过 500 字的限制"
    # the over-long text is stored as typed: nothing is lost, submission stays blocked
    assert drop_invalid(answers, {"2-2.expected_benefits": "x"}) == answers


def test_max_chars_in_a_table_cell():
    forms = [form("2-1")]
    answers = filled_answers(form("2-1"))
    answers["2-1"]["scenarios"][1]["pain_points"] = "痛" * 151
    assert validate_answers(forms, answers, complete=True) == {
        "2-1.scenarios[1].pain_points": TOO_MANY_CHARS.format(count=151, limit=150)
    }


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


def test_text_normalisation_matches_what_browsers_post():
    assert normalise_text("  a\r\nb\rc\x00d  ", multiline=True) == "a\nb\ncd"
    assert normalise_text("第一行\n第二行", multiline=False) == "第一行第二行"  # <input> values lose line breaks
    assert normalise_text("\u3000全角空格\u3000", multiline=False) == "全角空格"


# ---------------------------------------------------------------------------
# Dates, phones, e-mails, codes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"), [("2023-08-25", "2023-08-25"), ("2023/8/5", "2023-08-05"), ("2023年8月5日", "2023-08-05")]
)
def test_dates(typed, stored):
    answers, errors, _ = post("2-2", {"f-2-2__application_date": typed})
    assert errors == {} and answers["2-2"]["application_date"] == stored


@pytest.mark.parametrize("typed", ["2023-02-30", "25/08/2023", "明天", "2023-08"])
def test_bad_dates(typed):
    _, errors, raw = post("2-2", {"f-2-2__application_date": typed})
    assert errors == {"2-2.application_date": BAD_DATE} and raw == {"2-2.application_date": typed}
    assert BAD_DATE == "日期格式应为 2023-08-25"


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


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 13812345678", "13812345678"),
     ("0734-8855130", "0734-8855130"), ("(0734)8855130", "0734-8855130"), ("07348855130", "07348855130")],
)  # fmt: skip
def test_phones(typed, stored):
    answers, errors, _ = post("2-2", {"f-2-2__contact_phone": typed})
    assert errors == {} and answers["2-2"]["contact_phone"] == stored


@pytest.mark.parametrize("typed", ["12345", "1381234567", "8855130", "电话"])
def test_bad_phones(typed):
    _, errors, _ = post("2-2", {"f-2-2__contact_phone": typed})
    assert errors == {"2-2.contact_phone": BAD_PHONE}


def test_emails():
    answers, errors, _ = post("2-8", {"f-2-8__contact_email": "ZHANG.san@Example.com.cn"})
    assert errors == {} and answers["2-8"]["contact_email"] == "ZHANG.san@Example.com.cn"
    _, errors, _ = post("2-8", {"f-2-8__contact_email": "zhangsan@"})
    assert errors == {"2-8.contact_email": BAD_EMAIL}


def test_uscc_is_checked_and_normalised():
    code = valid_uscc()
    answers, errors, _ = post("2-8", {"f-2-8__uscc": " " + code.lower() + " "})
    assert errors == {} and answers["2-8"]["uscc"] == code
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    _, errors, _ = post("2-8", {"f-2-8__uscc": wrong})
    assert errors == {"2-8.uscc": USCC_BAD_CHECK_CHARACTER}


def test_id_numbers():
    answers, errors, _ = post("2-12", {"f-2-12__legal_representative_id_number": valid_id_number().lower()})
    assert errors == {} and answers["2-12"]["legal_representative_id_number"] == valid_id_number()
    wrong = valid_id_number()[:17] + ("0" if valid_id_number()[17] != "0" else "1")
    _, errors, _ = post("2-12", {"f-2-12__legal_representative_id_number": wrong})
    assert errors == {"2-12.legal_representative_id_number": BAD_ID_NUMBER_CHECK}


def test_industry_codes():
    answers, errors, _ = post("2-1", {"f-2-1__industry_division": "35", "f-2-1__industry_group": "351 采矿"})
    assert errors == {}
    assert answers["2-1"]["industry_division"] == "35 专用设备制造业"  # the name is added to a bare code
    assert answers["2-1"]["industry_group"] == "351 采矿"
    _, errors, _ = post("2-1", {"f-2-1__industry_division": "99 不存在"})
    assert errors == {"2-1.industry_division": UNKNOWN_INDUSTRY.format(level="大类", code="99")}


# ---------------------------------------------------------------------------
# Choices
# ---------------------------------------------------------------------------


def test_other_option_needs_its_text():
    forms = [form("2-1")]
    answers, errors, _ = post("2-1", {"f-2-1__enterprise_nature": "other"})
    assert errors == {} and answers["2-1"]["enterprise_nature"] == {"value": "other", "other": ""}
    assert validate_answers(forms, answers, complete=False) == {
        "2-1.enterprise_nature.other": OTHER_REQUIRED.format(label="其他（请注明）")
    }
    answers, _, _ = post("2-1", {"f-2-1__enterprise_nature": "other", "f-2-1__enterprise_nature__other": "集体"})
    assert validate_answers(forms, answers, complete=False) == {}


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


def test_options_must_exist():
    answers = {"2-1": {"enterprise_nature": {"value": "bogus", "other": ""}}}
    assert validate_answers([form("2-1")], answers, complete=False) == {
        "2-1.enterprise_nature": UNKNOWN_OPTION.format(value="bogus")
    }


def test_an_empty_choice_is_missing_not_unknown():
    answers = {"2-1": {"enterprise_nature": {"value": "", "other": ""}}}
    assert validate_answers([form("2-1")], answers, complete=False) == {}
    assert validate_answers([form("2-1")], answers, complete=True)["2-1.enterprise_nature"] == REQUIRED


def test_booleans():
    answers, errors, _ = post("2-1", {"f-2-1__major_accident_last_three_years": "false"})
    assert errors == {} and answers["2-1"]["major_accident_last_three_years"] is False
    answers, _, _ = post("2-1", {"f-2-1__major_accident_last_three_years": ""})
    assert "major_accident_last_three_years" not in answers["2-1"]


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


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


def test_year_table_cells_of_a_required_single_row_table_are_required():
    forms = [form("2-9")]
    answers = filled_answers(form("2-9"))
    del answers["2-9"]["operating_revenue"]["operating_revenue"]["2021"]
    assert validate_answers(forms, answers, complete=True) == {"2-9.operating_revenue.operating_revenue.2021": REQUIRED}


def test_year_table_paths():
    answers, errors, _ = post("2-1", {"f-2-1__economic_indicators__total_assets__2021": "1,000", "f-2-1__economic_indicators__debt_ratio__2020": "x"})  # fmt: skip
    assert answers["2-1"]["economic_indicators"] == {"total_assets": {"2021": "1000"}}
    assert errors == {"2-1.economic_indicators.debt_ratio.2020": NOT_A_NUMBER}


# ---------------------------------------------------------------------------
# Required fields and the completeness report
# ---------------------------------------------------------------------------


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


def test_reviewer_comments_are_attached_by_path():
    views = render_sections(
        [form("2-2")], {}, {}, {}, comments={"2-2.project_name": "名称与可研报告不一致", "_reason": "x"}
    )
    view = next(f for s in views[0].sections for f in s.fields if f.path == "2-2.project_name")
    assert view.comment == "名称与可研报告不一致"


# ---------------------------------------------------------------------------
# Prefill and profile updates
# ---------------------------------------------------------------------------

PROFILE = {
    "enterprise_name": "衡阳市示例机械有限公司",
    "enterprise_nature": "private",
    "industry_division": "35",
    "legal_representative_mobile": "13812345678",
    "contact_mobile": "12345",  # not a phone: kept as raw text, shown with its error
    "founding_date": "2008-05-01",
    "total_assets_2021": 12345.6,
    "total_assets_2022": 13000,
    "debt_ratio_2022": 45.2,
    "employees_2022": 120,
}


def test_prefill_takes_the_profile():
    answers = prefill_answers([form("2-1"), form("2-11")], PROFILE)
    first = answers["2-1"]
    assert first["applicant_name"] == first["enterprise_name"] == "衡阳市示例机械有限公司"
    assert first["enterprise_nature"] == {"value": "private", "other": ""}
    assert first["industry_division"] == "35 专用设备制造业"
    assert first["founding_date"] == "2008-05-01"
    assert first["economic_indicators"] == {
        "total_assets": {"2021": "12345.6", "2022": "13000"},
        "debt_ratio": {"2022": "45.2"},
    }
    assert first[RAW_KEY] == {"2-1.contact_mobile": "12345"}
    assert answers["2-11"]["economic_indicators"]["employees"] == {"2022": 120}
    assert validate_answers([form("2-1")], answers, complete=False) == {"2-1.contact_mobile": BAD_PHONE}


def test_profile_updates_lists_changed_prefilled_values():
    forms = [form("2-1")]
    answers = prefill_answers(forms, PROFILE)
    assert profile_updates(forms, answers, PROFILE) == {}
    changed = copy.deepcopy(answers)
    changed["2-1"]["enterprise_name"] = "衡阳市示例机械股份有限公司"
    changed["2-1"]["applicant_name"] = "衡阳市示例机械股份有限公司"
    changed["2-1"]["industry_division"] = "34 通用设备制造业"
    changed["2-1"]["economic_indicators"]["total_assets"]["2021"] = "12345.60"
    changed["2-1"]["economic_indicators"]["total_assets"]["2020"] = "11000.5"
    changed["2-1"]["enterprise_nature"] = {"value": "state_owned", "other": ""}
    assert profile_updates(forms, changed, PROFILE) == {
        "enterprise_name": ("衡阳市示例机械有限公司", "衡阳市示例机械股份有限公司"),
        "industry_division": ("35", "34"),
        "total_assets_2020": (None, 11000.5),
        "enterprise_nature": ("private", "state_owned"),
    }


ITEM_1_SUBTYPES = ["培育国家级智能制造试点示范", "培育市级智能制造标杆企业", "培育市级智能制造标杆车间"]


def test_the_sub_type_field_of_2_1_follows_the_chosen_sub_type():
    forms = [form("2-1"), form("3")]
    assert [(form_id, f.id) for form_id, f in subtype_fields(forms, ITEM_1_SUBTYPES)] == [("2-1", "application_type")]
    answers = subtype_answers(forms, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间")
    assert answers == {"2-1": {"application_type": {"value": "city_benchmark_workshop", "other": ""}}}
    assert subtype_disagreements(forms, answers, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == []
    changed = {"2-1": {"application_type": {"value": "national_pilot_demonstration", "other": ""}}}
    assert subtype_disagreements(forms, changed, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == [
        ("2-1.application_type", "申报类型")
    ]
    # A blank answer is the required-field check's business.
    assert subtype_disagreements(forms, {"2-1": {}}, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == []


def test_only_a_choice_of_exactly_the_sub_types_follows_them():
    forms = [form("2-1")]
    assert subtype_fields(forms, ITEM_1_SUBTYPES[:2]) == []  # options are not exactly the sub-types
    assert subtype_fields(forms, [*ITEM_1_SUBTYPES, "其他"]) == []
    assert subtype_fields(forms, []) == [] and subtype_answers(forms, [], "") == {}
    assert subtype_answers(forms, ITEM_1_SUBTYPES, "") == {}  # no sub-type chosen: nothing to fill
    # The profile never hears of it: it is the application's, not the enterprise's.
    assert "application_type" not in str(
        profile_updates(forms, subtype_answers(forms, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间"), PROFILE)
    )
