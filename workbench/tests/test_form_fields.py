"""The pure form-field edits (workbench/form_fields.py) over the 2023 pack's data, with no database."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given, strategies

from policies.pack.loader import load_pack
from policies.pack.schema.forms import FormTemplate
from workbench import form_fields as ff

PACK_FOLDER = Path(settings.BASE_DIR) / "policy_packs" / "hengyang-2023-gxj51"


@pytest.fixture(scope="module")
def data() -> dict:
    loaded = load_pack(PACK_FOLDER)
    return {
        "pack": loaded.pack.model_dump(mode="json"),
        "items": [i.model_dump(mode="json") for i in loaded.items],
        "forms": {k: f.model_dump(mode="json") for k, f in loaded.forms.items()},
        "cases": None,
    }


def _ids(data: dict, form_id: str, section_id: str) -> list[str]:
    section = next(s for s in data["forms"][form_id]["sections"] if s["id"] == section_id)
    return [f["id"] for f in section["fields"]]


def test_add_field_appends_a_field_shaped_as_the_loader_stores_it(data):
    before = copy.deepcopy(data)
    new, field_id = ff.field_add(
        data,
        form_id="2-1",
        section_id="cover",
        new=ff.NewField(kind="money", label="拟申请资金", unit="万元", required=True),
    )
    assert field_id == "field_1"
    assert _ids(new, "2-1", "cover") == [*_ids(data, "2-1", "cover"), "field_1"]
    added = new["forms"]["2-1"]["sections"][0]["fields"][-1]
    # The schema's own dump of the field is the field: exporting and loading the draft gives the same data.
    validated = FormTemplate.model_validate(new["forms"]["2-1"])
    assert validated.sections[0].fields[-1].model_dump(mode="json") == added
    assert added["required"] is True and added["unit"] == "万元"
    assert data == before  # the stored data is never touched
    assert new["forms"]["2-2"] is data["forms"]["2-2"]  # other forms are shared, not copied


def test_add_choice_field_numbers_its_options(data):
    new, field_id = ff.field_add(
        data,
        form_id="2-1",
        section_id="cover",
        new=ff.NewField(kind="single_choice", label="规模", options=("大型", "中小型")),
    )
    field = new["forms"]["2-1"]["sections"][0]["fields"][-1]
    assert field["options"] == [
        {"value": "option_1", "label": "大型", "other": False},
        {"value": "option_2", "label": "中小型", "other": False},
    ]
    FormTemplate.model_validate(new["forms"]["2-1"])


def test_add_at_a_position_and_ids_are_never_reused(data):
    first, one = ff.field_add(data, form_id="2-1", section_id="cover", new=ff.NewField(kind="text", label="甲"))
    second, two = ff.field_add(
        first, form_id="2-1", section_id="cover", new=ff.NewField(kind="text", label="乙"), position=0
    )
    assert (one, two) == ("field_1", "field_2")
    assert _ids(second, "2-1", "cover")[0] == "field_2"
    assert _ids(second, "2-1", "cover")[-1] == "field_1"


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        (ff.NewField(kind="text", label="  "), "label", ff.LABEL_EMPTY),
        (ff.NewField(kind="table", label="表"), "kind", ff.KIND_NOT_ADDABLE),
        (ff.NewField(kind="heading", label="小标题", required=True), "required", "小标题不能设为必填"),
    ],
)
def test_add_refuses_what_cannot_be_a_field(data, new, field, message):
    with pytest.raises(ff.FieldEditError) as error:
        ff.field_add(data, form_id="2-1", section_id="cover", new=new)
    assert (error.value.field, error.value.message) == (field, message)


def test_add_to_an_unknown_form_or_section(data):
    with pytest.raises(ff.FieldEditError, match="申报材料模板 9-9 不存在"):
        ff.field_add(data, form_id="9-9", section_id="cover", new=ff.NewField(kind="text", label="甲"))
    with pytest.raises(ff.FieldEditError) as error:
        ff.field_add(data, form_id="2-1", section_id="nowhere", new=ff.NewField(kind="text", label="甲"))
    assert error.value.field == "section"


def test_remove_field(data):
    new = ff.field_remove(data, form_id="2-1", field_id="application_date")
    assert "application_date" not in _ids(new, "2-1", "cover")
    assert "application_date" in _ids(data, "2-1", "cover")
    with pytest.raises(ff.FieldEditError, match="该模板没有字段 application_date"):
        ff.field_remove(new, form_id="2-1", field_id="application_date")


def test_move_up_and_down_within_the_section(data):
    ids = _ids(data, "2-1", "cover")  # applicant_name, application_type, application_date
    up = ff.field_move(data, form_id="2-1", field_id=ids[1], offset=-1)
    assert _ids(up, "2-1", "cover") == [ids[1], ids[0], *ids[2:]]
    down = ff.field_move(data, form_id="2-1", field_id=ids[0], offset=1)
    assert _ids(down, "2-1", "cover") == [ids[1], ids[0], *ids[2:]]
    with pytest.raises(ff.FieldEditError, match=ff.ALREADY_FIRST):
        ff.field_move(data, form_id="2-1", field_id=ids[0], offset=-1)
    with pytest.raises(ff.FieldEditError, match=ff.ALREADY_LAST):
        ff.field_move(data, form_id="2-1", field_id=ids[-1], offset=1)


def test_required_set_and_refused_for_headings(data):
    optional = ff.field_required_set(data, form_id="2-1", field_id="applicant_name", required=False)
    assert optional["forms"]["2-1"]["sections"][0]["fields"][0]["required"] is False
    assert data["forms"]["2-1"]["sections"][0]["fields"][0]["required"] is True
    with_heading, heading = ff.field_add(
        data, form_id="2-1", section_id="cover", new=ff.NewField(kind="heading", label="一")
    )
    with pytest.raises(ff.FieldEditError, match="小标题不能设为必填"):
        ff.field_required_set(with_heading, form_id="2-1", field_id=heading, required=True)


def test_change_label_and_unit(data):
    new = ff.field_change(data, form_id="2-1", field_id="applicant_name", label=" 申报企业 ", unit="")
    field = new["forms"]["2-1"]["sections"][0]["fields"][0]
    assert (field["label"], field["unit"]) == ("申报企业", None)
    with pytest.raises(ff.FieldEditError) as error:
        ff.field_change(data, form_id="2-1", field_id="applicant_name", label="", unit=None)
    assert error.value.field == "label"


def test_field_path_is_the_location_validation_reports(data):
    assert ff.field_path(data, "2-1", "application_date") == ("forms", "2-1", "sections", 0, "fields", 2)


@given(
    kind=strategies.sampled_from(sorted(set(ff.ADDABLE_KINDS) - ff.CHOICE_KINDS - {"heading"})),
    label=strategies.text(min_size=1, max_size=20).filter(str.strip),
    position=strategies.integers(min_value=0, max_value=5),
)
def test_adding_then_removing_gives_back_the_same_data(data, kind, label, position):
    new, field_id = ff.field_add(
        data, form_id="2-2", section_id=data["forms"]["2-2"]["sections"][0]["id"],
        new=ff.NewField(kind=kind, label=label), position=position,
    )  # fmt: skip
    assert ff.field_remove(new, form_id="2-2", field_id=field_id) == data
