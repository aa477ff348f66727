"""The try-out's comparison (workbench/tryout.py), pure: its numbers are those the single-enterprise engine
gives each enterprise under either pack."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given, strategies
from hypothesis import settings as hypothesis_settings

from eligibility import statuses as st
from eligibility.engine import evaluate_pack
from eligibility.reports import ELIGIBLE
from policies.facts import FACTS
from policies.pack.loader import load_pack
from workbench import tryout

PACK_FOLDER = Path(settings.BASE_DIR) / "policy_packs" / "hengyang-2023-gxj51"
CODES = {
    "industry_category": ["C", "I", "A"],
    "industry_division": ["35", "39", "65", "13"],
    "industry_group": ["351", "392", "651"],
    "industry_class": ["3511", "3921", "6513"],
    "smart_manufacturing_maturity_level": ["0", "1", "2", "3", "4"],
}


@pytest.fixture(scope="module")
def data() -> dict:
    loaded = load_pack(PACK_FOLDER)
    return {
        "pack": loaded.pack.model_dump(mode="json"),
        "items": [i.model_dump(mode="json") for i in loaded.items],
        "forms": {},
        "cases": None,
    }


def _condition(data: dict, condition_id: str) -> dict:
    for item in data["items"]:
        for condition in item["conditions"]:
            if condition["id"] == condition_id:
                return condition
    raise LookupError(condition_id)


@pytest.fixture(scope="module")
def drafted(data) -> dict:
    """The draft: item 3's R&D ratio threshold raised, and item 14 removed."""
    draft = copy.deepcopy(data)
    rule = _condition(draft, "item3.rd_ratio")["rule"]
    rule["value"] = rule["value"] + 2
    draft["items"] = [i for i in draft["items"] if i["number"] != 14]
    return draft


def _fact_values(name: str):
    fact = FACTS[name]
    if fact.type == "boolean":
        values = strategies.booleans()
    elif fact.type == "code":
        values = strategies.sampled_from(CODES.get(name, ["1"]))
    elif fact.type == "integer":
        values = strategies.integers(min_value=0, max_value=30).map(float)
    else:
        values = strategies.floats(min_value=0, max_value=3000, allow_nan=False).map(lambda v: round(v, 1))
    return strategies.one_of(strategies.none(), values)


def _enterprises(names: list[str]):
    facts = strategies.fixed_dictionaries({n: _fact_values(n) for n in names}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )
    return strategies.lists(facts, min_size=1, max_size=6).map(
        lambda rows: [tryout.EnterpriseFacts(i + 1, f"企业{i + 1}", row) for i, row in enumerate(rows)]
    )


def _single_engine(models: tryout.PackModels, facts: dict) -> dict[str, str]:
    return {r.key: r.status for r in evaluate_pack(models.pack, models.items, facts)}


def _expected(draft: tryout.PackModels, published: tryout.PackModels, enterprises):
    """What the try-out must report, enterprise by enterprise from the single-enterprise engine."""
    changes, eligible, changed = set(), 0, 0
    for e in enterprises:
        after, before = _single_engine(draft, e.facts), _single_engine(published, e.facts)
        mine = set()
        for key in after.keys() | before.keys():
            a, b = after.get(key), before.get(key)
            differs = a != b if a and b else (a or b) in ELIGIBLE
            if differs:
                label = lambda s: st.LABELS[s] if s else tryout.NO_ITEM  # noqa: E731
                mine.add((e.enterprise_id, key, label(b), label(a)))
        changes |= mine
        eligible += any(s in ELIGIBLE for s in after.values())
        changed += bool(mine)
    return changes, eligible, changed


@given(strategies.data())
@hypothesis_settings(max_examples=40, deadline=None)
def test_tryout_agrees_with_the_single_enterprise_engine(data, drafted, draws):
    published = tryout.pack_models_from_data(data)
    draft = tryout.pack_models_from_data(drafted)
    enterprises = draws.draw(_enterprises(tryout.facts_used([published, draft])))
    result = tryout.tryout_compare(draft=draft, published=published, enterprises=enterprises)
    changes, eligible, changed = _expected(draft, published, enterprises)
    assert {(c.enterprise_id, c.item_key, c.published, c.draft) for c in result.changes} == changes
    assert (result.enterprise_count, result.eligible_count, result.changed_count) == (
        len(enterprises),
        eligible,
        changed,
    )


def test_a_raised_threshold_changes_the_verdict_of_an_enterprise_between_the_two(data, drafted):
    published = tryout.pack_models_from_data(data)
    draft = tryout.pack_models_from_data(drafted)
    rule = _condition(data, "item3.rd_ratio")["rule"]
    facts = {"rd_expense_2022": rule["value"] + 1, "operating_revenue_2022": 100.0}
    result = tryout.tryout_compare(
        draft=draft, published=published, enterprises=[tryout.EnterpriseFacts(7, "某公司", facts)]
    )
    item3 = [c for c in result.changes if c.item_key == "3"]
    assert len(item3) == 1
    assert item3[0].enterprise_name == "某公司"
    assert item3[0].item_label.startswith("第3项 ")
    assert _single_engine(draft, facts)["3"] != _single_engine(published, facts)["3"]
    assert (item3[0].published, item3[0].draft) == (
        st.LABELS[_single_engine(published, facts)["3"]],
        st.LABELS[_single_engine(draft, facts)["3"]],
    )
    removed = [c for c in result.items if c.item_key.split(":")[0] == "14"]
    assert removed and all(c.draft_eligible is None and c.published_eligible is not None for c in removed)


def test_without_a_published_pack_every_eligible_verdict_is_new(data):
    draft = tryout.pack_models_from_data(data)
    facts = {name: True for name in tryout.facts_used([draft]) if FACTS[name].type == "boolean"}
    result = tryout.tryout_compare(draft=draft, published=None, enterprises=[tryout.EnterpriseFacts(1, "甲", facts)])
    assert all(c.published == tryout.NO_ITEM for c in result.changes)
    assert result.changed_count == (1 if result.changes else 0)


def test_no_enterprises(data):
    models = tryout.pack_models_from_data(data)
    result = tryout.tryout_compare(draft=models, published=models, enterprises=[])
    assert (result.enterprise_count, result.eligible_count, result.changed_count, result.changes) == (0, 0, 0, [])
