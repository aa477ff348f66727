"""Who may see and act on an application. Deny by default; a county sees only its jurisdiction,
a city section only its items, an enterprise only its own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from applications.models import Application, Attachment, SubmissionWindow
from applications.workflow import CITY_VISIBLE_STATES, EDITABLE_STATES, ApplicationStatus
from core.prepared import PreparedQuery
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from policies.selectors import pack_data_attach

# What each kind of reader sees, by the values that scope it (deny by default: no scope, nothing).
_SCOPES = {
    "enterprise": lambda organisation: Application.objects.filter(enterprise_id=organisation),
    "county": lambda jurisdiction: Application.objects.filter(jurisdiction_id=jurisdiction).exclude(
        status=ApplicationStatus.DRAFT
    ),
    "city": lambda: Application.objects.filter(status__in=CITY_VISIBLE_STATES),
    "section": lambda section: Application.objects.filter(status__in=CITY_VISIBLE_STATES, item__section_code=section),
}
_SCOPE_ARGUMENTS = {
    "enterprise": {"organisation": int},
    "county": {"jurisdiction": int},
    "city": {},
    "section": {"section": str},
}
_RELATED = ("enterprise__jurisdiction", "item", "pack")


def _scope(user) -> tuple[str, dict] | None:
    if not base._active(user):
        return None
    if base.is_enterprise_user(user):
        return "enterprise", {"organisation": user.organisation_id}
    if base.is_county_reviewer(user):
        return "county", {"jurisdiction": user.organisation.jurisdiction_id}
    if base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user):
        return "city", {}
    if base.is_city_section_reviewer(user):
        return "section", {"section": user.organisation.section_code}
    return None


def applications_visible_to(user) -> QuerySet[Application]:
    scope = _scope(user)
    if scope is None:
        return Application.objects.select_related(*_RELATED).none()
    name, values = scope
    return _SCOPES[name](**values).select_related(*_RELATED)


def _one_visible(build):
    """One application by its key within a scope, without the pack's text (the process's cache has it)."""
    return lambda pk, **values: build(**values).select_related(*_RELATED).defer("pack__data").filter(pk=pk)


# The application page, every save, upload and submission open the application this way: compiled once per
# process (core/prepared.py).
_ONE_VISIBLE = {
    name: PreparedQuery(_one_visible(build), pk=int, **_SCOPE_ARGUMENTS[name]) for name, build in _SCOPES.items()
}


def get_application_for_user_or_404(user, pk: int) -> Application:
    """The application with its item and pack; the pack's text comes from the process's cache, not the row."""
    scope = _scope(user)
    application = None if scope is None else _ONE_VISIBLE[scope[0]].first(pk=pk, **scope[1])
    if application is None:
        raise Http404("No Application matches the given query.")
    pack_data_attach(application.pack)
    return application


def get_attachment_for_user_or_404(user, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("application").filter(application__in=applications_visible_to(user)),
        pk=pk,
    )


def can_edit_application(user, application: Application) -> bool:
    return (
        base.is_enterprise_user(user)
        and user.organisation_id == application.enterprise_id
        and application.status in EDITABLE_STATES
    )


def enterprise_is_confirmed(enterprise_id: int) -> bool:
    """The county 工信 reviewer has confirmed the enterprise's account (issue 16 §7: an account awaiting
    confirmation, or refused, holds no drafts or files: it could otherwise fill the storage unchecked)."""
    return EnterpriseProfile.objects.filter(organisation_id=enterprise_id, status=ConfirmationStatus.CONFIRMED).exists()


def can_create_application(user, enterprise) -> bool:
    return (
        base.is_enterprise_user(user)
        and user.organisation_id == enterprise.pk
        and enterprise_is_confirmed(enterprise.pk)
    )


def can_upload_attachment(user, application: Application) -> bool:
    return can_edit_application(user, application) and enterprise_is_confirmed(application.enterprise_id)


def can_set_submission_window(user, *, kind: str, jurisdiction) -> bool:
    """A county 工信 reviewer sets an earlier deadline for its own jurisdiction; the city's SME section re-opens
    the window (for one jurisdiction or for all)."""
    if kind == SubmissionWindow.Kind.COUNTY_EARLIER:
        return base.is_county_industry_reviewer(user) and user.organisation.jurisdiction_id == jurisdiction.pk
    return base.is_city_sme_coordinator(user)
