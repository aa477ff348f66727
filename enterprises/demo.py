"""Demo enterprises for `make run`: registered, confirmed by their county and profiled through the
real services. Their figures are invented and labelled as such in the names."""

from __future__ import annotations

from accounts.models import Jurisdiction, Organisation, User
from core.validators import compose_uscc
from enterprises import services
from enterprises.models import EnterpriseProfile

# username, contact, title, mobile, jurisdiction code, enterprise, legal representative, industry (大类, 中类)
DEMO_ENTERPRISES = [
    (
        "ent_zhuhui",
        "王晓明",
        "办公室主任",
        "13807340001",
        "430405",
        "衡阳珠晖示范智能装备有限公司",
        "陈建国",
        "35",
        "351",
    ),
    ("ent_hengyangxian", "李芳", "财务经理", "13807340002", "430421", "衡阳县示范食品有限公司", "刘德华", "14", "149"),
    ("ent_leiyang", "张伟", "综合部部长", "13807340003", "430481", "耒阳市示范新材料有限公司", "黄志强", "30", "301"),
]

PROFILE_FIGURES = {
    "founding_date": "2012-05-18",
    "enterprise_nature": {"value": "private", "other": ""},
    "address": "衡阳市演示路 1 号",
    "is_above_designated_size": True,
    "is_independent_legal_person": True,
    "credit_record_normal": True,
    "is_dishonest_judgment_debtor": False,
    "employees_total": 320,
    "operating_revenue_2020": "18000", "operating_revenue_2021": "21000", "operating_revenue_2022": "25000",
    "main_business_revenue_2020": "17500", "main_business_revenue_2021": "20500", "main_business_revenue_2022": "24000",
    "total_assets_2020": "30000", "total_assets_2021": "34000", "total_assets_2022": "40000",
    "taxes_paid_2020": "700", "taxes_paid_2021": "800", "taxes_paid_2022": "900",
    "total_profit_2020": "900", "total_profit_2021": "1200", "total_profit_2022": "1500",
    "net_profit_2020": "700", "net_profit_2021": "950", "net_profit_2022": "1100",
    "rd_expense_2022": "600",
    # Item 2 (智能制造装备贴息): invented figures that meet its computable conditions.
    "has_bank_loan_in_hengyang": True,
    "smart_equipment_investment_2022": "420",
    "smart_manufacturing_self_assessed": True,
    "smart_manufacturing_maturity_level": "2",
    "valid_patents": 8,
}  # fmt: skip


def demo_enterprises_load(password: str) -> list[User]:
    users = []
    for username, contact, title, mobile, code, name, legal, division, group in DEMO_ENTERPRISES:
        user = User.objects.filter(username=username).first()
        if user is None:
            jurisdiction = Jurisdiction.objects.get(code=code)
            profile = services.enterprise_register(
                name=name, uscc=compose_uscc(division=code, organisation_body=f"MA4D{code[-4:]}"), jurisdiction=jurisdiction,
                legal_representative_name=legal, contact_name=contact, contact_mobile=mobile,
                username=username, password=password,
            )  # fmt: skip
            user = User.objects.get(username=username)
            reviewer = User.objects.filter(
                organisation=Organisation.objects.get(kind="industry_bureau", jurisdiction=jurisdiction),
                roles__role="county_industry_reviewer",
            ).first()
            if reviewer is not None:
                services.enterprise_confirm(actor=reviewer, profile=profile)
            services.profile_update(
                actor=user, profile=profile, expected_version=profile.version,
                changes={**PROFILE_FIGURES, "industry_division": division, "industry_group": group,
                         "legal_representative_title": "董事长", "contact_title": title},
            )  # fmt: skip
        users.append(user)
    return users


def demo_profiles() -> list[EnterpriseProfile]:
    return list(EnterpriseProfile.objects.filter(organisation__members__username__in=[e[0] for e in DEMO_ENTERPRISES]))
