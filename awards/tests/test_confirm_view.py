"""The SME section's confirmation: a page that names what is confirmed and who confirms it, then the POST."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus
from awards.selectors import award_list_sign_off_facts
from review.forms import SIGN_OFF_UNCHECKED

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:confirm", args=[award_list.pk])


def _shown(award_list, **extra):
    facts = award_list_sign_off_facts(award_list)
    return {"count": facts.count, "total": facts.total, **extra}


def test_the_confirmation_step_names_the_list_count_total_and_signer(client, city_sme, draft_list):
    client.force_login(city_sme)
    response = client.get(_url(draft_list))
    body = response.content.decode()
    assert response.status_code == 200
    for shown in (f"衡市工信〔2023〕51号 奖补名单 #{draft_list.pk}", "3 项", "100.00 万元（大写：人民币壹佰万元整）",
                  city_sme.full_name, 'name="csrfmiddlewaretoken"', 'type="checkbox"'):  # fmt: skip
        assert shown in body, shown
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT  # looking signs nothing


def test_sme_section_confirms_with_the_tick(client, city_sme, draft_list):
    client.force_login(city_sme)
    response = client.post(_url(draft_list), _shown(draft_list, confirm="on"))
    assert response.status_code == 302 and response["Location"] == reverse("awards:detail", args=[draft_list.pk])
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.CONFIRMED and draft_list.sme_confirmed_by == city_sme


def test_without_the_tick_nothing_is_signed(client, city_sme, draft_list):
    client.force_login(city_sme)
    response = client.post(_url(draft_list), _shown(draft_list))
    assert response.status_code == 400 and SIGN_OFF_UNCHECKED in response.content.decode()
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT


def test_a_refusal_is_explained(client, city_sme, confirmed_list):
    client.force_login(city_sme)
    body = client.post(_url(confirmed_list), _shown(confirmed_list, confirm="on")).content.decode()
    assert services.WRONG_STATUS.format(status="中小企业科已确认", action="确认") in body


def test_nothing_to_confirm_leads_back_to_the_list(client, city_sme, confirmed_list):
    client.force_login(city_sme)
    response = client.get(_url(confirmed_list))
    assert response.status_code == 302 and response["Location"] == reverse("awards:detail", args=[confirmed_list.pk])


def test_city_finance_is_forbidden(client, city_finance, draft_list):
    client.force_login(city_finance)
    assert client.post(_url(draft_list), _shown(draft_list, confirm="on")).status_code == 403
    assert client.get(_url(draft_list)).status_code == 403
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, draft_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(draft_list)).status_code == 404
    assert client.get(_url(draft_list)).status_code == 404


def test_wrong_method(client, city_sme, draft_list):
    client.force_login(city_sme)
    assert client.put(_url(draft_list)).status_code == 405
