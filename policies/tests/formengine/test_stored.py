"""Stored values within their field's limits (policies/formengine/stored.py): integers, decimals, characters."""

from __future__ import annotations

import pytest

from applications.tests.formdata import filled_answers
from policies.formengine.messages import (
    BAD_BOOLEAN,
    BAD_DATE,
    BAD_PHONE,
    BAD_VALUE,
    NOT_A_NUMBER,
    NOT_A_YEAR,
    NOT_AN_INTEGER,
    TOO_LARGE,
    TOO_MANY_CHARS,
    TOO_MANY_DECIMALS,
    TOO_SMALL,
)
from policies.formengine.stored import count_chars, is_blank, kind_error, limit_error
from policies.formengine.validate import drop_invalid, validate_answers
from policies.tests.formengine.packforms import form, post
from policies.tests.formengine.synthetic import field


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


def test_decimals_are_kept_exactly_and_limited():
    answers, _, _ = post("2-2", {"f-2-2__annual_interest_rate": "4.3500", "f-2-2__funding_own": "0.10"})
    assert answers["2-2"]["annual_interest_rate"] == "4.35" and answers["2-2"]["funding_own"] == "0.1"
    assert validate_answers([form("2-2")], answers, complete=False) == {}
    answers, _, _ = post("2-2", {"f-2-2__annual_interest_rate": "4.35001", "f-2-2__funding_own": "1.005"})
    assert validate_answers([form("2-2")], answers, complete=False) == {
        "2-2.annual_interest_rate": TOO_MANY_DECIMALS.format(decimals=4),
        "2-2.funding_own": TOO_MANY_DECIMALS.format(decimals=2),  # money: 2 decimals
    }


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


# ---------------------------------------------------------------------------
# A stored value of every kind (answers from prefill, an import or an older page)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_id", "value", "message"),
    [
        ("name", "衡阳机械", None),
        ("name", 12, BAD_VALUE),
        ("phone", "12345", BAD_PHONE),
        ("founded", "2023-02-30", BAD_DATE),
        ("staff", 12, None),
        ("staff", "12", NOT_AN_INTEGER),
        ("staff", True, NOT_AN_INTEGER),
        ("year", 2023, None),
        ("year", 1800, NOT_A_YEAR),
        ("year", "2023", NOT_A_YEAR),
        ("amount", "12.5", None),
        ("amount", 12.5, None),
        ("amount", False, NOT_A_NUMBER),
        ("amount", "12,5", NOT_A_NUMBER),
        ("listed", False, None),
        ("listed", "false", BAD_BOOLEAN),
        ("nature", {"value": "a", "other": ""}, None),
        ("nature", {"value": "a"}, None),
        ("nature", "a", BAD_VALUE),
        ("nature", {"value": 1}, BAD_VALUE),
        ("honours", {"values": ["a", "b"], "other": ""}, None),
        ("honours", {"values": "a"}, BAD_VALUE),
        ("honours", {"values": ["a"], "other": 3}, BAD_VALUE),
        ("economy", {}, BAD_VALUE),  # tables are walked cell by cell, never checked whole
    ],
)
def test_kind_error_of_every_kind(field_id, value, message):
    assert kind_error(field(field_id), value) == message


@pytest.mark.parametrize(
    ("field_id", "value", "message"),
    [
        ("name", "衡 阳 机 械 有 限 公 司 一 二", None),  # 10 characters: spaces do not count
        ("name", "衡阳机械有限公司一二三", TOO_MANY_CHARS.format(count=11, limit=10)),
        ("staff", -1, TOO_SMALL.format(limit="0")),
        ("staff", 100001, TOO_LARGE.format(limit="100000")),
        ("amount", "-0.5", TOO_SMALL.format(limit="0")),
        ("amount", "1.234", TOO_MANY_DECIMALS.format(decimals=2)),  # money: 2 decimals unless the field says
        ("ratio", "1.25", TOO_MANY_DECIMALS.format(decimals=1)),
        ("ratio", "1.2", None),
        ("share", "100.5", TOO_LARGE.format(limit="100")),
        ("year", 2023, None),
    ],
)
def test_limit_error_of_lengths_ranges_and_decimals(field_id, value, message):
    assert limit_error(field(field_id), value) == message


def test_blank_and_counted():
    assert [is_blank(v) for v in (None, "", [], {}, 0, False, " ")] == [True] * 4 + [False] * 3
    assert count_chars(" 衡阳\n 市\u3000") == 3
