"""Rule fidelity (issue #12): each clause read as the notice says it, never more strictly.

Every test quotes the clause it checks. Pure: the 2023 pack and the engines, no database.
"""

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk
from eligibility.engine import SOFT_WARNING, evaluate_condition, evaluate_item
from eligibility.rules import Truth, evaluate_rule, growth_from_non_positive, rule_facts
from policies.pack.loader import PackError, check_pack, load_pack_unchanged
from policies.pack.schema import BooleanRule, Condition, IndustryRule, MembershipRule, ThresholdRule
from policies.tests.formtools import PACK_2023

GLOBAL_OK = {
    "registered_in_hengyang": True,
    "is_independent_legal_person": True,
    "credit_record_normal": True,
    "is_dishonest_judgment_debtor": False,
    "industry_category": "C",
}


@cache
def _pack():
    return load_pack_unchanged(PACK_2023)


def _item(number: int, subtype: str | None = None, facts: dict | None = None):
    loaded = _pack()
    item = loaded.item(number)
    chosen = next((s for s in item.subtypes if s.code == subtype), None)
    return evaluate_item(loaded.pack, item, {**GLOBAL_OK, **(facts or {})}, frozenset(), chosen)


def _condition(result, condition_id: str):
    return next(c for c in result.conditions if c.id == condition_id)


# ---------------------------------------------------------------------------
# 1. 第1项 条件5: "不得重复申报相应项目"
# ---------------------------------------------------------------------------

ITEM1_FIGURES = {
    "smart_manufacturing_self_assessed": True,
    "smart_manufacturing_maturity_level": "2",
    "main_business_revenue_2022": 30000,
    "smart_manufacturing_investment_2020_2022": 12000,
    "smart_workshop_investment_2020_2022": 3500,
    "smart_manufacturing_links": 10,
    "smart_manufacturing_scenarios": 12,
}
NO_TITLES = {
    "provincial_smart_manufacturing_benchmark_enterprise_2022": False,
    "provincial_smart_manufacturing_benchmark_workshop_2022": False,
    "hengyang_national_smart_manufacturing_pilot_2022": False,
    "hengyang_provincial_benchmark_enterprise_2022": False,
    "hengyang_provincial_benchmark_workshop_2022": False,
}


@pytest.mark.parametrize(
    ("title", "barred"),
    [
        ("provincial_smart_manufacturing_benchmark_workshop_2022", "city_benchmark_workshop"),
        ("hengyang_provincial_benchmark_workshop_2022", "city_benchmark_workshop"),
        ("provincial_smart_manufacturing_benchmark_enterprise_2022", "city_benchmark_enterprise"),
        ("hengyang_provincial_benchmark_enterprise_2022", "city_benchmark_enterprise"),
        ("hengyang_national_smart_manufacturing_pilot_2022", "national_pilot"),
    ],
)
def test_a_2022_title_bars_only_the_corresponding_subtype(title, barred):
    """ "2022年已获得省智能制造标杆企业（车间）及衡阳市培育国家级智能制造试点示范、培育省级智能制造标杆企业（车间）的单位，
    不得重复申报相应项目" (附件1 第1项 申报条件5)."""
    facts = {**ITEM1_FIGURES, **NO_TITLES, title: True}
    for subtype in ("national_pilot", "city_benchmark_enterprise", "city_benchmark_workshop"):
        result = _item(1, subtype, facts)
        if subtype == barred:
            assert result.status == st.NOT_MET, subtype
        else:
            assert result.status == st.NEEDS_EVIDENCE, subtype
            assert all(c.status != st.NOT_MET for c in result.conditions), subtype


def test_the_workshop_threshold_reads_the_workshops_own_investment():
    """附件2-1 asks for "车间近3年实施智能制造的总投入"; 条件3: "…投入3000万元以上"."""
    enterprise_only = _item(1, "city_benchmark_workshop", {"smart_manufacturing_investment_2020_2022": 5000})
    assert _condition(enterprise_only, "item1.city_workshop.investment").status == st.UNKNOWN
    at = _item(1, "city_benchmark_workshop", {"smart_workshop_investment_2020_2022": 3000})
    below = _item(1, "city_benchmark_workshop", {"smart_workshop_investment_2020_2022": 2999.99})
    assert _condition(at, "item1.city_workshop.investment").status == st.NEEDS_EVIDENCE
    assert _condition(below, "item1.city_workshop.investment").status == st.NOT_MET


# ---------------------------------------------------------------------------
# 2. Strictness: 原则上 is soft; no soft or reviewer condition can make an item 不符合
# ---------------------------------------------------------------------------


def test_a_project_completed_in_2023_is_needs_evidence_with_a_warning():
    """ "项目原则上年12月31日前完工" (附件1 第12项): 原则上 admits exceptions, which the section judges."""
    result = _item(12, facts={"transformation_project_completed_2022": False})
    condition = _condition(result, "item12.completed_by_year_end")
    assert condition.status == st.NEEDS_EVIDENCE and condition.warning == SOFT_WARNING
    assert "“三化”改造项目于2022年12月31日前完工”为“否”" in condition.explanation
    done = _condition(_item(12, facts={"transformation_project_completed_2022": True}), "item12.completed_by_year_end")
    assert done.status == st.NEEDS_EVIDENCE and not done.warning


def test_the_priority_of_item_2_does_not_hold_it_at_needs_evidence():
    """ "优先支持获评省、市智能制造标杆（示范）企业或车间" (附件1 第2项 申报条件3) ranks; it is no condition."""
    facts = {
        "has_bank_loan_in_hengyang": True,
        "smart_equipment_investment_2022": 300,
        "smart_manufacturing_self_assessed": True,
        "smart_manufacturing_maturity_level": "1",
    }
    loaded = _pack()
    item = loaded.item(2)
    verified = frozenset(facts) | frozenset(GLOBAL_OK)
    result = evaluate_item(loaded.pack, item, {**GLOBAL_OK, **facts}, verified)
    own = [c for c in result.conditions if c.id.startswith("item2.")]
    assert own and all(c.status == st.MET for c in own)
    assert result.preferences == ("优先支持获评省、市智能制造标杆（示范）企业或车间",)


def test_the_little_giant_direction_is_for_the_reviewer_and_never_refuses():
    """ "支持经济效益好、市场占有率高、创新能力强、发展潜力大的专精特新“小巨人”企业" (附件1 第3项 具体方向)."""
    condition = _condition(_item(3, facts={"is_little_giant_enterprise": False}), "item3.little_giant")
    assert condition.status == st.NEEDS_EVIDENCE and condition.strictness == "reviewer"
    assert condition.explanation.startswith("由审核部门评审认定")


def test_cross_item_rules_are_labelled_as_rules_of_the_process():
    """ "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" and "各县市区、市直园区限报1个" are rules
    of the process, not "定性条件，由审核部门评审认定"."""
    item2, item3, item14 = _item(2), _item(3), _item(14, "dual_integration_certified")
    assert not [c for c in item2.conditions + item3.conditions if "限报" in c.clause or "同一法人" in c.clause]
    assert any(r.startswith("互斥规则：同一法人企业不能同时申报") for r in item2.process_rules)
    assert any(r.startswith("限报名额：各县市区、市直园区限报1个") for r in item3.process_rules)
    assert any("不计入" in r for r in item14.process_rules)
    assert any(r.startswith("项目数限额：申报单位申报项目数合计不得超过2个") for r in item2.process_rules)


def test_pack_check_refuses_an_unknown_strictness(tmp_path):
    import shutil

    copy = tmp_path / "pack"
    shutil.copytree(PACK_2023, copy)
    path = copy / "items" / "12.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("strictness: soft", "strictness: lenient"), "utf-8")
    errors: list[PackError] = check_pack(copy)
    assert any(e.file == "items/12.yaml" and "strictness" in e.path for e in errors), errors


THRESHOLD_FACTS = ("valid_patents", "operating_revenue_2022", "total_profit_2022")


@st_.composite
def lenient_conditions(draw):
    """A computable soft or reviewer condition over any rule shape the pack format allows."""
    leaf = st_.one_of(
        st_.builds(
            lambda f, w, v: ThresholdRule(fact=f, wording=w, value=v, unit="个" if f == "valid_patents" else "万元"),
            st_.sampled_from(THRESHOLD_FACTS),
            st_.sampled_from(["以上", "超过", "以下", "不满", "前"]),
            st_.integers(min_value=-5, max_value=50),
        ),
        st_.builds(
            lambda w, v: ThresholdRule(
                fact="operating_revenue_2022", growth_from="operating_revenue_2021", wording=w, value=v, unit="%"
            ),
            st_.sampled_from(["超过", "高于", "以上", "不超过", "低于"]),
            st_.integers(min_value=-30, max_value=50),
        ),
        st_.builds(lambda e: BooleanRule(fact="product_is_new", equals=e), st_.booleans()),
        st_.builds(
            lambda c: MembershipRule(fact="smart_manufacturing_maturity_level", one_of=c),
            st_.lists(st_.sampled_from("012345"), min_size=1, unique=True),
        ),
        st_.builds(
            lambda c: IndustryRule(industry_in=c), st_.lists(st_.sampled_from(["30", "305", "3054", "14"]), min_size=1)
        ),
    )
    rule = draw(st_.one_of(leaf, st_.builds(lambda r: {"all": r}, st_.lists(leaf, min_size=1, max_size=3)),
                           st_.builds(lambda r: {"any": r}, st_.lists(leaf, min_size=1, max_size=3))))  # fmt: skip
    return Condition(
        id="x.lenient", clause="原则上…", source="测试", kind="computable", rule=rule,
        strictness=draw(st_.sampled_from(["soft", "reviewer"])), evidence=draw(st_.sampled_from([[], ["m"]])),
    )  # fmt: skip


FACT_VALUES = {
    "valid_patents": st_.integers(min_value=0, max_value=60).map(float),
    "operating_revenue_2022": st_.sampled_from([0.0, 50.0, 100.0, 130.0, 200.0]),
    "operating_revenue_2021": st_.sampled_from([0.0, 100.0, 200.0]),
    "total_profit_2022": st_.sampled_from([-100.0, 0.0, 10.0, 50.0]),
    "product_is_new": st_.booleans(),
    "smart_manufacturing_maturity_level": st_.sampled_from("012345"),
    "industry_division": st_.sampled_from(["30", "14", "35"]),
    "industry_group": st_.sampled_from(["305", "301", "143"]),
    "industry_class": st_.sampled_from(["3054", "3051", "1431"]),
}


@settings(max_examples=300, deadline=None)
@given(lenient_conditions(), st_.fixed_dictionaries({}, optional=FACT_VALUES), st_.data())
def test_no_soft_or_reviewer_condition_can_make_an_item_not_met(condition, facts, data):
    """Only a hard condition refuses: soft (原则上/一般) and reviewer clauses go to the section, in both engines."""
    status = evaluate_condition(condition, facts).status
    assert status != st.NOT_MET
    assert st.combine_all([st.MET, status]) != st.NOT_MET
    names = rule_facts(condition.rule)
    columns = columns_from_profiles([facts], names)
    from eligibility.bulk import evaluate_condition_bulk

    assert st.BY_CODE[int(evaluate_condition_bulk(condition, columns, 1, frozenset())[0])] == status


def test_every_soft_or_reviewer_condition_of_the_pack_never_refuses():
    loaded = _pack()
    lenient = [
        c
        for item in loaded.items
        for c in list(item.conditions) + [c for s in item.subtypes for c in s.conditions]
        if c.strictness != "hard"
    ]
    assert {c.id for c in lenient} == {"item12.completed_by_year_end", "item3.little_giant"}
    for condition in lenient:
        failing = {f: (not condition.rule.equals) for f in rule_facts(condition.rule)}
        assert evaluate_condition(condition, failing).status == st.NEEDS_EVIDENCE


# ---------------------------------------------------------------------------
# 3. Growth and trend from a zero base
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "limit", "value", "base", "expected"),
    [
        (">", 0, 500.0, 0.0, Truth.TRUE),  # 销售收入呈上升势头: 0 -> 500 rises
        (">", 0, 0.0, 0.0, Truth.FALSE),  # no change is no rise
        (">", 0, -100.0, -300.0, Truth.TRUE),  # a smaller loss is a rising total profit
        (">", 0, -300.0, -100.0, Truth.FALSE),  # a larger loss falls
        (">", 30, 250.0, 0.0, Truth.REVIEW),  # 年增幅超过30% from 0: the rate is undefined
        (">=", 30, 0.0, 0.0, Truth.FALSE),
        ("<=", 10, 50.0, 0.0, Truth.REVIEW),
        ("<=", 10, -50.0, 0.0, Truth.TRUE),
        (">=", -10, -50.0, 0.0, Truth.REVIEW),
    ],
)
def test_growth_from_zero_or_a_loss_is_read_by_its_direction(op, limit, value, base, expected):
    assert growth_from_non_positive(op, limit, value, base) is expected


def test_item13_growth_from_zero_revenue_goes_to_the_section():
    """ "上一年度营业收入200万元以上、年增幅超过30%" (附件1 第13项): from 0 in 2021 the rate is undefined."""
    facts = {"mobile_internet_revenue_2022": 100, "operating_revenue_2022": 250, "operating_revenue_2021": 0}
    condition = _condition(_item(13, facts=facts), "item13.revenue")
    assert condition.status == st.NEEDS_EVIDENCE
    assert "上年为零或亏损，增幅无法按百分比计算" in condition.explanation and "由审核部门认定" in condition.explanation


def test_item5_rising_trend_from_zero_is_not_refused():
    """ "销售收入和利润总额呈上升势头" (附件1 第5项 申报条件3)."""
    facts = {"main_business_revenue_2021": 0, "main_business_revenue_2022": 500}
    assert _condition(_item(5, facts=facts), "item5.revenue_rising").status == st.NEEDS_EVIDENCE


# ---------------------------------------------------------------------------
# 4. 第9项 sectors: the 小类 decides; explanations name sectors in words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "status", "says"),
    [
        ({"industry_division": "30", "industry_group": "305", "industry_class": "3054"}, st.NEEDS_EVIDENCE,
         "所属行业“3054 日用玻璃制品制造”属于日用玻璃制品制造（3054）"),
        ({"industry_class": "3074"}, st.NEEDS_EVIDENCE, "属于日用陶瓷制品制造（3074）"),
        ({"industry_division": "30", "industry_group": "305"}, st.UNKNOWN,
         "请填写“所属行业小类代码（GB/T 4754-2017）”以便判定"),
        ({"industry_division": "30", "industry_group": "301"}, st.NOT_MET,
         "所属行业“301 水泥、石灰和石膏制造”不属于本项所列行业"),
        ({"industry_division": "14"}, st.NEEDS_EVIDENCE, "属于食品制造业（14）"),
    ],
)  # fmt: skip
def test_consumer_goods_sector_reads_the_most_specific_code(codes, status, says):
    """ "规模以上医药、食品、纺织、轻工行业的消费品工业企业" (附件1 第9项 申报条件1)."""
    condition = _condition(_item(9, facts=codes), "item9.consumer_goods_sector")
    assert condition.status == status
    assert says in condition.explanation
    assert "食品制造业（14）" in condition.threshold and "日用玻璃制品制造（3054）" in condition.threshold


def test_bulk_agrees_on_industry_codes():
    loaded = _pack()
    rows = [
        {"industry_division": "30", "industry_group": "305", "industry_class": "3054"},
        {"industry_division": "30", "industry_group": "305"},
        {"industry_division": "30", "industry_group": "301"},
        {"industry_class": "1431"},
        {},
    ]
    columns = columns_from_profiles(rows, ["industry_division", "industry_group", "industry_class"])
    bulk = evaluate_bulk(loaded.pack, loaded.items, columns, len(rows))
    statuses = [st.BY_CODE[int(c)] for c in bulk.conditions["item9.consumer_goods_sector"]]
    assert statuses == [st.NEEDS_EVIDENCE, st.UNKNOWN, st.NOT_MET, st.NEEDS_EVIDENCE, st.UNKNOWN]


# ---------------------------------------------------------------------------
# Explanations an enterprise's finance officer understands
# ---------------------------------------------------------------------------


def test_a_met_alternative_does_not_show_the_ones_that_failed():
    condition = Condition(
        id="x.any", clause="测试条款", source="测试", kind="computable",
        rule={"any": [{"fact": "total_profit_2022", "wording": "以下", "value": 0, "unit": "万元"},
                      {"fact": "total_profit_2022", "wording": "高于", "value": 0, "unit": "万元"}]},
    )  # fmt: skip
    result = evaluate_condition(condition, {"total_profit_2022": 1800.0})
    assert result.explanation == "符合：2022年利润总额 1800万元，满足“高于0万元”"
    assert "不满足" not in result.explanation and "超出" not in result.explanation
    unknown_other = Condition(
        id="x.any2", clause="测试条款", source="测试", kind="computable",
        rule={"any": [{"fact": "valid_patents", "wording": "及以上", "value": 1, "unit": "个"},
                      {"fact": "valid_invention_patents", "wording": "及以上", "value": 1, "unit": "项"}]},
    )  # fmt: skip
    met = evaluate_condition(unknown_other, {"valid_patents": 3.0})
    assert met.status == st.MET and "缺少" not in met.explanation


def test_maturity_level_zero_reads_as_not_reaching_level_one():
    """ "达到《智能制造能力成熟度模型》（GB/T39116-2020）一级及以上" (附件1 第1项 申报条件4)."""
    condition = _condition(
        _item(1, "national_pilot", {"smart_manufacturing_maturity_level": "0"}), "item1.maturity_level"
    )
    assert condition.explanation == (
        "不符合：“智能制造能力成熟度等级（GB/T39116-2020）”为未达到一级，须为 一级、二级、三级、四级、五级之一"
    )
    assert "为 0" not in condition.explanation


def test_a_ranking_outside_the_top_reads_as_a_rank_not_an_excess():
    """ "位居全国前5位或省内排名前3位" (附件1 第3项 申报条件2)."""
    condition = _condition(
        _item(3, facts={"product_national_market_rank_2022": 12, "product_provincial_market_rank_2022": 4}),
        "item3.market_rank",
    )
    assert condition.status == st.NOT_MET
    assert "2022年申请产品国内市场占有率排名第 12 位，未进入“前5位”" in condition.explanation
    assert "超出" not in condition.explanation and "位（" not in condition.explanation


def test_numbers_have_at_most_two_decimals_unless_more_decide():
    rule = ThresholdRule(fact="rd_expense_2022", per="operating_revenue_2022", wording="以上", value=3, unit="%")
    shown = evaluate_rule(rule, {"rd_expense_2022": 1.0, "operating_revenue_2022": 30.0}).text
    assert "3.33%" in shown and "3.333" not in shown
    close = evaluate_rule(rule, {"rd_expense_2022": 2.9999, "operating_revenue_2022": 100.0})
    assert close.truth is Truth.FALSE and "2.9999%" in close.text  # "3%" would read as met


def test_every_explanation_of_the_pack_has_at_most_two_decimals():
    import re

    facts = {"rd_expense_2022": 1.0, "operating_revenue_2022": 3.0, "main_business_revenue_2022": 7.0,
             "ip_product_revenue_2022": 1.0, "design_center_qualified_staff": 2, "design_center_staff": 3}  # fmt: skip
    for number in (3, 4, 5, 8):
        for condition in _item(number, facts=facts).conditions:
            assert not re.search(r"\d\.\d{3}", condition.explanation), condition.explanation


def test_bulk_statuses_match_on_lenient_and_review_cases():
    loaded = _pack()
    rows = [
        {"transformation_project_completed_2022": False},
        {"is_little_giant_enterprise": False},
        {"operating_revenue_2022": 250.0, "operating_revenue_2021": 0.0, "mobile_internet_revenue_2022": 100.0},
        {"total_profit_2022": -100.0, "total_profit_2021": -300.0},
    ]
    names = sorted({n for r in rows for n in r})
    bulk = evaluate_bulk(loaded.pack, loaded.items, columns_from_profiles(rows, names), len(rows))
    for condition_id, row in (
        ("item12.completed_by_year_end", 0),
        ("item3.little_giant", 1),
        ("item13.revenue", 2),
        ("item5.profit_rising", 3),
    ):
        assert st.BY_CODE[int(bulk.conditions[condition_id][row])] == st.NEEDS_EVIDENCE, condition_id
    assert np.all(bulk.items["12"] != st.ORDER[st.NOT_MET])
