"""Issue 16 §1 (the audit half): what the system administrator does through /admin/ reached only
django_admin_log, which the auditor cannot read. Every admin write of users, roles, organisations and
jurisdictions is now an audit event, in the same transaction as the change: set the auditor's password, create
an account with a county reviewer role, make an enterprise user a superuser, deactivate the auditor."""

from __future__ import annotations

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Organisation, User, UserRole
from core.admin import MASKED
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


def test_making_an_enterprise_user_a_superuser_is_audited(client, admin, enterprise_user):
    client.force_login(admin)
    response = _change(client, enterprise_user, is_superuser="on", is_staff="on")
    assert response.status_code == 302, response.context["adminform"].form.errors
    enterprise_user.refresh_from_db()
    assert enterprise_user.is_superuser
    [event] = _events(AuditVerb.ADMIN_OBJECT_CHANGED)
    assert event.actor == admin and event.target_type == "accounts.user" and event.target_id == str(enterprise_user.pk)
    assert event.data["via"] == "admin"
    assert event.data["changes"]["is_superuser"] == {"from": False, "to": True}
    assert event.data["changes"]["is_staff"] == {"from": False, "to": True}


def test_deactivating_the_auditor_is_audited(client, admin, auditor):
    client.force_login(admin)
    assert _change(client, auditor, is_active=False).status_code == 302
    [event] = _events(AuditVerb.ADMIN_OBJECT_CHANGED)
    assert event.target_id == str(auditor.pk) and event.data["changes"]["is_active"] == {"from": True, "to": False}


def test_setting_the_auditors_password_is_audited_without_the_password(client, admin, auditor):
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[auditor.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set_usable_password": "true"})
    assert response.status_code == 302
    auditor.refresh_from_db()
    assert auditor.check_password(NEW_PASSWORD)
    [event] = _events(AuditVerb.ADMIN_PASSWORD_SET)
    assert event.actor == admin and event.target_id == str(auditor.pk) and event.data["usable"] is True
    assert NEW_PASSWORD not in str(event.data) and auditor.password not in str(event.data)


def test_a_refused_password_form_records_nothing(client, admin, auditor):
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[auditor.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "different", "set_usable_password": "true"})
    assert response.status_code == 200
    assert not _events(AuditVerb.ADMIN_PASSWORD_SET)


def test_creating_an_account_with_a_county_reviewer_role_is_audited(client, admin, county_industry):
    client.force_login(admin)
    add = reverse("admin:accounts_user_add")
    response = client.post(add, {"username": "new_reviewer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                 "usable_password": "true", "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0"})  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new_reviewer")
    [added] = _events(AuditVerb.ADMIN_OBJECT_ADDED)
    assert added.target_id == str(user.pk) and added.data["changes"]["password1"] == MASKED
    assert NEW_PASSWORD not in str(added.data)
    # Then the role, through the inline on the change form.
    organisation = county_industry.organisation
    response = _change(client, user, full_name="新审核员", organisation=organisation.pk,
                       **{"roles-TOTAL_FORMS": "1", "roles-0-role": Role.COUNTY_INDUSTRY_REVIEWER, "roles-0-user": user.pk})  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    role = UserRole.objects.get(user=user)
    role_event = AuditEvent.objects.get(verb=AuditVerb.ADMIN_OBJECT_ADDED, target_type="accounts.userrole")
    assert role_event.target_id == str(role.pk) and role_event.data["parent_id"] == user.pk
    changed = AuditEvent.objects.get(verb=AuditVerb.ADMIN_OBJECT_CHANGED, target_id=str(user.pk))
    assert changed.data["changes"]["organisation"] == {"from": None, "to": str(organisation)}


def test_removing_a_role_is_audited(client, admin, county_industry):
    client.force_login(admin)
    role = county_industry.roles.get()
    response = _change(client, county_industry, **{"roles-0-DELETE": "on"})
    assert response.status_code == 302
    assert not UserRole.objects.filter(pk=role.pk).exists()
    event = AuditEvent.objects.get(verb=AuditVerb.ADMIN_OBJECT_DELETED)
    assert event.data["model"] == "accounts.userrole" and event.data["parent_id"] == county_industry.pk
    assert event.data["object"] == str(role)


def test_an_organisation_change_and_a_bulk_delete_are_audited(client, admin):
    client.force_login(admin)
    spare = Organisation.objects.create(name="临时单位", kind=Organisation.objects.first().kind)
    url = reverse("admin:accounts_organisation_change", args=[spare.pk])
    data = {**_post_data(client.get(url)), "name": "临时单位（改）"}
    assert client.post(url, data).status_code == 302
    [changed] = _events(AuditVerb.ADMIN_OBJECT_CHANGED)
    assert changed.data["changes"]["name"] == {"from": "临时单位", "to": "临时单位（改）"}
    changelist = reverse("admin:accounts_organisation_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [spare.pk], "post": "yes"})
    assert response.status_code == 302 and not Organisation.objects.filter(pk=spare.pk).exists()
    [deleted] = _events(AuditVerb.ADMIN_OBJECT_DELETED)
    assert deleted.target_id == str(spare.pk) and deleted.target_repr == "临时单位（改）"


def test_the_change_and_its_audit_event_commit_together(client, admin, enterprise_user, monkeypatch):
    """If the audit event cannot be written, the change is not made either."""
    from core import admin as core_admin

    def refuse(*args, **kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(core_admin, "audit_event_record", refuse)
    client.force_login(admin)
    client.raise_request_exception = False
    response = _change(client, enterprise_user, is_superuser="on")
    assert response.status_code == 500
    enterprise_user.refresh_from_db()
    assert not enterprise_user.is_superuser
