"""Forms 附件2-4 … 2-7 of the 2023 notice: every table row, column and checkbox of the printed templates.

Labels below are typed from the template text (notice lines 427-762), layout spaces removed.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.tests.golden import assert_golden
from policies.pack.loader import check_form_prefill
from policies.pack.prefill import prefill_keys
from policies.pack.schema import FormField, FormTemplate
from policies.tests.formtools import (
    NOTICE_TEXT,
    PACK_2023,
    all_fields,
    labels,
    load_form,
    value_fields,
)
from policies.vocabulary import profile_years

PREFILL_KEYS = prefill_keys(profile_years(2023))  # the 2023 notice's profile years

FORM_IDS = ["2-4", "2-5", "2-6", "2-7"]


def section(form: FormTemplate, section_id: str):
    return next(s for s in form.sections if s.id == section_id)


def section_value_labels(form: FormTemplate, section_id: str) -> list[str]:
    """Labels of a section's value fields in order; tables and year tables followed by their columns/rows."""
    out: list[str] = []
    for f in section(form, section_id).fields:
        if f.kind in ("heading", "guidance", "signature", "material"):
            continue
        out.append(f.label)
        out += [r.label for r in f.rows or []]
        out += [c.label for c in f.columns or []]
    return out


def field(form: FormTemplate, field_id: str) -> FormField:
    return next(f for f in all_fields(form) if f.id == field_id)


def option_labels(form: FormTemplate, field_id: str) -> list[str]:
    return [o.label for o in field(form, field_id).options or []]


# ---------------------------------------------------------------------------
# All four forms
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_form_loads_with_its_source_and_a_line_range_comment(form_id):
    form = load_form(form_id)
    assert form.id == form_id
    assert form.source == f"附件{form_id}"
    first_line = (PACK_2023 / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(f"# 附件{form_id}") and "notice lines" in first_line


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_prefill_keys_exist_and_no_materials(form_id):
    form = load_form(form_id)
    assert check_form_prefill(form, f"forms/{form_id}.yaml", notice_year=2023) == []
    for f in all_fields(form):
        assert f.kind != "material"
        if f.prefill:
            assert f.prefill in PREFILL_KEYS


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_no_stated_character_limits(form_id):
    # None of these templates states a "…字以内" limit (2-7 asks for 5000字以上, a minimum).
    assert all(f.max_chars is None for f in all_fields(load_form(form_id)))


@pytest.mark.parametrize(("form_id", "count"), [("2-4", 51), ("2-5", 71), ("2-6", 27), ("2-7", 29)])
def test_value_field_count(form_id, count):
    assert len(value_fields(load_form(form_id))) == count


# ---------------------------------------------------------------------------
# 附件2-4 培育工业设计中心申请表
# ---------------------------------------------------------------------------


def test_2_4_sections_in_template_order():
    form = load_form("2-4")
    assert form.title == "培育工业设计中心申请表"
    assert [s.title for s in form.sections] == [
        "封面",
        "填表须知",
        "企业声明",
        "一、申报企业情况",
        "二、工业设计中心情况（一）",
        "工业设计中心情况（二）",
        "工业设计中心情况（三）",
        "工业设计中心情况（四）",
    ]


def test_2_4_cover_and_declaration():
    form = load_form("2-4")
    assert section_value_labels(form, "cover") == [
        "企业名称（盖章）",
        "工业设计中心名称",
        "所属地区",
        "填报日期",
    ]
    declaration = section(form, "declaration").fields
    assert [f.text for f in declaration if f.kind == "guidance"] == [
        "1.本企业自愿向市工信局、市财政局提出市级工业设计中心申请，并为认定工作提供相关材料。",
        "2.本企业自愿提供培育工业设计中心审查、管理、监督所需的数据资料，并为其审查工作提供方便。",
        "3.本企业所提供的申请表内容和附件材料均属实，若出现问题，愿承担一切责任。",
    ]
    assert [(f.label, f.signer) for f in declaration if f.kind == "signature"] == [
        ("申请企业法人代表（签名）", "legal_representative"),
        ("单位（盖章）", "seal"),
    ]
    instructions = section(form, "instructions").fields[0].text
    for n in (
        "1.填写本申请表",
        "2.本申请表需用黑色笔",
        "3.本申请表所有填报项目",
        "4.所填事项中涉及批准",
    ):
        assert n in instructions


def test_2_4_enterprise_table():
    form = load_form("2-4")
    assert section(form, "enterprise").guidance == "单位：万元、万美元、个、%"
    assert_golden(section_value_labels(form, "enterprise"), here=__file__, name="forms/2-4.enterprise")
    groups = [f.group for f in section(form, "enterprise").fields]
    assert groups.count("基本情况/人员/企业负责人") == 3
    assert groups.count("基本情况/人员/申请联系人") == 3
    assert groups.count("专利情况/专利总数") == 3
    assert groups.count("专利情况/其中：发明专利") == 3
    assert field(form, "patents_total_remark").required is False
    assert field(form, "invention_patents_remark").required is False
    assert "质量品牌建设" in field(form, "enterprise_situation").help
    assert field(form, "enterprise_situation").kind == "long_text"


def test_2_4_design_center_table_one():
    form = load_form("2-4")
    assert section(form, "design_center_1").guidance == "单位：万元、平方米、个、%"
    assert_golden(section_value_labels(form, "design_center_1"), here=__file__, name="forms/2-4.design_center_1")
    assert option_labels(form, "operating_mode") == ["独立核算", "非独立核算"]
    table = field(form, "two_year_indicators")
    assert table.kind == "year_table" and table.years == [2021, 2022]
    assert [r.group for r in table.rows[:3]] == ["投入情况"] * 3
    assert {r.group for r in table.rows[3:]} == {"运行情况"}
    assert field(form, "bachelor_or_above_share").unit == "%"
    assert field(form, "bachelor_or_above_count").unit == "人"


def test_2_4_design_center_tables_two_to_four():
    form = load_form("2-4")
    assert section(form, "design_center_2").guidance == "单位：万元、%"
    assert_golden(section_value_labels(form, "design_center_2"), here=__file__, name="forms/2-4.design_center_2")
    assert all(field(form, i).kind == "table" for i in ("design_awards", "design_results", "hardware", "software"))
    assert section_value_labels(form, "design_center_3") == [
        "中心运营等有关情况",
        "中心今后两年目标与规划情况",
    ]
    assert all(f.kind == "long_text" and f.help.startswith("重点是") for f in section(form, "design_center_3").fields)
    assert section_value_labels(form, "design_center_4") == [
        "工业设计团队带头人及主要成员情况",
        "姓名",
        "性别",
        "出生年月",
        "国籍",
        "公司职务",
        "联系电话",
        "专业职称",
        "学历、学位(毕业院校及专业)",
        "从事工业设计领域的主要工作经历和取得的成绩",
    ]
    team = field(form, "design_team")
    # 注：本表由工业设计团队带头人及 2-3 位主要成员填写
    assert (team.min_rows, team.max_rows) == (3, 4)
    assert field(form, "design_team_note").text == "注：本表由工业设计团队带头人及 2-3 位主要成员填写"


# ---------------------------------------------------------------------------
# 附件2-5 衡阳市技术创新示范企业申报材料
# ---------------------------------------------------------------------------


def test_2_5_sections_in_template_order():
    form = load_form("2-5")
    assert form.title == "衡阳市技术创新示范企业申报材料"
    assert [s.title for s in form.sections] == [
        "封面",
        "“信用湖南”网站查询结果网页截图",
        "承诺书",
        "企业基本情况表",
        "企业技术创新评价指标",
        "《衡阳市技术创新示范企业申报书》编写提纲",
    ]


def test_2_5_cover_and_credit_hunan():
    form = load_form("2-5")
    assert section_value_labels(form, "cover") == ["申报单位", "推荐单位", "填报日期"]
    query_date = field(form, "credit_hunan_query_date")
    assert (query_date.label, query_date.kind, query_date.required) == (
        "查询时间",
        "date",
        True,
    )
    assert "2023年7月26日" in query_date.help
    notice_issue_date = dt.date(2023, 7, 26)
    assert f"{notice_issue_date.year}年{notice_issue_date.month}月{notice_issue_date.day}日" in query_date.help
    assert "查询时间不得早于申报通知发布日期" in field(form, "credit_hunan_note").text


def test_2_5_commitment():
    form = load_form("2-5")
    promises = [field(form, f"promise_{n}").text for n in range(1, 6)]
    assert promises == [
        "1.本申请报告中所填写的各栏目内容真实、准确。",
        "2.提供的申报资料和文件内容真实、可靠、事实存在。",
        "3.提供申报的产品与提供申报的资料和文件一致，并事实存在。",
        "4.企业及企业法人代表无不良信用记录。",
        (
            "5.申请认定产品的知识产权属于本企业自主知识产权，产权明晰完整，归属本单位或技术来源正当合法，"
            "未剽窃他人成果，未侵犯他人的知识产权或商业秘密。"
        ),
    ]
    assert all(field(form, f"promise_{n}").kind == "guidance" for n in range(1, 6))
    signatures = [(f.label, f.signer) for f in section(form, "commitment").fields if f.kind == "signature"]
    assert signatures == [
        ("法定代表人（签字）", "legal_representative"),
        ("单位（盖章）", "seal"),
    ]
    assert section_value_labels(form, "commitment") == ["年 月 日"]


def test_2_5_basic_info_table():
    form = load_form("2-5")
    assert_golden(section_value_labels(form, "basic_info"), here=__file__, name="forms/2-5.basic_info")
    assert option_labels(form, "enterprise_type") == ["国有", "合资", "民营", "其他"]
    assert option_labels(form, "enterprise_technology_center") == ["省级", "国家级"]
    assert field(form, "profitable_three_years").kind == "boolean"
    assert field(form, "export_earnings_2022").unit == "万美元"
    assert field(form, "main_business_revenue_growth").group == "2022年度经济效益/主营业务收入"
    assert field(form, "total_profit_growth").group == "2022年度经济效益/利润总额"
    # 注: 以上指标按 2022 年底数据填写 -> the 2022 figures pre-fill from the profile
    assert field(form, "total_assets_2022").prefill == "total_assets_2022"
    assert field(form, "rd_investment_2022").prefill == "rd_expense_2022"


INDICATORS_2_5 = [
    # (label, unit, group)
    ("1.企业研发经费支出额占产品销售收入的比重", "%", "创新机制/创新投入"),
    ("2.企业研发经费支出比例比上一年度增长", "百分点", "创新机制/创新投入"),
    ("3.研发人员年人均收入与企业年人均收入之比", None, "创新机制/人才激励"),
    ("4.研发人员培训费占技术中心人员总收入的比重", "%", "创新机制/人才激励"),
    ("5.来企业从事技术开发工作的外部专家数", "人·月", "创新机制/创新合作"),
    ("6.对外合作项目占全部开发项目数的比重", "%", "创新机制/创新合作"),
    ("7.企业研究与试验发展人员占职工人数的比重", "%", "技术与人才/创新队伍建设"),
    ("8.企业研发机构拥有的高级专家及博士人数", "人", "技术与人才/创新队伍建设"),
    ("9.企业技术开发仪器设备原值", "万元", "技术与人才/创新条件建设"),
    ("10.通过国家和国际组织认证的实验室数", "个", "技术与人才/创新条件建设"),
    ("11.研发周期三年及以上项目数占全部项目数的比重", "%", "技术与人才/技术积累储备"),
    ("12.企业拥有的全部有效发明专利数", "项", "技术与人才/技术积累储备"),
    ("13.企业拥有的中国名牌产品或驰名商标数", "个", "技术与人才/技术积累储备"),
    ("14.当年完成的新产品新技术新工艺开发项目数", "项", "产出与效益/技术创新产出"),
    ("15.当年受理的专利申请数", "项", "产出与效益/技术创新产出"),
    ("其中当年受理的发明专利申请数", "项", "产出与效益/技术创新产出"),
    ("16.主持和参与制定的国际、国家、行业标准数", "项", "产出与效益/技术创新产出"),
    ("17.新产品销售收入占产品销售收入的比重", "%", "产出与效益/技术创新效益"),
    ("18.新产品销售利润占产品销售利润的比重", "%", "产出与效益/技术创新效益"),
    ("19.自有品牌产品与技术出口创汇额", "万美元", "产出与效益/技术创新效益"),
    ("20.获国家自然科学、技术发明、科技进步奖项目数", "项", "其它"),
    ("21.年末现金净流量与可供分配利润的差额", "万元", "其它"),
]


def test_2_5_all_21_indicators_with_units_and_groups():
    form = load_form("2-5")
    fields = [f for f in section(form, "indicators").fields if f.kind != "guidance"]
    assert [(f.label, f.unit, f.group) for f in fields] == INDICATORS_2_5
    assert all(f.required for f in fields)
    kinds = {f.unit: f.kind for f in fields}
    assert kinds["%"] == "percentage" and kinds["百分点"] == "percentage"
    assert kinds["万元"] == "money" and kinds["万美元"] == "money"
    assert field(form, "indicators_note").text == "注：以上指标按 2022 年底数据填写。"


def test_2_5_outline_narratives():
    form = load_form("2-5")
    headings = [f.label for f in section(form, "outline").fields if f.kind == "heading"]
    assert headings == ["一、企业（集团）的基本情况", "二、企业技术创新工作的基本情况"]
    assert section_value_labels(form, "outline") == [
        "企业经营管理等基本情况",
        "企业在行业中的地位和作用",
        "企业在本产业领域技术创新中的作用和竞争能力",
        "企业技术创新工作发展规划及中长期目标",
        "目前企业技术研发机构的组织机构及运行机制",
        "企业开展技术创新及试验的基础条件",
        "企业技术创新工作开展情况",
        "企业研究开发人员情况，技术创新带头人及创新团队的情况，以及创新人才培养情况",
        (
            "企业在制造业重点领域具有的关键核心技术攻关及产业化突出成果、技术创新方面采取的独特措施、"
            "取得的主要创新成果（3年内）及其经济效益"
        ),
    ]
    narratives = [f for f in section(form, "outline").fields if f.kind != "heading"]
    assert all(f.kind == "long_text" and f.required for f in narratives)
    assert field(form, "rd_organization").help.startswith("包括：各项制度建立")
    assert field(form, "innovation_activities").help.startswith("包括：原创性创新")


# ---------------------------------------------------------------------------
# 附件2-6 100个产品创新强基项目（奖励）申请表
# ---------------------------------------------------------------------------


def test_2_6_cover_and_application_sheet():
    form = load_form("2-6")
    assert form.title == "100个产品创新强基项目（奖励）申请表"
    assert section_value_labels(form, "cover") == [
        "项目名称",
        "项目实施单位",
        "所在县市区",
        "年 月 日",
    ]
    assert section(form, "application_sheet").guidance == "单位：万元"
    assert_golden(section_value_labels(form, "application_sheet"), here=__file__, name="forms/2-6.application_sheet")


def test_2_6_checkbox_groups():
    form = load_form("2-6")
    assert option_labels(form, "innovation_achievements") == [
        "突破卡脖子技术",
        "国内首创",
        "国际先进",
        "国内领先",
        "基础关键材料",
        "关键零部件",
        "其他：",
    ]
    assert [o.other for o in field(form, "innovation_achievements").options] == [False] * 6 + [True]
    assert option_labels(form, "industrial_foundations") == [
        "核心基础零部件",
        "关键基础材料",
        "先进基础工艺",
        "产业技术基础",
        "工业基础软件",
        "基础电子元器件",
    ]


def test_2_6_opinions_are_signatures():
    form = load_form("2-6")
    signatures = [(f.label, f.signer) for f in all_fields(form) if f.kind == "signature"]
    assert signatures == [
        ("项目单位申请意见", "seal"),
        ("县市区工信部门意见", "county_industry"),
        ("县市区财政部门意见", "county_finance"),
    ]
    # "其他资料" (lines 676-681) is a materials checklist, not part of this form
    assert not any("营业执照" in label for label in labels(form))


# ---------------------------------------------------------------------------
# 附件2-7 2023年衡阳市工业品牌培育示范企业申报材料
# ---------------------------------------------------------------------------


def test_2_7_sections_cover_and_commitment():
    form = load_form("2-7")
    assert form.title == "2023年衡阳市工业品牌培育示范企业申报材料"
    assert [s.title for s in form.sections] == [
        "封面",
        "承诺书",
        "2023年衡阳市工业品牌培育示范企业推荐表",
        "品牌培育典型经验材料编写要求",
    ]
    assert section_value_labels(form, "cover") == [
        "单位名称",
        "联系人",
        "手机号码",
        "电子邮箱",
        "通讯地址",
        "申报日期",
    ]
    promises = [f.text for f in section(form, "commitment").fields if f.kind == "guidance"]
    assert promises == [
        "我公司郑重承诺：",
        "一、所报材料真实准确，无虚假行为。",
        "二、同意分享我公司品牌培育典型经验。",
        "三、积极参加省内外质量品牌建设经验交流活动。",
    ]
    assert field(form, "commitment_seal").label == "企业名称（盖章）"


def test_2_7_recommendation_table():
    form = load_form("2-7")
    assert_golden(section_value_labels(form, "recommendation"), here=__file__, name="forms/2-7.recommendation")
    overview = field(form, "three_year_overview")
    assert overview.years == [2020, 2021, 2022]
    assert [r.unit for r in overview.rows] == ["万元", "万元", "万元", "万元", "人"]
    assert field(form, "uscc").kind == "uscc"
    opinion = field(form, "county_industry_opinion")
    assert (opinion.label, opinion.kind, opinion.signer) == (
        "县市区(园区)工信部门意见",
        "signature",
        "county_industry",
    )


def test_2_7_typical_experience_outline():
    form = load_form("2-7")
    assert section(form, "typical_experience").guidance == "(5000字以上)"
    assert section_value_labels(form, "typical_experience") == [
        "典型经验材料标题",
        "概述",
        "品牌培育战略、方针和目标",
        "品牌培育管理体系组织架构及职责",
        "品牌管理有关文件的制定落实",
        "财务资源、人力资源、自然资源、上下游合作伙伴等品牌资源管理与有效利用",
        "品牌定位、品牌设计、技术创新和产品开发、品牌传播、信誉和风险管理、品牌保护、品牌文化塑造等品牌培育关键过程",
        "研发费用投入、新产品产值率、专利申报授权",
        "顾客满意度、市场占有率、经济和社会效益等品牌培育绩效指标情况",
    ]
    assert field(form, "experience_overview").help.startswith("包括企业基本情况")
    # the materials list "1、承诺书 2、推荐表 …" (lines 750-761) is encoded elsewhere
    assert not any("营业执照" in label for label in labels(form))


# ---------------------------------------------------------------------------
# Labels trace back to the notice text
# ---------------------------------------------------------------------------

LINE_RANGES = {
    "2-4": (427, 541),
    "2-5": (542, 646),
    "2-6": (647, 682),
    "2-7": (683, 762),
}

# Labels that are not a contiguous run of the template text, each for a stated reason.
DERIVED_LABELS = {
    # one cell lists three categories, with one "(人)" and one "(%)" column (line 489): split per category
    "2-4": {
        "本科及以上学历人员数(人)",
        "本科及以上学历人员数(%)",
        "具有技师(高级技师)职业资格的人员(人)",
        "具有技师(高级技师)职业资格的人员(%)",
        "高级专业技术职务人员数(人)",
        "高级专业技术职务人员数(%)",
    },
    # labels of read-only guidance blocks
    "2-5": {"说明", "结语"},
    "2-6": {
        "项目单位(全称)",  # extraction lost "位": "项目单 (全称)" (line 663)
        # "年 月—年 月" (line 669) split into start and end
        "计划建设时间（起）",
        "计划建设时间（止）",
        "实际完成时间（起）",
        "实际完成时间（止）",
        # one cell "县市区工信部门、财政部门意见" (line 674): one signature per department
        "县市区工信部门意见",
        "县市区财政部门意见",
    },
    "2-7": {"申报联系人"},  # the cell wraps "申 报" / "联系人" over lines 715-716
}


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_labels_come_from_the_template_text(form_id):
    first, last = LINE_RANGES[form_id]
    text = NOTICE_TEXT.read_text(encoding="utf-8").splitlines()[first - 1 : last]
    source = re.sub(r"\s", "", "".join(text))
    missing = {label for label in labels(load_form(form_id)) if re.sub(r"\s", "", label) not in source}
    assert missing == DERIVED_LABELS[form_id]
