"""The demo city's people and enterprises: a 工信 and a 财政 reviewer in every county and park, and about 200
enterprises across all 16 jurisdictions, registered, confirmed by their county (a few still waiting) and
profiled through the real services, with yearly figures on both sides of the items' thresholds."""

from __future__ import annotations

import random
from dataclasses import dataclass

from accounts import services as account_services
from accounts.choices import OrganisationKind, Role
from accounts.demo import DEMO_PASSWORD
from accounts.models import Jurisdiction, Organisation, User
from core.validators import compose_uscc
from demo.names import TITLES, enterprise_name, mobile, person_name
from enterprises import services
from enterprises.demo import DEMO_ENTERPRISES, PROFILE_FIGURES
from enterprises.models import EnterpriseProfile

CITY_ENTERPRISES = 200  # with the three demo enterprises
USERNAME = "qiye{:03d}"  # the city's enterprise administrators: qiye001 …
PENDING_EVERY = 17  # one enterprise in 17 is still waiting for its county's confirmation
CHAMPION_EVERY = 6  # one in 6 has the figures of a 单项冠军 candidate (item 3)
CONSUMER_DIVISIONS = {"14", "17", "27"}


@dataclass(frozen=True)
class CountyOfficials:
    industry: User
    finance: User


def _short_place(jurisdiction: Jurisdiction) -> str:
    """衡南县 -> 衡南, 耒阳市 -> 耒阳; the city's districts and parks take the city's name."""
    if jurisdiction.code.startswith("P") or jurisdiction.name.endswith("区"):
        return "衡阳"
    return jurisdiction.name[:-1]


def _division(jurisdiction: Jurisdiction) -> str:
    """The 行政区划代码 of the code: a park's enterprises are registered in the city (430400)."""
    return "430400" if jurisdiction.code.startswith("P") else jurisdiction.code


def county_officials_load() -> dict[int, CountyOfficials]:
    """The reviewers of each jurisdiction: the printed demo logins where there are some, otherwise one per
    department (county<code>_gx / _cz, not printed, same password) so that every county can act."""
    officials = {}
    for jurisdiction in Jurisdiction.objects.order_by("pk"):
        people = []
        for kind, role, suffix, label in (
            (OrganisationKind.INDUSTRY_BUREAU, Role.COUNTY_INDUSTRY_REVIEWER, "gx", "工信审核员"),
            (OrganisationKind.FINANCE_BUREAU, Role.COUNTY_FINANCE_REVIEWER, "cz", "财政审核员"),
        ):
            organisation = Organisation.objects.get(kind=kind, jurisdiction=jurisdiction)
            user = (
                User.objects.filter(organisation=organisation, roles__role=role, is_active=True).order_by("pk").first()
            )
            if user is None:
                user = account_services.user_create(
                    actor=None, username=f"county{jurisdiction.code.lower()}_{suffix}",
                    full_name=f"{jurisdiction.name}{label}", organisation=organisation, roles=[role],
                    password=DEMO_PASSWORD,
                )  # fmt: skip
            people.append(user)
        officials[jurisdiction.pk] = CountyOfficials(*people)
    return officials


def profile_figures(rng: random.Random, division: str, group: str, *, champion: bool = False) -> dict:
    """Yearly figures and facts around the thresholds of items 2, 9, 11, 12 and 13: some enterprises meet
    them, some do not, and some leave a fact blank (the engine then asks for evidence: 需佐证)."""
    revenue = rng.randint(2000, 60000)
    growth = [1 + rng.randint(-5, 25) / 100 for _ in range(2)]
    revenues = [revenue, round(revenue * growth[0]), round(revenue * growth[0] * growth[1])]
    figures = {
        **PROFILE_FIGURES,
        "founding_date": f"{rng.randint(1995, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "industry_division": division,
        "industry_group": group,
        "employees_total": rng.randint(40, 1200),
        "legal_representative_title": "董事长",
        "contact_title": rng.choice(TITLES),
        "is_above_designated_size": rng.random() < 0.9,
        "has_bank_loan_in_hengyang": rng.random() < 0.8,
        "smart_equipment_investment_2022": str(rng.randint(120, 900)),
        "smart_manufacturing_self_assessed": rng.random() < 0.85,
        "smart_manufacturing_maturity_level": rng.choice(["1", "2", "2", "3"]),
        "transformation_project_investment": str(rng.randint(150, 1500)),
        "transformation_project_completed_2022": rng.random() < 0.8,
        "has_own_brand": rng.random() < 0.7,
        "main_business_is_mobile_internet": division == "65",
        "valid_patents": rng.randint(0, 30),
    }
    for year, value in zip((2020, 2021, 2022), revenues, strict=True):
        figures[f"operating_revenue_{year}"] = str(value)
        figures[f"main_business_revenue_{year}"] = str(round(value * 0.95))
        figures[f"total_profit_{year}"] = str(round(value * rng.randint(2, 9) / 100))
    if champion:  # research intensity, patents and market rank of item 3 (单项冠军)
        figures.update(
            rd_expense_2022=str(round(revenues[2] * rng.randint(4, 8) / 100)), valid_patents=rng.randint(10, 40),
            product_field_years=rng.randint(8, 25), product_national_market_rank_2022=rng.randint(1, 5),
            is_little_giant_enterprise=True,
        )  # fmt: skip
    # About one in five leaves the facts of items 2 and 12 blank: 需佐证 rather than a verdict.
    if rng.random() < 0.2:
        for key in ("smart_equipment_investment_2022", "smart_manufacturing_self_assessed",
                    "transformation_project_investment", "has_bank_loan_in_hengyang"):  # fmt: skip
            figures[key] = None
    return figures


def city_enterprises_load(rng: random.Random, officials: dict[int, CountyOfficials]) -> list[EnterpriseProfile]:
    """Register, confirm and profile the city's enterprises, spread over the jurisdictions in turn.
    Returns the confirmed profiles, in the order made."""
    jurisdictions = list(Jurisdiction.objects.order_by("pk"))
    count = CITY_ENTERPRISES - len(DEMO_ENTERPRISES)
    used: set[str] = set()
    confirmed = []
    for n in range(1, count + 1):
        jurisdiction = jurisdictions[(n - 1) % len(jurisdictions)]
        name, division, group = enterprise_name(rng, _short_place(jurisdiction), used)
        contact = person_name(rng)
        profile = services.enterprise_register(
            name=name, uscc=compose_uscc(division=_division(jurisdiction), organisation_body=f"MA4C{n:04d}"),
            jurisdiction=jurisdiction, legal_representative_name=person_name(rng), contact_name=contact,
            contact_mobile=mobile(n), username=USERNAME.format(n), password=DEMO_PASSWORD,
        )  # fmt: skip
        figures = profile_figures(rng, division, group, champion=n % CHAMPION_EVERY == 0)
        if n % PENDING_EVERY == 0:  # registered, profile filled, waiting for the county
            owner = profile.organisation.members.get()
            services.profile_update(actor=owner, profile=profile, changes=figures, expected_version=profile.version)
            continue
        profile = services.enterprise_confirm(actor=officials[jurisdiction.pk].industry, profile=profile)
        owner = profile.organisation.members.get()
        profile = services.profile_update(
            actor=owner, profile=profile, changes=figures, expected_version=profile.version
        )
        confirmed.append(profile)
    return confirmed
