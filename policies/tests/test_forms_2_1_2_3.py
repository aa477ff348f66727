"""Form templates 附件2-1 (notice lines 134-294) and 附件2-3 (notice lines 356-426): pure YAML checks."""

from __future__ import annotations

import yaml

from core.tests.golden import assert_golden
from policies.pack.prefill import YEARLY_METRICS, prefill_keys
from policies.tests.formtools import PACK_2023, all_fields, labels, load_form, value_fields
from policies.vocabulary import profile_years

PREFILL_KEYS = prefill_keys(profile_years(2023))  # the 2023 notice's profile years


def _field(form, field_id):
    (found,) = [f for f in all_fields(form) if f.id == field_id]
    return found


def _group(form, group):
    return [f.label for f in all_fields(form) if f.group == group]


def _prefills_are_known(form):
    for f in all_fields(form):
        if f.prefill:
            assert f.prefill in PREFILL_KEYS, f.id
        for row in f.rows or []:
            if row.prefill:
                assert row.prefill in YEARLY_METRICS, row.id


# ---------------------------------------------------------------------------
# 附件2-1
# ---------------------------------------------------------------------------


def test_2_1_identity_and_sections():
    form = load_form("2-1")
    assert form.id == "2-1"
    assert form.source == "附件2-1"
    assert form.title == "衡阳市培育国家级智能制造试点示范、市级智能制造标杆企业（车间）项目申报书"
    assert [s.title for s in form.sections] == [
        "封面",
        "一、基本情况表（一）企业基本信息",
        "一、基本情况表（二）智能制造情况",
        "一、基本情况表 真实性承诺",
        "二、企业情况概述",
        "三、智能制造实施内容",
        "四、智能制造实施成效",
        "五、行业影响及示范作用",
        "六、下一步工作计划",
        "七、智能制造经验总结",
        "八、相关证明材料",
    ]
    assert len(value_fields(form)) == 72
    assert not [f for f in all_fields(form) if f.kind == "material"]
    _prefills_are_known(form)


def test_2_1_cover_application_type():
    form = load_form("2-1")
    cover = [f.label for f in form.sections[0].fields]
    assert cover == ["申报单位", "申报类型", "申报日期"]
    kind = _field(form, "application_type")
    assert kind.kind == "single_choice" and kind.required
    assert [o.label for o in kind.options] == [
        "培育国家级智能制造试点示范",
        "培育市级智能制造标杆企业",
        "培育市级智能制造标杆车间",
    ]
    # Exactly item 1's sub-types: the answer follows the sub-type chosen when the application is created
    # (policies.formengine.subtypes.subtype_fields).
    item_1 = yaml.safe_load((PACK_2023 / "items" / "01.yaml").read_text(encoding="utf-8"))
    assert sorted(o.label for o in kind.options) == sorted(s["name"] for s in item_1["subtypes"])


def test_2_1_enterprise_basic_information_table():
    form = load_form("2-1")
    section = form.sections[1]
    assert_golden([f.label for f in section.fields], here=__file__, name="forms/2-1.enterprise-basic-information")
    assert _group(form, "法人代表/负责人") == ["姓名", "手机", "职务", "E-mail"]
    assert _group(form, "联系人") == ["姓名", "手机", "职务", "E-mail"]
    assert [f.level for f in all_fields(form) if f.group == "所属行业"] == ["大类", "中类"]
    nature = _field(form, "enterprise_nature")
    assert [o.label for o in nature.options] == ["国企", "民营", "三资", "其他（请注明）"]
    assert [o.other for o in nature.options] == [False, False, False, True]
    table = _field(form, "economic_indicators")
    assert table.years == [2020, 2021, 2022]
    assert [r.label for r in table.rows] == [
        "总资产（万元）",
        "负债率（%）",
        "主营业务收入（万元）",
        "上缴税金（万元）",
        "实现利润（万元）",
    ]
    assert [r.unit for r in table.rows] == ["万元", "%", "万元", "万元", "万元"]
    staff = [f for f in all_fields(form) if f.group == "智能制造相关技术人员"]
    assert [f.label for f in staff] == ["总数", "高级职称", "中级职称", "初级职称", "其他人员"]
    assert {f.unit for f in staff} == {"人"} and {f.kind for f in staff} == {"integer"}
    accident = _field(form, "major_accident_last_three_years")
    assert accident.kind == "boolean" and accident.required
    summary = _field(form, "profile_summary")
    assert summary.kind == "long_text" and summary.max_chars == 500


def test_2_1_honours_checkboxes():
    form = load_form("2-1")
    honours = _field(form, "honours")
    assert honours.kind == "multiple_choice" and not honours.required
    assert [o.label for o in honours.options] == [
        "国家智能制造试点示范企业",
        "国家智能制造示范工厂",
        "国家智能制造综合标准化与新模式应用项目承担企业",
        "湖南省智能制造示范企业",
        "湖南省智能制造示范（标杆）车间",
        "国家两化融合贯标通过评定企业",
        "国家智能制造能力成熟度通过评定企业（等级： 级）",
        "衡阳市级智能制造（标杆）示范企业",
        "衡阳市智能制造标杆（示范）车间",
    ]
    assert _field(form, "maturity_level").group == "国家智能制造能力成熟度通过评定企业"


def test_2_1_smart_manufacturing_status_table():
    form = load_form("2-1")
    section = form.sections[2]
    assert_golden([f.label for f in section.fields], here=__file__, name="forms/2-1.smart-manufacturing-status")
    assert _group(form, "其中：") == [
        "设备费（万元）",
        "工业软件费（万元）",
        "测试验证和项目咨询费（万元）",
        "人员费用（万元）",
    ]
    effects = [f for f in all_fields(form) if f.group == "智能制造实施效果"]
    assert len(effects) == 15
    assert {f.kind for f in effects[:14]} == {"percentage"} and {f.unit for f in effects[:14]} == {"%"}
    assert effects[14].kind == "long_text" and not effects[14].required
    stages = _field(form, "covered_stages")
    assert stages.kind == "table" and stages.min_rows == 8
    assert [c.label for c in stages.columns] == ["环节"]
    assert _group(form, "已取得智能制造技术成果") == ["解决的关键问题", "突破的关键技术及短板装备"]
    assert _group(form, "智能制造技术创新能力") == ["智能制造技术支撑机构", "产学研主要合作单位及智能制造供应商名称"]


def test_2_1_commitment_block():
    form = load_form("2-1")
    section = form.sections[3]
    assert [(f.label, f.kind) for f in section.fields] == [
        ("真实性承诺", "guidance"),
        ("企业法定代表人", "signature"),
        ("公章", "signature"),
        ("年 月 日", "date"),
    ]
    assert section.fields[0].text.startswith("我单位申报提供的所有材料均真实、完整、准确。")


def test_2_1_narrative_sections():
    form = load_form("2-1")
    by_title = {s.title: [f.label for f in s.fields if f.kind == "long_text"] for s in form.sections}
    assert by_title["二、企业情况概述"] == ["企业概况", "技术水平", "行业优势"]
    assert by_title["四、智能制造实施成效"] == ["智能制造实施成效"]
    assert by_title["五、行业影响及示范作用"] == ["影响力", "先进性", "示范推广"]
    assert by_title["六、下一步工作计划"] == ["下一步工作计划"]
    assert by_title["七、智能制造经验总结"] == ["智能制造经验总结"]
    # 八、相关证明材料 is only a pointer to the materials step
    assert [f.kind for f in form.sections[-1].fields] == ["guidance"]


def test_2_1_scenario_table():
    form = load_form("2-1")
    scenarios = _field(form, "scenarios")
    assert scenarios.kind == "table" and scenarios.min_rows == 10
    assert [c.label for c in scenarios.columns] == [
        "环节",
        "具体场景名称",
        "具体场景描述（结合要素条件进行描述）（150字以内）",
        "解决的痛点问题（150字以内）",
        "采用的技术方案（包括供应商，300字以内，可以配图）",
        "保障要素（如人、管理机制、组织标准、培训等，150字以内）",
        "实施成果（最好通过量化指标描述，200字以内）",
        "其他（如对于其他车间、工厂的带动效应等）（150字以内，选填）",
    ]
    assert [c.max_chars for c in scenarios.columns] == [None, None, 150, 150, 300, 150, 200, 150]
    assert [c.required for c in scenarios.columns] == [True] * 7 + [False]
    section = form.sections[5]
    examples = [f.text for f in section.fields if f.kind == "guidance"]
    assert len(examples) == 6 and all(t.startswith("示例：") for t in examples)
    assert "由***公司进行改造实施" in examples[2]
    integration = _field(form, "collaborative_integration")
    assert integration.kind == "long_text" and integration.label == "协同集成情况" and integration.required


# ---------------------------------------------------------------------------
# 附件2-3
# ---------------------------------------------------------------------------


def test_2_3_identity_and_sections():
    form = load_form("2-3")
    assert form.id == "2-3"
    assert form.source == "附件2-3"
    assert form.title == "培育制造业单项冠军产品申报书"
    assert [s.title for s in form.sections] == [
        "封面",
        "企业声明",
        "企业基本情况",
        "申请的特定细分产品情况",
        "其他情况",
        "企业研发能力",
        "产品质量",
        "国际化水平",
        "项目参与情况",
        "企业详细情况介绍",
        "推荐单位意见",
        "相关材料",
        "注",
    ]
    assert len(value_fields(form)) == 62
    assert not [f for f in all_fields(form) if f.kind == "material"]
    _prefills_are_known(form)


def test_2_3_cover_and_declaration():
    form = load_form("2-3")
    assert [f.label for f in form.sections[0].fields] == [
        "（年版）",
        "企业名称（盖章）",
        "所属地区",
        "申报时间",
        "推荐单位（盖章）",
    ]
    assert [(f.label, f.kind) for f in form.sections[1].fields] == [
        ("企业声明", "guidance"),
        ("企业法人代表（签名）", "signature"),
        ("单位（盖章）", "signature"),
        ("年 月 日", "date"),
    ]


def test_2_3_enterprise_table():
    form = load_form("2-3")
    assert_golden([f.label for f in form.sections[2].fields], here=__file__, name="forms/2-3.enterprise")
    assert [o.label for o in _field(form, "enterprise_type").options] == ["国有", "合资", "民营", "其他"]
    assert _field(form, "industry_division").level == "大类"
    assert _group(form, "法定代表人") == ["固定电话", "手机"]
    revenue = _field(form, "main_business_revenue")
    assert revenue.kind == "year_table" and revenue.years == [2020, 2021, 2022]


def test_2_3_product_table():
    form = load_form("2-3")
    assert [f.label for f in form.sections[3].fields] == [
        "产品名称",
        "行业领域",
        "是否新产品",
        "从事该产品相关领域时间（年）",
        "单位",
        "经营效益",
        "同类产品全球主要生产企业",
    ]
    performance = _field(form, "business_performance")
    assert performance.years == [2020, 2021, 2022]
    assert [r.label for r in performance.rows] == [
        "销售收入（万元）",
        "销售数量（单位：）",
        "销售收入增长率（%）",
        "销售毛利率（%）",
        "国内市场占有率（%）",
        "国内市场占有率排名",
        "省内市场占有率（%）",
        "省内市场占有率排名",
    ]
    assert _field(form, "is_new_product").kind == "boolean"


def test_2_3_other_rd_quality_international_participation():
    form = load_form("2-3")
    titles = {s.title: [f.label for f in s.fields] for s in form.sections}
    assert titles["其他情况"] == [
        "是否属于“3+3+2”产业集群（产业链）",
        "属于“3+3+2”产业集群（产业链）中的具体哪一个",
        "是否为已入选的国家级或省级专精特新“小巨人”企业",
        "是国家级还是省级“小巨人”企业",
        "是否属关键领域补短板",
        "补齐哪类短板",
    ]
    assert [o.label for o in _field(form, "little_giant_level").options] == ["国家级", "省级"]
    assert titles["企业研发能力"] == [
        "企业研发经费支出（万元，2020-2022三年）",
        "研发支出占主营业务收入比重（%，2020-2022年）",
        "截至2022年末研发人员占职工人数比重（%）",
        "企业办研发机构数量（个）",
        "发明专利（个）",
        "实用新型专利（个）",
        "外观设计专利（个）",
        "合计（个）",
        "数量（个）",
        "占知识产权数量比重（%）",
    ]
    assert _group(form, "拥有有效专利情况") == [
        "发明专利（个）",
        "实用新型专利（个）",
        "外观设计专利（个）",
        "合计（个）",
    ]
    assert _group(form, "拥有核心自主知识产权情况") == ["数量（个）", "占知识产权数量比重（%）"]
    assert titles["产品质量"] == ["是否通过质量管理体系认证"]
    assert _field(form, "quality_management_certified").kind == "boolean"
    assert titles["国际化水平"] == [
        "申请产品的出口额（万元，2020–2022三年）",
        "申请产品出口额占申请产品销售收入比重（%，2020–2022三年）",
        "企业海外经营机构数量",
        "海外研发机构数量",
    ]
    assert titles["项目参与情况"] == [
        "是否有产品技术列入《产业基础领域先进技术产品转化应用目录》",
        "是否参与工信部或省工信厅其他项目",
        "简要写明",
    ]


def test_2_3_detailed_introduction_and_recommendation():
    form = load_form("2-3")
    section = form.sections[9]
    assert [f.label for f in section.fields] == [
        "核心优势与特色概括（300字以内）",
        "申请产品情况",
        "企业研发创新情况",
        "企业管理与制度建设基本情况",
    ]
    assert [f.max_chars for f in section.fields] == [300, None, None, None]
    assert all(f.kind == "long_text" and f.required for f in section.fields)
    opinion = _field(form, "recommending_unit_opinion")
    assert opinion.kind == "signature" and opinion.signer == "county_industry"
    notes = _field(form, "notes_text").text
    assert "工信部产业〔2016〕105号" in notes and "按截至2022年末填写" in notes


def test_labels_helper_sees_nested_labels():
    assert "实施成果（最好通过量化指标描述，200字以内）" in labels(load_form("2-1"))
    assert "省内市场占有率排名" in labels(load_form("2-3"))
