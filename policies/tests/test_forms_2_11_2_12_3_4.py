"""Form templates 附件2-11 (+2-11-1), 附件2-12 (+2-12-1, 2-12-2), 附件3 and 附件4 of the 2023 notice.

Pure tests (no Django): every label below is typed from the printed template
(notice lines 1207-1649), not copied from the YAML.
"""

from __future__ import annotations

from core.tests.golden import assert_golden
from policies.pack.loader import check_form_prefill
from policies.tests.formtools import PACK_2023, all_fields, labels, load_form, value_fields

FORM_IDS = ("2-11", "2-11-1", "2-12", "2-12-1", "2-12-2", "3", "4")


def field(form, field_id):
    return next(f for f in all_fields(form) if f.id == field_id)


def options(form, field_id):
    return [o.label for o in field(form, field_id).options]


def column_labels(form, field_id):
    return [c.label for c in field(form, field_id).columns]


def labels_in_group(form, group):
    return [f.label for f in value_fields(form) if f.group == group]


def test_all_files_load_with_valid_prefill():
    for form_id in FORM_IDS:
        form = load_form(form_id)
        assert form.id == form_id
        assert check_form_prefill(form, f"{form_id}.yaml", notice_year=2023) == []
        text = (PACK_2023 / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# "), "each file starts with a comment naming its notice lines"


# ---------------------------------------------------------------------------
# 附件2-11 衡阳市“上云上平台”示范企业项目资金申报表 (lines 1207-1261)
# ---------------------------------------------------------------------------


def test_2_11_header_and_counts():
    form = load_form("2-11")
    assert form.title == "衡阳市“上云上平台”示范企业项目资金申报表"
    assert form.source == "附件2-11"
    assert form.parent is None
    assert [s.title for s in form.sections] == ["衡阳市“上云上平台”示范企业项目资金申报表", "项目申报材料真实性承诺书"]
    assert len(value_fields(form)) == 30


def test_2_11_basic_information():
    form = load_form("2-11")
    assert labels_in_group(form, "企业基本信息") == [
        "企业名称",
        "所属行业",
        "组织机构代码",
        "成立时间",
        "主要产品/服务",
        "详细地址",
        "2020年、2021年、2022年",
    ]
    assert labels_in_group(form, "所属地区") == ["市", "县(区)"]
    assert_golden(options(form, "industry_category"), here=__file__, name="forms/2-11.industry_category.options")
    other = [o for o in field(form, "industry_category").options if o.other]
    assert [o.label for o in other] == ["其他（请注明）"]


def test_2_11_year_table():
    form = load_form("2-11")
    table = field(form, "economic_indicators")
    assert table.kind == "year_table"
    assert table.years == [2020, 2021, 2022]
    assert [r.label for r in table.rows] == ["总资产", "资产负债率（%）", "主营业务收入", "税金", "利润", "从业人员"]
    assert [r.unit for r in table.rows] == ["万元", "%", "万元", "万元", "万元", "人"]
    assert [r.prefill for r in table.rows] == [
        "total_assets",
        "debt_ratio",
        "main_business_revenue",
        "taxes_paid",
        None,
        "employees",
    ]


def test_2_11_contact_and_honours():
    form = load_form("2-11")
    assert labels_in_group(form, "联系人信息") == ["姓名", "职务", "移动电话", "电子邮箱"]
    honours = field(form, "honors")
    assert honours.kind == "table"
    assert honours.label == "企业荣誉"
    assert column_labels(form, "honors") == ["奖项名称", "级别", "获得时间"]
    assert "（逐条说明：奖项、级别、获得时间）" in honours.help


def test_2_11_project_costs():
    form = load_form("2-11")
    assert labels_in_group(form, "项目建设时间") == ["起", "至"]
    assert field(form, "total_cost_three_years").label == "近三年内“上云上平台”项目总费用（万元）"
    assert labels_in_group(form, "其中") == [
        "智能产品、平台和系统开发费（万元）",
        "智能设备（终端）购置费（万元）",
        "测试验证和项目咨询费（万元）",
        "项目实施人员工资（万元）",
        "公有云基础资源费用（万元）",
        "工业互联网平台应用服务费用（万元）",
        "网络通信费用（万元）",
        "上云上平台必需的实施费用、设备接入费用和数字化改造和网络改造费用、必要的非云化软件费用（万元）",
    ]
    assert all(f.kind == "money" and f.unit == "万元" for f in value_fields(form) if f.group == "其中")


def test_2_11_project_types():
    form = load_form("2-11")
    assert labels_in_group(form, "项目类型信息") == ["智能+生产过程优化", "智能+经营管理优化", "智能+产品全流程优化"]
    assert all(f.kind == "multiple_choice" for f in value_fields(form) if f.group == "项目类型信息")
    assert options(form, "type_production_process") == [
        "1、生产工艺优化",
        "2、进度智能管控",
        "3、能源效率优化",
        "4、设备管理优化",
        "5、智能安全管控",
    ]
    assert options(form, "type_business_management") == [
        "1、财务流程优化",
        "2、物流管理优化",
        "3、供应链协同",
        "4、网络采购与数字营销",
        "5、用户需求预测",
    ]
    assert options(form, "type_product_lifecycle") == [
        "1、产品智能化",
        "2、综合设计仿真优化",
        "3、设计制造一体化",
        "4、全流程质量优化",
        "5、产品服务优化",
    ]


def test_2_11_opinions_and_commitment():
    form = load_form("2-11")
    assert field(form, "county_industry_opinion").signer == "county_industry"
    assert field(form, "county_finance_opinion").signer == "county_finance"
    assert field(form, "commitment_text").text == (
        "我单位承诺：此次申报衡阳市“上云上平台”示范企业项目资金所提交的申报材料内容和附件资料均真实、合法。"
        "如有不实之处，我单位愿承担相应的法律责任，并承担由此产生的一切后果。"
    )
    assert field(form, "legal_representative_signature").signer == "legal_representative"
    assert field(form, "commitment_seal").signer == "seal"


# ---------------------------------------------------------------------------
# 附件2-11-1 衡阳市“上云上平台”示范企业要素条件 (lines 1263-1333)
# ---------------------------------------------------------------------------

ELEMENTS = {
    "一、智能+生产过程优化": ["生产工艺优化", "进度智能管控", "能源效率优化", "设备管理优化", "智能安全管控"],
    "二、智能+经营管理优化": ["财务流程优化", "物流管理优化", "供应链协同", "网络采购与数字营销", "用户需求预测"],
    "三、智能+产品全流程优化": ["产品智能化", "综合设计仿真优化", "设计制造一体化", "全流程质量优化", "产品服务优化"],
}


def test_2_11_1_elements():
    form = load_form("2-11-1")
    assert form.title == "衡阳市“上云上平台”示范企业要素条件"
    assert form.parent == "2-11"
    assert "部分要素条件" in form.note
    assert len(value_fields(form)) == 18
    assert field(form, "introduction_text").text.startswith("围绕研发设计、生产管控、经营管理、售后服务等核心业务环节")
    assert [s.title for s in form.sections[1:]] == list(ELEMENTS)
    for section, names in zip(form.sections[1:], ELEMENTS.values()):
        fields = section.fields
        assert [f.label for f in fields] == names + ["实施情况说明"]
        assert all(f.kind == "boolean" and f.required and f.help for f in fields[:5])
        assert fields[5].kind == "long_text" and not fields[5].required
    assert field(form, "safety_control").help.startswith("围绕智能安全管控")
    # the extraction's line break inside 机器人 and its doubled 不不低低于 are repaired
    assert "机床、机器人等各类设备" in field(form, "equipment_management").help
    assert field(form, "online_procurement_marketing").help.endswith("网络采购成本占采购总量的比重不低于10%。")


# ---------------------------------------------------------------------------
# 附件2-12 衡阳市企业数字化转型项目专项资金申请表 (lines 1348, 1457-1489)
# ---------------------------------------------------------------------------


def test_2_12_sheet():
    form = load_form("2-12")
    assert form.title == "衡阳市企业数字化转型项目专项资金申请表"
    assert len(value_fields(form)) == 42  # the template's 41 and the purchase list of 一、5 (items/12.yaml)
    assert field(form, "material_requirements_header").text == (
        "企业“三化”改造项目、市级移动互联网重点企业、产业数字化工作推进项目申报材料要求"
    )
    assert_golden([f.label for f in value_fields(form)], here=__file__, name="forms/2-12.value-fields")
    id_number = field(form, "legal_representative_id_number")
    assert id_number.kind == "id_number" and id_number.group == "法人代表"
    assert labels_in_group(form, "计划总投资") == ["其中：自筹资金", "银行贷款"]
    assert labels_in_group(form, "已完成投资") == ["其中：自筹资金", "银行贷款"]
    assert field(form, "county_industry_opinion").label == "县市区、市直园区工信部门意见"
    assert field(form, "county_finance_opinion").signer == "county_finance"
    # Items 13 and 14 share the form: the purchase list is required of item 12 by its material rule.
    assert all(f.required for f in value_fields(form) if f.id != "investment_purchases")
    purchases = field(form, "investment_purchases")
    assert not purchases.required and [c.label for c in purchases.columns] == [
        "装备/软件名称",
        "发票号码",
        "开票日期",
        "金额",
    ]


def test_2_12_1_commitment():
    form = load_form("2-12-1")
    assert form.parent == "2-12"
    assert form.title == "项目申报材料真实性承诺书"
    assert len(value_fields(form)) == 2
    title = field(form, "project_title")
    assert title.kind == "text" and title.required
    assert field(form, "commitment_text").text.startswith("我单位承诺：此次申报衡阳市“_____”项目，所提交的申报材料")
    assert "单位法定代表人（签字）" in labels(form)


# ---------------------------------------------------------------------------
# 附件2-12-2 衡阳市移动互联网重点企业认定申请书 (lines 1541-1608)
# ---------------------------------------------------------------------------


def test_2_12_2_cover_and_scope():
    form = load_form("2-12-2")
    assert form.parent == "2-12"
    assert form.title == "衡阳市移动互联网重点企业认定申请书"
    assert len(value_fields(form)) == 69
    assert [s.title for s in form.sections] == [
        "移动互联网产业范畴",
        "封面",
        "一、单位基本情况",
        "二、移动互联网业务基本情况及申报的重点领域",
    ]
    scope = field(form, "industry_scope_text").text
    assert scope.startswith("移动互联网产业是指面向移动互联网")
    for n in range(1, 11):
        assert f"\n{n}." in scope
    assert [f.label for f in form.sections[1].fields if f.kind != "signature"] == [
        "申请单位",
        "单位地址",
        "联系人",
        "联系电话",
        "申请日期",
    ]
    assert "三、本申请所附材料清单" not in [s.title for s in form.sections]


def test_2_12_2_basic_information():
    form = load_form("2-12-2")
    section = form.sections[2]
    ungrouped = [f.label for f in section.fields if f.group is None]
    assert_golden(ungrouped, here=__file__, name="forms/2-12-2.basic-information.ungrouped")
    assert labels_in_group(form, "单位主要财务指标") == [
        "营业收入（万元）",
        "移动互联网业务收入（万元）",
        "研发经费支出总额（万元）",
        "营业收入增长率（%）",
        "移动互联网业务收入增长率（%）",
        "研发经费支出总额增长率（%）",
        "纳税总额（万元）",
        "净利润（万元）",
        "资产总计（万元）",
        "纳税总额增长率（%）",
        "净利润增长率（%）",
        "负债总计（万元）",
    ]
    assert labels_in_group(form, "职工总数（人）") == [
        "大专以上人数",
        "大专以上人员占总数%",
        "研发人员数",
        "研发以上人员占总数%",
    ]
    person = ["姓名", "职务", "出生年月", "最高学历", "专业", "移动电话", "主要简历"]
    assert labels_in_group(form, "法定代表人基本情况及主要个人简历") == person
    assert labels_in_group(form, "移动互联网业务主管基本情况及主要简历") == person
    assert [f.kind for f in section.fields if f.label.startswith("是否")] == ["boolean"] * 3


def test_2_12_2_business_information():
    form = load_form("2-12-2")
    section = form.sections[3]
    assert_golden([f.label for f in section.fields], here=__file__, name="forms/2-12-2.business-information")
    intro = field(form, "business_introduction")
    assert intro.kind == "long_text" and intro.max_chars == 500 and intro.required
    assert field(form, "county_industry_opinion").signer == "county_industry"
    # licences and certificates only apply to holders
    assert not field(form, "isp_license_number").required
    assert not field(form, "software_certificate_number").required


# ---------------------------------------------------------------------------
# 附件3 绩效目标表 (lines 1620-1644)
# ---------------------------------------------------------------------------

INDICATORS = [
    ("成本指标", "经济成本指标"),
    ("成本指标", "社会成本指标"),
    ("成本指标", "生态环境成本指标"),
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"),
    ("满意度指标", "服务对象满意度指标"),
]


def test_3_performance_targets():
    form = load_form("3")
    assert form.source == "附件3"
    assert form.title == "衡阳市打好经济增长主动仗加快建设区域经济中心工信领域奖补投入资金支出绩效目标表"
    assert len(value_fields(form)) == 15
    assert [f.label for f in form.sections[0].fields if f.kind != "signature"] == ["填报单位", "专项资金名称"]
    tables = [f for f in all_fields(form) if f.kind == "table"]
    assert [(t.group, t.label) for t in tables] == INDICATORS
    for t in tables:
        assert [c.label for c in t.columns] == [
            "三级指标",
            "指标值",
            "指标值内容",
            "评分（扣分标准）",
            "度量单位",
            "指标值类型",
            "分值",
        ]
    assert [f.label for f in form.sections[-1].fields] == ["填表人", "联系电话", "填报日期", "单位负责人签字"]
    assert field(form, "unit_head_signature").kind == "signature"


# ---------------------------------------------------------------------------
# 附件4 申报汇总表 (lines 1646-1649; the table itself was lost in extraction)
# ---------------------------------------------------------------------------


def test_4_summary_sheet():
    form = load_form("4")
    assert form.source == "附件4"
    assert form.title == "衡阳市打好经济增长主动仗加快建设区域经济中心工信领域奖补资金申报汇总表"
    assert "表格本身丢失" in form.note
    assert len(value_fields(form)) == 1
    rows = field(form, "rows")
    assert rows.kind == "table"
    assert_golden(column_labels(form, "rows"), here=__file__, name="forms/4.rows.columns")
    kinds = {c.label: c.kind for c in rows.columns}
    assert kinds["统一社会信用代码"] == "uscc"
    assert kinds["总投资（万元）"] == kinds["申请金额（万元）"] == "money"
