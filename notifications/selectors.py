"""Reads for notifications: a user's inbox and unread count, and who is told about a workflow step."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from accounts.choices import COUNTY_ROLES, Role
from accounts.models import User
from applications.models import Application
from notifications.models import Notification
from review.workflow import ApplicationStatus

S = ApplicationStatus


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at=None).count()


def inbox(user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def enterprise_members(application: Application) -> QuerySet[User]:
    """Everyone in the applying enterprise is told about every change of its application."""
    return _active_users().filter(organisation_id=application.enterprise_id)


def _with_roles(users: QuerySet[User], roles) -> QuerySet[User]:
    return users.filter(roles__role__in=list(roles), organisation__is_active=True).distinct()


def county_reviewers(application: Application, roles=tuple(COUNTY_ROLES)) -> QuerySet[User]:
    return _with_roles(
        _active_users().filter(organisation__jurisdiction_id=application.enterprise.jurisdiction_id), roles
    )


def county_industry_reviewers(application: Application) -> QuerySet[User]:
    return county_reviewers(application, roles=(Role.COUNTY_INDUSTRY_REVIEWER,))


def city_section_reviewers(application: Application) -> QuerySet[User]:
    return _with_roles(
        _active_users().filter(organisation__section_code=application.item.section_code),
        (Role.CITY_SECTION_REVIEWER,),
    )


def city_award_officials(application: Application) -> QuerySet[User]:
    return _with_roles(_active_users(), (Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER))


# Who must act once an application reaches a state, following review.workflow.TRANSITIONS: the roles
# that may take a transition out of that state, narrowed to the jurisdiction or section concerned.
# States not listed need nobody but the enterprise (RETURNED), or end the procedure.
NEXT_PARTIES: dict[str, Callable[[Application], QuerySet[User]]] = {
    S.SUBMITTED: county_reviewers,
    S.RETURNED_TO_COUNTY: county_reviewers,
    S.COUNTY_APPROVED: county_industry_reviewers,  # only 工信 may recommend
    S.RECOMMENDED: city_section_reviewers,
    S.CITY_APPROVED: city_award_officials,
}


def next_parties(application: Application, status: str) -> QuerySet[User]:
    finder = NEXT_PARTIES.get(status)
    return finder(application) if finder else User.objects.none()
