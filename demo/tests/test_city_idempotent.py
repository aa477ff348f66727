"""A second `seed_demo` (a second `make run`) adds nothing: the city is seeded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from applications.models import Application
from core.models import AuditEvent
from demo.city import demo_city_load
from enterprises.models import EnterpriseProfile
from review.models import RecommendationBatch

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), EnterpriseProfile.objects.count(), Application.objects.count(),
            RecommendationBatch.objects.count(), AuditEvent.objects.count())  # fmt: skip


def test_a_second_load_adds_nothing(city):
    before = _counts()
    assert demo_city_load() is False
    assert _counts() == before


def test_a_second_seed_demo_adds_nothing(city, settings):
    settings.DEMO_DATA_ALLOWED = True
    before = _counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "已生成演示数据" not in out.getvalue() and "ent_zhuhui" in out.getvalue()
