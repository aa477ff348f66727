"""`manage.py seed_demo`: demo logins under the development settings only, and the address actually
served (issue 20, point 12: it printed http://127.0.0.1:8000 wherever the site ran). With the 2023 pack published
the command seeds the city too: that run, --base-url and what it prints are tested where the city is seeded once
(test_city_load.py: the `city` fixture runs this command)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reference_rows(db):
    """A transactional test that ran earlier on this worker flushed the data-migration rows (jurisdictions,
    bureaus, sections) that the demo officials belong to; restore what is missing (idempotent)."""
    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    load_reference_data(Jurisdiction, Organisation)


@pytest.mark.no_shared_pack  # before any pack is loaded: the logins alone, not the city (about 25 s less)
def test_reads_the_address_from_the_environment(settings, monkeypatch):
    settings.DEMO_DATA_ALLOWED = True
    monkeypatch.setenv("SITE_BASE_URL", "http://localhost:9000/")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "打开 http://localhost:9000/ 登录。" in out.getvalue() and "ent_zhuhui" in out.getvalue()
    assert "已生成演示数据" not in out.getvalue()


def test_refused_outside_the_development_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
