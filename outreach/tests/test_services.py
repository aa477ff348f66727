"""push_notify and push_mute_set: who is told, who is skipped and why, what is written and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.tests.factories import make_user
from applications.tests.factories import ApplicationFactory
from core.choices import AuditVerb
from core.models import AuditEvent
from eligibility.models import EligibilityResult
from notifications.choices import NotificationVerb
from notifications.models import Notification
from outreach import services
from outreach.models import PushMute, PushNotice
from outreach.selectors import candidates_for_county

pytestmark = pytest.mark.django_db


def _probable_items(pack, enterprise) -> list[int]:
    return sorted(
        set(
            EligibilityResult.objects.filter(
                pack=pack, enterprise=enterprise, status__in=["met", "needs_evidence"]
            ).values_list("item_number", flat=True)
        )
    )


def test_the_county_notifies_its_enterprise_once_with_its_items(
    stored_pack, evaluated, county_industry, enterprise_admin
):
    mine, _ = evaluated
    outcome = services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=[mine.pk])
    assert (outcome.notified, outcome.muted, outcome.recent) == (1, 0, 0)
    message = Notification.objects.get(recipient=enterprise_admin, verb=NotificationVerb.ELIGIBILITY_PUSH)
    items = _probable_items(stored_pack, mine)
    assert items and message.title == services.PUSH_TITLE.format(count=len(items))
    assert all(f"第{n}项" in message.body for n in items)
    assert sorted(PushNotice.objects.filter(enterprise=mine).values_list("item_number", flat=True)) == items
    event = AuditEvent.objects.filter(verb=AuditVerb.ELIGIBILITY_PUSHED).latest("pk")
    assert event.data["notified"] == [mine.pk] and event.actor == county_industry
    assert outcome.message == "已通知 1 家企业；跳过 0 家（0 家已设置不接收提醒，0 家近 30 天内已通知过）。"


def test_a_second_push_within_the_window_skips_what_was_sent(stored_pack, evaluated, county_industry, county_finance):
    mine, _ = evaluated
    services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=None)
    again = services.push_notify(actor=county_finance, pack=stored_pack, enterprise_ids=None)
    assert (again.notified, again.recent) == (0, 1)
    assert Notification.objects.filter(verb=NotificationVerb.ELIGIBILITY_PUSH).count() == 1


def test_a_muted_enterprise_is_skipped_and_counted(stored_pack, evaluated, county_industry, enterprise_admin):
    mine, _ = evaluated
    services.push_mute_set(actor=enterprise_admin, enterprise=mine, muted=True)
    outcome = services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=[mine.pk])
    assert (outcome.notified, outcome.muted) == (0, 1)
    assert not Notification.objects.filter(verb=NotificationVerb.ELIGIBILITY_PUSH).exists()
    assert not PushNotice.objects.exists()


def test_another_countys_enterprises_are_never_notified(stored_pack, evaluated, county_industry, other_county):
    mine, elsewhere = evaluated
    outcome = services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=[elsewhere.pk])
    assert outcome.notified == 0 and not PushNotice.objects.exists()
    outcome = services.push_notify(actor=other_county, pack=stored_pack, enterprise_ids=None)
    assert outcome.notified == 1
    assert set(PushNotice.objects.values_list("enterprise_id", flat=True)) == {elsewhere.pk}


def test_an_item_applied_for_is_not_a_candidate(stored_pack, evaluated, county_industry):
    mine, _ = evaluated
    applied = _probable_items(stored_pack, mine)[0]
    ApplicationFactory(enterprise=mine, pack=stored_pack, number=applied)
    left = candidates_for_county(pack=stored_pack, jurisdiction_id=mine.jurisdiction_id)
    assert applied not in set(left.values_list("item_number", flat=True))
    services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=[mine.pk])
    assert applied not in set(PushNotice.objects.values_list("item_number", flat=True))


@pytest.mark.parametrize("persona", ["enterprise_admin", "city_sme", "admin"])
def test_only_a_county_reviewer_may_push(request, stored_pack, evaluated, persona):
    with pytest.raises(PermissionDenied):
        services.push_notify(actor=request.getfixturevalue(persona), pack=stored_pack, enterprise_ids=None)
    assert not PushNotice.objects.exists()


def test_after_the_deadline_nothing_is_pushed(stored_pack, county_industry, enterprise_admin):
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from eligibility.services import results_evaluate_pack
    from enterprises.tests.factories import make_profile

    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    results_evaluate_pack(actor=None, pack=stored_pack)
    with pytest.raises(PermissionDenied, match="申报已截止"):
        services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=None)
    assert not Notification.objects.exists()


def test_mute_and_unmute_are_audited_and_idempotent(evaluated, enterprise_admin):
    mine, _ = evaluated
    assert services.push_mute_set(actor=enterprise_admin, enterprise=mine, muted=True) is True
    assert services.push_mute_set(actor=enterprise_admin, enterprise=mine, muted=True) is False
    assert PushMute.objects.filter(enterprise=mine).exists()
    assert services.push_mute_set(actor=enterprise_admin, enterprise=mine, muted=False) is True
    assert not PushMute.objects.exists()
    events = AuditEvent.objects.filter(verb=AuditVerb.ELIGIBILITY_PUSH_MUTED).order_by("pk")
    assert [e.data for e in events] == [{"muted": True}, {"muted": False}]


def test_another_enterprises_member_cannot_mute(evaluated):
    from accounts.choices import Role

    mine, elsewhere = evaluated
    stranger = make_user(Role.ENTERPRISE_ADMIN, elsewhere)
    with pytest.raises(PermissionDenied):
        services.push_mute_set(actor=stranger, enterprise=mine, muted=True)
    assert not PushMute.objects.exists()


def test_the_email_copy_goes_after_commit(
    stored_pack, evaluated, county_industry, enterprise_admin, settings, mailoutbox, django_capture_on_commit_callbacks
):
    mine, _ = evaluated
    settings.EMAIL_HOST = "smtp.example.invalid"
    enterprise_admin.email = "agent@example.invalid"
    enterprise_admin.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.push_notify(actor=county_industry, pack=stored_pack, enterprise_ids=[mine.pk])
        assert mailoutbox == []  # nothing before the commit
    assert [m.to for m in mailoutbox] == [["agent@example.invalid"]]
    assert "政策推送：贵单位可能符合" in mailoutbox[0].subject
