"""Prefill from the enterprise profile and the profile updates a form implies (policies/formengine/prefill.py)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from policies.formengine.kinds import RAW_KEY
from policies.formengine.messages import (
    BAD_PHONE,
)
from policies.formengine.prefill import from_profile, prefill_answers, profile_updates, to_profile
from policies.formengine.validate import validate_answers
from policies.tests.formengine.packforms import PROFILE, form
from policies.tests.formengine.synthetic import FORM, field


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


# ---------------------------------------------------------------------------
# The small form of every kind (policies/tests/formengine/synthetic.py)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_id", "profile_value", "value"),
    [
        ("listed", True, True),
        ("listed", "是", True),
        ("listed", "否", False),
        ("listed", "也许", None),
        ("nature", "b", {"value": "b", "other": ""}),
        ("nature", "乙", {"value": "b", "other": ""}),  # by label too
        ("nature", "集体", {"value": "other", "other": "集体"}),  # unknown: the "其他" option's text
        ("honours", "甲", {"values": ["a"], "other": ""}),
        ("founded", dt.date(2008, 5, 1), "2008-05-01"),
        ("amount", 0.1, "0.1"),  # the float's shortest text, not 0.1000000000000000055…
        ("amount", 12000, "12000"),
        ("amount", True, None),
        ("name", "衡阳\n机械", "衡阳 机械"),  # one line
        ("summary", "第一行\n第二行", "第一行\n第二行"),
        ("name", ["a"], None),
        ("name", "", None),
    ],
)
def test_a_profile_value_in_the_fields_representation(field_id, profile_value, value):
    assert from_profile(field(field_id), profile_value) == (value, None)


def test_a_profile_value_that_is_not_valid_is_kept_as_raw_text():
    assert from_profile(field("phone"), 12345) == (None, "12345")
    assert from_profile(field("founded"), "2008-02-30") == (None, "2008-02-30")
    assert from_profile(field("amount"), float("nan")) == (None, "NaN")
    no_other = field("nature").model_copy(update={"options": field("nature").options[:2]})
    assert from_profile(no_other, "集体") == (None, None)


def test_prefill_of_the_small_form_and_its_year_table():
    profile = {"contact_mobile": "138 1234 5678", "revenue_2021": 100.5, "revenue_2022": "x", "listed": False}
    assert prefill_answers([FORM], profile) == {
        "9": {
            "phone": "13812345678",
            "listed": False,
            "economy": {"revenue": {"2021": "100.5"}},
            RAW_KEY: {"9.economy.revenue.2022": "x"},
        }
    }
    assert prefill_answers([FORM], {}) == {}


@pytest.mark.parametrize(
    ("field_id", "answer", "stored"),
    [
        ("amount", "12.50", 12.5),
        ("amount", "12.00", 12),
        ("division", "３５ 专用设备制造业", "35"),
        ("division", "专用设备", "专用设备"),
        ("nature", {"value": "b", "other": ""}, "b"),
        ("honours", {"values": ["a", "b"], "other": ""}, ["a", "b"]),
        ("founded", "2008-05-01", "2008-05-01"),
    ],
)
def test_an_answer_as_the_profile_stores_it(field_id, answer, stored):
    assert to_profile(field(field_id), answer) == stored


def test_profile_updates_of_the_small_form():
    profile = {"registered_capital": 100, "revenue_2021": 100.5, "industry_division": "35", "listed": True}
    answers = prefill_answers([FORM], profile)
    assert profile_updates([FORM], answers, profile) == {}
    answers["9"].update(amount="100.00", division="35 专用设备制造业", listed=False, phone="12345")
    answers["9"]["economy"]["revenue"]["2022"] = "130"
    assert profile_updates([FORM], answers, profile) == {
        "listed": (True, False),  # 100.00 is 100; the code is the same; a bad phone proposes nothing
        "revenue_2022": (None, 130),
    }
