"""The SME section's finalise button, after the period."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus
from awards.tests.helpers import AFTER_PERIOD, ENDS_ON

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:finalise", args=[award_list.pk])


def test_sme_section_finalises_after_the_period(client, city_sme, notice, on_day):
    on_day(AFTER_PERIOD)
    client.force_login(city_sme)
    body = client.get(reverse("awards:detail", args=[notice.award_list.pk])).content.decode()
    assert _url(notice.award_list) in body
    response = client.post(_url(notice.award_list))
    assert response.status_code == 302
    notice.award_list.refresh_from_db()
    assert notice.award_list.status == AwardListStatus.FINAL


def test_during_the_period_it_is_refused_and_explained(client, city_sme, notice, on_day):
    on_day(ENDS_ON)
    client.force_login(city_sme)
    body = client.get(reverse("awards:detail", args=[notice.award_list.pk])).content.decode()
    assert _url(notice.award_list) not in body
    body = client.post(_url(notice.award_list), follow=True).content.decode()
    assert services.PERIOD_NOT_OVER.format(ends=ENDS_ON) in body
    notice.award_list.refresh_from_db()
    assert notice.award_list.status == AwardListStatus.PUBLICISED


def test_city_finance_is_forbidden(client, city_finance, notice, on_day):
    on_day(AFTER_PERIOD)
    client.force_login(city_finance)
    assert client.post(_url(notice.award_list)).status_code == 403


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, notice, on_day):
    on_day(AFTER_PERIOD)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(notice.award_list)).status_code == 404


def test_wrong_method(client, city_sme, notice):
    client.force_login(city_sme)
    assert client.get(_url(notice.award_list)).status_code == 405
