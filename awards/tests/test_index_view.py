"""The city's award list index: the two city sections only; the SME section may start a list."""

import pytest
from django.urls import reverse

from awards import services
from awards.tests.helpers import approved_many

pytestmark = pytest.mark.django_db
URL = reverse("awards:index")


def test_sme_section_sees_lists_and_the_create_form(client, city_sme, draft_list):
    client.force_login(city_sme)
    body = client.get(URL).content.decode()
    assert "奖补名单 #" in body and "100.00" in body and "待确认" in body
    assert "生成奖补名单" in body and reverse("awards:create") in body


def test_city_finance_sees_lists_but_cannot_create(client, city_finance, draft_list):
    client.force_login(city_finance)
    body = client.get(URL).content.decode()
    assert "奖补名单 #" in body and reverse("awards:create") not in body


@pytest.mark.parametrize("persona", ["enterprise_user", "county_industry", "city_section", "admin", "auditor"])
def test_others_get_404(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_wrong_method(client, city_sme):
    client.force_login(city_sme)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("lists", [1, 6])
def test_query_count(client, city_sme, stored_pack, lists, django_assert_num_queries):
    for _ in range(lists):
        approved_many(stored_pack, 2)
        services.award_list_create(actor=city_sme, pack=stored_pack)
    client.force_login(city_sme)
    client.get(URL)
    # 1 session, 2 user (with its organisation, for the header), 3 roles, 4 packs with candidate counts,
    # 5 unread notifications (header), 6 packs for the create form, 7 lists with totals; no session write: a session renewed within the minute is not saved again (core/passive_session.py).
    # The same for one list and for six.
    with django_assert_num_queries(7):
        body = client.get(URL).content.decode()
    assert body.count('href="/awards/') >= lists
