"""Forms 2-8, 2-8-1 and 2-9 of the 2023 pack against the printed templates (notice lines 763-991)."""

from __future__ import annotations

import re

import pytest

from core.tests.golden import assert_golden
from policies.pack.loader import check_form_file
from policies.tests.formtools import (
    NOTICE_TEXT,
    PACK_2023,
    all_fields,
    labels,
    load_form,
    value_fields,
)


def section_value_labels(form_id: str, section_id: str) -> list[str]:
    form = load_form(form_id)
    section = next(s for s in form.sections if s.id == section_id)
    values = {f.id for f in value_fields(form)}
    return [f.label for f in section.fields if f.id in values]


def field(form_id: str, field_id: str):
    return next(f for f in all_fields(load_form(form_id)) if f.id == field_id)


def option_labels(form_id: str, field_id: str) -> list[str]:
    return [o.label for o in field(form_id, field_id).options]


def notice_lines(first: int, last: int) -> str:
    lines = NOTICE_TEXT.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[first - 1 : last])


def normalise(text: str) -> str:
    """Compare template text with the PDF extraction: ignore layout spaces and half/full-width brackets."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）").replace(",", "，")


@pytest.mark.parametrize("form_id", ["2-8", "2-8-1", "2-9"])
def test_form_file_is_valid(form_id):
    assert check_form_file(PACK_2023 / "forms" / f"{form_id}.yaml") == []


# ---------------------------------------------------------------------------
# 附件2-8
# ---------------------------------------------------------------------------


def test_2_8_header_and_counts():
    form = load_form("2-8")
    assert (form.id, form.source, form.parent) == ("2-8", "附件2-8", None)
    assert form.title == "2023年衡阳市工业领域知识产权运用标杆企业申报材料"
    assert [s.title for s in form.sections] == [
        "封面",
        "承诺书",
        "2023年衡阳市工业领域知识产权运用标杆企业推荐表",
        "企业知识产权运用典型经验材料",
        "证明材料",
    ]
    assert len(value_fields(form)) == 51


def test_2_8_cover_and_commitment():
    assert section_value_labels("2-8", "cover") == [
        "单位名称",
        "联系人",
        "手机号码",
        "电子邮箱",
        "通讯地址",
        "申报日期",
    ]
    commitment = [f.text for f in all_fields(load_form("2-8")) if f.id.startswith("commitment_") and f.text]
    assert commitment == [
        "我公司郑重承诺：",
        "一、所报材料真实准确，无虚假行为。",
        "二、同意分享我公司知识产权运用典型经验。",
        "三、积极参加省内外知识产权运用和质量品牌建设经验交流活动。",
    ]
    assert field("2-8", "commitment_seal").signer == "seal"


def test_2_8_recommendation_table_labels():
    assert_golden(section_value_labels("2-8", "recommendation"), here=__file__, name="forms/2-8.recommendation")


def test_2_8_ip_count_groups_follow_the_table_headers():
    groups = {f.id: f.group for f in all_fields(load_form("2-8"))}
    assert groups["patent_domestic_granted"] == "截止上年底知识产权拥有数量（件） > 专利 > 国内"
    assert groups["patent_foreign_applied"] == "截止上年底知识产权拥有数量（件） > 专利 > 国外"
    assert groups["famous_trademark_count"] == "截止上年底知识产权拥有数量（件） > 商标注册核准 > 著名商标"
    assert groups["other_ip_count"] == "截止上年底知识产权拥有数量（件） > 其他"
    assert {field("2-8", i).unit for i in ("patent_domestic_applied", "trademark_foreign", "software_copyright")} == {
        "件"
    }


def test_2_8_year_tables():
    for field_id in ("rd_expense_ratio", "ip_budget_ratio", "ip_product_revenue_ratio"):
        table = field("2-8", field_id)
        assert table.kind == "year_table"
        assert table.years == [2020, 2021, 2022]
        assert [r.kind for r in table.rows] == ["percentage"]
        assert table.rows[0].label == table.label


def test_2_8_checkbox_groups():
    assert option_labels("2-8", "famous_trademark") == ["省级及以上"]
    assert option_labels("2-8", "technical_secret") == ["有", "无"]
    assert option_labels("2-8", "ip_information_use") == [
        "建立了企业知识产权数据库",
        "与有关机构签订数据库使用协议",
    ]
    assert option_labels("2-8", "ip_use_recent_three_years") == [
        "知识产权转让许可", "质押融资", "产学研用协同运用", "投资人股", "其他类别（内容及件数）",
    ]  # fmt: skip
    assert [o.other for o in field("2-8", "ip_use_recent_three_years").options] == [False] * 4 + [True]


def test_2_8_self_score_and_county_opinion():
    score = field("2-8", "self_assessment_score")
    assert (score.kind, score.unit, score.max_value, score.required) == (
        "number",
        "分",
        120,
        True,
    )
    opinion = field("2-8", "county_industry_opinion")
    assert (opinion.label, opinion.kind, opinion.signer) == (
        "县市区（园区）工信部门意见",
        "signature",
        "county_industry",
    )


def test_2_8_typical_experience_headings_and_requirements():
    fields = [f for f in all_fields(load_form("2-8")) if f.kind == "long_text"]
    assert [f.label for f in fields] == [
        "（一）企业概况",
        "（二）企业加强知识产权能力建设情况",
        "（三）企业知识产权运用特色及经验做法",
        "（四）企业开展知识产权运用面临的主要问题与挑战",
    ]
    source = normalise(notice_lines(834, 850))
    for f in fields:
        assert f.required and f.help.startswith("要求：")
        assert normalise(f.help) in source


def test_2_8_has_no_material_fields():
    assert not [f for f in all_fields(load_form("2-8")) if f.kind == "material"]


# ---------------------------------------------------------------------------
# 附件2-8 工业企业知识产权运用能力自评估表
# ---------------------------------------------------------------------------


def test_2_8_1_score_summary():
    form = load_form("2-8-1")
    assert (form.id, form.source, form.parent) == ("2-8-1", "附件2-8", "2-8")
    assert form.title == "工业企业知识产权运用能力自评估表"
    assert len(value_fields(form)) == 5
    assert section_value_labels("2-8-1", "score_summary") == [
        "知识产权管理评估（20分）",
        "知识产权基础评估（30分）",
        "知识产权运用评估（50分）",
        "加分项（20分）",
        "合计",
    ]
    fields = value_fields(form)
    assert [f.max_value for f in fields] == [20, 30, 50, 20, 120]
    assert {(f.kind, f.unit, f.min_value, f.required) for f in fields} == {("number", "分", 0, True)}
    # 合计 is the sum of the four parts, and the 推荐表's 自评估分 has the same ceiling.
    assert sum(f.max_value for f in fields[:4]) == fields[4].max_value
    assert field("2-8", "self_assessment_score").max_value == fields[4].max_value


# ---------------------------------------------------------------------------
# 附件2-9
# ---------------------------------------------------------------------------


def test_2_9_header_and_counts():
    form = load_form("2-9")
    assert (form.id, form.source, form.parent) == ("2-9", "附件2-9", None)
    assert form.title == "衡阳市消费品工业“三品”标杆企业申报书"
    assert [s.title for s in form.sections] == [
        "封面",
        "真实性承诺",
        "企业基本情况",
        "指标",
        "注",
    ]
    assert len(value_fields(form)) == 65
    assert "第8至19项" in form.note


def test_2_9_cover_commitment_basic_info():
    assert section_value_labels("2-9", "cover") == ["申报企业", "申报时间", "推荐单位"]
    assert section_value_labels("2-9", "commitment") == ["年 月 日"]
    signers = {f.label: f.signer for f in all_fields(load_form("2-9")) if f.kind == "signature"}
    assert signers == {
        "（盖章）": "seal",
        "法人代表（签字）": "legal_representative",
        "企业（盖章）": "seal",
    }
    assert section_value_labels("2-9", "basic_info") == [
        "企业名称（全称）", "统一社会信用代码", "法定代表人", "手机号码", "联系人", "手机号码",
        "主导产品名称（中文）", "自主品牌名称", "通讯地址", "所属行业",
    ]  # fmt: skip
    brands = field("2-9", "own_brands")
    assert [c.label for c in brands.columns] == ["自主品牌名称", "注册时间"]
    assert option_labels("2-9", "industry_category") == ["食品", "医药", "轻工", "纺织"]


def test_2_9_indicator_labels():
    assert_golden(section_value_labels("2-9", "indicators"), here=__file__, name="forms/2-9.indicators")


def test_2_9_numbered_items_present_are_exactly_those_in_the_extraction():
    """Items 8-19 are lost from the PDF extraction; every other item 1-35 is encoded once."""
    numbered = [int(m.group(1)) for label in labels(load_form("2-9")) if (m := re.match(r"^(\d+)\.", label))]
    numbered += [
        int(m.group(1)) for f in all_fields(load_form("2-9")) if f.group and (m := re.match(r"^(\d+)\.", f.group))
    ]
    assert sorted(set(numbered)) == [*range(1, 8), *range(20, 36)]
    extracted = notice_lines(926, 985)
    assert not re.search(r"^(8|9|1[0-9])\.", extracted, re.MULTILINE)


def test_2_9_year_tables_and_units():
    for field_id, prefill in (("operating_revenue", "operating_revenue"), ("total_profit", "total_profit"),
                              ("brand_promotion_expense", None)):  # fmt: skip
        table = field("2-9", field_id)
        assert table.years == [2020, 2021, 2022]
        assert [(r.kind, r.unit, r.prefill) for r in table.rows] == [("money", "万元", prefill)]
    assert field("2-9", "employees_2022").unit == "人"
    assert field("2-9", "debt_ratio_2022").unit == "%"
    assert {field("2-9", i).unit for i in ("leading_product_exports_2022", "leading_product_exports_2022_second")} == {
        "万美元"
    }
    assert field("2-9", "standards_led_count").unit == "项"


def test_2_9_checkbox_groups():
    assert option_labels("2-9", "production_standards") == [
        "国际标准（国家标准）", "行业标准", "地方标准", "团队标准", "企业标准",
    ]  # fmt: skip
    assert option_labels("2-9", "overseas_certifications") == [
        "美国保险商试验所认证（UL）", "加拿大标准协会认证（CSA）", "美国电子测试实验室认证（ETL）", "德国安全认证（GS）", "其他",
    ]  # fmt: skip
    assert option_labels("2-9", "management_certifications") == [
        "ISO9000质量管理体系认证", "ISO14000环境管理体系认证", "OHSAS18000职业安全健康管理体系认证", "其他",
    ]  # fmt: skip
    for field_id in ("overseas_certifications", "management_certifications"):
        assert [o.other for o in field("2-9", field_id).options][-1] is True
    for field_id in ("key_field_breakthrough", "supplies_major_enterprise", "major_sci_tech_project",
                     "tech_innovation_project", "blacklist_or_bad_record"):  # fmt: skip
        assert field("2-9", field_id).kind == "boolean"
    assert field("2-9", "supplied_enterprises").max_rows == 3


SAN_PIN_WORKS = [
    "引导消费供给升级情况",
    "提升创意升级水平情况",
    "推动企业技术创新情况",
    "参与工业“六基”攻关情况",
    "开展国际质量体系认证情况",
    "建立溯源营销体系情况",
    "推动智能制造情况",
    "推动绿色发展情况",
    "提升品牌影响情况",
    "延伸产品服务情况",
    "推进诚信体系建设情况",
    "推动企业管理创新情况",
]


def test_2_9_twelve_san_pin_works():
    works = field("2-9", "san_pin_works")
    assert works.kind == "multiple_choice" and works.required
    assert option_labels("2-9", "san_pin_works") == SAN_PIN_WORKS
    # The options are the template's own 12 works, in order, as printed under item 31.
    source = normalise(notice_lines(954, 974))
    for k, label in enumerate(SAN_PIN_WORKS, start=1):
        assert f"（{k}）{label}" in source
    # Item 9's condition 6 counts them out of 12.
    assert "累计开展 6 项以上“三品”专项工作（共 12 项）" in notice_lines(106, 106)


def test_2_9_limits_and_optional_items():
    explanation = field("2-9", "breakthrough_explanation")
    assert explanation.max_chars == 30 and not explanation.required
    work_fields = [f for f in all_fields(load_form("2-9")) if f.id.startswith("work_")]
    assert [f.label[f.label.index("）") + 1 :] for f in work_fields] == SAN_PIN_WORKS
    # "每项工作 200 字以内说明。如某项工作没有开展，可以不填"
    assert {(f.kind, f.max_chars, f.required) for f in work_fields} == {("long_text", 200, False)}
    # "如是，请填写": the follow-up of a 是/否 question is optional.
    for field_id in ("shortfall_product_name", "gap_filled_field", "import_substitution_name",
                     "supplied_enterprises", "major_sci_tech_project_names", "tech_innovation_project_names"):  # fmt: skip
        assert not field("2-9", field_id).required


def test_2_9_notes():
    notes = [f.text for f in all_fields(load_form("2-9")) if f.id.startswith("note_")]
    assert notes == [
        "1.各项证书请提供原件的扫描件或复印件，并加盖公章。",
        "2.医药、食品工业企业须提供所属行业的生产许可证。",
        "3.各类佐证资料依次附在申报书后，电子版与纸质件的内容和顺序完全一致。",
        "4.此表各栏可延伸打印",
    ]
