"""Issue 16 §3: the client's IP address cannot be chosen by the client, and no value of X-Forwarded-For gives a
500. The audit log and django-axes see the same address."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from core.middleware import client_ip
from core.models import AuditEvent

LOGIN = reverse("accounts:login")


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy configured (the default): X-Forwarded-For is the client's own text and is ignored.
        (0, "198.51.100.7", "10.0.0.1", "198.51.100.7"),
        # One proxy (nginx): the address it appended, the rightmost; the client's spoofed leftmost is ignored.
        (1, "127.0.0.1", "10.0.0.1, 203.0.113.9", "203.0.113.9"),
        (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        # Two proxies: the second from the right.
        (2, "10.1.1.1", "1.2.3.4, 203.0.113.9, 10.2.2.2", "203.0.113.9"),
        # Invalid values, or fewer entries than proxies, fall back to REMOTE_ADDR.
        (1, "127.0.0.1", "not-an-ip", "127.0.0.1"),
        (1, "127.0.0.1", "203.0.113.9, not-an-ip", "127.0.0.1"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", " , ", "127.0.0.1"),
        (2, "10.1.1.1", "203.0.113.9", "10.1.1.1"),
        (1, "127.0.0.1", "<script>, 999.1.1.1", "127.0.0.1"),
        # IPv6 is normalised.
        (1, "::1", "2001:DB8:0:0::1", "2001:db8::1"),
        # REMOTE_ADDR itself invalid (a Unix socket without a proxy header): no address rather than junk.
        (0, "", "203.0.113.9", None),
        (0, "not-an-ip", "", None),
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_spoofed_forwarded_for_does_not_reach_the_audit_log(client, settings, county_industry):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(
        LOGIN, {"username": county_industry.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9",
    )  # fmt: skip
    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="login").ip_address == "203.0.113.9"


@pytest.mark.parametrize("header", ["not-an-ip", "1.2.3.4, not-an-ip", "999.999.999.999", "'; DROP TABLE x; --"])
def test_an_invalid_forwarded_for_is_not_a_500_on_an_audited_action(client, settings, county_industry, header):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.post(
        LOGIN, {"username": county_industry.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header,
    )  # fmt: skip
    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="login").ip_address == "127.0.0.1"


def test_axes_records_the_same_address_as_the_audit_log(client, settings, county_industry):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        LOGIN, {"username": county_industry.username, "password": "wrong-Password1"},
        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8, 203.0.113.9",
    )  # fmt: skip
    assert AccessAttempt.objects.get(username=county_industry.username).ip_address == "203.0.113.9"
    assert AuditEvent.objects.get(verb="login_failed").ip_address == "203.0.113.9"
