"""附件3 answers as structured indicators: the 一级指标 from the template's rules, each problem at its
table cell, and the 分值 total against the pack's. Pure: the 2023 pack's form 3, no database."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.formengine.indicators import (
    IndicatorGroup,
    indicator_groups,
    indicators_from_answers,
    parse_target,
    target_sheet_issues,
    weights_total,
)
from policies.formengine.messages import (
    TARGET_NO_STANDARD,
    TARGET_NOT_NUMERIC,
    UNIT_MISSING,
    VALUE_TYPE_UNKNOWN,
    WEIGHT_MISSING,
    WEIGHTS_TOTAL,
)
from policies.formengine.values import format_decimal
from policies.tests.formengine.packforms import form

HUNDRED = Decimal(100)
TABLES = {  # one table of each 一级指标, in the template's order
    "成本指标": "cost_economic",
    "产出指标": "output_quantity",
    "效益指标": "benefit_economic",
    "满意度指标": "satisfaction_service_recipients",
}


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("≥500", (">=", Decimal(500))), ("≤ 600", ("<=", Decimal(600))), ("=100", ("=", Decimal(100))),
     ("90%", (">=", Decimal(90))), ("＞5", (">", Decimal(5))), ("显著提升", None), ("", None)],
)  # fmt: skip
def test_parse_target(text, parsed):
    assert parse_target(text) == parsed


def row(**values):
    base = {"tier3_indicator": "新增产值", "target_value": "≥500", "target_value_content": "新增产值",
            "scoring_standard": "未达标扣分", "measurement_unit": "万元", "value_type": "定量", "score": "25"}  # fmt: skip
    return {**base, **values}


def usable(**tables) -> dict:
    """One indicator of 25 分 under each 一级指标 (100 in all), with some tables replaced."""
    return {**{table: [row()] for table in TABLES.values()}, **tables}


def test_the_groups_are_the_rules_of_the_template():
    """The 一级指标 come from form 3's rules (data), not from code: a template with other rules gives other
    groups."""
    assert indicator_groups(form("3"))[0] == IndicatorGroup(
        "成本指标", ("cost_economic", "cost_social", "cost_environmental"), 1
    )
    assert [g.level1 for g in indicator_groups(form("3"))] == list(TABLES)
    other = copy.deepcopy(form("3"))
    other["rules"] = [{"min_rows_across": ["output_quantity", "cost_economic"], "label": "投入产出指标"}]
    indicators, problems = indicators_from_answers(other, usable())
    assert problems == []
    assert [(i.id, i.level1) for i in indicators] == [
        ("output_quantity:0", "投入产出指标"),
        ("cost_economic:0", "投入产出指标"),
    ]


def test_indicators_carry_their_level_target_and_weight():
    answers = usable(satisfaction_service_recipients=[row(value_type="定性", target_value="满意", score="25")])
    indicators, problems = indicators_from_answers(form("3"), answers)
    assert problems == []
    first = next(i for i in indicators if i.id == "output_quantity:0")
    assert (first.level1, first.level2, first.direction, first.target, first.unit) == (
        "产出指标",
        "数量指标",
        ">=",
        Decimal(500),
        "万元",
    )
    last = indicators[-1]
    assert (last.level1, last.value_type, last.standard, last.target) == ("满意度指标", "定性", "满意", None)
    assert weights_total(indicators) == HUNDRED
    assert target_sheet_issues(form("3"), answers, total_score=HUNDRED) == []


def test_each_problem_is_reported_at_its_cell():
    answers = {
        "cost_economic": [row(target_value="较高")],
        "cost_social": [row(value_type="定性", target_value="")],
        "output_quality": [row(value_type="其他")],
        "output_timeliness": [row(measurement_unit="")],
        "benefit_social": [row(score="0")],
        "benefit_ecological": [{"tier3_indicator": "", "score": ""}],  # a blank row is skipped
        "satisfaction_service_recipients": [{}, row(score="-1")],  # the row keeps its place
    }
    _, problems = indicators_from_answers(form("3"), answers)
    assert [(p.path("3"), p.message) for p in problems] == [
        ("3.cost_economic[0].target_value", TARGET_NOT_NUMERIC),
        ("3.cost_social[0].target_value", TARGET_NO_STANDARD),
        ("3.output_quality[0].value_type", VALUE_TYPE_UNKNOWN),
        ("3.output_timeliness[0].measurement_unit", UNIT_MISSING),
        ("3.benefit_social[0].score", WEIGHT_MISSING),
        ("3.satisfaction_service_recipients[1].score", WEIGHT_MISSING),
    ]


# One case per rule: the answers of one table, the cell reported and its message.
RULES = [
    pytest.param({"output_quantity": [row(measurement_unit="")]}, "output_quantity[0].measurement_unit",
                 UNIT_MISSING, id="定量 without a unit"),
    pytest.param({"output_quantity": [row(target_value="较去年明显增加")]}, "output_quantity[0].target_value",
                 TARGET_NOT_NUMERIC, id="定量 value not a number"),
    pytest.param({"benefit_economic": [row(value_type="定性", target_value="", measurement_unit="")]},
                 "benefit_economic[0].target_value", TARGET_NO_STANDARD, id="定性 without a standard"),
    pytest.param({"cost_economic": [row(score="")]}, "cost_economic[0].score", WEIGHT_MISSING, id="weight missing"),
    pytest.param({"cost_economic": [row(value_type="")]}, "cost_economic[0].value_type", VALUE_TYPE_UNKNOWN,
                 id="value type missing"),
]  # fmt: skip


@pytest.mark.parametrize(("tables", "cell", "message"), RULES)
def test_each_rule_is_reported_at_its_cell(tables, cell, message):
    assert target_sheet_issues(form("3"), usable(**tables), total_score=HUNDRED) == [(f"3.{cell}", message)]


def test_a_定性_indicator_needs_no_unit():
    answers = usable(benefit_economic=[row(value_type="定性", target_value="显著提升", measurement_unit="")])
    assert target_sheet_issues(form("3"), answers, total_score=HUNDRED) == []


@pytest.mark.parametrize(
    ("weights", "issue"),
    [
        (["25", "25", "25", "25"], None),
        (["25", "25", "25", "20"], "各指标分值合计须为100分（现为95分）"),
        (["30", "30", "30", "20.5"], "各指标分值合计须为100分（现为110.5分）"),
        (["25", "25", "25", "24.99"], "各指标分值合计须为100分（现为99.99分）"),
    ],
)
def test_the_weights_add_up_to_100_exactly(weights, issue):
    answers = {table: [row(score=w)] for table, w in zip(TABLES.values(), weights)}
    expected = [("3.cost_economic", issue)] if issue else []
    assert target_sheet_issues(form("3"), answers, total_score=HUNDRED) == expected


def test_the_total_is_the_packs():
    answers = usable()  # 100
    assert target_sheet_issues(form("3"), answers, total_score=Decimal(100)) == []
    assert target_sheet_issues(form("3"), answers, total_score=Decimal(120)) == [
        ("3.cost_economic", WEIGHTS_TOTAL.format(required="120", total="100"))
    ]


def test_the_total_waits_for_every_weight_and_every_tier1_indicator():
    """A missing 分值 or a 一级指标 with no row is reported on its own; the total would only repeat it."""
    missing_weight = usable(cost_economic=[row(score="")])
    assert target_sheet_issues(form("3"), missing_weight, total_score=HUNDRED) == [
        ("3.cost_economic[0].score", WEIGHT_MISSING)
    ]
    no_satisfaction = usable(satisfaction_service_recipients=[])
    assert target_sheet_issues(form("3"), no_satisfaction, total_score=HUNDRED) == []
    assert target_sheet_issues(form("3"), {}, total_score=HUNDRED) == []


WEIGHT = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(60), places=2, allow_nan=False)


@given(st.lists(WEIGHT, min_size=4, max_size=12), st.sampled_from([Decimal(100), Decimal(60), Decimal("99.5")]))
def test_the_total_check_agrees_with_the_decimal_sum(weights, required):
    tables = list(TABLES.values())
    answers: dict = {table: [] for table in tables}
    for index, weight in enumerate(weights):  # every 一级指标 gets a row, then round the tables again
        answers[tables[index % len(tables)]].append(row(score=format_decimal(weight)))
    total = sum(weights, Decimal(0))
    issues = target_sheet_issues(form("3"), answers, total_score=required)
    if total == required:
        assert issues == []
    else:
        message = WEIGHTS_TOTAL.format(required=format_decimal(required), total=format_decimal(total))
        assert issues == [("3.cost_economic", message)]


@given(st.lists(WEIGHT, min_size=3, max_size=3))
def test_three_weights_and_the_rest_to_100_always_pass(weights):
    rest = Decimal(100) - sum(weights, Decimal(0))
    if rest <= 0:
        return
    answers = {table: [row(score=format_decimal(w))] for table, w in zip(TABLES.values(), [*weights, rest])}
    assert target_sheet_issues(form("3"), answers, total_score=HUNDRED) == []


def test_a_qualitative_row_needs_no_unit_and_a_quantitative_one_does():
    """度量单位 is not a required cell of the template (满意度 has none); the indicator check asks it of 定量 only."""
    from policies.formengine.validate import missing_required

    satisfaction = row(value_type="定性", target_value="达到预期", measurement_unit="")
    answers = {"3": {"satisfaction_service_recipients": [satisfaction], "output_quantity": [row(measurement_unit="")]}}
    missing = {m.path for m in missing_required([form("3")], answers)}
    assert not any(path.endswith("measurement_unit") for path in missing)
    _, problems = indicators_from_answers(form("3"), answers["3"])
    assert [(p.path("3"), p.message) for p in problems] == [("3.output_quantity[0].measurement_unit", UNIT_MISSING)]


@pytest.mark.parametrize("written", ["/", "／", "无", "—"])
def test_a_no_unit_mark_is_no_unit(written):
    """“/” in the 度量单位 cell says there is none: a 定性 indicator keeps no unit, a 定量 one is asked for one."""
    answers = {
        "satisfaction_service_recipients": [row(value_type="定性", target_value="满意", measurement_unit=written)],
        "output_quantity": [row(measurement_unit=written)],
    }
    indicators, problems = indicators_from_answers(form("3"), answers)
    assert [i.unit for i in indicators] == ["", ""]
    assert [(p.path("3"), p.message) for p in problems] == [("3.output_quantity[0].measurement_unit", UNIT_MISSING)]
