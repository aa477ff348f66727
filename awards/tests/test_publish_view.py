"""The SME section's publish form: start date and working days; the end date is computed."""

import pytest
from django.urls import reverse

from awards import services
from awards.choices import AwardListStatus
from awards.models import PublicNotice
from awards.tests.helpers import ENDS_ON, PUBLISH_DAY

pytestmark = pytest.mark.django_db


def _url(award_list):
    return reverse("awards:publish", args=[award_list.pk])


def test_sme_section_publishes(client, city_sme, cosigned_list, on_day):
    on_day(PUBLISH_DAY)
    client.force_login(city_sme)
    response = client.post(_url(cosigned_list), {"starts_on": "2023-09-25", "working_days": "5"}, follow=True)
    notice = PublicNotice.objects.get()
    assert notice.ends_on == ENDS_ON
    assert "已发布公示：2023年09月25日 至 2023年10月07日（5 个工作日）" in response.content.decode()


def test_errors_are_shown_next_to_the_fields(client, city_sme, cosigned_list, on_day):
    on_day(PUBLISH_DAY)
    client.force_login(city_sme)
    body = client.post(_url(cosigned_list), {"starts_on": "2023-09-21", "working_days": "0"}).content.decode()
    assert services.WORKING_DAYS_RANGE in body and not PublicNotice.objects.exists()
    body = client.post(_url(cosigned_list), {"starts_on": "2023-09-21", "working_days": "5"}).content.decode()
    assert services.START_IN_PAST in body and 'value="2023-09-21"' in body and not PublicNotice.objects.exists()


def test_city_finance_is_forbidden(client, city_finance, cosigned_list, on_day):
    on_day(PUBLISH_DAY)
    client.force_login(city_finance)
    assert client.post(_url(cosigned_list), {"starts_on": "2023-09-25", "working_days": "5"}).status_code == 403
    cosigned_list.refresh_from_db()
    assert cosigned_list.status == AwardListStatus.COSIGNED and not PublicNotice.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_admin", "county_industry", "city_section"])
def test_others_get_404(request, client, persona, cosigned_list):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(cosigned_list), {"starts_on": "2023-09-25", "working_days": "5"}).status_code == 404


def test_wrong_method(client, city_sme, cosigned_list):
    client.force_login(city_sme)
    assert client.get(_url(cosigned_list)).status_code == 405
