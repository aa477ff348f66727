"""Every rule case kept in the pack (cases.yaml) against both evaluators."""

from functools import cache

import pytest

from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk
from eligibility.engine import evaluate_item
from eligibility.profile import validate_facts
from policies.facts import FACTS
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023


@cache
def _pack():
    return load_pack_unchanged(PACK_2023)


def _cases():
    return _pack().cases.cases


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.name)
def test_case(case):
    loaded = _pack()
    item = loaded.item(case.item)
    subtype = next(s for s in item.subtypes if s.code == case.subtype) if case.subtype else None
    facts, errors = validate_facts(case.facts)
    assert not errors, errors
    verified = frozenset(case.verified)
    result = evaluate_item(loaded.pack, item, facts, verified, subtype)
    by_id = {c.id: c for c in result.conditions}
    for condition_id, expected in case.expect.items():
        assert by_id[condition_id].status == expected, by_id[condition_id].explanation
    if case.verdict:
        assert result.status == case.verdict

    bulk = evaluate_bulk(loaded.pack, loaded.items, columns_from_profiles([facts], FACTS), 1, verified)
    for condition_id, expected in case.expect.items():
        assert st.BY_CODE[int(bulk.conditions[condition_id][0])] == expected, condition_id
    if case.verdict:
        assert st.BY_CODE[int(bulk.items[result.key][0])] == case.verdict
