"""award_list_create: the SME section collects the pack's approved applications with their proposed amounts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from applications.workflow import ApplicationStatus
from awards import services
from awards.choices import AwardListStatus
from awards.tests.helpers import approved_many, snapshot
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_collects_approved_applications_with_their_proposed_amounts(city_sme, stored_pack, approved_applications):
    award_list = services.award_list_create(actor=city_sme, pack=stored_pack)
    assert award_list.status == AwardListStatus.DRAFT and award_list.created_by == city_sme
    entries = {e.application_id: e.amount for e in award_list.entries.all()}
    assert entries == {a.pk: a.proposed_amount for a in approved_applications}
    event = AuditEvent.objects.get(verb="award_list_created")
    assert event.actor == city_sme and event.data["entries"] == 3 and event.data["total"] == "100.00"
    assert AuditEvent.objects.filter(verb__startswith="award_").count() == 1


def test_leaves_out_applications_without_an_amount_or_not_approved(city_sme, stored_pack, approved_applications):
    first, second, third = approved_applications
    Application.objects.filter(pk=second.pk).update(proposed_amount=None)
    Application.objects.filter(pk=third.pk).update(status=ApplicationStatus.CITY_REVIEW)
    award_list = services.award_list_create(actor=city_sme, pack=stored_pack)
    assert [e.application_id for e in award_list.entries.all()] == [first.pk]


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "county_industry", "enterprise_admin", "admin"])
def test_only_the_sme_section_creates_a_list(request, persona, stored_pack, approved_applications):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.award_list_create(actor=request.getfixturevalue(persona), pack=stored_pack)
    assert snapshot() == before


def test_refuses_an_empty_list(city_sme, stored_pack):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_create(actor=city_sme, pack=stored_pack)
    assert excinfo.value.messages == [services.EMPTY_LIST]
    assert snapshot() == before


def test_an_application_already_listed_is_not_taken_again(city_sme, stored_pack, draft_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_create(actor=city_sme, pack=stored_pack)
    assert excinfo.value.messages == [services.EMPTY_LIST]
    assert snapshot() == before
    assert sum(e.amount for e in draft_list.entries.all()) == Decimal("100.00")


def test_a_list_made_at_the_same_moment_is_refused_not_duplicated(monkeypatch, city_sme, stored_pack, draft_list):
    # Another coordinator's list took the applications after this one read them: its rows were not yet
    # committed when this one validated, so only the database's unique constraint sees the clash.
    listed = Application.objects.filter(award_entries__award_list=draft_list)
    monkeypatch.setattr(services, "award_candidates", lambda pack: listed)
    monkeypatch.setattr("awards.models.AwardEntry.validate_constraints", lambda self, exclude=None: None)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_create(actor=city_sme, pack=stored_pack)
    assert excinfo.value.messages == [services.LISTED_MEANWHILE]
    assert snapshot() == before


@pytest.mark.parametrize("count", [3, 20])
def test_query_count_does_not_grow_with_the_entries(city_sme, stored_pack, count, django_assert_num_queries):
    approved_many(stored_pack, count)
    # savepoint, actor's roles, candidates (locked), pack and creator exist (full_clean), list, savepoint,
    # every entry in one INSERT, release, the audit event (the chain head locked, the event, the head moved:
    # core.audit_chain), release.
    with django_assert_num_queries(13):
        award_list = services.award_list_create(actor=city_sme, pack=stored_pack)
    assert award_list.entries.count() == count
