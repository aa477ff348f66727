"""The objections page: the only place the objector's name and phone appear, and only to the two city sections."""

import pytest
from django.urls import reverse

from awards.tests.helpers import OBJECTOR_ID, OBJECTOR_NAME, OBJECTOR_PHONE, STARTS_ON, objection_in

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:objections", args=[award_list.pk])


@pytest.mark.parametrize("persona", ["city_sme", "city_finance"])
def test_the_city_sees_who_objected(request, client, persona, objection):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(_url(objection.public_notice.award_list)).content.decode()
    assert OBJECTOR_NAME in body and OBJECTOR_PHONE in body and "该企业项目尚未竣工" in body


def test_only_the_sme_section_gets_the_resolve_form(client, city_sme, city_finance, objection):
    url = _url(objection.public_notice.award_list)
    resolve = reverse("awards:objection_resolve", args=[objection.pk])
    client.force_login(city_sme)
    assert resolve in client.get(url).content.decode()
    client.force_login(city_finance)
    assert resolve not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "persona", ["enterprise_admin", "enterprise_user", "county_industry", "county_finance", "city_section", "admin",
                "auditor"],
)  # fmt: skip
def test_others_get_404(request, client, persona, objection):
    # enterprise_admin is the enterprise objected to: it must not learn who objected.
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(objection.public_notice.award_list))
    assert response.status_code == 404 and OBJECTOR_NAME not in response.content.decode()


def test_anonymous_is_sent_to_login(client, objection):
    response = client.get(_url(objection.public_notice.award_list))
    assert response.status_code == 302 and OBJECTOR_NAME not in response.content.decode()


def test_wrong_method(client, city_sme, objection):
    client.force_login(city_sme)
    assert client.post(_url(objection.public_notice.award_list)).status_code == 405


@pytest.mark.parametrize("count", [3, 12])
def test_query_count(client, city_sme, notice, count, django_assert_num_queries):
    entries = list(notice.award_list.entries.all())
    for n in range(count):
        objection_in(notice, day=STARTS_ON, entry=entries[n % len(entries)], id_number=OBJECTOR_ID)
    client.force_login(city_sme)
    url = _url(notice.award_list)
    client.get(url)
    # 1 session, 2 user, 3 roles, 4 the list, 5 objections with entry, enterprise, item and resolver,
    # 6 the notice, 7-9 the read of the objectors' identities audited (the chain head locked, one event for
    # every objection shown, the head moved: core.audit_chain), 10 unread notifications (header; the
    # organisation comes with the user); no session write: a session renewed within the minute is not saved again (core/passive_session.py).
    # The same for 3 objections and for 12.
    with django_assert_num_queries(10):
        body = client.get(url).content.decode()
    assert body.count(OBJECTOR_NAME) == count
