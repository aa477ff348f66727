"""Hypothesis: the bulk evaluator agrees with the explaining one, and removing a fact never helps."""

from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st_

from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk, facts_read
from eligibility.engine import evaluate_pack
from policies.facts import FACTS
from policies.pack.loader import iter_rules, load_pack_unchanged
from policies.tests.formtools import PACK_2023


@cache
def _pack():
    return load_pack_unchanged(PACK_2023)


@cache
def _facts_used() -> tuple[str, ...]:
    loaded = _pack()
    return tuple(facts_read(loaded.pack, loaded.items))


@cache
def _code_values(name: str) -> tuple[str, ...]:
    values = {"C", "I", "A", "35", "13", "27", "99", "351", "268", "1", "2", "0"}
    loaded = _pack()
    for item in [*loaded.items]:
        for c in item.conditions + [c for s in item.subtypes for c in s.conditions]:
            for rule in iter_rules(c.rule):
                if getattr(rule, "one_of", None) and rule.fact == name:
                    values |= set(rule.one_of)
    return tuple(sorted(values))


def _value(name: str):
    fact = FACTS[name]
    if fact.type == "boolean":
        return st_.booleans()
    if fact.type == "code":
        return st_.sampled_from(_code_values(name))
    # Values near every threshold matter most; integers and round numbers hit thresholds exactly.
    if fact.allow_negative:  # losses: growth from a negative base (docs/facts.md)
        return st_.sampled_from([-300.0, -100.0, 0.0, 50.0, 100.0, 600.0])
    return st_.one_of(
        st_.integers(min_value=0, max_value=40000).map(float),
        st_.sampled_from(
            [
                0.0,
                1.0,
                2.0,
                3.0,
                5.0,
                8.0,
                10.0,
                15.0,
                20.0,
                30.0,
                70.0,
                100.0,
                130.0,
                200.0,
                300.0,
                3000.0,
                5000.0,
                10000.0,
                20000.0,
            ]
        ),  # fmt: skip
        st_.floats(min_value=0, max_value=50000, allow_nan=False, allow_infinity=False),
    )


@st_.composite
def profiles(draw):
    names = _facts_used()
    present = draw(st_.lists(st_.sampled_from(names), unique=True, max_size=len(names)))
    facts = _nested_industry_codes({name: draw(_value(name)) for name in present})
    verified = frozenset(draw(st_.lists(st_.sampled_from(names), unique=True, max_size=6)))
    return facts, verified


def _nested_industry_codes(facts: dict) -> dict:
    """A profile's 中类 lies within its 大类 and its 小类 within both (the profile refuses others:
    core.industry.is_valid_group); a finer code drawn outside a coarser one is left out."""
    coarser = ""
    for name in ("industry_division", "industry_group", "industry_class"):
        code = str(facts.get(name, ""))
        if not code:
            continue
        if coarser and not code.startswith(coarser):
            del facts[name]
        else:
            coarser = code
    return facts


@settings(max_examples=150, deadline=None)
@given(st_.lists(profiles(), min_size=1, max_size=8), st_.data())
def test_bulk_agrees_with_explaining_evaluator(batch, data):
    loaded = _pack()
    verified = batch[0][1]
    facts_list = [f for f, _ in batch]
    columns = columns_from_profiles(facts_list, _facts_used())
    bulk = evaluate_bulk(loaded.pack, loaded.items, columns, len(facts_list), verified)
    for row, facts in enumerate(facts_list):
        for result in evaluate_pack(loaded.pack, loaded.items, facts, verified):
            assert st.BY_CODE[int(bulk.items[result.key][row])] == result.status, result.key
            for condition in result.conditions:
                assert st.BY_CODE[int(bulk.conditions[condition.id][row])] == condition.status, condition.id


@settings(max_examples=150, deadline=None)
@given(profiles(), st_.data())
def test_removing_a_fact_never_turns_not_met_into_met(profile, data):
    facts, verified = profile
    if not facts:
        return
    removed = data.draw(st_.sampled_from(sorted(facts)))
    fewer = {k: v for k, v in facts.items() if k != removed}
    loaded = _pack()
    before = evaluate_pack(loaded.pack, loaded.items, facts, verified)
    after = evaluate_pack(loaded.pack, loaded.items, fewer, verified)
    for b, a in zip(before, after, strict=True):
        if b.status == st.NOT_MET:
            assert a.status in (st.NOT_MET, st.UNKNOWN), (b.key, removed)
        for cb, ca in zip(b.conditions, a.conditions, strict=True):
            if cb.status == st.NOT_MET:
                assert ca.status in (st.NOT_MET, st.UNKNOWN), (cb.id, removed)


def test_bulk_on_empty_columns_is_unknown_not_failure():
    loaded = _pack()
    result = evaluate_bulk(loaded.pack, loaded.items, {}, 3)
    assert set(np.unique(result.items["3"]).tolist()) == {st.ORDER[st.UNKNOWN]}
