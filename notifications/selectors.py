"""Reads for notifications: a user's inbox and unread count, and who is told about a workflow step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import Count, QuerySet

from accounts.choices import COUNTY_ROLES, Role
from accounts.models import User
from applications.models import Application
from applications.workflow import ApplicationStatus
from core.prepared import PreparedQuery
from notifications import permissions
from notifications.models import Notification

S = ApplicationStatus


# The menu's badge on every full page: the recipient's unread notifications counted, compiled once per process
# (core/prepared.py). Grouped by the recipient, so that it is a query of rows: no row when nothing is unread.
UNREAD_OF_RECIPIENT = PreparedQuery(
    lambda recipient: (
        permissions.notifications_of_recipient(recipient)
        .filter(read_at=None)
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread", flat=True)
        .order_by()
    ),
    recipient=int,
)


def unread_count(user) -> int:
    """How many of notifications_visible_to(user) are unread."""
    if not permissions.may_read_notifications(user):
        return 0
    return UNREAD_OF_RECIPIENT.first(recipient=user.pk) or 0


def inbox(user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return permissions.notifications_visible_to(user).order_by("-created_at", "-id")


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def enterprise_members(application: Application) -> QuerySet[User]:
    """Everyone in the applying enterprise is told about every change of its application."""
    return _active_users().filter(organisation_id=application.enterprise_id)


def enterprise_members_of(applications: Sequence[Application]) -> dict[int, list[User]]:
    """`enterprise_members` for many applications in one query: {application pk: users}."""
    by_enterprise: dict[int, list[User]] = defaultdict(list)
    for user in _active_users().filter(organisation_id__in={a.enterprise_id for a in applications}).order_by("pk"):
        by_enterprise[user.organisation_id].append(user)
    return {a.pk: by_enterprise.get(a.enterprise_id, []) for a in applications}


def _with_roles(users: QuerySet[User], roles) -> QuerySet[User]:
    return users.filter(roles__role__in=list(roles), organisation__is_active=True).distinct()


def county_reviewers(application: Application, roles=tuple(COUNTY_ROLES)) -> QuerySet[User]:
    return _with_roles(
        _active_users().filter(organisation__jurisdiction_id=application.enterprise.jurisdiction_id), roles
    )


# Who must act once applications reach a state. Each finder takes many applications and answers with
# one query, {application pk: users}, so that a service moving a whole batch or list tells everyone
# with the same number of queries as for one application.


def _county_reviewers_of(applications: Sequence[Application], roles=tuple(COUNTY_ROLES)) -> dict[int, list[User]]:
    jurisdictions = {a.enterprise.jurisdiction_id for a in applications}
    users = _with_roles(_active_users().filter(organisation__jurisdiction_id__in=jurisdictions), roles)
    by_jurisdiction: dict[int, list[User]] = defaultdict(list)
    for user in users.select_related("organisation").order_by("pk"):
        by_jurisdiction[user.organisation.jurisdiction_id].append(user)
    return {a.pk: by_jurisdiction.get(a.enterprise.jurisdiction_id, []) for a in applications}


def _county_industry_reviewers_of(applications: Sequence[Application]) -> dict[int, list[User]]:
    return _county_reviewers_of(applications, roles=(Role.COUNTY_INDUSTRY_REVIEWER,))


def city_section_reviewers_of(applications: Sequence[Application]) -> dict[int, list[User]]:
    sections = {a.item.section_code for a in applications}
    users = _with_roles(_active_users().filter(organisation__section_code__in=sections), (Role.CITY_SECTION_REVIEWER,))
    by_section: dict[str, list[User]] = defaultdict(list)
    for user in users.select_related("organisation").order_by("pk"):
        by_section[user.organisation.section_code].append(user)
    return {a.pk: by_section.get(a.item.section_code, []) for a in applications}


def _city_award_officials_of(applications: Sequence[Application]) -> dict[int, list[User]]:
    users = list(_with_roles(_active_users(), (Role.CITY_SME_COORDINATOR, Role.CITY_FINANCE_REVIEWER)).order_by("pk"))
    return {a.pk: users for a in applications}


# Following applications.workflow.TRANSITIONS: the roles that may take a transition out of that state,
# narrowed to the jurisdiction or section concerned. States not listed need nobody but the enterprise
# (RETURNED), or end the procedure.
NEXT_PARTIES: dict[str, Callable[[Sequence[Application]], dict[int, list[User]]]] = {
    S.SUBMITTED: _county_reviewers_of,
    S.RETURNED_TO_COUNTY: _county_reviewers_of,
    S.COUNTY_APPROVED: _county_industry_reviewers_of,  # only 工信 may recommend
    S.RECOMMENDED: city_section_reviewers_of,
    S.CITY_APPROVED: _city_award_officials_of,
}


def next_parties_of(applications: Sequence[Application], status: str) -> dict[int, list[User]]:
    """Who must act once each application reaches `status`: {application pk: users}; no query if nobody."""
    finder = NEXT_PARTIES.get(status)
    if finder is None or not applications:
        return {a.pk: [] for a in applications}
    return finder(applications)
