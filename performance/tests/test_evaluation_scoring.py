"""Totals and grades at 90, 80 and 60 exactly, over any weights and values (hypothesis): an indicator that falls
short by exactly the points that separate the full score from a boundary puts the total on it, and one cent
more puts it in the band below. Pure: no database."""

from decimal import Decimal
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.scoring import grade_of, indicator_score
from policies.formengine.indicators import Indicator
from policies.pack.loader import load_pack
from policies.pack.schema import PerformanceRules
from policies.tests.formtools import PACK_2023

D = Decimal
BOUNDARIES = [(D(90), "优", "良"), (D(80), "良", "中"), (D(60), "中", "差")]


@cache
def rules() -> PerformanceRules:
    return load_pack(PACK_2023).pack.performance


def quantitative(index: int, weight: Decimal, target: Decimal, direction: str = ">=") -> Indicator:
    return Indicator(
        id=f"output_quantity:{index}", level1="产出指标", level2="数量指标", name=f"指标{index}", value_type="定量",
        direction=direction, target=target, standard=f"≥{target}", unit="台", weight=weight, scoring_standard="",
    )  # fmt: skip


def qualitative(index: int, weight: Decimal) -> Indicator:
    return Indicator(
        id=f"satisfaction:{index}", level1="满意度指标", level2="满意度", name=f"定性{index}", value_type="定性",
        direction="", target=None, standard="达到预期", unit="", weight=weight, scoring_standard="",
    )  # fmt: skip


@st.composite
def weights_with_a_large_one(draw):
    """Integer 分值 adding up to 100, the last at least 41 (so it can lose 40.01 points), in any order."""
    large = draw(st.integers(min_value=41, max_value=100))
    rest, left = [], 100 - large
    while left:
        part = draw(st.integers(min_value=1, max_value=left))
        rest.append(part)
        left -= part
    position = draw(st.integers(min_value=0, max_value=len(rest)))
    return [D(w) for w in rest[:position]] + [D(large)] + [D(w) for w in rest[position:]], position


@settings(deadline=None)  # the first example loads the pack's rules
@given(
    weighted=weights_with_a_large_one(),
    boundary=st.sampled_from(BOUNDARIES),
    below=st.booleans(),
    targets=st.lists(st.integers(min_value=1, max_value=10_000), min_size=100, max_size=100),
)
def test_a_total_on_a_boundary_has_its_band_and_a_cent_less_the_band_below(weighted, boundary, below, targets):
    weights, short = weighted
    line, grade_at, grade_below = boundary
    deficit = D(100) - line + (D("0.01") if below else 0)
    total = D(0)
    for index, weight in enumerate(weights):
        if index == short:
            # Target = 分值, so the proportional rule keeps exactly (分值 - deficit) points.
            item = quantitative(index, weight, target=weight)
            score = indicator_score(item, actual=weight - deficit, achieved=None, rules=rules())
            assert score == weight - deficit
        else:
            target = D(targets[index])
            score = indicator_score(quantitative(index, weight, target), actual=target, achieved=None, rules=rules())
            assert score == weight
        total += score
    assert total == line - (D("0.01") if below else 0)
    assert grade_of(total, rules()) == (grade_below if below else grade_at)


@settings(deadline=None)
@given(
    weights=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=10),
    shares=st.lists(st.decimals(min_value=0, max_value=2, places=3), min_size=10, max_size=10),
    judged=st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_any_total_lies_within_the_weights_and_has_the_grade_of_its_band(weights, shares, judged):
    """Mixed 定量 and 定性 indicators: every score is within 0 and its 分值, and the grade is the band's."""
    total, full = D(0), D(0)
    for index, weight in enumerate(weights):
        weight = D(weight)
        if index % 3 == 2:
            score = indicator_score(qualitative(index, weight), actual=None, achieved=judged[index], rules=rules())
        else:
            target = D(500)
            score = indicator_score(quantitative(index, weight, target), actual=target * shares[index], achieved=None,
                                    rules=rules())  # fmt: skip
        assert D(0) <= score <= weight
        total, full = total + score, full + weight
    percent = (total / full * 100).quantize(D("0.01"))
    expected = "优" if percent >= 90 else "良" if percent >= 80 else "中" if percent >= 60 else "差"
    assert grade_of(percent, rules()) == expected


@pytest.mark.parametrize(("total", "grade"), [("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
                                              ("60", "中"), ("59.99", "差"), ("100", "优"), ("0", "差")])  # fmt: skip
def test_the_2023_packs_bands_at_their_edges(total, grade):
    assert grade_of(D(total), rules()) == grade


def test_a_fixed_deduction_lands_on_the_boundary_too():
    """The pack's other shortfall rule: a missed indicator keeps a fixed share of its 分值 (here half of 20)."""
    fixed = rules().model_copy(update={"shortfall_rule": "fixed_deduction", "fixed_deduction_share": 0.5})
    missed = indicator_score(quantitative(0, D(20), D(500)), actual=D(499), achieved=None, rules=fixed)
    met = sum(indicator_score(quantitative(i, D(w), D(100)), actual=D(100), achieved=None, rules=fixed)
              for i, w in enumerate((30, 30, 20), start=1))  # fmt: skip
    assert missed + met == D(90) and grade_of(missed + met, fixed) == "优"
