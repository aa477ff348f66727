"""/healthz: the process is up; no database, anonymous, GET or HEAD only."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = "/healthz"


def test_the_probe_has_its_address():
    assert reverse("operations:healthz") == URL


@pytest.mark.django_db
def test_an_anonymous_caller_gets_ok_without_any_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_head_answers_without_a_body(client):
    response = client.head(URL)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_a_signed_in_person_gets_the_same(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(URL).json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_not_allowed(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_405_not_403(client):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL)
    assert response.status_code == 405
