"""One value, text in and value out (policies/formengine/values.py): numbers, text, dates, phones, e-mails,
codes and industries, as typed in a form of the 2023 pack."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications.tests.formdata import valid_id_number, valid_uscc
from core.validators import USCC_BAD_CHECK_CHARACTER, validate_uscc
from policies.formengine.kinds import RAW_KEY
from policies.formengine.messages import (
    BAD_DATE,
    BAD_EMAIL,
    BAD_ID_NUMBER,
    BAD_ID_NUMBER_CHECK,
    BAD_INDUSTRY,
    BAD_PHONE,
    BAD_YEAR_MONTH,
    NOT_A_NUMBER,
    NOT_A_YEAR,
    NOT_AN_INTEGER,
    NUMBER_TOO_LONG,
    UNKNOWN_INDUSTRY,
)
from policies.formengine.render import render_sections
from policies.formengine.validate import missing_required, validate_answers
from policies.formengine.values import format_decimal, normalise_text, parse_text
from policies.tests.formengine.packforms import form, post, round_trip
from policies.tests.formengine.synthetic import field


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


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=6))
def test_any_decimal_round_trips_exactly(number):
    answers, errors, _ = post("2-2", {"f-2-2__investment_other": str(number)})
    assert errors == {}
    stored = answers["2-2"]["investment_other"]
    assert stored == format_decimal(number) and Decimal(stored) == number
    assert round_trip([form("2-2")], answers)[0] == answers


def test_text_normalisation_matches_what_browsers_post():
    assert normalise_text("  a\r\nb\rc\x00d  ", multiline=True) == "a\nb\ncd"
    assert normalise_text("第一行\n第二行", multiline=False) == "第一行第二行"  # <input> values lose line breaks
    assert normalise_text("\u3000全角空格\u3000", multiline=False) == "全角空格"


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
# Every scalar kind, one field at a time (policies/tests/formengine/synthetic.py)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_id", "typed", "value"),
    [
        ("name", " 衡阳\n机械 ", "衡阳机械"),
        ("summary", "第一行\r\n第二行", "第一行\n第二行"),
        ("phone", "０７３４－８８５５１３０－８０１", "0734-8855130-801"),  # an extension is kept
        ("email", " a.b@example.cn ", "a.b@example.cn"),
        ("division", "３５", "35 专用设备制造业"),
        ("industry_class", "3054 日用玻璃制品制造", "3054 日用玻璃制品制造"),
        ("founded", "20080501", "2008-05-01"),
        ("start", "202308", "2023-08"),
        ("start", "2023.8", "2023-08"),
        ("staff", "1,234", 1234),
        ("year", "2023年", 2023),
        ("ratio", "+3.0", "3"),
        ("amount", "1,000.50万元", "1000.5"),
        ("share", "12.5%", "12.5"),
    ],
)
def test_each_kind_parses_what_people_type(field_id, typed, value):
    assert parse_text(field(field_id), typed) == (value, None, None)


@pytest.mark.parametrize(
    ("field_id", "typed", "message"),
    [
        ("phone", "0734-8855130-1234567", BAD_PHONE),
        ("email", "a@b", BAD_EMAIL),
        ("id_number", "43040519900230123X", BAD_ID_NUMBER),  # no 30 February
        ("id_number", "4304051990010112", BAD_ID_NUMBER),
        ("division", "专用设备", BAD_INDUSTRY["大类"]),
        ("industry_class", "305 玻璃", BAD_INDUSTRY["小类"]),
        ("industry_class", "9999", UNKNOWN_INDUSTRY.format(level="小类", code="9999")),
        ("founded", "2023-02-29", BAD_DATE),
        ("start", "1899-12", BAD_YEAR_MONTH),
        ("staff", "1" * 21, NUMBER_TOO_LONG),
        ("staff", "十二", NOT_AN_INTEGER),
        ("year", "1899", NOT_A_YEAR),
        ("year", "23", NOT_A_YEAR),
        ("amount", "9" * 21, NUMBER_TOO_LONG),
        ("share", "12.5元", NOT_A_NUMBER),
    ],
)
def test_each_kind_refuses_what_is_not_one_of_it_and_keeps_the_text(field_id, typed, message):
    assert parse_text(field(field_id), typed) == (None, message, typed)


def test_blank_text_is_no_value_and_no_error():
    for field_id in ("name", "staff", "founded", "uscc"):
        assert parse_text(field(field_id), None) == (None, None, None)
        assert parse_text(field(field_id), " \u3000\r\n ") == (None, None, None)


def test_the_uscc_message_is_the_validators_module():
    wrong = valid_uscc()[:17] + ("0" if valid_uscc()[17] != "0" else "1")
    assert parse_text(field("uscc"), wrong)[1] == validate_uscc(wrong).message == USCC_BAD_CHECK_CHARACTER


@given(st.text(alphabet="0123456789-+() 　８６", max_size=20))
def test_a_parsed_phone_parses_to_itself(typed):
    value, error, _ = parse_text(field("phone"), typed)
    if value is not None:
        assert error is None and parse_text(field("phone"), value) == (value, None, None)
