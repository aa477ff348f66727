"""The city finance section's co-sign button."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:cosign", args=[award_list.pk])


def test_city_finance_cosigns(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    response = client.post(_url(confirmed_list))
    assert response.status_code == 302
    confirmed_list.refresh_from_db()
    assert confirmed_list.status == AwardListStatus.COSIGNED and confirmed_list.finance_cosigned_by == city_finance


def test_cosigning_before_confirmation_is_explained(client, city_finance, draft_list):
    client.force_login(city_finance)
    body = client.post(_url(draft_list), follow=True).content.decode()
    assert services.CONFIRM_BEFORE_COSIGN in body
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT


def test_sme_section_is_forbidden(client, city_sme, confirmed_list):
    client.force_login(city_sme)
    assert client.post(_url(confirmed_list)).status_code == 403


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_finance", "city_section"])
def test_others_get_404(request, client, persona, confirmed_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(confirmed_list)).status_code == 404


def test_wrong_method(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    assert client.get(_url(confirmed_list)).status_code == 405
