"""The API's report: built field by field, it is what `dataclasses.asdict` gave, key for key and byte for byte."""

import json
from dataclasses import asdict

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from eligibility import statuses as st
from eligibility.engine import ConditionResult, ItemResult, evaluate_pack
from eligibility.reports import condition_to_dict, cross_item_warnings, report_to_dict, result_to_dict
from eligibility.rules import InputUsed
from eligibility.tests.conftest import ITEM_2_FACTS
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023

MARKUP = "<b>&\"'</b>"


def _asdict_result(result: ItemResult) -> dict:
    """result_to_dict as it was written before issue 17, its conditions with dataclasses.asdict: the reference.
    (The result's own fields were always written out one by one; only the conditions changed.)"""
    return {
        **result_to_dict(result),
        "conditions": [
            {**asdict(c), "status_label": c.status_label, "inputs": [asdict(i) for i in c.inputs]}
            for c in result.conditions
        ],
    }


def _api_bytes(value) -> bytes:
    """As JsonResponse encodes the API's answer."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def loaded():
    return load_pack_unchanged(PACK_2023)


FACT_SETS = {
    "none": {},
    "item_2": ITEM_2_FACTS,
    # Numbers that fail, a missing year, an industry outside every list: 不符合 with gaps, 信息不足.
    "failing": {**ITEM_2_FACTS, "industry_category": "A", "rd_expense_2022": 1, "valid_patents": 0,
                "operating_revenue_2022": 0.5, "credit_record_normal": False},
}  # fmt: skip


@pytest.mark.parametrize("facts", FACT_SETS.values(), ids=FACT_SETS.keys())
@pytest.mark.parametrize("verified", [frozenset(), frozenset(ITEM_2_FACTS)], ids=["self_declared", "verified"])
def test_every_result_of_the_2023_pack_is_as_asdict_gave_it(loaded, facts, verified):
    results = evaluate_pack(loaded.pack, loaded.items, facts, verified)
    assert len(results) == 21
    for result in results:
        mine, reference = result_to_dict(result), _asdict_result(result)
        assert mine == reference
        assert [list(c) for c in mine["conditions"]] == [list(c) for c in reference["conditions"]]  # key order
        assert _api_bytes(mine) == _api_bytes(reference)


def test_the_whole_report_is_the_same_bytes(loaded):
    results = evaluate_pack(loaded.pack, loaded.items, ITEM_2_FACTS)
    warnings = cross_item_warnings(loaded.pack, loaded.items, results)
    report = report_to_dict(pack_id="p", version=1, results=results, warnings=warnings, name=MARKUP)
    reference = {**report, "items": [_asdict_result(r) for r in results]}
    assert _api_bytes(report) == _api_bytes(reference)


def test_every_field_of_a_condition_and_of_an_input_is_kept():
    condition = ConditionResult(
        id="c.1", clause=MARKUP, source="第二条", kind="computable", status=st.NOT_MET, explanation=MARKUP,
        inputs=(InputUsed("valid_patents", MARKUP, 3.5, "个"), InputUsed("industry_category", "行业", "C", None)),
        missing=("a", "b"), threshold=MARKUP, gap="差 1个", evidence=("证明",), strictness="soft", warning=MARKUP,
    )  # fmt: skip
    mine = condition_to_dict(condition)
    assert mine == {**asdict(condition), "status_label": "不符合", "inputs": [asdict(i) for i in condition.inputs]}
    assert list(mine) == [*(f for f in asdict(condition)), "status_label"]
    # JSON escapes only what JSON must (the quote); the markup is data, as it was.
    assert _api_bytes(mine["clause"]) == b'"<b>&\\"\'</b>"'


def test_a_condition_dict_is_its_own():
    """The global conditions' results are shared between items (engine.evaluate_pack); their dicts are not."""
    condition = ConditionResult(id="g", clause="", source="", kind="computable", status=st.MET, explanation="")
    first, second = condition_to_dict(condition), condition_to_dict(condition)
    assert first == second and first is not second and first["inputs"] is not second["inputs"]
