"""The audit log: append-only, readable by the auditor alone, filterable."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from core.models import AuditEvent
from core.services import audit_event_record

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:audit_log")


def test_events_cannot_be_changed_or_deleted(admin):
    event = audit_event_record(actor=admin, verb="login", target=admin)
    event.verb = "logout"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "login"


def test_event_records_ip_and_organisation(client, county_industry):
    client.post(reverse("accounts:login"), {"username": county_industry.username, "password": "Testpass2023"},
                REMOTE_ADDR="10.1.2.3")  # fmt: skip
    event = AuditEvent.objects.get(verb="login")
    assert event.ip_address == "10.1.2.3"
    assert event.organisation == county_industry.organisation


def test_auditor_reads_and_filters(client, auditor, county_industry):
    services.user_change_password(actor=county_industry, user=county_industry, new_password="Newpass2024a")
    services.login_record(user=auditor)
    client.force_login(auditor)
    body = client.get(URL).content.decode()
    assert "审计日志" in body and "修改密码" in body
    body = client.get(URL, {"verb": "password_changed"}).content.decode()
    assert county_industry.full_name in body and "共 1 条记录" in body
    body = client.get(URL, {"actor": "不存在的人"}).content.decode()
    assert "共 0 条记录" in body
    today = dt.date.today()
    body = client.get(URL, {"date_from": today + dt.timedelta(days=2)}).content.decode()
    assert "共 0 条记录" in body


def test_bad_date_range_is_explained_next_to_the_field(client, auditor):
    client.force_login(auditor)
    body = client.get(URL, {"date_from": "2024-02-02", "date_to": "2024-01-01"}).content.decode()
    assert "截止日期不能早于起始日期" in body


def test_htmx_request_returns_only_the_results_partial(client, auditor):
    client.force_login(auditor)
    body = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert 'id="audit-results"' in body and "<html" not in body and "筛选" not in body


@pytest.mark.parametrize("name", ["admin", "enterprise_user", "county_industry", "city_sme", "city_finance"])
def test_other_roles_get_404(client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(URL).status_code == 404


def test_auditor_cannot_write_through_the_audit_view(client, auditor):
    client.force_login(auditor)
    assert client.post(URL, {"verb": "login"}).status_code == 405


def test_auditor_cannot_enter_the_admin_site(client, auditor):
    client.force_login(auditor)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
