"""objection_resolve: the SME section decides each objection, with a written resolution; an upheld one
ends the application as 不予支持 (objection_upheld), told to the enterprise and shown in its timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Application
from applications.timeline import timeline_for
from applications.workflow import ApplicationStatus
from awards import services
from awards.choices import ObjectionStatus
from awards.models import AwardEntry
from awards.tests.helpers import AFTER_PERIOD, ENDS_ON, objection_in, snapshot
from core.models import AuditEvent
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("upheld", "status"), [(True, ObjectionStatus.UPHELD), (False, ObjectionStatus.DISMISSED)])
def test_resolves_with_a_resolution(city_sme, objection, upheld, status):
    resolved = services.objection_resolve(actor=city_sme, objection=objection, upheld=upheld, resolution=" 经核实。 ")
    resolved.refresh_from_db()
    assert resolved.status == status and resolved.resolution == "经核实。"
    assert resolved.resolved_by == city_sme and resolved.resolved_at is not None
    event = AuditEvent.objects.get(verb="objection_resolved")
    assert event.actor == city_sme and event.data["upheld"] is upheld and event.data["entry"] == objection.entry_id


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "enterprise_admin"])
def test_only_the_sme_section_resolves(request, persona, objection):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.objection_resolve(actor=request.getfixturevalue(persona), objection=objection, upheld=True,
                                   resolution="成立")  # fmt: skip
    assert snapshot() == before


def test_refuses_an_empty_resolution(city_sme, objection):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(actor=city_sme, objection=objection, upheld=False, resolution="   ")
    assert excinfo.value.message_dict == {"resolution": [services.RESOLUTION_REQUIRED]}
    assert snapshot() == before


def test_refuses_to_resolve_twice(city_sme, objection):
    services.objection_resolve(actor=city_sme, objection=objection, upheld=False, resolution="不成立")
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="成立")
    assert excinfo.value.messages == [services.ALREADY_RESOLVED.format(status="异议不成立")]
    assert snapshot() == before


# An upheld objection ends the application: PUBLICISED → CITY_REJECTED (objection_upheld).


def _application(entry):
    return Application.objects.get(pk=entry.application_id)


def test_an_upheld_objection_rejects_the_application_at_once_with_its_reason(city_sme, enterprise_admin, objection):
    services.objection_resolve(
        actor=city_sme, objection=objection, upheld=True, resolution=" 项目未竣工，不符合条件。 "
    )
    entry = AwardEntry.objects.get(pk=objection.entry_id)
    assert entry.excluded
    assert _application(entry).status == ApplicationStatus.CITY_REJECTED
    event = AuditEvent.objects.get(verb="award_entry_excluded")
    assert event.actor == city_sme and event.target_id == str(entry.application_id)
    assert event.data == {
        "label": "公示异议成立，不予奖补", "reason": "项目未竣工，不符合条件。", "award_list": entry.award_list_id,
        "entry": entry.pk, "transitions": ["objection_upheld"],
    }  # fmt: skip


def test_the_enterprise_is_told_and_sees_not_supported_with_the_reason(client, city_sme, enterprise_admin, objection):
    before = set(Notification.objects.values_list("pk", flat=True))
    services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="项目未竣工，不符合条件。")
    entry = AwardEntry.objects.get(pk=objection.entry_id)
    application = _application(entry)
    told = Notification.objects.exclude(pk__in=before).get()  # the enterprise's one member, and nobody else
    assert told.recipient == application.enterprise.members.get() and told.application == application
    assert told.title.endswith("状态变为：不予支持")
    assert "公示异议成立，不予奖补" in told.body and "理由：项目未竣工，不符合条件。" in told.body
    last = timeline_for(application)[-1]
    assert (last.what, last.detail, last.who) == (
        "公示异议成立，不予奖补",
        "项目未竣工，不符合条件。",
        city_sme.full_name,
    )
    client.force_login(application.enterprise.members.get())
    body = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert '<dd id="application-state">不予支持</dd>' in body and "项目未竣工，不符合条件。" in body
    assert "公示期间异议成立，不予奖补" in body  # the award line


def test_a_dismissed_objection_leaves_the_application_publicised_and_it_is_awarded(city_sme, objection):
    before = Notification.objects.count()
    services.objection_resolve(actor=city_sme, objection=objection, upheld=False, resolution="已核实竣工。")
    entry = AwardEntry.objects.get(pk=objection.entry_id)
    assert not entry.excluded and _application(entry).status == ApplicationStatus.PUBLICISED
    assert not AuditEvent.objects.filter(verb="award_entry_excluded").exists()
    assert Notification.objects.count() == before
    services.award_list_finalise(actor=city_sme, award_list=entry.award_list, today=AFTER_PERIOD)
    application = _application(entry)
    assert (application.status, application.award_amount) == (ApplicationStatus.AWARDED, entry.amount)


def test_a_second_upheld_objection_to_the_same_entry_changes_nothing_more(city_sme, objection):
    services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="未竣工。")
    second = objection_in(objection.public_notice, day=ENDS_ON, entry=objection.entry)
    services.objection_resolve(actor=city_sme, objection=second, upheld=True, resolution="另查实虚报投资。")
    second.refresh_from_db()
    assert second.status == ObjectionStatus.UPHELD
    assert AuditEvent.objects.filter(verb="award_entry_excluded").count() == 1
    assert _application(objection.entry).status == ApplicationStatus.CITY_REJECTED


def test_refuses_to_uphold_when_the_table_forbids_it_and_writes_nothing(city_sme, objection):
    # The application left PUBLICISED some other way: the table has no objection_upheld from there.
    Application.objects.filter(pk=objection.entry.application_id).update(status=ApplicationStatus.CITY_APPROVED)
    before = snapshot(), Notification.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="成立")
    assert "不能公示异议成立，不予奖补" in excinfo.value.messages[0]
    assert (snapshot(), Notification.objects.count()) == before
