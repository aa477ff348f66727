"""The facts vocabulary as data: the 2023 expansion is exactly the table the platform had in Python
(policies/tests/golden/facts-2023.json, frozen from policies/facts.py before it moved to data), and other
notice years shift every relative year."""

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.facts import FACTS, NOTICE_YEARS
from policies.vocabulary import (
    VocabularyInvalid,
    fact_in_any_year,
    facts_for_notice_year,
    facts_for_notice_years,
    profile_years,
    relative_label,
    vocabulary,
    vocabulary_validate,
)

GOLDEN = Path(__file__).parent / "golden" / "facts-2023.json"


def _row(fact) -> dict:
    row = dataclasses.asdict(fact)
    row["choices"] = [list(c) for c in row["choices"]]
    return row


def test_2023_expansion_is_the_table_of_the_2023_notice():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    facts = facts_for_notice_year(2023)
    assert list(facts) == [row["name"] for row in golden]
    for row in golden:
        expanded = _row(facts[row["name"]])
        assert {key: expanded[key] for key in row} == row


def test_facts_are_the_union_over_the_pack_folders_years():
    # policy_packs/ holds the 2023 notice and the 2024 example: the module-level table is their union.
    assert facts_for_notice_years(NOTICE_YEARS) == FACTS
    assert set(facts_for_notice_year(2023)) <= set(FACTS) and set(facts_for_notice_year(2024)) <= set(FACTS)


def test_2024_expansion_shifts_every_relative_year():
    facts = facts_for_notice_year(2024)
    assert [n for n in facts if n.startswith("operating_revenue_")] == [
        "operating_revenue_2021", "operating_revenue_2022", "operating_revenue_2023",
    ]  # fmt: skip
    assert "operating_revenue_2020" not in facts
    assert facts["operating_revenue_2023"].label == "2023年营业收入"
    assert facts["operating_revenue_2023"].year == 2023
    assert facts["operating_revenue_2023"].profile_field == "operating_revenue_2023"
    equipment = facts["smart_equipment_investment_2023"]
    assert (equipment.label, equipment.year, equipment.unit) == (
        "2023年生产线、关键工序推广应用智能制造装备投资额",
        2023,
        "万元",
    )
    assert "smart_equipment_investment_2022" not in facts
    assert facts["smart_manufacturing_investment_2021_2023"].label == "近三年（2021-2023年）实施智能制造的投入"
    assert facts["product_innovation_project_accepted_2024"].year == 2024
    completed = facts["transformation_project_completed_2023"]
    assert "2023年1月1日至2023年12月31日" in completed.description
    assert len(facts) == len(facts_for_notice_year(2023))


def test_relative_labels_follow_the_notice_year():
    assert relative_label(facts_for_notice_year(2024)["operating_revenue_2023"], 2024) == "上年度营业收入"
    assert relative_label(facts_for_notice_year(2024)["operating_revenue_2022"], 2024) == "前年营业收入"
    assert relative_label(facts_for_notice_year(2024)["operating_revenue_2021"], 2024) == "2021年营业收入"
    assert relative_label(facts_for_notice_year(2023)["operating_revenue_2022"], 2023) == "上年度营业收入"
    assert relative_label(facts_for_notice_year(2024)["smart_equipment_investment_2023"], 2024) == (
        "上年度生产线、关键工序推广应用智能制造装备投资额"
    )
    assert relative_label(facts_for_notice_year(2024)["transformation_project_completed_2023"], 2024) == (
        "“三化”改造项目于上年12月31日前完工"
    )
    # Facts without a year, and spans (already 近三年), read as they are.
    assert relative_label(FACTS["valid_patents"], 2023) == "有效专利数量"
    span = facts_for_notice_year(2024)["smart_manufacturing_investment_2021_2023"]
    assert relative_label(span, 2024) == span.label


def test_union_keeps_each_family_together_and_each_name_one_meaning():
    union = facts_for_notice_years([2024, 2023])
    revenue = [n for n in union if n.startswith("operating_revenue_")]
    assert revenue == [f"operating_revenue_{y}" for y in (2020, 2021, 2022, 2023)]
    assert list(union).index("operating_revenue_2023") == list(union).index("operating_revenue_2022") + 1
    assert {"smart_equipment_investment_2022", "smart_equipment_investment_2023"} <= set(union)
    for year in (2023, 2024):
        for name, fact in facts_for_notice_year(year).items():
            assert union[name] == fact


def test_a_name_of_any_notice_year_is_known_with_its_meaning():
    # 2031's facts come from no pack folder: the name still reads as the vocabulary declares it.
    fact = fact_in_any_year("operating_revenue_2031")
    assert (fact.label, fact.year, fact.unit) == ("2031年营业收入", 2031, "万元")
    assert (
        fact_in_any_year("smart_manufacturing_investment_2027_2029").label == "近三年（2027-2029年）实施智能制造的投入"
    )
    assert fact_in_any_year("smart_manufacturing_investment_2027_2028") is None  # not the span of any notice
    assert fact_in_any_year("valid_patents") is None and fact_in_any_year("colour_2022") is None


@given(st.integers(min_value=2010, max_value=2090))
def test_every_notice_year_expands_with_its_own_years(year):
    facts = facts_for_notice_year(year)
    assert profile_years(year) == (year - 3, year - 2, year - 1)
    for y in profile_years(year):
        assert facts[f"operating_revenue_{y}"].label == f"{y}年营业收入"
    assert facts[f"smart_equipment_investment_{year - 1}"].year == year - 1
    assert f"smart_manufacturing_investment_{year - 3}_{year - 1}" in facts
    # Nothing names a year outside the notice's own window.
    for fact in facts.values():
        assert fact.year is None or year - 3 <= fact.year <= year


@pytest.mark.parametrize("year", [2023, 2024])
def test_the_expansion_is_a_new_dict_each_call(year):
    first = facts_for_notice_year(year)
    first.pop("valid_patents")
    assert "valid_patents" in facts_for_notice_year(year)


# --- The vocabulary file's validation: every error in Chinese, at its fact ---------------------------------


def _vocabulary(*facts, **top):
    return {"version": 1, "facts": list(facts), **top}


REVENUE = {
    "name": "operating_revenue",
    "years": "Y-3..Y-1",
    "label": "{year}年营业收入",
    "type": "number",
    "unit": "万元",
}


def _errors(data) -> list[tuple[str, str]]:
    with pytest.raises(VocabularyInvalid) as caught:
        vocabulary_validate(data, file="facts-test.yaml")
    assert str(caught.value).startswith("facts-test.yaml: ")
    return caught.value.errors


def test_the_shipped_vocabulary_is_valid():
    assert vocabulary(1).version == 1
    assert vocabulary_validate(_vocabulary(REVENUE), file="x.yaml").facts[0].name == "operating_revenue"


def test_an_unknown_type_is_refused_at_its_fact():
    errors = _errors(_vocabulary({**REVENUE, "type": "money"}))
    assert errors == [
        ("facts[0]（operating_revenue）.type", "未知的事实类型 'money'；可用：number、integer、boolean、code、date")
    ]


@pytest.mark.parametrize(
    ("key", "expression", "message"),
    [
        ("years", "2020..2022", "年度表达式 '2020' 无法识别：应写作 Y、Y-1、Y+1 这样的形式（Y 为通知年度）"),
        ("years", "Y-1..Y-3", "年度范围 'Y-1..Y-3' 的起始年度晚于结束年度"),
        ("years", "Y-3", "年度范围 'Y-3' 无法识别：应写作 Y-3..Y-1 这样的形式（Y 为通知年度）"),
        ("year", "X-1", "年度表达式 'X-1' 无法识别：应写作 Y、Y-1、Y+1 这样的形式（Y 为通知年度）"),
        ("span", "Y-30..Y-1", "年度范围 'Y-30..Y-1' 超过 10 年"),
    ],
)
def test_a_bad_year_expression_is_refused(key, expression, message):
    declaration = {k: v for k, v in REVENUE.items() if k != "years"} | {key: expression}
    if key == "span":
        declaration["label"] = "近三年（{first}-{last}年）营业收入"
    assert (f"facts[0]（operating_revenue）.{key}", message) in _errors(_vocabulary(declaration))


def test_a_duplicate_name_is_refused():
    errors = _errors(
        _vocabulary(REVENUE, {"name": "valid_patents", "label": "有效专利数量", "type": "integer"}, REVENUE)
    )
    assert errors == [("", "事实名称重复：operating_revenue")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"label": "营业收入"}, "有年度的事实，label 须含 {year}，否则各年度的名称相同"),
        ({"label": "{first}年营业收入"}, "label 中的 {first} 无法替换：只能用 {year}"),
        ({"year": "Y-1"}, "years、year、span 只能给出一个（给出了 years、year）"),
        ({"colour": "red"}, "不认识的键（拼写错误？）"),
        ({"allow_negative": "sometimes"}, "应为 true 或 false"),
    ],
)
def test_other_mistakes_are_named_in_chinese(change, message):
    assert message in [m for _, m in _errors(_vocabulary({**REVENUE, **change}))]


def test_a_missing_label_and_an_unknown_source():
    declaration = {k: v for k, v in REVENUE.items() if k != "label"} | {"source": "rumour"}
    errors = dict(_errors(_vocabulary(declaration)))
    assert errors["facts[0]（operating_revenue）.label"] == "缺少必填项"
    assert errors["facts[0]（operating_revenue）.source"].startswith("未知的事实来源 'rumour'")


def test_a_vocabulary_version_that_does_not_exist():
    with pytest.raises(VocabularyInvalid, match="没有第 9 版事实词表"):
        vocabulary(9)


def test_the_notice_years_are_read_from_the_pack_folders(tmp_path):
    import shutil

    from policies.tests.formtools import PACK_2023
    from policies.tests.shifted_pack import shift_pack_copy
    from policies.vocabulary import pack_folder_years

    shutil.copytree(PACK_2023, tmp_path / "hengyang-2023-gxj51")
    shutil.copytree(PACK_2023, tmp_path / "example-2024")
    shift_pack_copy(tmp_path / "example-2024", year=2024, pack_id="example-2024-test")
    (tmp_path / "notes").mkdir()  # a folder without pack.yaml is not a pack
    assert pack_folder_years([tmp_path]) == [2023, 2024]
    union = facts_for_notice_years(pack_folder_years([tmp_path]))
    assert {"operating_revenue_2020", "operating_revenue_2023", "smart_equipment_investment_2023"} <= set(union)


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ({"notice_years": [1999]}, "通知年度须在 2000 到 2100 之间：1999"),
        ({"profile_years": "Y-1..Y-3"}, "年度范围 'Y-1..Y-3' 的起始年度晚于结束年度"),
        ({"version": 0}, "数值过小"),
    ],
)
def test_mistakes_of_the_vocabulary_itself(top, message):
    assert message in [m for _, m in _errors(_vocabulary(REVENUE, **top))]
