"""The try-out page (workbench/views/tryout.py) over stored enterprises: its numbers are what the single-enterprise
engine says of each confirmed enterprise's profile under the published pack and under the draft."""

from __future__ import annotations

import copy
import re

import pytest
from django.urls import reverse

from eligibility.engine import evaluate_pack
from eligibility.reports import ELIGIBLE
from enterprises.selectors import profile_facts
from enterprises.tests.factories import make_profile
from policies.selectors import pack_models
from workbench.services import draft_data_save
from workbench.tests.factories import draft_2024
from workbench.tryout import pack_models_from_data

pytestmark = pytest.mark.django_db


def _rd(expense: float, revenue: float = 100.0) -> dict:
    """R&D and revenue for both profile years, so that the 2023 pack and the 2024 draft read the same ratio."""
    return {
        "rd_expense_2022": expense,
        "operating_revenue_2022": revenue,
        "rd_expense_2023": expense,
        "operating_revenue_2023": revenue,
        "industry_division": "35",
    }


@pytest.fixture
def draft(stored_pack, city_sme):
    """A 2024 draft whose item 3 asks an R&D ratio of 5 % instead of 3 %."""
    draft = draft_2024(actor=city_sme, pack=stored_pack)
    data = copy.deepcopy(draft.data)
    item3 = next(i for i in data["items"] if i["number"] == 3)
    next(c for c in item3["conditions"] if c["id"] == "item3.rd_ratio")["rule"]["value"] = 5
    return draft_data_save(
        actor=city_sme, draft=draft, data=data, what="提高研发投入占比门槛", expected_data_version=draft.data_version
    )


@pytest.fixture
def profiles():
    return {
        "flips": make_profile(data=_rd(4)),
        "stays": make_profile(data=_rd(10)),
        "unknown": make_profile(data={}),
        "pending": make_profile(data=_rd(4), confirmed=False),
    }


def _single_engine(stored_pack, draft, confirmed) -> tuple[int, int, set]:
    published = pack_models(stored_pack)
    drafted = pack_models_from_data(draft.data)
    eligible, changed, changes = 0, 0, set()
    for profile in confirmed:
        facts = profile_facts(profile)
        before = {r.key: r.status for r in evaluate_pack(*published, facts)}
        after = {r.key: r.status for r in evaluate_pack(drafted.pack, drafted.items, facts)}
        eligible += any(s in ELIGIBLE for s in after.values())
        mine = {(profile.organisation.name, key) for key in after if after[key] != before.get(key)}
        changed += bool(mine)
        changes |= mine
    return eligible, changed, changes


def test_tryout_numbers_are_the_single_engines(client, city_sme, stored_pack, draft, profiles):
    client.force_login(city_sme)
    response = client.get(reverse("workbench:tryout", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    confirmed = [profiles[k] for k in ("flips", "stays", "unknown")]
    eligible, changed, changes = _single_engine(stored_pack, draft, confirmed)
    summary = re.sub(r"<[^>]+>", "", html[html.index('id="tryout-summary"') : html.index("</section>")])
    assert f"{eligible} 家企业将符合" in summary
    assert f"{changed} 家企业的结论与已发布政策包不同" in summary
    assert "共试算 3 家已确认企业" in summary
    assert (profiles["flips"].organisation.name, "3") in changes
    table = html[html.index('id="tryout-changes"') :]
    assert table.count("<tr>") - 1 == len(changes)  # a header row, then one row per changed verdict
    assert profiles["flips"].organisation.name in table
    assert profiles["stays"].organisation.name not in table
    assert profiles["pending"].organisation.name not in html  # not confirmed: not tried


def test_other_roles_get_404(client, enterprise_user, city_section, draft):
    for user in (enterprise_user, city_section):
        client.force_login(user)
        assert client.get(reverse("workbench:tryout", args=[draft.pk])).status_code == 404


def test_wrong_method(client, city_sme, draft):
    client.force_login(city_sme)
    assert client.post(reverse("workbench:tryout", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("count", [1, 12])
def test_query_count_does_not_grow_with_the_enterprises(client, city_sme, draft, count, django_assert_num_queries):
    for n in range(count):
        make_profile(data=_rd(n))
    client.force_login(city_sme)
    client.get(reverse("workbench:tryout", args=[draft.pk]))
    # 1 session, 2 user with its organisation (header), 3 roles (the session is not written: the request before
    # renewed it), 4 the draft with its published pack (the pack's text from this process's cache), 5 every
    # confirmed profile with its enterprise's name, 6 unread notifications (header).
    with django_assert_num_queries(6):
        body = client.get(reverse("workbench:tryout", args=[draft.pk])).content.decode()
    assert f"共试算 {count} 家已确认企业" in body


def test_a_long_list_of_changes_is_cut_with_a_note(client, city_sme, draft, profiles, monkeypatch):
    make_profile(data=_rd(4.5))  # a second enterprise whose item 3 changes: two changed verdicts at least
    monkeypatch.setattr("workbench.views.tryout.SHOWN_CHANGES", 1)
    client.force_login(city_sme)
    html = client.get(reverse("workbench:tryout", args=[draft.pk])).content.decode()
    table = html[html.index('id="tryout-changes"') :]
    assert table.count("<tr>") - 1 == 1
    assert re.search(r"共 \d+ 条，仅列出前 1 条。", html)
