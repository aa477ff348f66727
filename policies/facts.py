"""The facts vocabulary: every fact a condition may use, with its meaning, unit, year and source.

The enterprise profile (一企一档) is the facts store. `source` says where a fact can come from:
"declared" (the enterprise says so; at best 需佐证 where a clause needs evidence), an
authoritative register (信用, 市场监管, 税务, award lists), which is a future integration, or the
platform's own records, never asked of the enterprise: "performance_record" (written on the profile by the
绩效评价 and 整改 services) and "funds_record" (by the 调减/撤销 and 追回 services of the funds ledger).
"""

from __future__ import annotations

from policies.fact_types import (  # noqa: F401 - re-exported
    PROFILE_YEARS,
    RECORDED_SOURCES,
    Fact,
    FactSource,
    FactType,
    _facts,
    _yearly,
)

FACTS: dict[str, Fact] = _facts(
    Fact(
        "registered_in_hengyang", "在衡阳市登记注册", "boolean", source="market_register", profile_field="jurisdiction"
    ),
    # Global conditions, notice section 二（一）.
    Fact(
        "is_independent_legal_person",
        "具有独立法人资格",
        "boolean",
        source="market_register",
        profile_field="enterprise_nature",
        description="营业执照登记的主体为独立法人（分公司等非法人分支机构不是）。",
    ),
    Fact(
        "credit_record_normal",
        "企业信用信息正常",
        "boolean",
        source="credit_register",
        profile_field="credit",
        description="“信用湖南”/“信用中国”查询无经营异常、严重违法失信等记录。",
    ),
    Fact(
        "is_dishonest_judgment_debtor",
        "被列入“失信被执行人”",
        "boolean",
        source="credit_register",
        profile_field="credit",
        description="最高人民法院失信被执行人名单中有本企业。",
    ),
    Fact(
        "industry_category",
        "所属行业门类（GB/T 4754-2017）",
        "code",
        source="market_register",
        profile_field="industry_division",
        description="门类代码 A-T，由所属行业大类推出：工业为 B 采矿业、C 制造业（大类 13-43）、D 电力、热力、燃气及水生产和供应业，信息服务业为 I（大类 63-65）。",
    ),
    Fact(
        "industry_division",
        "所属行业大类代码（GB/T 4754-2017）",
        "code",
        source="market_register",
        profile_field="industry_division",
        description="两位大类代码，如 35 专用设备制造业。",
    ),
    Fact(
        "industry_group",
        "所属行业中类代码（GB/T 4754-2017）",
        "code",
        source="market_register",
        profile_field="industry_group",
        description="三位中类代码，如 351 采矿、冶金、建筑专用设备制造。",
    ),
    Fact(
        "industry_class",
        "所属行业小类代码（GB/T 4754-2017）",
        "code",
        source="market_register",
        profile_field="industry_class",
        description="四位小类代码，如 3054 日用玻璃制品制造。只有小类才能区分的行业（如日用玻璃、日用陶瓷属轻工）由它判定。",
    ),
    Fact("is_above_designated_size", "规模以上工业企业", "boolean", profile_field="is_above_designated_size"),
    # Yearly figures of the profile (2022 = 上年度 in the 2023 notice).
    *_yearly("operating_revenue", "营业收入"),
    *_yearly("main_business_revenue", "主营业务收入", description="工业企业的“销售收入”“年销售收入”按主营业务收入计。"),
    *_yearly("rd_expense", "研发投入（研发经费支出）"),
    *_yearly("total_profit", "利润总额", allow_negative=True),
    *_yearly("net_profit", "净利润", allow_negative=True),
    *_yearly("taxes_paid", "上缴税金", source="tax_register"),
    *_yearly("total_assets", "年末总资产"),
    *_yearly("new_product_revenue", "新产品销售收入"),
    # Item 1 and 2: smart manufacturing.
    Fact(
        "smart_manufacturing_investment_2020_2022",
        "近三年（2020-2022年）实施智能制造的投入",
        "number",
        "万元",
        profile_field="smart_manufacturing",
        description="设备费、工业软件费、测试验证和项目咨询费、项目实施人员工资等投入合计（附件1 第1项）。",
    ),
    Fact(
        "smart_manufacturing_links",
        "开展智能制造创新实践的环节数",
        "integer",
        "个",
        profile_field="smart_manufacturing",
        description="对照《智能制造典型场景参考指引》选取的环节数。",
    ),
    Fact(
        "smart_manufacturing_scenarios",
        "开展智能制造创新实践的场景数",
        "integer",
        "个",
        profile_field="smart_manufacturing",
        description="对照《智能制造典型场景参考指引》开展的场景数。",
    ),
    Fact(
        "smart_manufacturing_self_assessed",
        "已通过智能制造数据资源公共服务平台开展智能制造能力成熟度自评估",
        "boolean",
        profile_field="smart_manufacturing",
    ),
    Fact(
        "smart_manufacturing_maturity_level",
        "智能制造能力成熟度等级（GB/T39116-2020）",
        "code",
        profile_field="smart_manufacturing",
        description='自评估达到的等级："1"…"5"（一级…五级）；未达到一级为 "0"。',
        choices=(("0", "未达到一级"), ("1", "一级"), ("2", "二级"), ("3", "三级"), ("4", "四级"), ("5", "五级")),
    ),
    # 附件1 第1项 申报条件5: each 2022 title bars the sub-type it corresponds to ("不得重复申报相应项目").
    Fact(
        "provincial_smart_manufacturing_benchmark_enterprise_2022",
        "2022年已获得省智能制造标杆企业",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "provincial_smart_manufacturing_benchmark_workshop_2022",
        "2022年已获得省智能制造标杆车间",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "hengyang_national_smart_manufacturing_pilot_2022",
        "2022年已获得衡阳市培育国家级智能制造试点示范",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "hengyang_provincial_benchmark_enterprise_2022",
        "2022年已获得衡阳市培育省级智能制造标杆企业",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "hengyang_provincial_benchmark_workshop_2022",
        "2022年已获得衡阳市培育省级智能制造标杆车间",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "smart_workshop_investment_2020_2022",
        "车间近3年（2020-2022年）实施智能制造的总投入",
        "number",
        "万元",
        profile_field="smart_manufacturing",
        description="申报智能制造标杆车间时，该车间自身的投入（附件2-1 “车间近3年实施智能制造的总投入”）。",
    ),
    Fact(
        "has_bank_loan_in_hengyang",
        "获得银行业金融机构在衡营业机构的贷款",
        "boolean",
        profile_field="finance",
        description="商业银行、政策性银行或农商行在衡阳的营业机构发放的贷款（附件1 第2、12项）。",
    ),
    Fact(
        "smart_equipment_investment_2022",
        "2022年生产线、关键工序推广应用智能制造装备投资额",
        "number",
        "万元",
        2022,
        profile_field="smart_manufacturing",
        description="机器人、数控机床、自动化设备、智能制造关键技术装备、软件等投资额（附件1 第2项）。",
    ),
    # Item 3: single champion.
    Fact("product_field_years", "从事申请产品相关领域时间", "number", "年", profile_field="products"),
    Fact("product_is_new", "申请产品属于新产品", "boolean", profile_field="products"),
    Fact(
        "product_national_market_rank_2022",
        "2022年申请产品国内市场占有率排名",
        "integer",
        "位",
        2022,
        profile_field="products",
    ),
    Fact(
        "product_provincial_market_rank_2022",
        "2022年申请产品省内市场占有率排名",
        "integer",
        "位",
        2022,
        profile_field="products",
    ),
    Fact(
        "valid_patents",
        "有效专利数量",
        "integer",
        "个",
        profile_field="ip",
        description="发明、实用新型、外观设计专利合计。",
    ),
    Fact(
        "is_little_giant_enterprise",
        "已入选国家级或省级专精特新“小巨人”企业",
        "boolean",
        source="award_list",
        profile_field="honours",
        description="附件1 第3项 具体方向“支持…专精特新‘小巨人’企业”；附件2-3 问“是否为已入选的国家级或省级专精特新‘小巨人’企业”。",
    ),
    # Item 4: industrial design centre.
    Fact(
        "patents_granted_2020_2022",
        "近三年（2020-2022年）获得国内外授权专利（含版权）数",
        "integer",
        "项",
        profile_field="ip",
    ),
    Fact("design_center_years", "已建成独立的工业设计中心的年限", "number", "年", profile_field="design_center"),
    Fact("design_center_staff", "工业设计中心从业人员数", "integer", "人", profile_field="design_center"),
    Fact(
        "design_center_qualified_staff",
        "工业设计中心具有大学本科以上学历、高级技师、高级专业技术职务的人员数",
        "integer",
        "人",
        profile_field="design_center",
    ),
    # Item 5: technology innovation demonstration.
    Fact("ip_innovation_results", "自主知识产权的技术创新成果数", "integer", "项", profile_field="ip"),
    Fact("valid_invention_patents", "有效发明专利数", "integer", "项", profile_field="ip"),
    Fact("has_own_brand", "拥有自主品牌（自有品牌）", "boolean", profile_field="brands"),
    Fact(
        "has_municipal_rd_platform",
        "拥有市级及以上的研发创新平台",
        "boolean",
        source="award_list",
        profile_field="honours",
        description="市级及以上企业技术中心、工程技术研究中心、重点实验室等。",
    ),
    Fact(
        "new_product_output_ratio_2022",
        "2022年新产品产值率",
        "number",
        "%",
        2022,
        profile_field="products",
        description="新产品产值占工业总产值的比重。",
    ),
    # Item 6: 100 product innovation projects.
    Fact(
        "product_innovation_project_in_construction_2022",
        "省重大产品创新强基项目2022年在建",
        "boolean",
        year=2022,
        profile_field="projects",
    ),
    Fact(
        "product_innovation_project_accepted_2023",
        "省重大产品创新强基项目2023年通过省厅验收",
        "boolean",
        year=2023,
        source="award_list",
        profile_field="projects",
    ),
    Fact(
        "is_provincial_product_innovation_project",
        "项目为省重大产品创新强基项目",
        "boolean",
        source="award_list",
        profile_field="projects",
    ),
    # Item 8: IP application benchmark.
    Fact("valid_ip_count", "有效状态知识产权数量", "integer", "件", profile_field="ip"),
    Fact(
        "ip_product_revenue_2022",
        "2022年知识产权产品或专有技术形成的收入",
        "number",
        "万元",
        2022,
        profile_field="ip",
    ),
    # Item 9: consumer goods "三品".
    Fact("sanpin_works_count", "累计开展“三品”专项工作数（共12项）", "integer", "项", profile_field="sanpin"),
    Fact(
        "is_provincial_sanpin_benchmark",
        "已获评省级消费品工业“三品”标杆企业",
        "boolean",
        source="award_list",
        profile_field="honours",
    ),
    # Item 12: "三化" transformation project.
    Fact("transformation_project_investment", "“三化”改造项目投资额", "number", "万元", profile_field="projects"),
    Fact(
        "transformation_project_completed_2022",
        "“三化”改造项目于2022年12月31日前完工",
        "boolean",
        year=2022,
        profile_field="projects",
        description="附件1 第12项印作“原则上年12月31日前完工”；申报材料只认2022年1月1日至2022年12月31日的投资，按2022年底理解。",
    ),
    # Item 13: mobile internet.
    Fact(
        "main_business_is_mobile_internet", "主营业务属于移动互联网产业范畴", "boolean", profile_field="business_scope"
    ),
    Fact(
        "valid_software_copyrights_or_patents",
        "维持有效状态的计算机软件著作权或专利权数",
        "integer",
        "项",
        profile_field="ip",
    ),
    Fact("mobile_internet_revenue_2022", "2022年移动互联网业务收入", "number", "万元", 2022, profile_field="finance"),
    Fact(
        "is_provincial_mobile_internet_key_enterprise",
        "已获评省级移动互联网重点企业",
        "boolean",
        source="award_list",
        profile_field="honours",
    ),
    # Item 14: honours of 2022.
    Fact(
        "dual_integration_certified_2022",
        "2022年通过两化融合管理体系贯标评定",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "provincial_excellent_industrial_app_2022",
        "2022年获评省级优秀工业APP",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "provincial_digital_infrastructure_project_2022",
        "2022年纳入省级“数字新基建”100个标志性项目",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "provincial_5g_scenario_2022",
        "2022年获评省级5G典型应用场景",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "industrial_internet_security_pilot_2022",
        "2022年纳入工业互联网网络安全分类分级管理试点企业",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    Fact(
        "digital_hunan_top10_scenario_2022",
        "2022年获评数字湖南十大应用场景",
        "boolean",
        year=2022,
        source="award_list",
        profile_field="honours",
    ),
    # 评价结果应用 (通知 五): the platform's own 绩效评价 and 整改, recorded on the profile, never declared.
    Fact(
        "last_performance_grade",
        "最近一次绩效评价等级",
        "code",
        source="performance_record",
        description="本平台最近一个评价年度经市工信局中小企业科确认的绩效评价等级；同一年度评价了多个项目的，"
        "取总分最低的一个。未参加过绩效评价的企业为“未评价”。",
        choices=(("优", "优"), ("良", "良"), ("中", "中"), ("差", "差"), ("未评价", "未参加过绩效评价")),
        unrecorded="未评价",
    ),
    Fact(
        "performance_rectification_open",
        "有未完成的绩效整改",
        "boolean",
        source="performance_record",
        description="因绩效评价为差或虚假申报而启动、尚未完成的整改。没有整改记录的企业为“否”。",
        unrecorded=False,
    ),
    # 调减、撤销与追回 (议题 15): the funds ledger's decisions, recorded on the profile, never declared.
    Fact(
        "fund_recovery_open",
        "有未追回完毕的奖补资金",
        "boolean",
        source="funds_record",
        description="本平台登记的奖补资金追回（调减、撤销或整改后追回）尚未全部缴回。没有追回记录的企业为“否”。",
        unrecorded=False,
    ),
    Fact(
        "false_reporting_finding_year",
        "最近一次被认定虚假申报的年度",
        "integer",
        "年",
        source="funds_record",
        description="市工信局中小企业科以虚假申报为由撤销奖补、经市财政局企业科会签生效的年度（最近一次）。"
        "从未被认定的企业为 0，因此“认定年度低于 2021”这样的条件对其成立。",
        unrecorded=0,
    ),
)

# Facts the platform records itself (never a field of the enterprise's profile form), and by which records.
RECORDED_FACTS_BY_SOURCE: dict[str, frozenset[str]] = {
    source: frozenset(name for name, fact in FACTS.items() if fact.source == source) for source in RECORDED_SOURCES
}
RECORDED_FACTS = frozenset().union(*RECORDED_FACTS_BY_SOURCE.values())
