"""绩效评价 arithmetic: scores, grades at 90, 80 and 60 exactly, and the 偏离预警 rule at its threshold."""

import datetime as dt
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from performance.scoring import (
    expected_share,
    grade_of,
    indicator_deviation,
    indicator_score,
    spending_deviation,
)
from policies.formengine.indicators import Indicator
from policies.pack.loader import load_pack
from policies.pack.schema import PerformanceRules
from policies.tests.formtools import PACK_2023

D = Decimal


@cache
def rules() -> PerformanceRules:
    return load_pack(PACK_2023).pack.performance


def indicator(direction=">=", target="500", weight="20", value_type="定量") -> Indicator:
    return Indicator(
        id="output_quantity:0", level1="产出指标", level2="数量指标", name="新增智能装备", value_type=value_type,
        direction=direction if value_type == "定量" else "", target=D(target) if value_type == "定量" else None,
        standard=f"≥{target}", unit="台", weight=D(weight), scoring_standard="未达标按比例扣分",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"),
     ("0", "差")],
)  # fmt: skip
def test_grade_bands_of_the_2023_pack_at_their_boundaries(total, grade):
    """优 90 and above, 良 80 to under 90, 中 60 to under 80, 差 under 60 (财预〔2020〕10号)."""
    assert grade_of(D(total), rules()) == grade


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_every_total_has_exactly_the_grade_of_its_band(total):
    expected = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    assert grade_of(total, rules()) == expected


@given(
    weights=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=8),
    shares=st.lists(st.decimals(min_value=0, max_value=2, places=2), min_size=8, max_size=8),
)
def test_scores_never_exceed_the_weights_and_full_marks_mean_every_target_met(weights, shares):
    total = D(0)
    all_met = True
    for weight, share in zip(weights, shares, strict=False):
        item = indicator(target="100", weight=str(weight))
        actual = D(100) * share
        score = indicator_score(item, actual=actual, achieved=None, rules=rules())
        assert D(0) <= score <= D(weight)
        all_met &= actual >= 100
        total += score
    assert (total == sum(D(w) for w in weights)) is all_met or not all_met


@pytest.mark.parametrize(
    ("direction", "target", "actual", "score"),
    [
        (">=", "500", "500", "20.00"),  # met exactly
        (">=", "500", "400", "16.00"),  # 80 % reached: proportional
        (">=", "500", "0", "0.00"),
        ("<=", "600", "600", "20.00"),  # a cost cap met
        ("<=", "600", "750", "16.00"),  # 600/750 of the weight
        ("=", "100", "90", "18.00"),
    ],
)
def test_indicator_scores_by_the_proportional_rule(direction, target, actual, score):
    item = indicator(direction=direction, target=target)
    assert indicator_score(item, actual=D(actual), achieved=None, rules=rules()) == D(score)


def test_a_qualitative_indicator_is_judged_by_the_section():
    item = indicator(value_type="定性")
    assert indicator_score(item, actual=None, achieved=True, rules=rules()) == D("20.00")
    assert indicator_score(item, actual=None, achieved=False, rules=rules()) == D("0.00")


def test_the_fixed_deduction_rule_is_pack_data():
    fixed = rules().model_copy(update={"shortfall_rule": "fixed_deduction", "fixed_deduction_share": 0.5})
    assert indicator_score(indicator(), actual=D("499"), achieved=None, rules=fixed) == D("10.00")


def test_expected_share_of_the_period():
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    assert expected_share(starts_on=start, ends_on=end, as_of=dt.date(2023, 12, 1)) == D("0.00")
    assert expected_share(starts_on=start, ends_on=end, as_of=dt.date(2024, 7, 1)) == D("49.86")
    assert expected_share(starts_on=start, ends_on=end, as_of=dt.date(2025, 3, 1)) == D("100.00")


@pytest.mark.parametrize(
    ("reported", "warning"),
    [("150", False), ("100", False), ("99.5", True)],  # expected 50 %: 20 % reached is 30 points behind
)
def test_deviation_warning_at_the_threshold(reported, warning):
    """偏离预警 when progress falls short of the elapsed share by more than 30 percentage points."""
    item = indicator(target="500")
    result = indicator_deviation(item, reported=D(reported), expected=D("50"), rules=rules())
    assert result.warning is warning
    if warning:
        assert "超过 30 个百分点" in result.reason


def test_a_cap_already_passed_warns():
    item = indicator(direction="<=", target="600")
    assert indicator_deviation(item, reported=D("601"), expected=D("10"), rules=rules()).warning
    assert not indicator_deviation(item, reported=D("600"), expected=D("90"), rules=rules()).warning


def test_spending_deviation_at_the_threshold():
    assert not spending_deviation(spent=D("20"), awarded=D("100"), expected=D("50"), rules=rules()).warning
    assert spending_deviation(spent=D("19.99"), awarded=D("100"), expected=D("50"), rules=rules()).warning
