"""The explaining evaluator: thresholds by wording, ratios, growth, missing data, evidence."""

import pytest

from eligibility import statuses as st
from eligibility.engine import evaluate_condition
from eligibility.rules import Truth, evaluate_rule
from policies.pack.schema import Condition, ThresholdRule
from policies.pack.wording import WORDING_OPERATORS


def _rule(wording, value=10, unit="个", **kw):
    return ThresholdRule(fact=kw.pop("fact", "valid_patents"), wording=wording, value=value, unit=unit, **kw)


# At the threshold: inclusive wordings hold, exclusive ones do not (民法典 第1259条).
@pytest.mark.parametrize(
    "wording,below,at,above",
    [
        ("以上", False, True, True), ("及以上", False, True, True), ("不少于", False, True, True),
        ("不低于", False, True, True), ("达到", False, True, True), ("至少", False, True, True),
        ("届满", False, True, True), ("超过（含）", False, True, True),
        ("以下", True, True, False), ("以内", True, True, False), ("不超过", True, True, False),
        ("不高于", True, True, False), ("前", True, True, False),
        ("超过", False, False, True), ("高于", False, False, True),
        ("不满", True, False, False), ("低于", True, False, False),
    ],
)  # fmt: skip
def test_every_wording_at_below_and_above_the_threshold(wording, below, at, above):
    rule = _rule(wording)
    for value, expected in ((9.0, below), (10.0, at), (11.0, above)):
        assert evaluate_rule(rule, {"valid_patents": value}).truth is (Truth.TRUE if expected else Truth.FALSE)


def test_every_known_wording_is_tested():
    tested = {"以上", "及以上", "不少于", "不低于", "达到", "至少", "届满", "超过（含）", "以下", "以内", "不超过",
              "不高于", "前", "超过", "高于", "不满", "低于"}  # fmt: skip
    assert tested == set(WORDING_OPERATORS)


def test_ratio_exactly_at_three_percent_is_met_despite_float_rounding():
    rule = _rule("以上", 3, "%", fact="rd_expense_2022", per="operating_revenue_2022")
    outcome = evaluate_rule(rule, {"rd_expense_2022": 3.0, "operating_revenue_2022": 100.0})
    assert outcome.truth is Truth.TRUE  # 3 / 100 * 100 == 3.0000000000000004 in floats; cross-multiplied it is exact
    assert evaluate_rule(rule, {"rd_expense_2022": 2.99, "operating_revenue_2022": 100.0}).truth is Truth.FALSE


def test_growth_exactly_thirty_percent_is_not_over_thirty():
    rule = _rule("超过", 30, "%", fact="operating_revenue_2022", growth_from="operating_revenue_2021")
    assert evaluate_rule(rule, {"operating_revenue_2022": 130.0, "operating_revenue_2021": 100.0}).truth is Truth.FALSE
    assert evaluate_rule(rule, {"operating_revenue_2022": 130.01, "operating_revenue_2021": 100.0}).truth is Truth.TRUE


def test_zero_base_growth_goes_to_the_section_with_a_reason():
    rule = _rule("超过", 30, "%", fact="operating_revenue_2022", growth_from="operating_revenue_2021")
    outcome = evaluate_rule(rule, {"operating_revenue_2022": 130.0, "operating_revenue_2021": 0.0})
    assert outcome.truth is Truth.REVIEW and "增幅无法按百分比计算" in outcome.text


def test_missing_fact_is_unknown_and_named():
    outcome = evaluate_rule(_rule("以上"), {})
    assert outcome.truth is Truth.UNKNOWN and outcome.missing == ("valid_patents",)
    assert "有效专利数量" in outcome.text


def test_gap_is_stated():
    condition = Condition(
        id="x.p", clause="有效专利数量达10个及以上", source="测试", kind="computable", rule=_rule("及以上")
    )
    result = evaluate_condition(condition, {"valid_patents": 8.0})
    assert result.status == st.NOT_MET and result.gap == "差 2个"
    assert result.threshold.startswith("10个及以上")
    assert result.inputs[0].value == 8.0 and result.inputs[0].unit == "个"


def test_declared_fact_reaches_at_most_needs_evidence_when_the_clause_needs_evidence():
    condition = Condition(
        id="x.p",
        clause="测试条款",
        source="测试",
        kind="computable",
        rule=_rule("及以上"),
        evidence=["patent_certificates"],
    )
    assert evaluate_condition(condition, {"valid_patents": 12.0}).status == st.NEEDS_EVIDENCE
    verified = frozenset({"valid_patents"})
    assert evaluate_condition(condition, {"valid_patents": 12.0}, verified).status == st.MET


@pytest.mark.parametrize("kind", ["attestation", "judgement"])
def test_qualitative_conditions_need_evidence(kind):
    assert (
        evaluate_condition(Condition(id="x.q", clause="测试条款", source="测试", kind=kind), {}).status
        == st.NEEDS_EVIDENCE
    )


@pytest.mark.parametrize(
    "statuses,all_of,any_of",
    [
        (["met", "needs_evidence"], "needs_evidence", "met"),
        (["met", "unknown", "needs_evidence"], "unknown", "met"),
        (["unknown", "not_met"], "not_met", "unknown"),
        (["not_met", "needs_evidence"], "not_met", "needs_evidence"),
        (["met"], "met", "met"),
    ],
)
def test_combination_rules(statuses, all_of, any_of):
    assert st.combine_all(statuses) == all_of
    assert st.combine_any(statuses) == any_of


def test_facts_doc_is_up_to_date():
    from pathlib import Path

    from eligibility.docs import render

    doc = Path(__file__).resolve().parents[2] / "docs" / "facts.md"
    assert doc.read_text(encoding="utf-8") == render(), "run: python -m eligibility.docs > docs/facts.md"


@pytest.mark.parametrize(
    "facts",
    [{}, {"registered_in_hengyang": True, "credit_record_normal": False, "valid_patents": 3},
     {"registered_in_hengyang": True, "is_independent_legal_person": True, "credit_record_normal": True,
      "is_dishonest_judgment_debtor": False, "industry_category": "C", "operating_revenue_2022": 10000}],
)  # fmt: skip
@pytest.mark.parametrize("verified", [frozenset(), frozenset({"registered_in_hengyang", "credit_record_normal"})])
def test_a_pack_evaluates_as_its_items_one_by_one(facts, verified):
    """evaluate_pack evaluates the global conditions once for every item; the results are those of each item
    (and subtype) evaluated on its own, and the shared global results are the same (frozen) objects."""
    from eligibility.engine import evaluate_item, evaluate_pack
    from policies.pack.loader import load_pack_unchanged
    from policies.tests.formtools import PACK_2023

    loaded = load_pack_unchanged(PACK_2023)
    together = evaluate_pack(loaded.pack, loaded.items, facts, verified)
    alone = [
        evaluate_item(loaded.pack, item, facts, verified, subtype)
        for item in loaded.items
        for subtype in (item.subtypes or [None])
    ]
    assert together == alone
    shared = len(loaded.pack.global_conditions)
    first = together[0].conditions[:shared]
    assert shared and all(a is b for r in together for a, b in zip(r.conditions[:shared], first, strict=True))
