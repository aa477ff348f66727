"""Issue 16 §2: the objectors' identities (name, phone, ID number) are read on one page only; every showing of
that page to a city section is audited, naming the objections shown."""

import pytest
from django.urls import reverse

from core.choices import AuditVerb
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["city_sme", "city_finance"])
def test_seeing_who_objected_is_audited(request, client, persona, objection):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    award_list = objection.public_notice.award_list
    assert client.get(reverse("awards:objections", args=[award_list.pk])).status_code == 200
    event = AuditEvent.objects.get(verb=AuditVerb.OBJECTOR_IDENTITY_VIEWED)
    assert event.actor == user and event.target_type == "awards.awardlist" and event.target_id == str(award_list.pk)
    assert event.data["objections"] == [objection.pk]


def test_a_page_without_objections_shows_no_identity_and_records_none(client, city_sme, notice):
    client.force_login(city_sme)
    assert client.get(reverse("awards:objections", args=[notice.award_list.pk])).status_code == 200
    assert not AuditEvent.objects.filter(verb=AuditVerb.OBJECTOR_IDENTITY_VIEWED).exists()


def test_a_refused_reader_is_recorded_as_refused_not_as_a_reader(client, county_industry, objection):
    client.force_login(county_industry)
    assert client.get(reverse("awards:objections", args=[objection.public_notice.award_list.pk])).status_code == 404
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=county_industry).count() == 1
    assert not AuditEvent.objects.filter(verb=AuditVerb.OBJECTOR_IDENTITY_VIEWED).exists()
