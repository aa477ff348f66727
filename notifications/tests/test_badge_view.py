"""The unread badge: the htmx partial alone, and the same link in the header of every page."""

import pytest
from django.urls import reverse

from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db
URL = reverse("notifications:badge")


def test_returns_only_the_badge_partial(client, county_industry, enterprise_user):
    NotificationFactory.create_batch(2, recipient=county_industry)
    NotificationFactory(recipient=county_industry, read=True)
    NotificationFactory(recipient=enterprise_user)
    client.force_login(county_industry)
    response = client.get(URL, headers={"HX-Request": "true"})
    body = response.content.decode().strip()
    assert response.status_code == 200
    assert body.startswith('<a class="button button--small" id="notification-badge"') and body.endswith("</a>")
    assert "消息（2）" in body and "<html" not in body and "site-header" not in body


def test_every_page_shows_the_count_in_the_header(client, county_industry):
    NotificationFactory(recipient=county_industry)
    client.force_login(county_industry)
    body = client.get(reverse("dashboard:home")).content.decode()
    header = body[body.index('class="site-user"') : body.index("</header>")]
    assert f'href="{reverse("notifications:inbox")}"' in header and "消息（1）" in header


def test_anonymous_pages_have_no_badge(client):
    assert "notification-badge" not in client.get(reverse("accounts:login")).content.decode()
    response = client.get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.content == b""  # htmx leaves the header alone


def test_wrong_method(client, county_industry):
    client.force_login(county_industry)
    assert client.post(URL).status_code == 405
