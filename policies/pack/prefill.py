"""Profile keys a form field may name in `prefill` (the enterprise profile, 一企一档, supplies them).

Yearly figures are named `<metric>_<year>`, by calendar year. In a year_table, a row's prefill names the
metric only and each year column is pre-filled from `<metric>_<year>`. Which years a pack's forms may name is
its notice's profile years (policies.vocabulary.profile_years: Y-3..Y-1).
"""

from __future__ import annotations

PROFILE_KEYS: dict[str, str] = {
    "enterprise_name": "企业名称",
    "uscc": "统一社会信用代码",
    "organization_code": "组织机构代码",
    "business_license_number": "营业执照注册号",
    "founding_date": "成立时间",
    "enterprise_nature": "企业性质",
    "ownership_type": "所有制性质",
    "industry_division": "所属行业（大类）",
    "industry_group": "所属行业（中类）",
    "industry_class": "所属行业（小类）",
    "jurisdiction_name": "所属县市区/园区",
    "tax_jurisdiction": "纳税属地",
    "address": "单位地址",
    "postal_code": "邮编",
    "registered_capital": "注册资本（万元）",
    "paid_in_capital": "实缴资本（万元）",
    "business_scope": "经营范围",
    "main_products": "主要产品/服务",
    "profile_summary": "企业简介",
    "legal_representative_name": "法定代表人姓名",
    "legal_representative_title": "法定代表人职务",
    "legal_representative_mobile": "法定代表人手机",
    "legal_representative_phone": "法定代表人电话",
    "legal_representative_email": "法定代表人电子邮箱",
    "legal_representative_id_number": "法定代表人身份证号",
    "contact_name": "联系人姓名",
    "contact_title": "联系人职务",
    "contact_mobile": "联系人手机",
    "contact_phone": "联系人电话",
    "contact_email": "联系人电子邮箱",
    "fax": "传真",
    "employees_total": "从业人数",
    "employees_bachelor_or_above": "大学本科以上人数",
    "employees_college_or_above": "大专以上人数",
    "employees_mid_title_or_above": "中级职称以上人数",
    "rd_staff": "研发人员数",
    "is_high_tech_enterprise": "是否国家高新技术企业",
    "is_software_enterprise": "是否认定软件企业",
    "is_above_designated_size": "是否规模以上企业",
    "bank_credit_rating": "银行信用等级",
}

YEARLY_METRICS: dict[str, str] = {
    "total_assets": "总资产（万元）",
    "total_liabilities": "负债总额（万元）",
    "debt_ratio": "资产负债率（%）",
    "operating_revenue": "营业收入（万元）",
    "main_business_revenue": "主营业务收入（万元）",
    "taxes_paid": "上缴税金（万元）",
    "total_profit": "利润总额（万元）",
    "net_profit": "净利润（万元）",
    "rd_expense": "研发投入（万元）",
    "new_product_revenue": "新产品销售收入（万元）",
    "export_earnings": "出口创汇总额（万美元）",
    "employees": "职工人数（人）",
    "social_insurance_paid": "社保缴费总额（万元）",
}


def prefill_keys(years: tuple[int, ...]) -> frozenset[str]:
    """Every key a field may pre-fill from, for a notice whose profile years are `years`."""
    return frozenset(PROFILE_KEYS) | frozenset(f"{metric}_{year}" for metric in YEARLY_METRICS for year in years)
