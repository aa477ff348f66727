"""Access rules: every role against every jurisdiction. A county never reads another county's data."""

import pytest
from django.http import Http404
from django.urls import reverse

from accounts import permissions
from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation
from accounts.tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise_per_jurisdiction():
    return {j.code: EnterpriseFactory(jurisdiction=j) for j in Jurisdiction.objects.all()}


@pytest.mark.parametrize(
    "role,kind",
    [
        (Role.COUNTY_INDUSTRY_REVIEWER, OrganisationKind.INDUSTRY_BUREAU),
        (Role.COUNTY_FINANCE_REVIEWER, OrganisationKind.FINANCE_BUREAU),
    ],
)
def test_county_reviewers_see_only_their_own_jurisdiction(role, kind, enterprise_per_jurisdiction):
    assert len(enterprise_per_jurisdiction) == 16
    for jurisdiction in Jurisdiction.objects.all():
        reviewer = make_user(role, Organisation.objects.get(kind=kind, jurisdiction=jurisdiction))
        visible = set(permissions.enterprises_visible_to(reviewer))
        assert visible == {enterprise_per_jurisdiction[jurisdiction.code]}
        for code, enterprise in enterprise_per_jurisdiction.items():
            if code == jurisdiction.code:
                assert permissions.get_enterprise_for_user_or_404(reviewer, enterprise.pk) == enterprise
            else:
                with pytest.raises(Http404):
                    permissions.get_enterprise_for_user_or_404(reviewer, enterprise.pk)


def test_enterprise_user_sees_only_itself_even_in_the_same_county(enterprise_user):
    neighbour = EnterpriseFactory(jurisdiction=enterprise_user.organisation.jurisdiction)
    assert list(permissions.enterprises_visible_to(enterprise_user)) == [enterprise_user.organisation]
    with pytest.raises(Http404):
        permissions.get_enterprise_for_user_or_404(enterprise_user, neighbour.pk)


@pytest.mark.parametrize("name", ["city_section", "city_sme", "city_finance"])
def test_city_officials_see_every_jurisdiction(name, request, enterprise_per_jurisdiction):
    user = request.getfixturevalue(name)
    assert set(permissions.enterprises_visible_to(user)) == set(enterprise_per_jurisdiction.values())


@pytest.mark.parametrize("name", ["admin", "auditor"])
def test_platform_roles_hold_no_business_access(name, request, enterprise_per_jurisdiction):
    user = request.getfixturevalue(name)
    assert not permissions.enterprises_visible_to(user).exists()
    assert not permissions.is_county_reviewer(user) and not permissions.is_city_official(user)


def test_inactive_user_is_denied_everything(county_industry, enterprise_per_jurisdiction):
    county_industry.is_active = False
    assert not permissions.enterprises_visible_to(county_industry).exists()
    assert not permissions.is_county_reviewer(county_industry)


def test_user_without_organisation_is_denied(db):
    from accounts.tests.factories import UserFactory

    user = UserFactory(organisation=None, roles=[])
    assert not permissions.enterprises_visible_to(user).exists()
    assert not permissions.can_read_audit_log(user)


def test_only_the_enterprise_admin_of_that_enterprise_manages_members(enterprise_admin, enterprise_user):
    assert permissions.can_manage_enterprise_members(enterprise_admin, enterprise_admin.organisation)
    assert not permissions.can_manage_enterprise_members(enterprise_admin, enterprise_user.organisation)
    assert not permissions.can_manage_enterprise_members(enterprise_user, enterprise_user.organisation)


def test_only_the_auditor_reads_the_audit_log(auditor, admin, county_industry, city_sme, enterprise_user):
    assert permissions.can_read_audit_log(auditor)
    for user in (admin, county_industry, city_sme, enterprise_user):
        assert not permissions.can_read_audit_log(user)


def test_cross_county_url_guess_is_404_for_detail_view(client, county_industry, other_county):
    theirs = EnterpriseFactory(jurisdiction=other_county.organisation.jurisdiction)
    mine = EnterpriseFactory(jurisdiction=county_industry.organisation.jurisdiction)
    client.force_login(county_industry)
    assert client.get(reverse("accounts:enterprise_detail", args=[mine.pk])).status_code == 200
    response = client.get(reverse("accounts:enterprise_detail", args=[theirs.pk]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert theirs.name not in client.get(reverse("accounts:enterprise_list")).content.decode()
