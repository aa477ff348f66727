"""Fixtures for awards: the 2023 pack, approved applications, and a list at each step of its way.

The period used throughout starts on Monday 2023-09-25 and runs 5 working days across the National
Day holiday (2023-09-29 … 10-06): 25, 26, 27, 28 September and Saturday 7 October (a make-up working day).
"""

import datetime as dt

import pytest

from awards import services
from awards.selectors import award_list_sign_off_facts
from awards.tests.helpers import PUBLISH_DAY, STARTS_ON, approved, objection_in, other_enterprise_admin


@pytest.fixture
def approved_applications(stored_pack, profile, enterprise_admin):
    """Two enterprises: one with items 2 (50 万元) and 5 (30 万元), another with item 2 (20 万元)."""
    other = other_enterprise_admin()
    return [
        approved(stored_pack, enterprise_admin, 2, "50.00"),
        approved(stored_pack, enterprise_admin, 5, "30.00"),
        approved(stored_pack, other, 2, "20.00"),
    ]


@pytest.fixture
def draft_list(city_sme, stored_pack, approved_applications):
    return services.award_list_create(actor=city_sme, pack=stored_pack)


@pytest.fixture
def confirmed_list(city_sme, draft_list):
    return services.award_list_confirm(
        actor=city_sme, award_list=draft_list, confirmed=award_list_sign_off_facts(draft_list)
    )


@pytest.fixture
def cosigned_list(city_finance, confirmed_list):
    return services.award_list_cosign(
        actor=city_finance, award_list=confirmed_list, confirmed=award_list_sign_off_facts(confirmed_list)
    )


@pytest.fixture
def notice(city_sme, cosigned_list):
    return services.public_notice_publish(
        actor=city_sme, award_list=cosigned_list, starts_on=STARTS_ON, working_days=5, today=PUBLISH_DAY
    )


@pytest.fixture
def objection(notice):
    return objection_in(notice, day=dt.date(2023, 9, 26))


@pytest.fixture
def on_day(monkeypatch):
    """Set the day the views judge the public period on."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr("awards.views._today", lambda: day)

    return set_day
