"""Making a list from the index page: the SME section only."""

import pytest
from django.urls import reverse

from awards import services
from awards.forms import PACK_REQUIRED
from awards.models import AwardList

pytestmark = pytest.mark.django_db
URL = reverse("awards:create")


def test_sme_section_creates_a_list(client, city_sme, stored_pack, approved_applications):
    client.force_login(city_sme)
    response = client.post(URL, {"pack": stored_pack.pk})
    award_list = AwardList.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:detail", args=[award_list.pk])
    assert award_list.entries.count() == 3


def test_an_empty_list_is_explained(client, city_sme, stored_pack):
    client.force_login(city_sme)
    body = client.post(URL, {"pack": stored_pack.pk}, follow=True).content.decode()
    assert services.EMPTY_LIST in body and not AwardList.objects.exists()


def test_a_missing_pack_is_explained(client, city_sme):
    client.force_login(city_sme)
    body = client.post(URL, {"pack": ""}, follow=True).content.decode()
    assert PACK_REQUIRED in body and not AwardList.objects.exists()


def test_city_finance_is_forbidden(client, city_finance, stored_pack, approved_applications):
    client.force_login(city_finance)
    assert client.post(URL, {"pack": stored_pack.pk}).status_code == 403
    assert not AwardList.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_user", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, stored_pack, approved_applications):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(URL, {"pack": stored_pack.pk}).status_code == 404
    assert not AwardList.objects.exists()


def test_wrong_method(client, city_sme):
    client.force_login(city_sme)
    assert client.get(URL).status_code == 405
