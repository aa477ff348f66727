"""Issue 16 §4: the eligibility API, open to anyone, is limited per address and per signed-in account."""

import json

import pytest
from django.urls import reverse

from core.ratelimit import RATE_LIMITED_API

pytestmark = pytest.mark.django_db
URL = reverse("eligibility:api_evaluate")


def _post(client, ip):
    return client.post(URL, data=json.dumps({"facts": {}}), content_type="application/json", REMOTE_ADDR=ip)


def test_the_api_refuses_a_burst_from_one_address_in_chinese(client, settings, stored_pack):
    settings.RATE_LIMITS = {"eligibility_api": {"ip": "3/m"}}
    statuses = [_post(client, "198.51.100.5").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = _post(client, "198.51.100.5")
    assert refused["Content-Type"] == "application/json" and int(refused["Retry-After"]) > 0
    message = refused.json()["errors"][0]["message"]
    assert message.startswith(RATE_LIMITED_API.split("{")[0]) and "后再试" in message
    assert _post(client, "198.51.100.6").status_code == 200  # another address is counted apart


def test_a_signed_in_account_is_limited_from_any_address(client, settings, stored_pack, enterprise_admin):
    settings.RATE_LIMITS = {"eligibility_api": {"ip": "100/m", "account": "2/m"}}
    client.force_login(enterprise_admin)
    assert [_post(client, f"203.0.113.{n}").status_code for n in range(3)] == [200, 200, 429]


def test_the_default_limit_holds(client, stored_pack):
    # RATE_LIMITS["eligibility_api"]["ip"]: 60 a minute (no page calls the API; it is for other systems).
    statuses = [_post(client, "198.51.100.7").status_code for _ in range(61)]
    assert statuses.count(200) == 60 and statuses[-1] == 429
