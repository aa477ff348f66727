"""The 14 support items of the 2023 pack (items/NN.yaml) checked against the notice's own text (附件1, 附件2)."""

from __future__ import annotations

import re

import pytest
import yaml

from policies.facts import FACTS
from policies.pack.loader import _check_rule_facts, iter_rules
from policies.pack.schema import SUPPORT_METHOD_LABELS, BooleanRule, Condition, SupportItem, ThresholdRule
from policies.tests.formtools import NOTICE_TEXT, PACK_2023

ITEMS_DIR = PACK_2023 / "items"
NOTICE = NOTICE_TEXT.read_text(encoding="utf-8")

# Numbered clauses printed in each item's 申报条件 cell; items 6, 11, 12, 13, 14 print one unnumbered clause.
NUMBERED_CLAUSES = {1: 5, 2: 3, 3: 5, 4: 5, 5: 3, 6: 0, 7: 2, 8: 3, 9: 7, 10: 2, 11: 0, 12: 0, 13: 0, 14: 0}

SECTION_CODES = {
    "装备工业科": "equipment_industry",
    "政策法规科": "policy_regulation",
    "科技科": "technology",
    "消费品工业科": "consumer_goods",
    "节能与综合利用": "energy_conservation",  # printed without 科 in 附件1
    "中小企业科": "sme",
    "信息化与人工智能科": "informatization_ai",
}

FORMS = {
    1: ["2-1"],
    2: ["2-2", "2-2-1"],
    3: ["2-3"],
    4: ["2-4"],
    5: ["2-5"],
    6: ["2-6"],
    7: ["2-7"],
    8: ["2-8", "2-8-1"],
    9: ["2-9"],
    10: ["2-10", "2-10-1", "2-10-2"],
    11: ["2-11", "2-11-1"],
    12: ["2-12", "2-12-1"],
    13: ["2-12", "2-12-2", "2-12-1"],
    14: ["2-12", "2-12-1"],
}

# Material names composed because the template asks for them in one sentence (附件2-4 填表须知4 lists four kinds).
COMPOSED_MATERIAL_NAMES = {
    (4, "approval_evidence"),
    (4, "award_evidence"),
    (4, "ip_evidence"),
    (4, "policy_plan_evidence"),
}

SOURCE = re.compile(r"^附件1 第(\d+)项 申报条件(\d+)?(?:（(\d+)）)?$")
DIRECTION_SOURCE = re.compile(r"^附件1 第(\d+)项 具体方向$")
# pack.yaml's cross-item rules name the clauses they encode: "附件1 第3项申报条件5、第4项申报条件5…".
PACK_RULE_CLAUSE = re.compile(r"第(\d+)项\s*申报条件(\d+)?")
PACK_RULES = yaml.safe_load((PACK_2023 / "pack.yaml").read_text(encoding="utf-8"))


def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", _strip_tags(text)).strip()


def _flat(text: str) -> str:
    """No whitespace at all: PDF extraction breaks lines and spaces inside words of the templates."""
    return re.sub(r"\s+", "", _strip_tags(text))


NOTICE_NORMALISED = _normalise(NOTICE)
NOTICE_FLAT = _flat(NOTICE)


def _guide_rows() -> dict[int, list[str]]:
    """附件1: one tab-separated row per item: 序号, 支持事项, 具体方向, 申报条件, 支持方式, 联系人."""
    rows = {}
    for line in NOTICE.splitlines():
        cells = line.split("\t")
        if len(cells) == 6 and cells[0].strip().isdigit():
            rows[int(cells[0])] = [c.strip() for c in cells]
    return rows


GUIDE = _guide_rows()


def _load_items() -> dict[int, SupportItem]:
    items = {}
    for path in sorted(ITEMS_DIR.glob("*.yaml")):
        item = SupportItem.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert path.stem == f"{item.number:02d}", f"{path.name} holds item {item.number}"
        items[item.number] = item
    return items


ITEMS = _load_items()
NUMBERS = list(range(1, 15))


def _all_conditions(item: SupportItem) -> list[Condition]:
    return list(item.conditions) + [c for s in item.subtypes for c in s.conditions]


def test_guide_table_parsed():
    assert sorted(GUIDE) == NUMBERS


def test_fourteen_items_numbered_1_to_14():
    assert sorted(ITEMS) == NUMBERS
    codes = [i.code for i in ITEMS.values()]
    assert len(set(codes)) == 14


@pytest.mark.parametrize("number", NUMBERS)
def test_item_matches_guide_row(number):
    item, row = ITEMS[number], GUIDE[number]
    assert item.name == row[1]
    assert item.direction == row[2]
    assert item.conditions_text == re.sub(r"</?p>", "", row[3]).strip()
    assert SUPPORT_METHOD_LABELS[item.support_method] == row[4]
    section_name, person, phone = row[5].split()
    assert (item.contact.section_name, item.contact.person, item.contact.phone) == (section_name, person, phone)
    assert item.contact.section == SECTION_CODES[section_name]


@pytest.mark.parametrize("number", NUMBERS)
def test_forms(number):
    assert ITEMS[number].forms == FORMS[number]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_clause_is_quoted_from_its_own_guide_cell(number):
    for cond in _all_conditions(ITEMS[number]):
        assert _normalise(cond.clause) in NOTICE_NORMALISED, cond.id
        direction = DIRECTION_SOURCE.match(cond.source)
        if direction:  # a reviewer condition quoted from the 具体方向 column
            assert cond.strictness == "reviewer", cond.id
            assert _normalise(cond.clause) in _normalise(GUIDE[int(direction.group(1))][2]), cond.id
            continue
        match = SOURCE.match(cond.source)
        assert match, f"{cond.id}: bad source {cond.source!r}"
        cell = _normalise(GUIDE[int(match.group(1))][3])
        assert _normalise(cond.clause) in cell, f"{cond.id} is not in the 申报条件 of item {match.group(1)}"


def test_numbered_clause_counts_match_notice():
    for number, expected in NUMBERED_CLAUSES.items():
        cell = _normalise(GUIDE[number][3])
        numbers = [int(n) for n in re.findall(r"(?:^|\s)(\d{1,2})\.(?!\d)", cell)]
        assert numbers == list(range(1, expected + 1)), (number, numbers)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_numbered_clause_is_covered(number):
    """Each numbered clause is a condition, a ranking preference, or a cross-item rule of pack.yaml."""
    covered: set[int | None] = set()
    for clause in _all_conditions(ITEMS[number]) + list(ITEMS[number].preferences):
        match = SOURCE.match(clause.source)
        if match and int(match.group(1)) == number:
            covered.add(int(match.group(2)) if match.group(2) else None)
    for rule in PACK_RULES["quotas"] + PACK_RULES["exclusions"]:
        for item, clause in PACK_RULE_CLAUSE.findall(rule["source"]):
            if int(item) == number:
                covered.add(int(clause) if clause else None)
    expected = set(range(1, NUMBERED_CLAUSES[number] + 1)) if NUMBERED_CLAUSES[number] else {None}
    assert covered == expected


def test_item10_green_factory_subclauses_are_covered():
    subclauses = {SOURCE.match(c.source).group(3) for c in ITEMS[10].conditions}
    assert {"1", "2", "3", "4", "5"} <= subclauses


def test_condition_ids_unique_across_pack():
    ids = [c.id for item in ITEMS.values() for c in _all_conditions(item)]
    assert len(ids) == len(set(ids))
    for number, item in ITEMS.items():
        assert all(c.id.startswith(f"item{number}.") for c in _all_conditions(item))


@pytest.mark.parametrize("number", NUMBERS)
def test_rules_name_known_facts_with_matching_units(number):
    errors = []
    for cond in _all_conditions(ITEMS[number]):
        _check_rule_facts(cond, f"items/{number:02d}.yaml", cond.id, errors, FACTS, 2023)
    assert [str(e) for e in errors] == []


@pytest.mark.parametrize("number", NUMBERS)
def test_threshold_wording_is_the_clause_wording(number):
    """The wording of a threshold is printed in its clause; where it is implied (呈上升势头, 盈利), a note says so."""
    for cond in _all_conditions(ITEMS[number]):
        for rule in iter_rules(cond.rule):
            if isinstance(rule, ThresholdRule) and rule.wording not in cond.clause:
                assert cond.note, f"{cond.id}: wording {rule.wording} not in clause and no note"


@pytest.mark.parametrize("number", NUMBERS)
def test_evidence_names_materials_of_the_item(number):
    item = ITEMS[number]
    item_materials = {m.id for m in item.materials}
    groups = [(item.conditions, item_materials)]
    groups += [(s.conditions, item_materials | {m.id for m in s.materials}) for s in item.subtypes]
    for conditions, materials in groups:
        for cond in conditions:
            assert set(cond.evidence) <= materials, cond.id
            if cond.kind == "attestation":
                assert cond.evidence, f"{cond.id}: an attestation needs evidence"


@pytest.mark.parametrize("number", NUMBERS)
def test_materials_are_quoted_from_the_templates(number):
    item = ITEMS[number]
    materials = list(item.materials) + [m for s in item.subtypes for m in s.materials]
    assert materials
    for material in materials:
        if material.source.startswith("附件1") or (number, material.id) in COMPOSED_MATERIAL_NAMES:
            assert material.note, f"{material.id}: a material not quoted from a template explains itself"
            continue
        assert _flat(material.name) in NOTICE_FLAT, material.id
        assert material.source.startswith("附件2-"), material.id
        if material.form:
            assert material.form in item.forms


def test_credit_hunan_screenshots_carry_the_query_date_rule():
    """附件2-2-1 and 附件2-5: "申报人截止时间前的查询结果网页截图（复印件加盖公章）（注明查询时间，且查询时间不得早于
    申报通知发布日期）". Both bounds are rules, each quoting its words and naming the form's 查询时间 field."""
    found = []
    for number, item in ITEMS.items():
        for material in item.materials:
            if "信用湖南" in material.name:
                found.append(number)
                assert [r.code for r in material.rules] == [
                    "query_date_not_before_issue_date",
                    "query_date_not_after_deadline",
                ]
                assert [r.text for r in material.rules] == [
                    "查询时间不得早于申报通知发布日期",
                    "申报人截止时间前的查询结果",
                ]
                assert all(r.text in NOTICE for r in material.rules)
                form = {2: "2-2-1", 5: "2-5"}[number]
                assert {(r.form, r.field) for r in material.rules} == {(form, "credit_hunan_query_date")}
    assert found == [2, 5]


def test_purchase_period_rules_name_the_invoice_date_column():
    """附件2-2 申报材料4 and 附件2-12 一、5: "2022年1月1日至2022年12月31日，采购…清单及…发票". The period rule
    names the table column it checks, in a form of its own item."""
    found = {}
    for number, item in ITEMS.items():
        for material in item.materials:
            for rule in material.rules:
                if rule.code == "period_within_year":
                    assert rule.text in NOTICE and rule.year == 2022
                    assert rule.form in item.forms
                    found[number] = (material.id, rule.form, rule.field, rule.column)
    assert found == {
        2: ("equipment_purchase_list", "2-2", "equipment_purchases", "invoice_date"),
        12: ("investment_evidence", "2-12", "investment_purchases", "invoice_date"),
    }


def test_item9_production_licence_is_required_of_pharmaceutical_and_food_firms():
    """附件2-9 注2: "医药、食品工业企业须提供所属行业的生产许可证"."""
    material = next(m for m in ITEMS[9].materials if m.id == "production_license")
    assert material.required is False and material.required_when is not None
    assert material.required_when.clause in NOTICE
    assert material.required_when.rule.fact == "industry_division"
    assert sorted(material.required_when.rule.one_of) == ["13", "14", "15", "27"]


@pytest.mark.parametrize("number", NUMBERS)
def test_commitment_quoted_from_template(number):
    item = ITEMS[number]
    if number == 6:  # 附件2-6 asks for an uploaded 承诺函 but prints no text
        assert item.commitment is None
        return
    assert item.commitment
    for line in item.commitment.splitlines():
        assert _flat(line) in NOTICE_FLAT, line


def test_county_quotas_are_rules_of_the_process_not_conditions():
    """ "各县市区、市直园区限报1个" is enforced at recommendation (pack.yaml quotas), not judged per enterprise."""
    assert {n: i.county_quota for n, i in ITEMS.items() if i.county_quota} == {3: 1, 4: 1, 10: 1}
    assert PACK_RULES["quotas"] == [
        {"items": [3, 4, 10], "per_jurisdiction": 1, "clause": "各县市区、市直园区限报1个。",
         "source": "附件1 第3项申报条件5、第4项申报条件5、第10项申报条件2"}
    ]  # fmt: skip
    for number in (3, 4, 10):
        assert not [c for c in ITEMS[number].conditions if "限报" in c.clause]


def test_exclusion_of_items_2_and_12_is_a_rule_of_the_process_not_a_condition():
    """ "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" is pack.yaml's exclusion, checked at submission."""
    clause = "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目"
    assert {"items": [2, 12], "clause": clause + "。", "source": "附件1 第12项 申报条件"} in PACK_RULES["exclusions"]
    for number in (2, 12):
        assert not [c for c in ITEMS[number].conditions if c.clause == clause]


def test_item2_priority_is_a_preference_not_a_condition():
    """ "优先支持获评省、市智能制造标杆（示范）企业或车间" ranks applicants; it refuses nobody."""
    (preference,) = ITEMS[2].preferences
    assert preference.clause == "优先支持获评省、市智能制造标杆（示范）企业或车间"
    assert not [c for c in ITEMS[2].conditions if "优先" in c.clause]


def test_soft_and_reviewer_conditions_are_the_clauses_that_say_so():
    """原则上 (item 12) is soft; 具体方向's 小巨人 (item 3) is for the reviewer; every other clause is hard."""
    lenient = {c.id: c.strictness for item in ITEMS.values() for c in _all_conditions(item) if c.strictness != "hard"}
    assert lenient == {"item12.completed_by_year_end": "soft", "item3.little_giant": "reviewer"}
    for item in ITEMS.values():
        for c in _all_conditions(item):
            if re.search("原则上|一般|鼓励", c.clause):
                assert c.strictness != "hard", c.id


def test_only_item14_is_outside_the_project_limit():
    assert [n for n, i in ITEMS.items() if not i.counts_toward_project_limit] == [14]


def test_item14_has_six_honour_subtypes_of_2022():
    item = ITEMS[14]
    assert item.subtype_required
    assert [s.name for s in item.subtypes] == GUIDE[14][2].rstrip("。").split("；")
    for subtype in item.subtypes:
        (cond,) = subtype.conditions
        assert cond.kind == "computable" and isinstance(cond.rule, BooleanRule) and cond.rule.equals is True
        fact = FACTS[cond.rule.fact]
        assert (fact.type, fact.year, fact.source) == ("boolean", 2022, "award_list")
        assert [m.source[-1] for m in subtype.materials] == list("1234567")
        assert "2022" in next(m.name for m in subtype.materials if m.id == "honour_evidence")
    assert len({s.conditions[0].rule.fact for s in item.subtypes}) == 6


def _thresholds(cond: Condition) -> list[tuple]:
    return [
        (r.fact, r.wording, r.value, r.unit, r.per, r.growth_from)
        for r in iter_rules(cond.rule)
        if isinstance(r, ThresholdRule)
    ]


def test_item1_subtypes_and_thresholds():
    item = ITEMS[1]
    assert item.subtype_required
    subtypes = {s.code: s for s in item.subtypes}
    assert list(subtypes) == ["national_pilot", "city_benchmark_enterprise", "city_benchmark_workshop"]
    for code, revenue, investment in (
        ("national_pilot", 20000, 10000),
        ("city_benchmark_enterprise", 20000, 10000),
        ("city_benchmark_workshop", 5000, 3000),
    ):
        rules = [t for c in subtypes[code].conditions for t in _thresholds(c)]
        assert ("main_business_revenue_2022", "以上", revenue, "万元", None, None) in rules
        # 附件2-1 asks for the workshop's own investment: the workshop sub-type reads it.
        invested = "smart_workshop_investment_2020_2022" if code == "city_benchmark_workshop" else None
        invested = invested or "smart_manufacturing_investment_2020_2022"
        assert (invested, "以上", investment, "万元", None, None) in rules
        has_scenarios = code != "city_benchmark_workshop"
        assert (("smart_manufacturing_links", "及以上", 8, "个", None, None) in rules) is has_scenarios
        assert (("smart_manufacturing_scenarios", "不少于", 10, "个", None, None) in rules) is has_scenarios
        assert any(c.kind == "judgement" and c.clause == "已取得明显成效" for c in subtypes[code].conditions)
    # 条件5 "不得重复申报相应项目": each sub-type is barred by its own 2022 titles only.
    assert not [c for c in item.conditions if c.source.endswith("申报条件5")]
    barred_by = {
        code: {r.fact for c in subtypes[code].conditions if c.source.endswith("申报条件5") for r in iter_rules(c.rule)}
        for code in subtypes
    }
    assert barred_by == {
        "national_pilot": {"hengyang_national_smart_manufacturing_pilot_2022"},
        "city_benchmark_enterprise": {
            "provincial_smart_manufacturing_benchmark_enterprise_2022",
            "hengyang_provincial_benchmark_enterprise_2022",
        },
        "city_benchmark_workshop": {
            "provincial_smart_manufacturing_benchmark_workshop_2022",
            "hengyang_provincial_benchmark_workshop_2022",
        },
    }
    for code in subtypes:
        for c in subtypes[code].conditions:
            if c.source.endswith("申报条件5"):
                assert all(isinstance(r, BooleanRule) and r.equals is False for r in iter_rules(c.rule))


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (2, ("smart_equipment_investment_2022", "不少于", 300, "万元", None, None)),
        (3, ("rd_expense_2022", "以上", 3, "%", "operating_revenue_2022", None)),
        (3, ("valid_patents", "及以上", 10, "个", None, None)),
        (3, ("product_national_market_rank_2022", "前", 5, "位", None, None)),
        (3, ("product_provincial_market_rank_2022", "前", 3, "位", None, None)),
        (4, ("patents_granted_2020_2022", "以上", 10, "项", None, None)),
        (4, ("design_center_years", "以上", 2, "年", None, None)),
        (4, ("design_center_staff", "以上", 15, "人", None, None)),
        (4, ("design_center_qualified_staff", "不低于", 70, "%", "design_center_staff", None)),
        (5, ("rd_expense_2022", "以上", 3, "%", "main_business_revenue_2022", None)),
        (5, ("new_product_output_ratio_2022", "以上", 30, "%", None, None)),
        (8, ("rd_expense_2022", "以上", 3, "%", "main_business_revenue_2022", None)),
        (8, ("valid_ip_count", "以上", 10, "件", None, None)),
        (8, ("ip_product_revenue_2022", "不低于", 20, "%", "main_business_revenue_2022", None)),
        (9, ("sanpin_works_count", "以上", 6, "项", None, None)),
        (12, ("transformation_project_investment", "以上", 300, "万元", None, None)),
        (13, ("mobile_internet_revenue_2022", "超过（含）", 300, "万元", None, None)),
        (13, ("operating_revenue_2022", "以上", 200, "万元", None, None)),
        (13, ("operating_revenue_2022", "超过", 30, "%", None, "operating_revenue_2021")),
    ],
)
def test_thresholds_from_the_guide(number, expected):
    assert expected in [t for c in _all_conditions(ITEMS[number]) for t in _thresholds(c)]


@pytest.mark.parametrize(
    ("number", "fact", "equals"),
    [
        (2, "has_bank_loan_in_hengyang", True),
        (5, "has_municipal_rd_platform", True),
        (6, "product_innovation_project_in_construction_2022", True),
        (6, "product_innovation_project_accepted_2023", True),
        (9, "is_above_designated_size", True),
        (9, "is_provincial_sanpin_benchmark", False),
        (12, "has_bank_loan_in_hengyang", True),
        (12, "transformation_project_completed_2022", True),
        (13, "main_business_is_mobile_internet", True),
        (13, "is_provincial_mobile_internet_key_enterprise", False),
    ],
)
def test_boolean_conditions_from_the_guide(number, fact, equals):
    rules = [r for c in _all_conditions(ITEMS[number]) for r in iter_rules(c.rule) if isinstance(r, BooleanRule)]
    assert BooleanRule(fact=fact, equals=equals) in rules


def test_maturity_level_one_or_above_on_items_1_and_2():
    for number in (1, 2):
        cond = next(c for c in ITEMS[number].conditions if c.id == f"item{number}.maturity_level")
        assert cond.rule.fact == "smart_manufacturing_maturity_level"
        assert set(cond.rule.one_of) == {"1", "2", "3", "4", "5"}


def test_item9_sector_codes_are_consumer_goods_divisions():
    cond = next(c for c in ITEMS[9].conditions if c.id == "item9.consumer_goods_sector")
    codes = cond.rule.industry_in
    reference = PACK_2023.parents[1] / "reference" / "gbt4754-2017.csv"
    levels = {}
    for line in reference.read_text(encoding="utf-8").splitlines()[1:]:
        code, level, _name, parent = line.split(",")[:4]
        levels[code] = (level, parent)
    divisions = [c for c in codes if len(c) == 2]
    for code in divisions:
        assert levels[code] == ("大类", "C"), code
    for code in codes:
        if len(code) > 2:  # a 中类 or 小类 listed only where its 大类 is not listed whole
            assert levels[code][0] == ("中类" if len(code) == 3 else "小类"), code
            assert not any(code.startswith(d) for d in divisions), code
    # 食品 13-15, 纺织 17/18/28, 医药 27 and the 轻工 divisions 19-24, 29; 日用玻璃/陶瓷 only as 小类.
    assert {"13", "14", "15", "17", "18", "27", "28"} <= set(divisions)
    assert "16" not in divisions and "36" not in divisions and "30" not in codes
    assert {"3054", "3074"} <= set(codes)


def test_every_fact_has_a_unit_where_it_is_a_quantity():
    for fact in FACTS.values():
        if fact.type in ("number", "integer"):
            assert fact.unit, fact.name
        else:
            assert fact.unit is None, fact.name
        assert re.fullmatch(r"[a-z][a-z0-9_]*", fact.name)
