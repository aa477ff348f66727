"""Issue 16 §4: objections to a 公示 are limited per address and per objector's phone number, and carry an image
CAPTCHA. The issue's measurement: 30 objections posted in 0.4 s all went through, and each had to be resolved
before the list could be finalised."""

import pytest
from django.urls import reverse

from awards.models import Objection
from awards.tests.helpers import OBJECTOR_NAME, STARTS_ON
from core.captcha import CAPTCHA_REQUIRED
from core.models import AuditEvent
from core.ratelimit import RATE_LIMITED

pytestmark = pytest.mark.django_db

REFUSED = RATE_LIMITED.split("{")[0]  # "操作过于频繁，请在"


def _form(notice, phone, **fields):
    return {
        "entry": notice.award_list.entries.first().pk, "name": OBJECTOR_NAME, "phone": phone, "id_number": "",
        "content": "该企业项目尚未竣工。", "captcha_0": "test", "captcha_1": "PASSED", **fields,
    }  # fmt: skip


def test_a_burst_of_30_objections_from_one_address_is_mostly_refused(client, notice, on_day):
    on_day(STARTS_ON)
    url = reverse("awards:public_notice", args=[notice.pk])
    statuses = [
        client.post(url, _form(notice, f"1360734{n:04d}"), REMOTE_ADDR="198.51.100.30").status_code for n in range(30)
    ]
    assert statuses.count(302) == 10 and statuses.count(429) == 20  # RATE_LIMITS["objection"]["ip"]: 10 an hour
    assert Objection.objects.count() == 10
    assert AuditEvent.objects.filter(verb="objection_submitted").count() == 10


def test_the_refusal_is_chinese_at_the_form_and_keeps_what_was_typed(client, notice, on_day, settings):
    settings.RATE_LIMITS = {"objection": {"ip": "1/h"}}
    on_day(STARTS_ON)
    url = reverse("awards:public_notice", args=[notice.pk])
    assert client.post(url, _form(notice, "13607340001")).status_code == 302
    response = client.post(url, _form(notice, "13607340002", content="第二条异议的内容。"))
    body = response.content.decode()
    assert response.status_code == 429 and Objection.objects.count() == 1
    objection_form = body[body.index('id="objection"') :]
    assert REFUSED in objection_form and "分钟后再试" in objection_form
    assert "第二条异议的内容。" in objection_form and 'value="13607340002"' in objection_form


def test_one_phone_number_from_many_addresses_is_limited(client, notice, on_day):
    on_day(STARTS_ON)
    url = reverse("awards:public_notice", args=[notice.pk])
    statuses = [
        client.post(url, _form(notice, "13607349999"), REMOTE_ADDR=f"203.0.113.{n}").status_code for n in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2  # RATE_LIMITS["objection"]["account"]: 5 a day


def test_an_objection_without_the_captcha_is_refused(client, notice, on_day):
    on_day(STARTS_ON)
    url = reverse("awards:public_notice", args=[notice.pk])
    data = _form(notice, "13607340003")
    del data["captcha_1"]
    response = client.post(url, data)
    assert response.status_code == 200 and not Objection.objects.exists()
    assert CAPTCHA_REQUIRED in response.content.decode()
