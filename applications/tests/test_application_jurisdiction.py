"""An application keeps its enterprise's jurisdiction (applications.models.Application.jurisdiction): set when it
is first saved, moved with the enterprise's, and what a county's access and work list read."""

from importlib import import_module

import pytest
from django.db import connection
from django.http import Http404

from accounts import services as account_services
from applications.models import Application
from applications.permissions import get_application_for_user_or_404
from applications.tests.factories import ApplicationFactory
from review import selectors as review_selectors

backfill = import_module("applications.migrations.0011_jurisdiction")


def test_an_application_takes_its_enterprises_jurisdiction_when_first_saved(submitted, enterprise_admin):
    assert submitted.jurisdiction_id == enterprise_admin.organisation.jurisdiction_id is not None
    assert Application.objects.filter(pk=submitted.pk, jurisdiction__isnull=True).count() == 0


def test_moving_the_enterprise_moves_its_applications_and_their_readers(
    submitted, enterprise_admin, county_industry, other_county, admin
):
    """The county a moved enterprise leaves no longer sees its application (404, as any other county's); the
    county it joins does, in its work list too."""
    assert get_application_for_user_or_404(county_industry, submitted.pk) == submitted
    account_services.organisation_update(
        actor=admin, organisation=enterprise_admin.organisation, jurisdiction=other_county.organisation.jurisdiction
    )
    submitted.refresh_from_db()
    assert submitted.jurisdiction == other_county.organisation.jurisdiction
    with pytest.raises(Http404):
        get_application_for_user_or_404(county_industry, submitted.pk)
    assert get_application_for_user_or_404(other_county, submitted.pk) == submitted
    assert [a.pk for a in review_selectors.worklist(user=other_county, filters={})] == [submitted.pk]
    assert not review_selectors.worklist(user=county_industry, filters={}).exists()


def test_a_change_of_name_leaves_the_applications_alone(submitted, enterprise_admin, admin):
    account_services.organisation_update(actor=admin, organisation=enterprise_admin.organisation, name="新名称有限公司")
    submitted.refresh_from_db()
    assert submitted.jurisdiction_id == enterprise_admin.organisation.jurisdiction_id


def test_the_migration_gives_existing_applications_their_enterprises_jurisdiction(stored_pack, enterprise_admin):
    applications = [
        ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=n) for n in (2, 3)
    ]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(jurisdiction=None)
    (update,) = [op for op in backfill.Migration.operations if op.__class__.__name__ == "RunSQL"]
    with connection.cursor() as cursor:
        cursor.execute(update.sql)
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("jurisdiction", flat=True)
    ) == {enterprise_admin.organisation.jurisdiction_id}
