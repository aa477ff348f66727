"""award_list_cosign: the city finance section's real-name co-signature, only after the SME section confirmed."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from awards import services
from awards.choices import AwardListStatus
from awards.selectors import award_list_sign_off_facts
from awards.tests.helpers import snapshot
from core.models import AuditEvent
from review.signoff import SIGN_OFF_REQUIRED

pytestmark = pytest.mark.django_db


def test_cosigns_in_the_reviewers_name(city_finance, city_sme, confirmed_list):
    award_list = services.award_list_cosign(
        actor=city_finance, award_list=confirmed_list, confirmed=award_list_sign_off_facts(confirmed_list)
    )
    award_list.refresh_from_db()
    assert award_list.status == AwardListStatus.COSIGNED
    assert award_list.finance_cosigned_by == city_finance and award_list.finance_cosigned_at is not None
    assert award_list.sme_confirmed_by == city_sme  # the first signature stays
    event = AuditEvent.objects.get(verb="award_list_cosigned")
    assert event.actor == city_finance and event.data == {"entries": 3, "total": "100.00"}


def test_refuses_before_the_sme_section_confirmed(city_finance, draft_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_cosign(
            actor=city_finance, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
        )
    assert excinfo.value.messages == [services.CONFIRM_BEFORE_COSIGN]
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["city_sme", "city_section", "county_finance"])
def test_only_city_finance_cosigns(request, persona, confirmed_list):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.award_list_cosign(
            actor=request.getfixturevalue(persona),
            award_list=confirmed_list,
            confirmed=award_list_sign_off_facts(confirmed_list),
        )
    assert snapshot() == before


def test_refuses_without_a_real_name(city_finance, confirmed_list):
    User.objects.filter(pk=city_finance.pk).update(full_name="  ")
    city_finance.refresh_from_db()
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_cosign(
            actor=city_finance, award_list=confirmed_list, confirmed=award_list_sign_off_facts(confirmed_list)
        )
    assert excinfo.value.messages == [services.REAL_NAME_REQUIRED]
    assert snapshot() == before


def test_refuses_a_second_cosignature(city_finance, cosigned_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_cosign(
            actor=city_finance, award_list=cosigned_list, confirmed=award_list_sign_off_facts(cosigned_list)
        )
    assert excinfo.value.messages == [services.WRONG_STATUS.format(status="财政局企业科已会签", action="会签")]
    assert snapshot() == before


def test_refuses_without_the_confirmation_step(city_finance, confirmed_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_cosign(actor=city_finance, award_list=confirmed_list)
    assert excinfo.value.messages == [SIGN_OFF_REQUIRED]
    assert snapshot() == before


def test_refuses_facts_other_than_the_lists(city_finance, confirmed_list):
    shown = award_list_sign_off_facts(confirmed_list)
    assert (shown.count, shown.total) == (3, Decimal("100.00"))
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_cosign(
            actor=city_finance, award_list=confirmed_list, confirmed=replace(shown, total=Decimal("99.00"))
        )
    assert excinfo.value.messages[0].startswith("签署内容已有变化（现为 3 项，奖补金额合计 100.00 万元")
    assert snapshot() == before
