"""Role rules: a role fits its organisation kind; system and audit administrators stay separate (等保)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, UserRole
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_must_match_organisation_kind(enterprise_user):
    with pytest.raises(ValidationError) as excinfo:
        UserRole(user=enterprise_user, role=Role.COUNTY_INDUSTRY_REVIEWER).full_clean()
    assert "与用户所属单位的类型不符" in str(excinfo.value)


def test_system_admin_cannot_also_be_auditor(admin):
    with pytest.raises(ValidationError) as excinfo:
        UserRole(user=admin, role=Role.AUDIT_READER).full_clean()
    assert "不同人员担任" in str(excinfo.value)


def test_auditor_cannot_hold_a_second_role(db):
    platform = Organisation.objects.get(kind=OrganisationKind.PLATFORM)
    user = UserFactory(organisation=platform, roles=[Role.AUDIT_READER])
    with pytest.raises(ValidationError):
        UserRole(user=user, role=Role.SYSTEM_ADMIN).full_clean()


def test_reference_data_has_every_jurisdiction_and_bureau(db):
    from accounts.models import Jurisdiction
    from accounts.reference import CITY_SECTIONS

    codes = set(Jurisdiction.objects.values_list("code", flat=True))
    assert {"430405", "430406", "430407", "430408", "430412", "430421", "430422", "430423", "430424", "430426",
            "430481", "430482"} <= codes  # fmt: skip
    assert Jurisdiction.objects.filter(kind="city_park").count() == 4
    for jurisdiction in Jurisdiction.objects.all():
        assert (
            Organisation.objects.filter(kind=OrganisationKind.INDUSTRY_BUREAU, jurisdiction=jurisdiction).count() == 1
        )
        assert Organisation.objects.filter(kind=OrganisationKind.FINANCE_BUREAU, jurisdiction=jurisdiction).count() == 1
    assert set(Organisation.objects.filter(kind="city_section").values_list("section_code", flat=True)) == {
        code for code, _ in CITY_SECTIONS
    }
