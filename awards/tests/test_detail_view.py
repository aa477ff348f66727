"""The award list page: entries, subtotals and total; the buttons each role may press."""

import pytest
from django.urls import reverse

from applications.models import Application
from awards import services
from awards.tests.helpers import PUBLISH_DAY, STARTS_ON, objection_in, through_publication

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:detail", args=[award_list.pk])


def test_shows_entries_with_enterprise_item_amount_and_totals(client, city_sme, draft_list, approved_applications):
    client.force_login(city_sme)
    body = client.get(_url(draft_list)).content.decode()
    for application in approved_applications:
        assert application.enterprise.name in body
    for text in ("2. 企业智能制造装备贴息项目 小计（2 项）", "70.00", "合计（3 项）", "100.00", "待确认"):
        assert text in body, text


def test_buttons_follow_the_role_and_the_step(client, city_sme, city_finance, draft_list):
    client.force_login(city_sme)
    body = client.get(_url(draft_list)).content.decode()
    assert reverse("awards:confirm", args=[draft_list.pk]) in body
    assert f"以本人实名（{city_sme.full_name}）确认名单" in body
    client.force_login(city_finance)
    body = client.get(_url(draft_list)).content.decode()
    assert reverse("awards:confirm", args=[draft_list.pk]) not in body
    assert reverse("awards:cosign", args=[draft_list.pk]) not in body


def test_cosign_button_for_finance_and_publish_form_for_sme(
    client, city_sme, city_finance, confirmed_list, cosigned_list
):
    client.force_login(city_finance)
    assert reverse("awards:cosign", args=[cosigned_list.pk]) not in client.get(_url(cosigned_list)).content.decode()
    client.force_login(city_sme)
    body = client.get(_url(cosigned_list)).content.decode()
    assert reverse("awards:publish", args=[cosigned_list.pk]) in body and "公示期（工作日）" in body
    assert city_finance.full_name in body  # the real-name co-signature is shown to the city


def test_a_changed_proposed_amount_is_flagged_before_confirmation(client, city_sme, draft_list, approved_applications):
    Application.objects.filter(pk=approved_applications[0].pk).update(proposed_amount="45.50")
    client.force_login(city_sme)
    body = client.get(_url(draft_list)).content.decode()
    assert "科室已调整为 45.50" in body and "有 1 项的科室建议金额在生成名单后有调整" in body


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section", "admin", "auditor"])
def test_others_get_404(request, client, persona, draft_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(draft_list)).status_code == 404


def test_wrong_method(client, city_sme, draft_list):
    client.force_login(city_sme)
    assert client.post(_url(draft_list)).status_code == 405


@pytest.mark.parametrize("count", [3, 20])
def test_query_count(client, city_sme, city_finance, stored_pack, count, django_assert_num_queries):
    award_list, _ = through_publication(stored_pack, sme=city_sme, finance=city_finance, count=count)
    notice = services.public_notice_publish(actor=city_sme, award_list=award_list, starts_on=STARTS_ON,
                                            today=PUBLISH_DAY)  # fmt: skip
    objection_in(notice, day=STARTS_ON)
    client.force_login(city_sme)
    url = _url(award_list)
    client.get(url)
    # 1 session, 2 user (with its organisation, for the header), 3 roles, 4 the list with its pack (not its
    # JSON) and signatories, 5 the notice, 6 entries with enterprise, item and objection counts, 7 unread
    # notifications (header); no session write: a session renewed within the minute is not saved again (core/passive_session.py).
    # The same for 3 entries and for 20.
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert f"名单（共 {count} 项" in body
