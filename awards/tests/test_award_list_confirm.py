"""award_list_confirm: the SME section's real-name confirmation, which freezes the amounts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from applications.models import Application
from awards import services
from awards.choices import AwardListStatus
from awards.selectors import award_list_sign_off_facts
from awards.tests.helpers import approved_many, snapshot
from core.models import AuditEvent
from review.signoff import SIGN_OFF_CHANGED, SIGN_OFF_REQUIRED

pytestmark = pytest.mark.django_db


def test_confirms_in_the_coordinators_name(city_sme, draft_list):
    award_list = services.award_list_confirm(
        actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
    )
    award_list.refresh_from_db()
    assert award_list.status == AwardListStatus.CONFIRMED
    assert award_list.sme_confirmed_by == city_sme and award_list.sme_confirmed_at is not None
    event = AuditEvent.objects.get(verb="award_list_confirmed")
    assert event.actor == city_sme and event.actor_name == city_sme.full_name
    assert event.data == {"entries": 3, "total": "100.00", "amounts_changed": {}}


def test_takes_the_amount_proposed_at_confirmation(city_sme, draft_list, approved_applications):
    first = approved_applications[0]
    Application.objects.filter(pk=first.pk).update(proposed_amount=Decimal("45.50"))
    services.award_list_confirm(actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list))
    entry = draft_list.entries.get(application=first)
    assert entry.amount == Decimal("45.50")
    assert AuditEvent.objects.get(verb="award_list_confirmed").data["amounts_changed"] == {
        str(entry.pk): ["50.00", "45.50"]
    }
    Application.objects.filter(pk=first.pk).update(proposed_amount=Decimal("99"))  # after: the list is frozen
    entry.refresh_from_db()
    assert entry.amount == Decimal("45.50")


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "enterprise_admin"])
def test_only_the_sme_section_confirms(request, persona, draft_list):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.award_list_confirm(
            actor=request.getfixturevalue(persona),
            award_list=draft_list,
            confirmed=award_list_sign_off_facts(draft_list),
        )
    assert snapshot() == before


def test_refuses_without_a_real_name(city_sme, draft_list):
    User.objects.filter(pk=city_sme.pk).update(full_name="")
    city_sme.refresh_from_db()
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(
            actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
        )
    assert excinfo.value.messages == [services.REAL_NAME_REQUIRED]
    assert snapshot() == before


def test_refuses_a_second_confirmation(city_sme, confirmed_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(
            actor=city_sme, award_list=confirmed_list, confirmed=award_list_sign_off_facts(confirmed_list)
        )
    assert excinfo.value.messages == [services.WRONG_STATUS.format(status="中小企业科已确认", action="确认")]
    assert snapshot() == before


def test_refuses_when_an_amount_was_cleared(city_sme, draft_list, approved_applications):
    Application.objects.filter(pk=approved_applications[1].pk).update(proposed_amount=None)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(
            actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
        )
    entry = draft_list.entries.get(application=approved_applications[1])
    assert excinfo.value.messages == [services.ENTRY_WITHOUT_AMOUNT.format(entry=entry)]
    assert snapshot() == before


def test_refuses_when_an_application_left_city_approved(city_sme, draft_list, approved_applications):
    Application.objects.filter(pk=approved_applications[2].pk).update(status="city_review")
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(
            actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
        )
    assert "市级审核中" in excinfo.value.messages[0]
    assert snapshot() == before


@pytest.mark.parametrize("count", [3, 20])
def test_query_count_does_not_grow_with_the_entries(city_sme, stored_pack, count, django_assert_num_queries):
    approved_many(stored_pack, count)
    award_list = services.award_list_create(actor=city_sme, pack=stored_pack)
    Application.objects.update(proposed_amount=Decimal("12.00"))  # every amount changed since
    # savepoint, list (locked), applications (locked), entries, every changed amount in one UPDATE, the list,
    # the audit event (the chain head locked, the event, the head moved: core.audit_chain), release.
    shown = award_list_sign_off_facts(award_list)
    with django_assert_num_queries(10):
        services.award_list_confirm(actor=city_sme, award_list=award_list, confirmed=shown)
    assert set(award_list.entries.values_list("amount", flat=True)) == {Decimal("12.00")}


def test_refuses_without_the_confirmation_step(city_sme, draft_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(actor=city_sme, award_list=draft_list)
    assert excinfo.value.messages == [SIGN_OFF_REQUIRED]
    assert snapshot() == before


def test_refuses_when_the_amounts_changed_since_they_were_shown(city_sme, draft_list, approved_applications):
    shown = award_list_sign_off_facts(draft_list)
    assert (shown.count, shown.total) == (3, Decimal("100.00"))
    Application.objects.filter(pk=approved_applications[0].pk).update(proposed_amount=Decimal("60.00"))
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_confirm(actor=city_sme, award_list=draft_list, confirmed=shown)
    assert excinfo.value.messages == [
        SIGN_OFF_CHANGED.format(count=3, total_label="奖补金额合计", total="110.00 万元（大写：人民币壹佰壹拾万元整）")
    ]
    assert snapshot() == before
