"""Isolation for every funds page URL (ledger, 资金下达, 拨付): each role that must not reach an object gets 404
(another county's officers, another enterprise, the auditor and the administrator), and each role that may see
it but not act gets 403. The world: one award of `enterprise_admin` (珠晖区), allocated and paid once, in an
allocation that carries no award of the other county."""

import pytest
from django.urls import reverse

from funds.models import AwardFund
from funds.tests.ledger import OTHER, allocation_issued, enterprise_in, pay
from performance.tests.awarded import awarded_list

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_county", "other_county_finance", "other_enterprise", "enterprise_user", "auditor", "admin"]
CITY = ["city_finance", "city_sme", "city_section"]


@pytest.fixture(scope="module")
def world(module_stored_pack, module_persona):
    """Built once for the module's cases (each case runs in its own savepoint): primary keys only."""
    sme, finance, owner = module_persona("city_sme"), module_persona("city_finance"), module_persona("enterprise_admin")
    award_list, (application,) = awarded_list(module_stored_pack, sme=sme, owners=[owner])
    allocation = allocation_issued(award_list, city_finance=finance, city_sme=sme)
    payment = pay(module_persona("county_finance"), application, "10000.00")
    # A final list awaiting its allocation, for the create page.
    waiting, _ = awarded_list(module_stored_pack, sme=sme, owners=[enterprise_in(OTHER)])
    fund = AwardFund.objects.get(application=application)
    return {"allocation": allocation.pk, "fund": fund.pk, "payment": payment.pk, "list": waiting.pk}


# (URL name, the object its pk names, method, personas refused with 404, personas refused with 403)
CASES = [
    ("ledger", None, "get", ["auditor", "admin"], []),
    ("allocation_index", None, "get", ["enterprise_admin", "enterprise_user", "auditor", "admin"], []),
    ("allocation_create", "list", "get",
     ["city_sme", "city_section", "county_finance", "county_industry", "enterprise_admin", *OUTSIDERS], []),
    ("allocation_create", "list", "post",
     ["city_sme", "city_section", "county_finance", "county_industry", "enterprise_admin", *OUTSIDERS], []),
    ("allocation", "allocation", "get", ["enterprise_admin", *OUTSIDERS], []),
    ("allocation_confirm", "allocation", "post", ["enterprise_admin", *OUTSIDERS],
     ["city_sme", "city_section", "county_finance", "county_industry"]),
    ("allocation_cosign", "allocation", "post", ["enterprise_admin", *OUTSIDERS],
     ["city_finance", "city_section", "county_finance", "county_industry"]),
    ("fund", "fund", "get", OUTSIDERS, []),
    ("payment_record", "fund", "post", OUTSIDERS, ["county_industry", "enterprise_admin", *CITY]),
    ("receipt_confirm", "payment", "post", OUTSIDERS, ["county_finance", "county_industry", *CITY]),
    ("discrepancy_report", "payment", "post", OUTSIDERS, ["county_finance", "county_industry", *CITY]),
    ("disbursement_correct", "payment", "post", OUTSIDERS, ["county_industry", "enterprise_admin", *CITY]),
]  # fmt: skip

PARAMS = [
    pytest.param(name, target, method, who, status, id=f"{name}-{method}-{who}")
    for name, target, method, not_found, forbidden in CASES
    for who, status in [*((w, 404) for w in not_found), *((w, 403) for w in forbidden)]
]


@pytest.mark.parametrize(("name", "target", "method", "who", "status"), PARAMS)
def test_every_funds_url_refuses_whom_it_does_not_serve(client, world, persona, name, target, method, who, status):
    client.force_login(persona(who))
    url = reverse(f"funds:{name}", args=[world[target]] if target else [])
    response = getattr(client, method)(url)
    assert response.status_code == status


def test_every_funds_page_url_is_covered():
    from funds.views import allocation, disbursement, ledger

    names = {p.name for module in (ledger, allocation, disbursement) for p in module.urlpatterns}
    assert names == {case[0] for case in CASES}
