"""Isolation for every 调减/撤销 and 追回 URL and role: another county's officers, another enterprise, the auditor
and the administrator get 404; a reader who may not act gets 403; a wrong method 405."""

import pytest
from django.urls import reverse

from funds.models import AwardFund, Recovery
from funds.tests.ledger import allocation_issued, pay, two_county_list
from funds.tests.recovery import cosign, decide
from performance.models import Rectification

pytestmark = pytest.mark.django_db

# (URL name, object, method, refused with 404, refused with 403)

OUTSIDERS = ["other_county", "other_county_finance", "other_enterprise", "auditor", "admin"]
CASES = [
    ("recovery_index", None, "get", ["auditor", "admin"], []),
    ("recovery", "fund", "get", OUTSIDERS, []),
    ("adjustment_decide", "fund", "get", OUTSIDERS,
     ["city_finance", "city_section", "county_finance", "county_industry", "enterprise_admin"]),
    ("adjustment_decide", "fund", "post", OUTSIDERS,
     ["city_finance", "city_section", "county_finance", "county_industry", "enterprise_admin"]),
    ("adjustment_cosign", "adjustment", "post", OUTSIDERS,
     ["city_sme", "city_section", "county_finance", "county_industry", "enterprise_admin"]),
    ("recovery_open", "rectification", "post",
     [*OUTSIDERS, "city_sme", "city_section", "county_finance", "county_industry", "enterprise_admin"], []),
    ("repayment_record", "recovery", "post", OUTSIDERS,
     ["county_industry", "enterprise_admin", "city_finance", "city_sme", "city_section"]),
]  # fmt: skip
PARAMS = [
    pytest.param(name, target, method, who, status, id=f"{name}-{method}-{who}")
    for name, target, method, not_found, forbidden in CASES
    for who, status in [*((w, 404) for w in not_found), *((w, 403) for w in forbidden)]
]
WRONG_METHOD = [("recovery_index", None, "post"), ("recovery", "fund", "post"), ("repayment_record", "recovery", "get")]


@pytest.fixture(scope="module")
def world(module_stored_pack, module_persona):
    """The home award (珠晖区), 400,000.00 元 paid, revoked and under recovery, with a 整改 asking for one; built
    once for the module (each case runs in its own savepoint): primary keys only."""
    sme, finance = module_persona("city_sme"), module_persona("city_finance")
    award_list, (home, _) = two_county_list(module_stored_pack, sme=sme, owner=module_persona("enterprise_admin"))
    allocation_issued(award_list, city_finance=finance, city_sme=sme)
    pay(module_persona("county_finance"), home, "400000.00")
    fund = AwardFund.objects.get(application=home)
    adjustment = decide(sme, home)
    cosign(finance, adjustment)
    rectification = Rectification.objects.create(
        application=home, cause=Rectification.Cause.POOR_GRADE, requirement="整改", recovery_requested=True,
        opened_by=sme,
    )  # fmt: skip
    return {"fund": fund.pk, "adjustment": adjustment.pk, "recovery": Recovery.objects.get().pk,
            "rectification": rectification.pk}  # fmt: skip


@pytest.mark.parametrize(("name", "target", "method", "who", "status"), PARAMS)
def test_every_recovery_url_refuses_whom_it_does_not_serve(client, world, persona, name, target, method, who, status):
    client.force_login(persona(who))
    url = reverse(f"funds:{name}", args=[world[target]] if target else [])
    assert getattr(client, method)(url).status_code == status


@pytest.mark.parametrize(("name", "target", "method"), WRONG_METHOD)
def test_a_wrong_method_is_405(client, world, module_persona, name, target, method):
    client.force_login(module_persona("county_finance"))
    url = reverse(f"funds:{name}", args=[world[target]] if target else [])
    assert getattr(client, method)(url).status_code == 405


def test_every_recovery_url_is_covered():
    from funds.views import recovery

    assert {p.name for p in recovery.urlpatterns} == {name for name, *_ in CASES}
