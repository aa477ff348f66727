"""The 公示 period's default is the pack's (pack.yaml `public_notice.working_days`), not a number in code: the
service publishes for it when the city gives none, and the publish form starts from it."""

import copy
import datetime as dt

import pytest
from django.urls import reverse

from awards import services
from awards.models import AwardList
from awards.selectors import public_notice_working_days
from awards.tests.helpers import PUBLISH_DAY, STARTS_ON
from policies.models import PolicyPack

pytestmark = pytest.mark.django_db


def _pack_days(award_list, days):
    """The list's pack as if its pack.yaml said `public_notice: {working_days: days}` (a new digest, so the
    process's cache of pack texts reads it anew)."""
    pack = award_list.pack
    data = copy.deepcopy(pack.data)
    data["pack"]["public_notice"] = {"working_days": days}
    PolicyPack.objects.filter(pk=pack.pk).update(data=data, digest=f"{days:064d}")
    return AwardList.objects.get(pk=award_list.pk)


def test_the_default_is_the_packs_and_the_formats_for_an_older_pack():
    assert (
        public_notice_working_days(AwardList(pack=PolicyPack(data={"pack": {"public_notice": {"working_days": 7}}})))
        == 7
    )
    assert public_notice_working_days(AwardList(pack=PolicyPack(data={"pack": {}}))) == 5


def test_the_2023_pack_says_five_working_days(stored_pack):
    assert stored_pack.data["pack"]["public_notice"] == {"working_days": 5}


def test_publishing_without_a_period_takes_the_packs(city_sme, cosigned_list):
    award_list = _pack_days(cosigned_list, 7)
    notice = services.public_notice_publish(
        actor=city_sme, award_list=award_list, starts_on=STARTS_ON, today=PUBLISH_DAY
    )
    # From Monday 2023-09-25: 25-28 September, the make-up Saturday 10-07 and Sunday 10-08, then Monday 10-09.
    assert (notice.working_days, notice.ends_on) == (7, dt.date(2023, 10, 9))


def test_the_publish_form_starts_from_the_packs_period(client, city_sme, cosigned_list):
    award_list = _pack_days(cosigned_list, 7)
    client.force_login(city_sme)
    body = client.get(reverse("awards:detail", args=[award_list.pk])).content.decode()
    assert 'name="working_days" value="7"' in body
