"""accounts.backends.UserBackend (issue 17 §5): the signed-in user of every request is read with its organisation
and the organisation's jurisdiction in one query; an inactive account is still nobody."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.backends import UserBackend
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_its_organisation_and_jurisdiction_in_one_query(county_industry, django_assert_num_queries):
    expected = county_industry.organisation.jurisdiction.name
    with django_assert_num_queries(1):
        user = UserBackend().get_user(county_industry.pk)
        assert user.organisation.jurisdiction.name == expected


def test_a_user_without_an_organisation_is_read_too(county_industry):
    type(county_industry).objects.filter(pk=county_industry.pk).update(organisation=None)
    assert UserBackend().get_user(county_industry.pk).organisation is None


def test_an_inactive_or_missing_account_is_nobody(county_industry):
    type(county_industry).objects.filter(pk=county_industry.pk).update(is_active=False)
    assert UserBackend().get_user(county_industry.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_login_stores_this_backend_and_the_next_request_reads_no_organisation_or_jurisdiction_row(
    enterprise_user,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": enterprise_user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.UserBackend"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("applications:mine")).status_code == 200
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in captured.captured_queries if " FROM " in q["sql"]]
    assert '"accounts_organisation"' not in tables and '"accounts_jurisdiction"' not in tables
