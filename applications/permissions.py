"""Who may see and act on an application. Deny by default; a county sees only its jurisdiction,
a city section only its items, an enterprise only its own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from applications.models import Application, Attachment, SubmissionWindow
from applications.workflow import CITY_VISIBLE_STATES, EDITABLE_STATES, ApplicationStatus
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from policies.selectors import pack_data_attach


def applications_visible_to(user) -> QuerySet[Application]:
    applications = Application.objects.select_related("enterprise__jurisdiction", "item", "pack")
    if not base._active(user):
        return applications.none()
    if base.is_enterprise_user(user):
        return applications.filter(enterprise_id=user.organisation_id)
    if base.is_county_reviewer(user):
        return applications.filter(jurisdiction_id=user.organisation.jurisdiction_id).exclude(
            status=ApplicationStatus.DRAFT
        )
    if base.is_city_sme_coordinator(user) or base.is_city_finance_reviewer(user):
        return applications.filter(status__in=CITY_VISIBLE_STATES)
    if base.is_city_section_reviewer(user):
        return applications.filter(status__in=CITY_VISIBLE_STATES, item__section_code=user.organisation.section_code)
    return applications.none()


def get_application_for_user_or_404(user, pk: int) -> Application:
    """The application with its item and pack; the pack's text comes from the process's cache, not the row."""
    application = get_object_or_404(applications_visible_to(user).defer("pack__data"), pk=pk)
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
