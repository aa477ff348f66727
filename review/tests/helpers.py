"""Helpers for review tests: many applications at a given step, built directly (the steps are tested elsewhere)."""

from __future__ import annotations

from accounts.choices import Role
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus


def applications_in_county(
    pack, count: int, *, number: int = 2, status: str = ApplicationStatus.SUBMITTED
) -> list[Application]:
    """`count` applications for item `number`, each of its own enterprise of 珠晖区 (the county personas'
    jurisdiction) with one member, so that query counts can be compared for few and many."""
    applications = []
    for n in range(count):
        owner = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory())
        applications.append(Application.objects.create(
            enterprise=owner.organisation, pack=pack, item=pack.items.get(number=number), forms=[], status=status,
            created_by=owner, project_name=f"智能产线改造{n}", submitted_at=IN_WINDOW,
        ))  # fmt: skip
    return applications
