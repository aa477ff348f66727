"""Form schemas of 附件2-10 (培育工业绿色制造试点示范企业申报书) and its self-assessment tables 2-10-1, 2-10-2."""

from __future__ import annotations

import pytest

from core.tests.golden import assert_golden
from policies.tests.formtools import NOTICE_TEXT, labels, load_form, value_fields

NOTICE_LINES = NOTICE_TEXT.read_text(encoding="utf-8").split("\n")


def notice_cell(line: int, column: int) -> str:
    """One tab-separated cell of the notice text (line numbers as printed by `cat -n`)."""
    return NOTICE_LINES[line - 1].split("\t")[column].strip()


def fields_by_id(form_id: str) -> dict:
    form = load_form(form_id)
    return {f.id: f for s in form.sections for f in s.fields}


# ---------------------------------------------------------------------------
# 附件2-10 申报书 (notice lines 992-1104)
# ---------------------------------------------------------------------------


def test_2_10_sections_follow_the_template():
    form = load_form("2-10")
    assert form.source == "附件2-10"
    assert form.parent is None
    assert form.title == "衡阳市工业绿色制造试点示范企业申报书"
    assert [s.title for s in form.sections] == [
        "封面",
        "填写说明",
        "基本信息表",
        "材料真实性承诺",
        "一、工厂基本情况",
        "二、绿色工厂创建情况",
        "三、下一步工作",
        "四、绿色工厂创建自评表",
        "五、相关证明材料",
    ]
    assert len(value_fields(form)) == 43


def test_2_10_cover():
    form = load_form("2-10")
    cover = form.sections[0]
    assert [(f.label, f.kind) for f in cover.fields] == [
        ("项目名称", "text"),
        ("项目类型", "guidance"),
        ("项目单位", "text"),
        ("所在地", "text"),
        ("申报时间", "year_month"),
    ]
    fields = fields_by_id("2-10")
    assert fields["project_type"].text == "工业绿色制造试点示范企业"
    assert fields["project_unit"].prefill == "enterprise_name"


def test_2_10_basic_info_table_has_every_cell_in_order():
    form = load_form("2-10")
    basic = next(s for s in form.sections if s.id == "basic_info")
    labels = [f.label for f in basic.fields]
    assert_golden(labels, here=__file__, name="forms/2-10.basic_info")
    assert all(f.required for f in basic.fields if f.id != "fax")
    assert basic.fields[labels.index("传真号码")].required is False


def test_2_10_basic_info_groups_and_kinds():
    fields = fields_by_id("2-10")
    assert fields["legal_representative_phone"].group == "法定代表人"
    assert fields["contact_phone"].group == "申报联系人"
    assert fields["mandatory_cleaner_production_audit"].group == "实施清洁生产情况"
    assert fields["voluntary_cleaner_production_audit"].group == "实施清洁生产情况"
    assert fields["uscc"].kind == "uscc"
    assert fields["contact_email"].kind == "email"
    assert fields["taxes_paid_2022"].kind == "money"
    assert fields["taxes_paid_2022"].unit == "万元"
    assert fields["taxes_paid_2022"].prefill == "taxes_paid_2022"
    honours = [f for f in fields.values() if f.id.startswith("honour_")]
    assert len(honours) == 9
    assert {f.kind for f in honours} == {"boolean"}
    assert {f.group for f in honours} == {"近五年内在绿色制造方面取得相关荣誉(资质)情况"}
    assert fields["unit_profile"].kind == "long_text"
    assert fields["unit_profile"].help == "(至少应包含：企业的主营业务介绍、生产情况、所获荣誉情况等)"


@pytest.mark.parametrize(
    "field_id", ["mandatory_cleaner_production_audit", "voluntary_cleaner_production_audit", "energy_saving_diagnosis"]
)
def test_2_10_completion_checkboxes(field_id):
    field = fields_by_id("2-10")[field_id]
    assert field.kind == "single_choice"
    assert [o.label for o in field.options] == ["已完成", "未完成"]


def test_2_10_industry_options_are_the_eleven_of_the_instructions():
    field = fields_by_id("2-10")["industry"]
    assert field.kind == "single_choice"
    assert [o.label for o in field.options] == [
        "有色金属",
        "冶金",
        "建材",
        "化工",
        "机械",
        "汽车",
        "电子",
        "轻工",
        "食品",
        "生物医药",
        "其它",
    ]


def test_2_10_industry_chain_options_are_the_23_numbered_clusters():
    field = fields_by_id("2-10")["industry_chain_cluster"]
    assert field.kind == "single_choice"
    assert_golden([o.label for o in field.options], here=__file__, name="forms/2-10.industry_chain_cluster.options")
    # every option label is printed in 填写说明 四 (line 1013)
    for option in field.options:
        assert option.label in NOTICE_LINES[1012]


def test_2_10_commitment_block():
    form = load_form("2-10")
    section = next(s for s in form.sections if s.id == "commitment")
    assert [(f.label, f.kind) for f in section.fields] == [
        ("材料真实性承诺", "guidance"),
        ("法人或单位负责人签字", "signature"),
        ("(公章)", "signature"),
        ("日期", "date"),
    ]
    assert section.fields[0].text == NOTICE_LINES[1038]
    assert [f.signer for f in section.fields[1:3]] == ["legal_representative", "seal"]


def test_2_10_narrative_headings_are_long_texts():
    form = load_form("2-10")
    narrative = [
        f
        for s in form.sections
        if s.id in ("factory_overview", "green_factory_creation", "next_steps")
        for f in s.fields
    ]
    assert [f.label for f in narrative] == [
        "工厂基本情况",
        "1、基础设施情况",
        "2、管理体系情况",
        "3、能源资源投入情况",
        "4、产品情况",
        "5、环境排放情况",
        "下一步工作",
    ]
    assert {f.kind for f in narrative} == {"long_text"}
    assert all(f.required for f in narrative)
    # no length limit is printed anywhere in 附件2-10
    assert all(f.max_chars is None for f in narrative)
    # each sub-heading's explanatory text is the rest of its template line
    for field, line in zip(narrative[1:6], (1055, 1057, 1059, 1061, 1063)):
        assert NOTICE_LINES[line - 1] == f"{field.label}。{field.help}"


def test_2_10_self_assessment_and_materials_are_guidance_only():
    form = load_form("2-10")
    for section_id in ("self_assessment", "supporting_materials", "filling_instructions"):
        section = next(s for s in form.sections if s.id == section_id)
        assert {f.kind for f in section.fields} == {"guidance"}
    assert all(f.kind != "material" for s in form.sections for f in s.fields)
    fields = fields_by_id("2-10")
    assert "附表 2-10-1 和附表 2-10-2" in fields["self_assessment_note"].text
    assert "24. 企业在绿色制造方面获得的荣誉（资质）的证明材料。" in fields["supporting_materials_note"].text


# ---------------------------------------------------------------------------
# 附表2-10-1 绿色工厂基本要求自评表 (notice lines 1105-1117)
# ---------------------------------------------------------------------------

BASIC_REQUIREMENTS = [
    "绿色工厂应依法设立，在建设和生产过程中应遵守有关法律、法规、政策和标准。",
    "近三年（含成立不足三年）无较大及以上安全、环保、质量等事故。",
    "对利益相关方的环境要求做出承诺的，应同时满足有关承诺的要求。",
    "最高管理者在绿色工厂方面的领导作用和承诺满足 GB/T 36132 中 4.3.1 a) 的要求。",
    "最高管理者应确保在工厂内部分配并沟通与绿色工厂相关角色的职责和权限，且满足 GB/T 36132 中 4.3.1 b) 的要求。",
    "工厂应设有绿色工厂管理机构，负责有关绿色工厂的制度建设、实施、考核及奖励工作，建立目标责任制。",
    "工厂应有开展绿色工厂的中长期规划及年度目标、指标和实施方案。可行时，指标应明确且可量化。",
    "工厂应传播绿色制造的概念和知识，定期为员工提供绿色制造相关知识的教育、培训，并对教育和培训的结果进行考评。",
]


def test_2_10_1_header():
    form = load_form("2-10-1")
    assert (form.title, form.source, form.parent) == ("绿色工厂基本要求自评表", "附件2-10-1", "2-10")
    assert len(form.sections) == 1
    assert len(value_fields(form)) == 16


def test_2_10_1_every_row_has_both_printed_columns():
    form = load_form("2-10-1")
    fields = value_fields(form)
    assert labels(form) == ["是否符合", "证明材料索引"] * 8
    assert [f.kind for f in fields] == ["boolean", "text"] * 8
    assert [f.help for f in fields] == [text for text in BASIC_REQUIREMENTS for _ in range(2)]
    assert {f.group for f in fields} == {"基本要求"}
    assert all(f.required for f in fields)


def test_2_10_1_rows_match_the_notice():
    assert notice_cell(1109, 0) == "基本要求"
    assert [notice_cell(n, 0) for n in range(1110, 1118)] == BASIC_REQUIREMENTS


# ---------------------------------------------------------------------------
# 附表2-10-2 绿色工厂评价指标自评表 (notice lines 1119-1205)
# ---------------------------------------------------------------------------

# (notice line, section, group) of every indicator row, in template order
INDICATOR_ROWS = (
    [(n, "基础设施", "基础设施 必选") for n in range(1127, 1133)]
    + [(n, "基础设施", "能源及资源 必选") for n in range(1133, 1138)]
    + [(1138, "基础设施", "污染 必选")]
    + [(n, "基础设施", "基础设施 可选") for n in range(1142, 1151)]
    + [(n, "管理体系", "管理体系 必选") for n in range(1151, 1154)]
    + [(n, "管理体系", "管理体系 可选") for n in range(1154, 1158)]
    + [(n, "能源资源投入", "能源资源投入 必选") for n in range(1161, 1165)]
    + [(n, "能源资源投入", "能源资源投入 可选") for n in range(1165, 1169)]
    + [(n, "产品", "产品 必选") for n in range(1169, 1171)]
    + [(n, "产品", "产品 可选") for n in range(1175, 1182)]
    + [(n, "环境排放", "环境排放 必选") for n in range(1182, 1187)]
    + [(n, "环境排放", "环境排放 可选") for n in range(1187, 1192)]
    + [(n, "绩效", "绩效 必选") for n in range(1194, 1199)]
    + [(n, "绩效", "绩效 选") for n in range(1199, 1206)]
)

PERFORMANCE_INDICATORS = [
    "容积率",
    "建筑密度",
    "单位用地面积产能（或：单位面积产值）",
    "绿色物料使用情况（率）",
    "单位产品主要污染物产生量",
    "单位产品废气产生量",
    "单位产品废水产生量",
    "单位产品主要原材料消耗量",
    "工业固体废物综合利用率",
    "废水处理回用率",
    "单位产品综合能耗",
    "单位产品碳排放量",
]


def indicator_text(line: int) -> str:
    return notice_cell(line, 2 if line >= 1194 else 1)


def test_2_10_2_header():
    form = load_form("2-10-2")
    assert (form.title, form.source, form.parent) == ("绿色工厂评价指标自评表", "附件2-10-2", "2-10")
    assert [s.title for s in form.sections] == [
        "绿色工厂评价指标自评表",
        "基础设施",
        "管理体系",
        "能源资源投入",
        "产品",
        "环境排放",
        "绩效",
    ]
    assert len(INDICATOR_ROWS) == 67
    assert len(value_fields(form)) == 1 + 2 * 67
    year = fields_by_id("2-10-2")["assessment_year"]
    assert (year.label, year.kind, year.required) == ("(20 年)", "year", True)


def test_2_10_2_every_row_has_both_printed_columns():
    form = load_form("2-10-2")
    rows = [f for s in form.sections[1:] for f in s.fields]
    assert [f.label for f in rows] == ["指标值及是否符合评价要求", "证明材料索引"] * 67
    assert {f.kind for f in rows} == {"text"}
    # the template prints no 分值 column and no totals
    assert all(f.unit is None and f.max_value is None for f in rows)


def test_2_10_2_rows_quote_the_notice_in_order():
    form = load_form("2-10-2")
    for section in form.sections[1:]:
        expected = [(line, group) for line, title, group in INDICATOR_ROWS if title == section.title]
        assert [(f.help, f.group) for f in section.fields] == [
            (indicator_text(line), group) for line, group in expected for _ in range(2)
        ]


def test_2_10_2_performance_indicators():
    assert [indicator_text(n) for n in range(1194, 1206)] == PERFORMANCE_INDICATORS
    form = load_form("2-10-2")
    performance = form.sections[-1]
    assert [f.help for f in performance.fields[::2]] == PERFORMANCE_INDICATORS


def test_2_10_2_evidence_index_required_only_on_mandatory_rows():
    form = load_form("2-10-2")
    rows = [f for s in form.sections[1:] for f in s.fields]
    answers, evidence = rows[::2], rows[1::2]
    assert all(f.required for f in answers)
    assert [f.required for f in evidence] == [group.endswith("必选") for _, _, group in INDICATOR_ROWS]
    assert sum(f.required for f in evidence) == 12 + 3 + 4 + 2 + 5 + 5
