"""The city finance section's co-signature: a page that names what is co-signed and who signs, then the POST."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus
from awards.selectors import award_list_sign_off_facts
from review.forms import SIGN_OFF_UNCHECKED

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:cosign", args=[award_list.pk])


def _shown(award_list, **extra):
    facts = award_list_sign_off_facts(award_list)
    return {"count": facts.count, "total": facts.total, **extra}


def test_the_cosign_step_names_the_list_count_total_and_signer(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    body = client.get(_url(confirmed_list)).content.decode()
    for shown in (f"奖补名单 #{confirmed_list.pk}", "3 项", "100.00 万元（大写：人民币壹佰万元整）",
                  city_finance.full_name, "以本人实名会签"):  # fmt: skip
        assert shown in body, shown


def test_city_finance_cosigns(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    response = client.post(_url(confirmed_list), _shown(confirmed_list, confirm="on"))
    assert response.status_code == 302
    confirmed_list.refresh_from_db()
    assert confirmed_list.status == AwardListStatus.COSIGNED and confirmed_list.finance_cosigned_by == city_finance


def test_without_the_tick_nothing_is_signed(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    response = client.post(_url(confirmed_list), _shown(confirmed_list))
    assert response.status_code == 400 and SIGN_OFF_UNCHECKED in response.content.decode()
    confirmed_list.refresh_from_db()
    assert confirmed_list.status == AwardListStatus.CONFIRMED


def test_cosigning_before_confirmation_is_explained(client, city_finance, draft_list):
    client.force_login(city_finance)
    body = client.post(_url(draft_list), _shown(draft_list, confirm="on")).content.decode()
    assert services.CONFIRM_BEFORE_COSIGN in body
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT


def test_sme_section_is_forbidden(client, city_sme, confirmed_list):
    client.force_login(city_sme)
    assert client.post(_url(confirmed_list), _shown(confirmed_list, confirm="on")).status_code == 403


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_finance", "city_section"])
def test_others_get_404(request, client, persona, confirmed_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(confirmed_list)).status_code == 404


def test_wrong_method(client, city_finance, confirmed_list):
    client.force_login(city_finance)
    assert client.delete(_url(confirmed_list)).status_code == 405
