"""Issue 16 §12: a real-name act (confirming or co-signing an award list, signing a batch, publishing) needs the
password or a TOTP code given within the last few minutes. After that, the act asks for it on a page that keeps
what was posted, and goes through once it is given; a wrong answer signs nothing and is audited."""

import pytest
from django.urls import reverse

from accounts.reauthentication import SECRET_FIELD
from accounts.second_factor import AUTHENTICATED_AT_KEY
from accounts.tests.factories import PASSWORD
from awards.choices import AwardListStatus
from awards.models import PublicNotice
from awards.selectors import award_list_sign_off_facts
from awards.tests.helpers import PUBLISH_DAY
from core.choices import AuditVerb
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _authenticated_long_ago(client, seconds: int = 3600) -> None:
    session = client.session
    session[AUTHENTICATED_AT_KEY] = session[AUTHENTICATED_AT_KEY] - seconds
    session.save()


def _confirmation(award_list) -> dict:
    facts = award_list_sign_off_facts(award_list)
    return {"count": facts.count, "total": str(facts.total), "confirm": "on"}


def test_a_confirmation_just_after_login_needs_nothing_more(client, city_sme, draft_list):
    client.force_login(city_sme)
    response = client.post(reverse("awards:confirm", args=[draft_list.pk]), _confirmation(draft_list))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(verb=AuditVerb.REAUTHENTICATED).exists()


def test_a_later_confirmation_asks_again_keeps_the_tick_and_signs_after_the_password(client, city_sme, draft_list):
    client.force_login(city_sme)
    _authenticated_long_ago(client)
    url = reverse("awards:confirm", args=[draft_list.pk])
    response = client.post(url, _confirmation(draft_list))
    body = response.content.decode()
    assert response.status_code == 200 and "确认本人操作" in body
    assert 'name="confirm" value="on"' in body and f'name="{SECRET_FIELD}"' in body
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT

    response = client.post(url, {**_confirmation(draft_list), SECRET_FIELD: "Wrong-pass-1"})
    assert response.status_code == 400 and "密码或动态口令不正确" in response.content.decode()
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.DRAFT
    assert AuditEvent.objects.filter(verb=AuditVerb.REAUTHENTICATION_FAILED, actor=city_sme).count() == 1

    response = client.post(url, {**_confirmation(draft_list), SECRET_FIELD: PASSWORD})
    assert response.status_code == 302
    draft_list.refresh_from_db()
    assert draft_list.status == AwardListStatus.CONFIRMED and draft_list.sme_confirmed_by == city_sme
    assert AuditEvent.objects.filter(verb=AuditVerb.REAUTHENTICATED, actor=city_sme).count() == 1


def test_publishing_asks_again_too(client, city_sme, cosigned_list, on_day):
    on_day(PUBLISH_DAY)
    client.force_login(city_sme)
    _authenticated_long_ago(client)
    url = reverse("awards:publish", args=[cosigned_list.pk])
    data = {"starts_on": "2023-09-25", "working_days": "5"}
    body = client.post(url, data).content.decode()
    assert 'name="starts_on" value="2023-09-25"' in body and not PublicNotice.objects.exists()
    assert client.post(url, {**data, SECRET_FIELD: PASSWORD}).status_code == 302
    assert PublicNotice.objects.get().starts_on.isoformat() == "2023-09-25"
