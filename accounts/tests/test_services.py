"""User and organisation services: exactly one audit event per change; a rejection writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.choices import OrganisationKind, Role
from accounts.models import Jurisdiction, Organisation, User, UserRole
from accounts.validators import PASSWORD_NEEDS_THREE_CLASSES
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _counts():
    return User.objects.count(), UserRole.objects.count(), Organisation.objects.count(), AuditEvent.objects.count()


def test_organisation_create_writes_one_event(admin):
    before = AuditEvent.objects.count()
    org = services.organisation_create(
        actor=admin,
        name="衡阳新建企业有限公司",
        kind=OrganisationKind.ENTERPRISE,
        jurisdiction=Jurisdiction.objects.get(code="430421"),
    )
    events = AuditEvent.objects.filter(verb="organisation_created")
    assert AuditEvent.objects.count() == before + 1
    assert events.get().target_id == str(org.pk)
    assert events.get().actor == admin


def test_organisation_create_rejects_enterprise_without_jurisdiction(admin):
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=admin, name="无辖区企业", kind=OrganisationKind.ENTERPRISE)
    assert "必须属于一个县市区或园区" in str(excinfo.value)
    assert _counts() == before


def test_user_create_writes_one_event_and_hashes_with_argon2(admin, enterprise_user):
    before = AuditEvent.objects.count()
    user = services.user_create(
        actor=admin,
        username="new_agent",
        full_name="新经办人",
        organisation=enterprise_user.organisation,
        roles=[Role.ENTERPRISE_AGENT],
        password="Goodpass2023",
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(verb="user_created")
    assert event.data["roles"] == [Role.ENTERPRISE_AGENT]
    assert user.password.startswith("argon2")
    assert user.check_password("Goodpass2023")


@pytest.mark.parametrize(
    "password,message",
    [("short1A", "密码长度太短"), ("abcdefghijkl", PASSWORD_NEEDS_THREE_CLASSES), ("12345678901", "密码只包含数字")],
)
def test_user_create_rejects_weak_password_and_writes_nothing(admin, enterprise_user, password, message):
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin,
            username="weak",
            full_name="弱密码",
            organisation=enterprise_user.organisation,
            roles=[Role.ENTERPRISE_AGENT],
            password=password,
        )
    assert any(message in m for m in excinfo.value.messages)
    assert _counts() == before


def test_user_create_rejects_role_of_another_organisation_kind_and_writes_nothing(admin, county_industry):
    before = _counts()
    with pytest.raises(ValidationError):
        services.user_create(
            actor=admin,
            username="wrongrole",
            full_name="错角色",
            organisation=county_industry.organisation,
            roles=[Role.ENTERPRISE_AGENT],
            password="Goodpass2023",
        )
    assert _counts() == before


def test_user_change_password_writes_one_event(enterprise_user):
    before = AuditEvent.objects.count()
    services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="Another2024x")
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.filter(verb="password_changed", actor=enterprise_user).exists()
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Another2024x")


def test_user_change_password_rejects_weak_and_writes_nothing(enterprise_user):
    old_hash = enterprise_user.password
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.user_change_password(actor=enterprise_user, user=enterprise_user, new_password="123")
    enterprise_user.refresh_from_db()
    assert enterprise_user.password == old_hash
    assert AuditEvent.objects.count() == before


def test_login_failure_record_keeps_name_never_password(db):
    services.login_failure_record(username="someone")
    event = AuditEvent.objects.get(verb="login_failed")
    assert event.actor is None and event.data == {"username": "someone"}


def test_demo_data_is_idempotent(settings):
    from demo.seed import demo_data_load

    settings.DEMO_DATA_ALLOWED = True
    first = demo_data_load()
    counts = _counts()
    second = demo_data_load()
    assert _counts() == counts
    assert first == second
    assert {r["roles"] for r in first} >= {"县级工信审核", "县级财政审核", "市工信科室审核", "安全审计员", "系统管理员"}
