"""Rules a form states across its fields (FormTemplate.rules): 附件3 needs an indicator under every
一级指标. Pure: the 2023 pack's form 3 and the form engine's validation."""

from __future__ import annotations

import pytest

from applications.tests.formdata import filled_answers
from policies.formengine.form_rules import form_rule_errors
from policies.formengine.messages import MIN_ROWS_ACROSS
from policies.formengine.validate import missing_required, validate_answers
from policies.tests.formengine.packforms import form

# 附件3 as printed: 一级指标 → its 二级指标 tables (the pack's table field ids).
TIER1 = {
    "成本指标": ["cost_economic", "cost_social", "cost_environmental"],
    "产出指标": ["output_quantity", "output_quality", "output_timeliness"],
    "效益指标": ["benefit_economic", "benefit_social", "benefit_ecological"],
    "满意度指标": ["satisfaction_service_recipients"],
}
LABELS = {
    "cost_economic": "经济成本指标",
    "cost_social": "社会成本指标",
    "cost_environmental": "生态环境成本指标",
    "output_quantity": "数量指标",
    "output_quality": "质量指标",
    "output_timeliness": "时效指标",
    "benefit_economic": "经济效益指标",
    "benefit_social": "社会效益指标",
    "benefit_ecological": "生态效益指标",
    "satisfaction_service_recipients": "服务对象满意度指标",
}


def _message(tier1: str) -> str:
    tables = "、".join(LABELS[i] for i in TIER1[tier1])
    return MIN_ROWS_ACROSS.format(label=tier1, count=1, tables=tables)


def _one_row_each(keep: dict[str, str]) -> dict:
    """Form 3 filled, with exactly one indicator row in the given table of each 一级指标 and none elsewhere."""
    answers = filled_answers(form("3"))
    for field_id in LABELS:
        rows = answers["3"][field_id]
        answers["3"][field_id] = rows[:1] if field_id in keep.values() else []
    return answers


def test_form_3_states_one_rule_per_tier1_indicator():
    """附件3 prints "一级指标 二级指标 三级指标 …" with the 一级指标 成本指标, 产出指标, 效益指标, 满意度指标."""
    rules = form("3")["rules"]
    assert {r["label"]: r["min_rows_across"] for r in rules} == TIER1
    assert all(r["min_rows"] == 1 for r in rules)


def test_an_empty_target_table_misses_every_tier1_indicator():
    """Before this rule a 绩效目标表 with no indicator row at all could be submitted."""
    answers = _one_row_each({})
    errors = validate_answers([form("3")], answers, complete=True)
    assert {path: errors[path] for path in errors if "[" not in path} == {
        f"3.{fields[0]}": _message(tier1) for tier1, fields in TIER1.items()
    }
    # The completeness report lists them with their own message (not as a blank required field).
    assert form_rule_errors([form("3")], answers) == {
        f"3.{fields[0]}": _message(tier1) for tier1, fields in TIER1.items()
    }
    assert not [m for m in missing_required([form("3")], answers) if "[" not in m.path]


def test_a_draft_may_have_no_indicator_yet():
    assert validate_answers([form("3")], _one_row_each({}), complete=False) == {}


@pytest.mark.parametrize("missing_tier1", list(TIER1))
def test_each_tier1_indicator_needs_a_row(missing_tier1):
    """One row under each 一级指标 completes the table; without one under a 一级指标 the error sits at its
    first 二级指标 table."""
    keep = {tier1: fields[-1] for tier1, fields in TIER1.items()}  # any 二级指标 of it will do: the last one
    assert validate_answers([form("3")], _one_row_each(keep), complete=True) == {}
    del keep[missing_tier1]
    errors = validate_answers([form("3")], _one_row_each(keep), complete=True)
    assert errors == {f"3.{TIER1[missing_tier1][0]}": _message(missing_tier1)}
