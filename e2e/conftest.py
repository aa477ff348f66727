"""Playwright in Debian's chromium (/usr/bin/chromium); never a downloaded browser.

Without chromium the browser tests are skipped, except when REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure: a skip must never hide a missing install step.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or REQUIRE_BROWSER:
        return  # with REQUIRE_BROWSER=1 the browser fixture fails loudly instead
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=f"chromium not installed at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER=1 but chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser lives; the
    # ORM calls tests and database teardown make meanwhile are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def reference_data(reference_data, browser):
    """Every journey starts from the reference rows (the root conftest's fixture), the browser up."""
    return reference_data


@pytest.fixture(autouse=True)
def demo_passwords_allowed(settings):
    """The journeys sign in as the demo's people, with the demo's password, which only the demo may use
    (accounts.validators.DemoPasswordValidator)."""
    settings.DEMO_DATA_ALLOWED = True


@pytest.fixture
def draft(live_server):
    """A 2024 workbench draft of the 2023 pack, prepared by the demo's 中小企业科 coordinator (city_sme_summary),
    for the workbench journeys (a module may define its own)."""
    from accounts.models import User
    from demo.seed import demo_data_load
    from policies.services import pack_load
    from policies.tests.formtools import PACK_2023
    from workbench.services import draft_create_from_pack

    pack, _ = pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    actor = User.objects.get(username="city_sme_summary")
    return draft_create_from_pack(actor=actor, pack=pack, year=2024, pack_id="hengyang-2024-gxj")


@pytest.fixture
def demo_city_rows(live_server, tmp_path_factory):
    """The 2023 pack, the demo logins and the demo city, as `make run` seeds them (pack_load, demo_data_load,
    demo_city_load): seeded by the first journey of the session that asks, copied for the others on any worker
    (e2e/snapshot.py). Returns demo_data_load's rows, one per demo login."""
    from django.db import connection

    from demo.city import demo_city_load
    from demo.seed import demo_data_load
    from e2e.snapshot import seeded_once
    from policies.services import pack_load
    from policies.tests.formtools import PACK_2023

    def seed() -> list[dict]:
        pack_load(actor=None, directory=PACK_2023)
        rows = demo_data_load()
        assert demo_city_load() is True
        return rows

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's directory, above each worker's own
    return seeded_once(shared / f"demo-city-{connection.vendor}", seed)
