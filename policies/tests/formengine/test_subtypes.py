"""The fields that ask again for the application's sub-type (policies/formengine/subtypes.py)."""

from __future__ import annotations

from policies.formengine.prefill import profile_updates
from policies.formengine.subtypes import subtype_answers, subtype_disagreements, subtype_fields
from policies.tests.formengine.packforms import PROFILE, form
from policies.tests.formengine.synthetic import FORM, field

ITEM_1_SUBTYPES = ["培育国家级智能制造试点示范", "培育市级智能制造标杆企业", "培育市级智能制造标杆车间"]


def test_the_sub_type_field_of_2_1_follows_the_chosen_sub_type():
    forms = [form("2-1"), form("3")]
    assert [(form_id, f.id) for form_id, f in subtype_fields(forms, ITEM_1_SUBTYPES)] == [("2-1", "application_type")]
    answers = subtype_answers(forms, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间")
    assert answers == {"2-1": {"application_type": {"value": "city_benchmark_workshop", "other": ""}}}
    assert subtype_disagreements(forms, answers, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == []
    changed = {"2-1": {"application_type": {"value": "national_pilot_demonstration", "other": ""}}}
    assert subtype_disagreements(forms, changed, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == [
        ("2-1.application_type", "申报类型")
    ]
    # A blank answer is the required-field check's business.
    assert subtype_disagreements(forms, {"2-1": {}}, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == []


def test_only_a_choice_of_exactly_the_sub_types_follows_them():
    forms = [form("2-1")]
    assert subtype_fields(forms, ITEM_1_SUBTYPES[:2]) == []  # options are not exactly the sub-types
    assert subtype_fields(forms, [*ITEM_1_SUBTYPES, "其他"]) == []
    assert subtype_fields(forms, []) == [] and subtype_answers(forms, [], "") == {}
    assert subtype_answers(forms, ITEM_1_SUBTYPES, "") == {}  # no sub-type chosen: nothing to fill
    # The profile never hears of it: it is the application's, not the enterprise's.
    assert "application_type" not in str(
        profile_updates(forms, subtype_answers(forms, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间"), PROFILE)
    )


def test_a_sub_type_answer_of_another_shape_disagrees():
    forms = [form("2-1")]
    answers = {"2-1": {"application_type": "city_benchmark_workshop"}}  # not a choice dict
    assert subtype_disagreements(forms, answers, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == [
        ("2-1.application_type", "申报类型")
    ]
    assert subtype_disagreements(forms, {}, ITEM_1_SUBTYPES, "培育市级智能制造标杆车间") == []


def test_a_multiple_choice_never_asks_for_the_sub_type():
    # "honours" has the same options as "nature" but is a multiple choice.
    assert subtype_fields([FORM], ["甲", "乙", "其他（请注明）"]) == [("9", field("nature"))]
    assert subtype_answers([FORM], ["甲", "乙", "其他（请注明）"], "乙") == {
        "9": {"nature": {"value": "b", "other": ""}}
    }
    assert subtype_fields([FORM], ["甲", "乙"]) == []
