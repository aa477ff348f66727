"""Demo officials for `make run` (demo.seed puts the whole demo together). Created only under the development settings; idempotent."""

from __future__ import annotations

from accounts import services
from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation, User

DEMO_PASSWORD = "Hydemo2023"

DEMO_COUNTIES = [("430405", "zhuhui"), ("430421", "hengyangxian"), ("430481", "leiyang")]
DEMO_SECTION_USERS = [
    ("city_equipment", "equipment_industry", "装备工业科审核员"),
    ("city_policy", "policy_regulation", "政策法规科审核员"),
    ("city_tech", "technology", "科技科审核员"),
    ("city_consumer", "consumer_goods", "消费品工业科审核员"),
    ("city_energy", "energy_conservation", "节能与综合利用科审核员"),
    ("city_sme", "sme", "中小企业科审核员"),
    ("city_info", "informatization_ai", "信息化与人工智能科审核员"),
]


def _ensure_user(username: str, **kwargs) -> tuple[User, bool]:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing, False
    return services.user_create(actor=None, username=username, password=DEMO_PASSWORD, **kwargs), True


def demo_login_row(user: User, roles: list[str]) -> dict:
    """One line of the printed demo logins."""
    return {
        "username": user.username,
        "name": user.full_name,
        "organisation": str(user.organisation),
        "roles": "、".join(Role(r).label for r in roles),
    }


def demo_officials_load() -> list[dict]:
    """Create the demo officials that are missing. Returns one row per demo login."""
    rows: list[dict] = []

    def add(user: User, roles: list[str]) -> None:
        rows.append(demo_login_row(user, roles))

    for code, slug in DEMO_COUNTIES:
        jurisdiction = Jurisdiction.objects.get(code=code)
        for kind, role, suffix, label in (
            (OrganisationKind.INDUSTRY_BUREAU, Role.COUNTY_INDUSTRY_REVIEWER, "gx", "工信审核员"),
            (OrganisationKind.FINANCE_BUREAU, Role.COUNTY_FINANCE_REVIEWER, "cz", "财政审核员"),
        ):
            organisation = Organisation.objects.get(kind=kind, jurisdiction=jurisdiction)
            user, _ = _ensure_user(
                f"{slug}_{suffix}", full_name=f"{jurisdiction.name}{label}", organisation=organisation, roles=[role]
            )
            add(user, [role])
    for username, section_code, name in DEMO_SECTION_USERS:
        organisation = Organisation.objects.get(section_code=section_code)
        user, _ = _ensure_user(username, full_name=name, organisation=organisation, roles=[Role.CITY_SECTION_REVIEWER])
        add(user, [Role.CITY_SECTION_REVIEWER])
    sme = Organisation.objects.get(section_code="sme")
    user, _ = _ensure_user(
        "city_sme_summary", full_name="中小企业科汇总员", organisation=sme, roles=[Role.CITY_SME_COORDINATOR]
    )
    add(user, [Role.CITY_SME_COORDINATOR])
    # A second 中小企业科 coordinator: a pack draft on the 政策配置 workbench is approved by someone other than its preparer.
    user, _ = _ensure_user(
        "city_sme_approver", full_name="中小企业科审批员", organisation=sme, roles=[Role.CITY_SME_COORDINATOR]
    )
    add(user, [Role.CITY_SME_COORDINATOR])
    city_finance = Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
    user, _ = _ensure_user(
        "city_finance", full_name="财政局企业科审核员", organisation=city_finance, roles=[Role.CITY_FINANCE_REVIEWER]
    )
    add(user, [Role.CITY_FINANCE_REVIEWER])
    platform = Organisation.objects.get(kind=OrganisationKind.PLATFORM)
    # 三员分立: three people, none a superuser; the admin site opens to the first two by their roles.
    user, _ = _ensure_user("sysadmin", full_name="系统管理员", organisation=platform, roles=[Role.SYSTEM_ADMIN])
    add(user, [Role.SYSTEM_ADMIN])
    user, _ = _ensure_user("secadmin", full_name="安全管理员", organisation=platform, roles=[Role.SECURITY_ADMIN])
    add(user, [Role.SECURITY_ADMIN])
    user, _ = _ensure_user("auditor", full_name="安全审计员", organisation=platform, roles=[Role.AUDIT_READER])
    add(user, [Role.AUDIT_READER])

    return rows
