"""The grade bands of the pack's 绩效 rules: `pack check` refuses bands that overlap or leave a gap."""

import pytest
from pydantic import ValidationError

from policies.pack.schema import PerformanceRules


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
