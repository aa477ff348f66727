"""Access to award lists and objections: the two city sections, nobody else; the public notice: anyone, once published."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from awards import permissions

pytestmark = pytest.mark.django_db

CITY = ["city_sme", "city_finance"]
OTHERS = ["enterprise_user", "enterprise_admin", "county_industry", "county_finance", "other_county", "city_section",
          "admin", "auditor"]  # fmt: skip


@pytest.mark.parametrize("persona", CITY)
def test_city_sections_reach_lists_and_objections(request, persona, objection):
    user = request.getfixturevalue(persona)
    assert permissions.get_award_list_for_user_or_404(user, objection.public_notice.award_list_id)
    assert permissions.get_objection_for_user_or_404(user, objection.pk) == objection


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_does(request, persona, objection):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        permissions.get_award_list_for_user_or_404(user, objection.public_notice.award_list_id)
    with pytest.raises(Http404):
        permissions.get_objection_for_user_or_404(user, objection.pk)


def test_anonymous_reaches_nothing_of_the_city(objection):
    assert not permissions.award_lists_visible_to(AnonymousUser()).exists()
    assert not permissions.objections_visible_to(AnonymousUser()).exists()


def test_an_inactive_city_user_is_denied(city_sme, draft_list):
    city_sme.is_active = False
    with pytest.raises(Http404):
        permissions.get_award_list_for_user_or_404(city_sme, draft_list.pk)


def test_public_notice_exists_publicly_once_published_and_after_final(city_sme, notice):
    from awards import services
    from awards.tests.helpers import AFTER_PERIOD

    assert permissions.get_public_notice_or_404(notice.pk) == notice
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    assert permissions.get_public_notice_or_404(notice.pk) == notice


def test_buttons_follow_role_and_status(city_sme, city_finance, draft_list):
    assert permissions.can_confirm_award_list(city_sme, draft_list)
    assert not permissions.can_confirm_award_list(city_finance, draft_list)
    assert not permissions.can_cosign_award_list(city_finance, draft_list)
    draft_list.status = "confirmed"
    assert permissions.can_cosign_award_list(city_finance, draft_list)
    assert not permissions.can_publish_award_list(city_sme, draft_list)
