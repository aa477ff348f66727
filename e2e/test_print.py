"""Print view: an application and a work list print from the browser without the site's navigation,
buttons and filters, with the platform name and the time on top (core/print.css)."""

import pytest

from accounts.models import User
from applications import services
from applications.tests.helpers import complete
from demo.seed import demo_data_load
from e2e.session import login
from policies.models import SupportItem
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_application_and_worklist_print_cleanly(page, live_server):
    base = live_server.url
    pack_load(actor=None, directory=PACK_2023)
    demo_data_load()
    owner = User.objects.get(username="ent_zhuhui")
    application = complete(
        services.application_create(actor=owner, enterprise=owner.organisation, item=SupportItem.objects.get(number=2)),
        owner,
    )
    application = services.application_submit(actor=owner, application=application)

    login(page, base, "zhuhui_gx")
    for path in (f"/applications/{application.pk}/", "/review/"):
        page.goto(f"{base}{path}")
        assert page.locator(".site-nav").is_visible()
        assert not page.locator(".print-header").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".site-nav").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert page.locator(".print-header").is_visible()
        assert "打印时间" in page.locator(".print-header").inner_text()
        assert page.locator("h1").is_visible()
        for selector in ("button", ".filter-form", "#documents"):
            for element in page.locator(selector).all():
                assert not element.is_visible(), selector
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
        page.emulate_media(media="screen")
    # The application's data is on the printed page.
    page.goto(f"{base}/applications/{application.pk}/")
    page.emulate_media(media="print")
    assert application.receipt_number in page.locator("main").inner_text()
