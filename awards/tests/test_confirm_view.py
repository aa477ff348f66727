"""The SME section's confirm button."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:confirm", args=[award_list.pk])


def test_sme_section_confirms(client, city_sme, draft_list):
    client.force_login(city_sme)
    response = client.post(_url(draft_list))
    assert response.status_code == 302 and response["Location"] == reverse("awards:detail", args=[draft_list.pk])
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.CONFIRMED and draft_list.sme_confirmed_by == city_sme


def test_a_refusal_is_explained(client, city_sme, confirmed_list):
    client.force_login(city_sme)
    body = client.post(_url(confirmed_list), follow=True).content.decode()
    assert services.WRONG_STATUS.format(status="中小企业科已确认", action="确认") in body


def test_city_finance_is_forbidden(client, city_finance, draft_list):
    client.force_login(city_finance)
    assert client.post(_url(draft_list)).status_code == 403
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, draft_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(draft_list)).status_code == 404


def test_wrong_method(client, city_sme, draft_list):
    client.force_login(city_sme)
    assert client.get(_url(draft_list)).status_code == 405
