"""Isolation: another county's finance officer can neither pay nor see an award; an enterprise sees only its
own; the city sees all; a section its items. The receiving account is in full for finance roles only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.choices import Role
from accounts.models import Organisation
from accounts.tests.factories import make_user, section
from core.masking import mask_bank_account
from funds import permissions
from funds.models import Disbursement
from funds.tests.ledger import ACCOUNT, OTHER, county_finance_in, pay

pytestmark = pytest.mark.django_db


def test_another_countys_finance_officer_cannot_pay_or_see(issued, county_finance):
    home, other = issued
    stranger = county_finance_in(OTHER)
    with pytest.raises(PermissionDenied, match=permissions.NOT_THE_COUNTY_FINANCE):
        pay(stranger, home, "100.00")
    with pytest.raises(PermissionDenied, match=permissions.NOT_THE_COUNTY_FINANCE):
        pay(county_finance, other, "100.00")
    assert not Disbursement.objects.exists()
    payment = pay(county_finance, home, "100.00")
    with pytest.raises(Http404):
        permissions.get_disbursement_for_user_or_404(stranger, payment.pk)
    with pytest.raises(Http404):
        permissions.get_fund_for_user_or_404(stranger, payment.fund_id)
    assert permissions.get_disbursement_for_user_or_404(county_finance, payment.pk) == payment
    assert list(permissions.funds_visible_to(stranger).values_list("application", flat=True)) == [other.pk]


def test_the_county_industry_bureau_reads_but_cannot_pay(issued, county_industry):
    home, _ = issued
    with pytest.raises(PermissionDenied):
        pay(county_industry, home, "100.00")
    assert list(permissions.funds_visible_to(county_industry).values_list("application", flat=True)) == [home.pk]


def test_an_enterprise_sees_only_its_own(issued, county_finance, enterprise_admin, enterprise_user):
    home, other = issued
    payment = pay(county_finance, home, "100.00")
    assert permissions.get_disbursement_for_user_or_404(enterprise_admin, payment.pk) == payment
    with pytest.raises(Http404):
        permissions.get_disbursement_for_user_or_404(enterprise_user, payment.pk)
    assert not permissions.funds_visible_to(enterprise_user).exists()
    assert not permissions.allocations_visible_to(enterprise_user).exists()
    assert permissions.allocations_visible_to(enterprise_admin).count() == 1
    assert list(permissions.award_entries_visible_to(enterprise_admin).values_list("application", flat=True)) == [
        home.pk
    ]


@pytest.mark.parametrize(("persona", "count"), [("city_finance", 2), ("city_sme", 2), ("admin", 0), ("auditor", 0)])
def test_the_city_sees_every_award_and_platform_roles_none(request, issued, persona, count):
    user = request.getfixturevalue(persona)
    assert permissions.funds_visible_to(user).count() == count
    assert permissions.award_entries_visible_to(user).count() == count


def test_a_section_sees_the_awards_of_its_items(issued):
    own = make_user(Role.CITY_SECTION_REVIEWER, section(issued[0].item.section_code))
    other_code = Organisation.objects.filter(section_code__gt="").exclude(section_code=issued[0].item.section_code)
    stranger = make_user(Role.CITY_SECTION_REVIEWER, other_code.exclude(section_code="sme").first())
    assert permissions.funds_visible_to(own).count() == 2
    assert not permissions.funds_visible_to(stranger).exists()


@pytest.mark.parametrize(
    ("persona", "full"),
    [("county_finance", True), ("city_finance", True), ("enterprise_admin", False), ("county_industry", False),
     ("city_sme", False)],
)  # fmt: skip
def test_the_account_number_is_in_full_for_finance_roles_only(request, issued, county_finance, persona, full):
    payment = pay(county_finance, issued[0], "100.00")
    shown = permissions.account_number_for(request.getfixturevalue(persona), payment)
    assert shown == (ACCOUNT["account_number"] if full else "***************0123")


def test_the_bank_account_mask():
    assert mask_bank_account("6222 0212 3456 7890 123") == "***************0123"
    assert (mask_bank_account(""), mask_bank_account("123")) == ("", "***")
