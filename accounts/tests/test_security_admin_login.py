"""Issue 16: the admin site has no login form of its own. /admin/login/ sends people to the platform's login,
which has the CAPTCHA after failures, the lockout by user name and address, the rate limit and the second factor;
a password posted to /admin/login/ signs nobody in."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_admin_login_sends_people_to_the_platforms_login_with_where_they_were_going(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=/admin/"


def test_the_admin_itself_sends_an_anonymous_visitor_to_the_platforms_login(client):
    first = client.get("/admin/")
    assert first.status_code == 302 and first.url.startswith("/admin/login/")
    assert client.get(first.url).url.startswith(reverse("accounts:login"))


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client, admin):
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
