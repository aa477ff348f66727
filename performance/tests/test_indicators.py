"""附件3 answers as structured indicators, and the grade bands `pack check` refuses."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from performance.indicators import (
    TARGET_NO_STANDARD,
    TARGET_NOT_NUMERIC,
    VALUE_TYPE_UNKNOWN,
    WEIGHT_MISSING,
    indicators_from_answers,
    parse_target,
    weights_total,
)
from policies.pack.schema import PerformanceRules


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("≥500", (">=", Decimal(500))), ("≤ 600", ("<=", Decimal(600))), ("=100", ("=", Decimal(100))),
     ("90%", (">=", Decimal(90))), ("＞5", (">", Decimal(5))), ("显著提升", None), ("", None)],
)  # fmt: skip
def test_parse_target(text, parsed):
    assert parse_target(text) == parsed


def row(**values):
    base = {"tier3_indicator": "新增产值", "target_value": "≥500", "target_value_content": "新增产值",
            "scoring_standard": "未达标扣分", "measurement_unit": "万元", "value_type": "定量", "score": "20"}  # fmt: skip
    return {**base, **values}


def test_indicators_carry_their_level_target_and_weight():
    answers = {
        "output_quantity": [row()],
        "satisfaction_service_recipients": [row(value_type="定性", target_value="满意")],
    }
    indicators, problems = indicators_from_answers(answers, {"output_quantity": "数量指标"})
    assert problems == []
    first, second = indicators
    assert (first.id, first.level1, first.level2, first.direction, first.target) == (
        "output_quantity:0",
        "产出指标",
        "数量指标",
        ">=",
        Decimal(500),
    )
    assert (second.level1, second.value_type, second.standard) == ("满意度指标", "定性", "满意")
    assert weights_total(indicators) == Decimal(40)


def test_each_problem_is_reported_at_its_cell():
    answers = {
        "cost_economic": [row(target_value="较高")],
        "cost_social": [row(value_type="定性", target_value="")],
        "output_quality": [row(value_type="其他")],
        "benefit_social": [row(score="0")],
        "benefit_ecological": [{"tier3_indicator": "", "score": ""}],  # a blank row is skipped
    }
    _, problems = indicators_from_answers(answers)
    assert [(p.table, p.row, p.column, p.message) for p in problems] == [
        ("cost_economic", 0, "target_value", TARGET_NOT_NUMERIC),
        ("cost_social", 0, "target_value", TARGET_NO_STANDARD),
        ("output_quality", 0, "value_type", VALUE_TYPE_UNKNOWN),
        ("benefit_social", 0, "score", WEIGHT_MISSING),
    ]


def bands(*pairs):
    grades = "优良中差甲乙"
    return [{"grade": grades[i], "min": lo, "max": hi} for i, (lo, hi) in enumerate(pairs)]


BASE = {"checklist": [{"code": "clear", "text": "目标明确"}], "source": "测试来源"}


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (((90, 100), (80, 91), (0, 80)), "区间重叠"),
        (((90, 100), (80, 85), (0, 80)), "之间缺少 85–90 分"),
        (((90, 100), (10, 90)), "须从 0 分开始"),
        (((90, 99), (0, 90)), "须到满分 100 为止"),
        (((90, 90), (0, 90)), "不小于上限"),
    ],
)
def test_pack_check_refuses_bands_that_overlap_or_leave_a_gap(pairs, message):
    with pytest.raises(ValidationError) as excinfo:
        PerformanceRules.model_validate({**BASE, "grade_bands": bands(*pairs)})
    assert message in str(excinfo.value)


def test_contiguous_bands_are_accepted():
    rules = PerformanceRules.model_validate({**BASE, "grade_bands": bands((90, 100), (80, 90), (60, 80), (0, 60))})
    assert [b.grade for b in rules.grade_bands] == ["优", "良", "中", "差"]
