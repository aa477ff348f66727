"""The pure edits of a draft's 绩效 rules and 公示 period: new data, the data given unchanged, a valid pack where
the values are valid, bands that round-trip, checklist codes that stay internal and stable."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.selectors import performance_rules_latest
from workbench.edits.performance import (
    checklist_codes,
    performance_rules,
    performance_update,
    public_notice_working_days,
)
from workbench.performance_forms import PerformanceForm, performance_initial
from workbench.rollover import data_for_year
from workbench.tests.performance_2023 import PERFORMANCE_2023
from workbench.validation import draft_problems

pytestmark = pytest.mark.django_db

BANDS_2024 = [("优", 90, 100), ("良", 85, 90), ("中", 60, 85), ("差", 0, 60)]


@pytest.fixture
def data(stored_pack):
    return data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)


def test_the_2023_defaults_are_the_2023_packs(stored_pack):
    assert stored_pack.data["pack"]["performance"] == PERFORMANCE_2023


def test_the_data_given_is_unchanged_and_the_result_validates(data):
    before = copy.deepcopy(data)
    new = performance_update(
        data,
        {"grade_bands": BANDS_2024, "deviation_threshold": 25, "working_days": 7, "shortfall_rule": "fixed_deduction",
         "fixed_deduction_share": 0.4, "checklist": [("clear", "目标明确"), ("", "资金测算依据充分")]},
    )  # fmt: skip
    assert data == before
    assert draft_problems(new) == []
    rules = new["pack"]["performance"]
    assert [(b["grade"], b["min"], b["max"]) for b in rules["grade_bands"]] == BANDS_2024
    assert rules["deviation_threshold"] == 25 and rules["fixed_deduction_share"] == 0.4
    assert rules["checklist"] == [
        {"code": "clear", "text": "目标明确"},
        {"code": "point_1", "text": "资金测算依据充分"},
    ]
    assert new["pack"]["public_notice"] == {"working_days": 7}
    assert new["pack"]["performance"] is not data["pack"]["performance"]


def test_values_left_out_are_kept(data):
    new = performance_update(data, {"working_days": 10, "fixed_deduction_share": None})
    assert new["pack"]["performance"] == data["pack"]["performance"]
    assert public_notice_working_days(new) == 10


def test_a_pack_without_rules_gets_2023s_with_the_change(data):
    data["pack"]["performance"] = None
    assert performance_rules(data, performance_rules_latest()) == (PERFORMANCE_2023, False)
    new = performance_update(data, {"deviation_threshold": 20}, performance_rules_latest())
    assert new["pack"]["performance"] == PERFORMANCE_2023 | {"deviation_threshold": 20.0}
    assert draft_problems(new) == []
    assert data["pack"]["performance"] is None
    assert PERFORMANCE_2023["deviation_threshold"] == 30.0


def test_a_gap_is_the_schemas_problem_in_chinese(data):
    new = performance_update(data, {"grade_bands": [("优", 90, 100), ("良", 85, 90), ("中", 60, 80), ("差", 0, 60)]})
    problems = draft_problems(new)
    assert [(p.path, p.message) for p in problems] == [(("pack", "performance"), "等级“中”与“良”之间缺少 80–85 分")]


def test_bands_round_trip_through_the_form(data):
    """What the page shows, posted back unchanged, is the same rules."""
    new = performance_update(
        data, {"grade_bands": [("优", 90, 100), ("良", 82.5, 90), ("中", 60, 82.5), ("差", 0, 60)]}
    )
    initial = performance_initial(new, None)
    posted = {k: v for k, v in initial.items() if k not in ("grade_bands", "checklist")}
    for k, row in enumerate(initial["grade_bands"]):
        posted |= dict(
            zip((f"grade_bands-{k}-grade", f"grade_bands-{k}-min", f"grade_bands-{k}-max"), row, strict=True)
        )
    for k, (code, text) in enumerate(initial["checklist"]):
        posted |= {f"checklist-{k}-code": code, f"checklist-{k}-text": text}
    form = PerformanceForm(posted)
    assert form.is_valid(), form.errors
    again = performance_update(new, form.edit_values())
    assert _same_rules(again, new)


def _same_rules(a: dict, b: dict) -> bool:
    return (
        a["pack"]["performance"] == b["pack"]["performance"]
        and a["pack"]["public_notice"] == b["pack"]["public_notice"]
    )


@pytest.mark.parametrize(
    ("points", "codes"),
    [
        ([("clear", "目标明确"), ("", "新要点")], ["clear", "point_1"]),
        ([("point_1", "甲要点"), ("", "乙要点"), ("", "丙要点")], ["point_1", "point_2", "point_3"]),
        ([("", "甲要点"), ("point_1", "乙要点")], ["point_2", "point_1"]),
        ([("clear", "甲要点"), ("clear", "乙要点")], ["clear", "point_1"]),  # a duplicate posted back
        ([("Bad Code!", "甲要点")], ["point_1"]),  # not an identifier: replaced
    ],
)
def test_checklist_codes_are_kept_unique_and_generated(points, codes):
    assert [p["code"] for p in checklist_codes(points)] == codes


@given(st.lists(st.tuples(st.sampled_from(["", "clear", "point_1", "point_2", "x"]), st.text(min_size=2)), max_size=8))
def test_checklist_codes_are_always_unique_identifiers(points):
    codes = [p["code"] for p in checklist_codes(points)]
    assert len(codes) == len(set(codes)) == len(points)
    assert all(c.replace("_", "").isalnum() and c[0].isalpha() and c.islower() for c in codes)


@given(st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=6, unique=True))
def test_contiguous_bands_from_0_to_the_total_round_trip(cuts):
    """Any cut points make valid bands; the form's rows give back the same bands."""
    bounds = [0, *sorted(cuts), 100]
    bands = [(f"等级{k}", low, high) for k, (low, high) in enumerate(zip(bounds, bounds[1:]))]
    form = PerformanceForm(
        {"total_score": "100", "deviation_threshold": "30", "shortfall_rule": "proportional", "source": "通知 五",
         "working_days": "5", "checklist-0-code": "clear", "checklist-0-text": "目标明确",
         **{f"grade_bands-{k}-{c}": str(v) for k, band in enumerate(bands) for c, v in zip(("grade", "min", "max"), band)}}
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert [(g, float(lo), float(hi)) for g, lo, hi in form.cleaned_data["grade_bands"]] == bands
