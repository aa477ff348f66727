"""Issue 16 §1, 三员分立 and the administrator. The system administrator (系统管理员) was a Django superuser and,
through /admin/, set the auditor's password, created a county reviewer, made an enterprise user a superuser and
deactivated the auditor, unaudited. Now: three administrators, none a superuser, no one holding two roles; the
system administrator keeps accounts and organisations, the security administrator (安全管理员) roles and the
administrators' own accounts; every admin write goes through accounts.services and its audit event, in one
transaction; a password an administrator sets must be changed at the next login."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms import MultiWidget
from django.urls import reverse

from accounts import services
from accounts.choices import Role
from accounts.middleware import PASSWORD_MUST_CHANGE
from accounts.models import Organisation, User, UserRole
from accounts.tests.factories import PASSWORD
from core.choices import AuditVerb
from core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Qz7!admin-set-2024"


def _post_data(response) -> dict:
    """The change form's current values as a browser would post them back (main form and inline formsets)."""
    data: dict = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form.initial.get(name, field.initial)
    for form in forms:
        for name, field in form.fields.items():
            value = form.get_initial_for_field(field, name)
            if field.disabled or value is None or name == "password":
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if isinstance(field.widget, MultiWidget):  # date_joined: a date and a time
                for n, part in enumerate(field.widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{n}"] = str(part)
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
                continue
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    return {k: v for k, v in data.items() if v is not None}


def _change(client, user: User, **changes) -> object:
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {**_post_data(client.get(url)), **changes}
    for key, value in list(data.items()):
        if value is False:
            del data[key]
    return client.post(url, data)


def _events(verb) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("id"))


def _admin_events() -> int:
    return AuditEvent.objects.filter(verb__startswith="admin_object").count()


def _set_password(client, user: User):
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    return client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


# --- the four admin actions ---


def test_the_system_administrator_cannot_set_the_auditors_password(client, admin, auditor):
    client.force_login(admin)
    assert _set_password(client, auditor).status_code == 403
    auditor.refresh_from_db()
    assert auditor.check_password(PASSWORD) and not auditor.password_must_change
    assert not _events(AuditVerb.ADMIN_PASSWORD_SET)


def test_the_security_administrator_resets_it_audited_and_it_must_be_changed(client, security_admin, auditor):
    client.force_login(security_admin)
    assert _set_password(client, auditor).status_code == 302
    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD) and auditor.password_must_change
    [event] = _events(AuditVerb.ADMIN_PASSWORD_SET)
    assert event.actor == security_admin and event.target_id == str(auditor.pk)
    assert NEW_PASSWORD not in str(event.data) and auditor.password not in str(event.data)


def test_a_refused_password_form_records_nothing(client, admin, county_industry):
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[county_industry.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "different"})
    assert response.status_code == 200
    assert not _events(AuditVerb.ADMIN_PASSWORD_SET)


def test_nobody_sets_their_own_password_through_the_admin(client, admin):
    client.force_login(admin)
    assert _set_password(client, admin).status_code == 403


def test_an_account_made_by_the_system_administrator_has_no_role_until_the_security_administrator_grants_it(
    client, admin, security_admin, county_industry
):
    client.force_login(admin)
    add = reverse("admin:accounts_user_add")
    organisation = county_industry.organisation
    response = client.post(add, {"username": "new_reviewer", "full_name": "新审核员", "organisation": organisation.pk,
                                 "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true",
                                 "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0",
                                 "roles-0-role": Role.COUNTY_INDUSTRY_REVIEWER})  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new_reviewer")
    assert not user.roles.exists() and user.password_must_change and not user.is_superuser
    [created] = _events(AuditVerb.USER_CREATED)
    assert created.actor == admin and created.target_id == str(user.pk) and created.data["roles"] == []
    assert NEW_PASSWORD not in str(created.data)
    # The system administrator's own attempt through the service is refused.
    with pytest.raises(PermissionDenied):
        services.user_roles_set(actor=admin, user=user, roles=[Role.COUNTY_INDUSTRY_REVIEWER])
    # The security administrator grants it through the inline.
    client.force_login(security_admin)
    response = _change(client, user, **{"roles-TOTAL_FORMS": "1", "roles-0-role": Role.COUNTY_INDUSTRY_REVIEWER,
                                        "roles-0-user": user.pk})  # fmt: skip
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert set(user.roles.values_list("role", flat=True)) == {Role.COUNTY_INDUSTRY_REVIEWER}
    [granted] = _events(AuditVerb.USER_ROLES_CHANGED)
    assert granted.actor == security_admin and granted.data == {"added": [Role.COUNTY_INDUSTRY_REVIEWER], "removed": []}
    assert not _admin_events()


def test_nobody_can_be_made_a_superuser(client, admin, enterprise_user):
    client.force_login(admin)
    response = _change(client, enterprise_user, is_superuser="on", is_staff="on", user_permissions=[1])
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert not enterprise_user.is_superuser and not enterprise_user.is_staff
    assert not enterprise_user.user_permissions.exists()
    enterprise_user.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        enterprise_user.save()


def test_the_system_administrator_cannot_deactivate_the_auditor(client, admin, auditor):
    client.force_login(admin)
    _change(client, auditor, is_active=False)
    auditor.refresh_from_db()
    assert auditor.is_active and not _events(AuditVerb.USER_DEACTIVATED)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=admin, user=auditor)


def test_the_security_administrator_can_and_it_is_audited(client, security_admin, auditor):
    client.force_login(security_admin)
    assert _change(client, auditor, is_active=False).status_code == 302
    auditor.refresh_from_db()
    assert not auditor.is_active
    [event] = _events(AuditVerb.USER_DEACTIVATED)
    assert event.actor == security_admin and event.target_id == str(auditor.pk)


# --- the other administrative writes, through their services ---


def test_the_system_administrator_edits_and_deactivates_a_business_account(client, admin, county_industry):
    client.force_login(admin)
    assert _change(client, county_industry, full_name="改名后", is_active=False).status_code == 302
    county_industry.refresh_from_db()
    assert county_industry.full_name == "改名后" and not county_industry.is_active
    [updated] = _events(AuditVerb.USER_UPDATED)
    assert updated.data["changes"]["full_name"]["to"] == "改名后"
    assert len(_events(AuditVerb.USER_DEACTIVATED)) == 1 and not _admin_events()


def test_a_changed_mobile_is_masked_in_the_audit_log(admin, county_industry):
    """The log is append-only and kept for years; the number itself is encrypted at rest (finding 13)."""
    from accounts import services

    services.user_update(actor=admin, user=county_industry, mobile="13700001111")
    [updated] = _events(AuditVerb.USER_UPDATED)
    assert updated.data["changes"]["mobile"]["to"] == "137****1111"
    assert "13700001111" not in str(updated.data)


def test_removing_a_role_is_the_security_administrators_and_audited(client, admin, security_admin, county_industry):
    client.force_login(admin)
    _change(client, county_industry, **{"roles-0-DELETE": "on"})
    assert county_industry.roles.exists()  # the system administrator's inline is read-only
    client.force_login(security_admin)
    assert _change(client, county_industry, **{"roles-0-DELETE": "on"}).status_code == 302
    assert not county_industry.roles.exists()
    [event] = _events(AuditVerb.USER_ROLES_CHANGED)
    assert event.data == {"added": [], "removed": [Role.COUNTY_INDUSTRY_REVIEWER]}


def test_an_organisation_change_is_audited_and_nothing_is_deleted(client, admin):
    client.force_login(admin)
    spare = Organisation.objects.create(name="临时单位", kind="platform")
    url = reverse("admin:accounts_organisation_change", args=[spare.pk])
    data = {**_post_data(client.get(url)), "name": "临时单位（改）"}
    assert client.post(url, data).status_code == 302
    [changed] = _events(AuditVerb.ORGANISATION_UPDATED)
    assert changed.actor == admin and changed.data["changes"]["name"] == {"from": "临时单位", "to": "临时单位（改）"}
    changelist = reverse("admin:accounts_organisation_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"})
    assert Organisation.objects.filter(pk=spare.pk).exists()
    assert client.get(reverse("admin:accounts_organisation_delete", args=[spare.pk])).status_code == 403


def test_the_change_and_its_audit_event_commit_together(client, admin, county_industry, monkeypatch):
    """If the audit event cannot be written, the change is not made either."""

    def refuse(*args, **kwargs):
        raise RuntimeError("audit unavailable")

    client.force_login(admin)
    monkeypatch.setattr(services, "audit_event_record", refuse)
    client.raise_request_exception = False
    response = _change(client, county_industry, full_name="不应保存")
    assert response.status_code == 500
    county_industry.refresh_from_db()
    assert county_industry.full_name != "不应保存"


# --- 三员分立: one role each ---


def test_an_administrator_role_stands_alone_in_the_form_the_service_and_the_database(client, security_admin, auditor):
    client.force_login(security_admin)
    role = auditor.roles.get()
    response = _change(client, auditor, **{"roles-TOTAL_FORMS": "2", "roles-1-role": Role.SYSTEM_ADMIN,
                                           "roles-1-user": auditor.pk, "roles-0-id": role.pk})  # fmt: skip
    assert response.status_code == 200
    assert set(auditor.roles.values_list("role", flat=True)) == {Role.AUDIT_READER}
    with pytest.raises(ValidationError):
        services.user_roles_set(actor=security_admin, user=auditor, roles=[Role.AUDIT_READER, Role.SECURITY_ADMIN])
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=auditor, role=Role.SYSTEM_ADMIN)
    assert not _events(AuditVerb.USER_ROLES_CHANGED)


def test_the_auditor_and_business_users_have_no_admin(client, auditor, county_industry):
    for user in (auditor, county_industry):
        client.force_login(user)
        response = client.get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_demo_administrators_are_three_people_and_none_a_superuser(settings):
    from accounts.demo import demo_officials_load

    settings.DEMO_DATA_ALLOWED = True
    demo_officials_load()
    administrators = {u.username: u for u in User.objects.filter(username__in=["sysadmin", "secadmin", "auditor"])}
    assert set(administrators) == {"sysadmin", "secadmin", "auditor"}
    assert not any(u.is_superuser for u in administrators.values())
    assert [r.role for r in administrators["secadmin"].roles.all()] == [Role.SECURITY_ADMIN]
    assert administrators["sysadmin"].is_staff and not administrators["auditor"].is_staff


# --- a password set by an administrator is changed at the next login ---


def test_a_password_set_by_an_administrator_must_be_changed_at_the_next_login(client, admin, county_industry):
    services.user_password_set_by_admin(actor=admin, user=county_industry, new_password=NEW_PASSWORD)
    client.post(reverse("accounts:login"), {"username": county_industry.username, "password": NEW_PASSWORD})
    response = client.get(reverse("review:worklist"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert PASSWORD_MUST_CHANGE in page.content.decode()
    response = client.post(reverse("accounts:password_change"), {
        "old_password": NEW_PASSWORD, "new_password1": "Mine-own-2025", "new_password2": "Mine-own-2025"})  # fmt: skip
    assert response.status_code == 302
    county_industry.refresh_from_db()
    assert not county_industry.password_must_change
    assert client.get(reverse("review:worklist")).status_code == 200


def test_the_security_administrator_resets_a_lost_totp_device_from_the_user_list(client, admin, security_admin,
                                                                                  county_industry):  # fmt: skip
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=county_industry, name="phone", confirmed=True)
    changelist = reverse("admin:accounts_user_changelist")
    data = {"action": "otp_reset", "_selected_action": [county_industry.pk]}
    client.force_login(admin)
    client.post(changelist, data)
    assert TOTPDevice.objects.filter(user=county_industry).exists()  # not the system administrator's action
    client.force_login(security_admin)
    assert client.post(changelist, data).status_code == 302
    assert not TOTPDevice.objects.filter(user=county_industry).exists()
    assert AuditEvent.objects.get(verb=AuditVerb.OTP_DEVICE_RESET).actor == security_admin


def test_the_admins_password_link_leads_to_the_audited_page(client, admin):
    client.force_login(admin)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")


def test_no_reset_button_where_the_administrator_may_not_reset(client, admin, security_admin, county_industry, auditor):
    def shows_reset(user) -> bool:
        return "重置密码" in client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()

    client.force_login(security_admin)
    assert not shows_reset(county_industry) and shows_reset(auditor)
    client.force_login(admin)
    assert shows_reset(county_industry) and not shows_reset(auditor)
