"""Deciding an objection on the objections page: the SME section only."""

import re

import pytest
from django.urls import reverse

from awards import services
from awards.choices import ObjectionStatus

pytestmark = pytest.mark.django_db


def _url(objection):
    return reverse("awards:objection_resolve", args=[objection.pk])


def _data(objection, decision="upheld", resolution="经核实，项目未竣工。"):
    return {f"o{objection.pk}-decision": decision, f"o{objection.pk}-resolution": resolution}


def test_sme_section_resolves(client, city_sme, objection):
    client.force_login(city_sme)
    response = client.post(_url(objection), _data(objection))
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD and objection.resolution == "经核实，项目未竣工。"


def test_a_missing_resolution_is_shown_next_to_the_field(client, city_sme, objection):
    client.force_login(city_sme)
    response = client.post(_url(objection), _data(objection, decision="dismissed", resolution=""))
    body = response.content.decode()
    assert response.status_code == 200 and services.RESOLUTION_REQUIRED in body
    assert re.search(r'<input type="radio"[^>]*value="dismissed"[^>]*checked', body)  # the choice is kept
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


def test_city_finance_is_forbidden(client, city_finance, objection):
    client.force_login(city_finance)
    assert client.post(_url(objection), _data(objection)).status_code == 403
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, objection):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(objection), _data(objection)).status_code == 404


def test_wrong_method(client, city_sme, objection):
    client.force_login(city_sme)
    assert client.get(_url(objection)).status_code == 405
