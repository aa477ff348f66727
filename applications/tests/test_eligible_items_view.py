"""可申报事项 (applications:eligible_items): an item the notice's exclusions or project limit close to the enterprise
now is shown as not available, with the clause and the application holding the slot."""

import pytest
from django.urls import reverse

from applications.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _item_block(body: str, number: int) -> str:
    start = body.index(f'data-item="{number}"')
    return body[start : body.index("</li>\n", body.index("</details>", start)) + 5]


def test_items_closed_now_say_why(client, stored_pack, profile, enterprise_admin):
    ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=2, submitted=True,
                       receipt_number="HY2023-430405-02-00001")  # fmt: skip
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:eligible_items")).content.decode()
    item12 = _item_block(body, 12)
    assert "暂不能申报" in item12 and "回执号 HY2023-430405-02-00001" in item12
    assert "同一法人企业不能同时申报智能制造装备贴息和“三化”改造项目" in item12
    assert reverse("applications:start", args=[12]) not in item12
    assert "暂不能申报" not in _item_block(body, 2)  # its own application is no reason to close it


def test_forbidden_persona(client, stored_pack, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("applications:eligible_items")).status_code == 404


def test_items_the_enterprise_may_apply_for_come_first(client, stored_pack, profile, enterprise_admin):
    import re

    from eligibility.statuses import ORDER

    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:eligible_items")).content.decode()
    rows = re.findall(r'<li class="result result--(\w+)" data-item="(\d+)', body)
    statuses = [status for status, _ in rows]
    assert statuses[0] in ("met", "needs_evidence") and "unknown" in statuses
    assert statuses == sorted(statuses, key=lambda s: -ORDER[s])
    # Within a status the pack's order stays: item 2 before 12 before 14 (the profile's eligible items) …
    eligible = [int(key) for status, key in rows if status in ("met", "needs_evidence")]
    assert eligible == sorted(eligible) and {2, 12, 14} <= set(eligible)
    # … and all of them before item 1, whose facts the profile lacks.
    order = [int(key) for _, key in rows]
    assert {int(key): status for status, key in rows}[1] == "unknown" and order.index(14) < order.index(1)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["not_met", "met", "unknown", "needs_evidence", "met"], [1, 4, 3, 2, 0]),
        (["unknown", "unknown"], [0, 1]),
        ([], []),
    ],
)
def test_results_eligible_first_is_a_stable_order_by_status(statuses, expected):
    from types import SimpleNamespace

    from applications.selectors import results_eligible_first

    results = [SimpleNamespace(status=s, number=i) for i, s in enumerate(statuses)]
    assert [r.number for r in results_eligible_first(results)] == expected
