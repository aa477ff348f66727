"""The enterprises list and detail pages for officials: scoping, masking, methods."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:enterprise_list")


def test_county_list_shows_own_jurisdiction_only(client, county_industry, other_county):
    mine = EnterpriseFactory(jurisdiction=county_industry.organisation.jurisdiction, name="本县企业甲")
    EnterpriseFactory(jurisdiction=other_county.organisation.jurisdiction, name="外县企业乙")
    client.force_login(county_industry)
    body = client.get(LIST).content.decode()
    assert mine.name in body and "外县企业乙" not in body


def test_list_query_count_is_fixed(client, county_industry, django_assert_num_queries):
    for _ in range(5):
        EnterpriseFactory(jurisdiction=county_industry.organisation.jurisdiction)
    client.force_login(county_industry)
    client.get(LIST)
    # session, user with its organisation and jurisdiction (accounts.backends.UserBackend), roles (navigation),
    # unread notifications (header), count, one page of enterprises joined with jurisdictions (the session,
    # renewed at most once a minute, is not written again: core/passive_session.py).
    with django_assert_num_queries(6):
        client.get(LIST)
    for _ in range(40):
        EnterpriseFactory(jurisdiction=county_industry.organisation.jurisdiction)
    with django_assert_num_queries(6):
        client.get(LIST)


def test_enterprise_user_cannot_open_the_list(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(LIST).status_code == 404


def test_detail_masks_mobile_numbers(client, county_industry):
    enterprise = EnterpriseFactory(jurisdiction=county_industry.organisation.jurisdiction)
    make_user(Role.ENTERPRISE_AGENT, enterprise, mobile="13912345678")
    client.force_login(county_industry)
    body = client.get(reverse("accounts:enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "139****5678" in body and "13912345678" not in body


def test_wrong_method(client, county_industry):
    client.force_login(county_industry)
    assert client.post(LIST).status_code == 405
