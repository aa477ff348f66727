"""Factories for organisations and users. Reference bureaus and sections come from the data migration."""

from __future__ import annotations

import factory

from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation, User, UserRole

PASSWORD = "Testpass2023"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"衡阳测试企业{n}有限公司")
    kind = OrganisationKind.ENTERPRISE
    jurisdiction = factory.LazyFunction(lambda: Jurisdiction.objects.get(code="430405"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    mobile = "13912345678"
    organisation = factory.SubFactory(EnterpriseFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.save()
            for role in extracted or []:
                UserRole.objects.create(user=self, role=role)


def bureau(kind: str, code: str) -> Organisation:
    return Organisation.objects.get(kind=kind, jurisdiction__code=code)


def section(code: str) -> Organisation:
    return Organisation.objects.get(section_code=code)


def make_user(role: str, organisation: Organisation, **kwargs) -> User:
    return UserFactory(organisation=organisation, roles=[role], **kwargs)


def persona(name: str) -> User:
    """Named personas shared by tests (see conftest.py)."""
    if not Jurisdiction.objects.exists():
        # A transactional test earlier on this worker flushed the data-migration rows: restore them.
        from accounts.reference import load_reference_data

        load_reference_data(Jurisdiction, Organisation)
    if name == "enterprise_user":
        return make_user(Role.ENTERPRISE_AGENT, EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(code="430405")))
    if name == "enterprise_admin":
        return make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(code="430405")))
    if name == "county_industry":
        return make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau(OrganisationKind.INDUSTRY_BUREAU, "430405"))
    if name == "county_finance":
        return make_user(Role.COUNTY_FINANCE_REVIEWER, bureau(OrganisationKind.FINANCE_BUREAU, "430405"))
    if name == "other_county":
        return make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau(OrganisationKind.INDUSTRY_BUREAU, "430481"))
    if name == "city_section":
        return make_user(Role.CITY_SECTION_REVIEWER, section("equipment_industry"))
    if name == "city_sme":
        return make_user(Role.CITY_SME_COORDINATOR, section("sme"))
    if name == "city_finance":
        return make_user(
            Role.CITY_FINANCE_REVIEWER, Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
        )
    if name == "admin":
        return make_user(
            Role.SYSTEM_ADMIN,
            Organisation.objects.get(kind=OrganisationKind.PLATFORM),
            is_staff=True,
        )
    if name == "security_admin":
        return make_user(Role.SECURITY_ADMIN, Organisation.objects.get(kind=OrganisationKind.PLATFORM), is_staff=True)
    if name == "auditor":
        return make_user(Role.AUDIT_READER, Organisation.objects.get(kind=OrganisationKind.PLATFORM))
    raise ValueError(name)
