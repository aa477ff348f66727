"""Reference organisations every installation starts with. After the first load they are data,
edited in the admin: the city confirms the park list each year (shared/reference/README.md).
"""

# GB/T 2260 county-level divisions of 衡阳市.
COUNTIES = [
    ("430405", "珠晖区"),
    ("430406", "雁峰区"),
    ("430407", "石鼓区"),
    ("430408", "蒸湘区"),
    ("430412", "南岳区"),
    ("430421", "衡阳县"),
    ("430422", "衡南县"),
    ("430423", "衡山县"),
    ("430424", "衡东县"),
    ("430426", "祁东县"),
    ("430481", "耒阳市"),
    ("430482", "常宁市"),
]

# 市直园区: parks the city administers; they apply like a county. No GB/T 2260 code, so "P" codes.
CITY_PARKS = [
    ("P01", "衡阳高新技术产业开发区"),
    ("P02", "衡阳松木经济开发区"),
    ("P03", "衡阳白沙洲工业园区"),
    ("P04", "衡阳综合保税区"),
]

# The city 工信局 sections named in 附件1 (codes match the policy pack's contact.section).
CITY_SECTIONS = [
    ("equipment_industry", "装备工业科"),
    ("policy_regulation", "政策法规科"),
    ("technology", "科技科"),
    ("consumer_goods", "消费品工业科"),
    ("energy_conservation", "节能与综合利用科"),
    ("sme", "中小企业科"),
    ("informatization_ai", "信息化与人工智能科"),
]

CITY_FINANCE_SECTION = "衡阳市财政局企业科"
PLATFORM_ORGANISATION = "衡阳市工信领域奖补资金申报平台运维"


def bureau_names(jurisdiction_name: str, is_park: bool) -> tuple[str, str]:
    if is_park:
        return f"{jurisdiction_name}产业发展局", f"{jurisdiction_name}财政局"
    return f"{jurisdiction_name}工业和信息化局", f"{jurisdiction_name}财政局"


def load_reference_data(Jurisdiction, Organisation) -> None:
    """Create what is missing; never overwrite edits. Works with real or historical models."""
    for order, (code, name) in enumerate(COUNTIES + CITY_PARKS, start=1):
        is_park = code.startswith("P")
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "city_park" if is_park else "county", "sort_order": order}
        )
        industry, finance = bureau_names(name, is_park)
        Organisation.objects.get_or_create(
            kind="industry_bureau", jurisdiction=jurisdiction, defaults={"name": industry}
        )
        Organisation.objects.get_or_create(kind="finance_bureau", jurisdiction=jurisdiction, defaults={"name": finance})
    for code, name in CITY_SECTIONS:
        Organisation.objects.get_or_create(
            section_code=code, defaults={"name": f"衡阳市工业和信息化局{name}", "kind": "city_section"}
        )
    Organisation.objects.get_or_create(kind="city_finance_section", defaults={"name": CITY_FINANCE_SECTION})
    Organisation.objects.get_or_create(kind="platform", defaults={"name": PLATFORM_ORGANISATION})
