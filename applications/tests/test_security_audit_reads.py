"""Issue 16 §2: reads of an enterprise's submission are audited — an official opening an application's page, any
download of an uploaded material — and so is a refused access to an object's address (404/403), with who,
what and from where. An enterprise reading its own application is not recorded as an official's read."""

import pytest
from django.urls import reverse

from core.choices import AuditVerb
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_official_viewing_an_application_is_audited(client, submitted, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("applications:edit", args=[submitted.pk]), REMOTE_ADDR="10.9.8.7").status_code == 200
    event = AuditEvent.objects.get(verb=AuditVerb.APPLICATION_VIEWED)
    assert event.actor == county_industry and event.organisation == county_industry.organisation
    assert event.target_type == "applications.application" and event.target_id == str(submitted.pk)
    assert event.ip_address == "10.9.8.7" and event.data["path"] == f"/applications/{submitted.pk}/"


def test_the_enterprise_reading_its_own_application_is_not_an_officials_read(client, submitted, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.get(reverse("applications:edit", args=[submitted.pk])).status_code == 200
    assert not AuditEvent.objects.filter(verb=AuditVerb.APPLICATION_VIEWED).exists()


@pytest.mark.parametrize("reader", ["enterprise_admin", "county_industry"])
def test_every_download_of_a_material_is_audited(request, client, submitted, reader):
    attachment = submitted.attachments.first()
    user = request.getfixturevalue(reader)
    client.force_login(user)
    response = client.get(reverse("applications:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb=AuditVerb.ATTACHMENT_DOWNLOADED)
    assert event.actor == user and event.target_type == "applications.attachment"
    assert event.target_id == str(attachment.pk) and event.data["name"] == attachment.original_name


def test_another_countys_probe_is_refused_and_audited(client, submitted, other_county):
    client.force_login(other_county)
    url = reverse("applications:edit", args=[submitted.pk])
    assert client.get(url, REMOTE_ADDR="10.6.6.6").status_code == 404
    download = reverse("applications:attachment_download", args=[submitted.attachments.first().pk])
    assert client.get(download).status_code == 404
    refused = list(AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED).order_by("id"))
    assert [(e.actor, e.data["status"], e.data["view"]) for e in refused] == [
        (other_county, 404, "applications:edit"), (other_county, 404, "applications:attachment_download"),
    ]  # fmt: skip
    assert refused[0].ip_address == "10.6.6.6" and refused[0].data["arguments"] == {"pk": str(submitted.pk)}
    assert not AuditEvent.objects.filter(verb__in=[AuditVerb.APPLICATION_VIEWED, AuditVerb.ATTACHMENT_DOWNLOADED])


def test_a_refused_post_is_audited_too(client, submitted, enterprise_user):
    client.force_login(enterprise_user)
    assert client.post(reverse("applications:withdraw", args=[submitted.pk])).status_code == 404
    event = AuditEvent.objects.get(verb=AuditVerb.ACCESS_REFUSED)
    assert event.data["method"] == "POST" and event.data["view"] == "applications:withdraw"


def test_an_address_that_names_no_object_is_not_recorded(client, county_industry):
    client.force_login(county_industry)
    assert client.get("/no-such-page/").status_code == 404
    assert client.get(reverse("review:worklist")).status_code == 200
    assert not AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED).exists()


def test_an_anonymous_probe_is_recorded_without_an_actor(client, stored_pack):
    assert client.get(reverse("awards:public_notice", args=[999999])).status_code == 404
    event = AuditEvent.objects.get(verb=AuditVerb.ACCESS_REFUSED)
    assert event.actor is None and event.data["view"] == "awards:public_notice"
