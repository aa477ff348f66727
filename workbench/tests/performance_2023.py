"""The 2023 pack's 绩效 rules (policy_packs/hengyang-2023-gxj51/pack.yaml performance), as test data: the workbench
starts a draft without rules from the newest published pack's, which in these tests is the 2023 pack
(test_performance_edits.py checks they are equal)."""

from typing import Any

PERFORMANCE_2023: dict[str, Any] = {
    "checklist": [
        {"code": "clear", "text": "目标明确"},
        {"code": "measurable", "text": "指标可衡量"},
        {"code": "relevant", "text": "与项目内容相关"},
        {"code": "reasonable", "text": "目标值合理"},
    ],
    "total_score": 100.0,
    "deviation_threshold": 30.0,
    "shortfall_rule": "proportional",
    "fixed_deduction_share": 0.5,
    "grade_bands": [
        {"grade": "优", "min": 90.0, "max": 100.0},
        {"grade": "良", "min": 80.0, "max": 90.0},
        {"grade": "中", "min": 60.0, "max": 80.0},
        {"grade": "差", "min": 0.0, "max": 60.0},
    ],
    "source": "通知 五、绩效管理；财预〔2020〕10号《项目支出绩效评价管理办法》",
}
