"""The public notice (no login): entries without personal data, the period, and the objection form."""

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application
from awards import services, validators
from awards.models import Objection
from awards.tests.helpers import (
    AFTER_PERIOD,
    ENDS_ON,
    OBJECTOR_ID,
    OBJECTOR_NAME,
    OBJECTOR_PHONE,
    PUBLISH_DAY,
    STARTS_ON,
    objection_in,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(notice):
    return reverse("awards:public_notice", args=[notice.pk])


def _form(notice, **fields):
    return {"entry": notice.award_list.entries.first().pk, "name": OBJECTOR_NAME, "phone": OBJECTOR_PHONE,
            "id_number": "", "content": "该企业项目尚未竣工。", "captcha_0": "test", "captcha_1": "PASSED", **fields}  # fmt: skip


def test_lists_enterprises_items_amounts_and_the_period(client, notice, on_day, approved_applications):
    on_day(STARTS_ON)
    body = client.get(_url(notice)).content.decode()
    for application in approved_applications:
        assert application.enterprise.name in body
    for text in ("2. ", "5. ", "50.00", "30.00", "20.00", "100.00", "2023年9月25日 至 2023年10月7日", "公示期 5 个工作日",
                 "提出异议", 'name="csrfmiddlewaretoken"'):  # fmt: skip
        assert text in body, text


def test_shows_no_personal_data(
    client, notice, on_day, approved_applications, city_sme, city_finance, enterprise_admin
):
    objection_in(notice, day=STARTS_ON, id_number=OBJECTOR_ID)
    on_day(STARTS_ON)
    body = client.get(_url(notice)).content.decode()
    people = {OBJECTOR_NAME, OBJECTOR_PHONE, OBJECTOR_ID, city_sme.full_name, city_finance.full_name,
              enterprise_admin.full_name, enterprise_admin.mobile, "赵法人", "周法人"}  # fmt: skip
    for application in Application.objects.all():
        people |= {application.contact_name, application.contact_phone, application.commitment_signer}
    people.discard("")
    assert "13907340000" in people and "钱联系" in people  # the enterprise's contact mobile and name
    for secret in people:
        assert secret not in body, secret


def test_a_valid_objection_is_recorded_and_acknowledged(client, notice, on_day):
    on_day(STARTS_ON)
    response = client.post(_url(notice), _form(notice), follow=True)
    objection = Objection.objects.get()
    assert objection.objector_name == OBJECTOR_NAME and objection.objector_phone == OBJECTOR_PHONE
    body = response.content.decode()
    assert f"受理编号 {objection.pk}" in body and OBJECTOR_NAME not in body


def test_errors_are_shown_next_to_the_fields_and_what_was_typed_is_kept(client, notice, on_day):
    on_day(STARTS_ON)
    response = client.post(_url(notice), _form(notice, phone="8855130", content=""))
    body = response.content.decode()
    assert response.status_code == 200 and not Objection.objects.exists()
    phone_field = body[body.index('id="field-phone"') : body.index('id="field-id_number"')]
    assert validators.PHONE_INVALID in phone_field and 'value="8855130"' in phone_field
    content_field = body[body.index('id="field-content"') :]
    assert validators.CONTENT_REQUIRED in content_field
    assert f'value="{OBJECTOR_NAME}"' in body


def test_the_form_is_csrf_protected(notice, on_day):
    on_day(STARTS_ON)
    response = Client(enforce_csrf_checks=True).post(_url(notice), _form(notice))
    assert response.status_code == 403 and not Objection.objects.exists()


def test_after_the_period_the_form_is_gone_and_a_post_is_refused(client, notice, on_day):
    on_day(AFTER_PERIOD)
    body = client.get(_url(notice)).content.decode()
    assert "公示期已结束" in body and 'name="content"' not in body
    events = AuditEvent.objects.count()
    body = client.post(_url(notice), _form(notice)).content.decode()
    assert services.OUTSIDE_PERIOD.format(starts=STARTS_ON, ends=ENDS_ON) in body
    assert not Objection.objects.exists() and AuditEvent.objects.count() == events


def test_before_the_period_the_form_waits(client, notice, on_day):
    on_day(PUBLISH_DAY)
    body = client.get(_url(notice)).content.decode()
    assert "公示期尚未开始" in body and 'name="content"' not in body


def test_a_list_not_yet_published_has_no_public_page(client, cosigned_list):
    assert client.get(reverse("awards:public_notice", args=[cosigned_list.pk])).status_code == 404


def test_wrong_method(client, notice):
    assert client.put(_url(notice)).status_code == 405


def test_query_count(client, notice, on_day, django_assert_num_queries):
    on_day(STARTS_ON)
    # 1 the notice with its list and pack; 2 the rows; 3 the entries for the form's choices; 4 the CAPTCHA's new
    # challenge (its INSERT).
    with django_assert_num_queries(4):
        client.get(_url(notice))
