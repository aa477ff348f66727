"""Where an answer path sits, named as the page shows it (applications/places.py), over the 2023 pack's
own forms: no internal keys, no two entries alike, no title printed twice, blank years named."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from applications.places import answer_places
from policies.formengine.validate import missing_required, validate_answers
from policies.tests.formtools import PACK_2023, load_form

FORM_IDS = sorted(p.stem for p in (PACK_2023 / "forms").glob("*.yaml"))


def _forms(*form_ids: str) -> list[dict]:
    return [load_form(form_id).model_dump(mode="json") for form_id in form_ids]


def test_a_mistyped_id_number_names_the_form_and_the_field():
    forms = _forms("2-12")
    answers = {"2-12": {"_raw": {"2-12.legal_representative_id_number": "43040519800101123"}}}
    errors = validate_answers(forms, answers, complete=False)
    place = answer_places(forms, list(errors))["2-12.legal_representative_id_number"]
    assert place.where == "附件2-12《衡阳市企业数字化转型项目专项资金申请表》"  # the section repeats the title
    assert place.label == "法人代表 › 身份证号"
    assert "legal_representative" not in place.where + place.label


def test_the_eight_basic_requirements_of_item_10_can_be_told_apart():
    forms = _forms("2-10-1")
    places = answer_places(forms, [m.path for m in missing_required(forms, {})])
    labels = [p.label for p in places.values()]
    assert len(labels) > 8 and all(count == 1 for count in Counter(labels).values())
    assert places["2-10-1.lawful_establishment_compliant"].label == (
        "基本要求 › 是否符合（绿色工厂应依法设立，在建设和生产过程中应遵守有关…）"
    )
    assert places["2-10-1.lawful_establishment_compliant"].where == "附件2-10-1《绿色工厂基本要求自评表》"


@pytest.mark.parametrize(("raw", "label"), [("", "年份（20__ 年）"), ("2O23", "年份（2O23 年）")])
def test_a_blank_year_label_shows_its_year(raw, label):
    forms = _forms("2-10-2")
    raw_values = {"2-10-2.assessment_year": raw} if raw else {}
    place = answer_places(forms, ["2-10-2.assessment_year"], raw_values)["2-10-2.assessment_year"]
    assert place.label == label


def test_table_rows_are_numbered_from_one():
    forms = _forms("3")
    path = next(m.path for m in missing_required(forms, {"3": {"benefit_economic": [{}, {}]}}) if "[1]" in m.path)
    place = answer_places(forms, [path])[path]
    assert "第2行" in place.label and "[" not in place.label


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_required_slot_of_every_form_reads_as_the_page_shows_it(form_id):
    forms = _forms(form_id)
    paths = [m.path for m in missing_required(forms, {})]
    places = answer_places(forms, paths)
    assert set(places) == set(paths)
    title = load_form(form_id).title
    for place in places.values():
        assert place.form.startswith("附件") and "《" in place.form
        assert place.section != title
        assert not re.search(r"[a-z]+_[a-z_]+", place.where + place.label), place.label  # no internal key
    by_section = Counter((p.section, p.label) for p in places.values())
    assert [key for key, count in by_section.items() if count > 1] == []


@pytest.mark.parametrize(
    ("form_id", "path", "label"),
    [
        ("2-12-1", "2-12-1.date", "日期（____年__月__日）"),
        ("2-3", "2-3.edition_year", "版本年份（20__ 年）"),
    ],
)
def test_other_blank_date_labels_say_what_they_ask(form_id, path, label):
    forms = _forms(form_id)
    paths = [m.path for m in missing_required(forms, {})]
    found = {p.label for p in answer_places(forms, paths).values()}
    assert label in found


def test_a_group_repeating_its_section_is_not_printed_twice():
    forms = _forms("2-10-2")
    place = answer_places(forms, ["2-10-2.building_regulations_value"])["2-10-2.building_regulations_value"]
    assert place.where == "附件2-10-2《绿色工厂评价指标自评表》 · 基础设施"
    assert place.label.startswith("必选 › 指标值及是否符合评价要求（工厂的建筑应满足")
