"""Malformed packs are refused whole, with every error listed (file, path, message)."""

import pytest
import yaml

from policies.models import FormTemplate, PolicyPack, SupportItem
from policies.pack.loader import PackInvalid, check_pack
from policies.services import pack_load


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _messages(errors):
    return [str(e) for e in errors]


def test_missing_label(pack_copy):
    _edit(pack_copy / "forms/2-2.yaml", lambda d: d["sections"][1]["fields"][1].pop("label"))
    errors = check_pack(pack_copy)
    assert any(e.file == "forms/2-2.yaml" and e.path.endswith("fields[1].label") for e in errors), _messages(errors)


def test_unknown_field_kind(pack_copy):
    _edit(pack_copy / "forms/2-2.yaml", lambda d: d["sections"][1]["fields"][2].update(kind="colour"))
    errors = check_pack(pack_copy)
    assert any(e.file == "forms/2-2.yaml" and "fields[2].kind" in e.path for e in errors), _messages(errors)


def test_condition_without_clause(pack_copy):
    _edit(pack_copy / "items/03.yaml", lambda d: d["conditions"][0].pop("clause"))
    errors = check_pack(pack_copy)
    assert any(e.file == "items/03.yaml" and e.path == "conditions[0].clause" for e in errors), _messages(errors)


def test_duplicate_condition_id(pack_copy):
    def duplicate(d):
        d["conditions"][1]["id"] = d["conditions"][0]["id"]

    _edit(pack_copy / "items/03.yaml", duplicate)
    errors = check_pack(pack_copy)
    assert any("重复" in e.message and e.file == "items/03.yaml" for e in errors), _messages(errors)


def test_threshold_without_unit(pack_copy):
    def drop_unit(d):
        for cond in d["conditions"]:
            rule = cond.get("rule") or {}
            if "unit" in rule:
                rule.pop("unit")
                return
        raise AssertionError("item 3 has no threshold")

    _edit(pack_copy / "items/03.yaml", drop_unit)
    errors = check_pack(pack_copy)
    assert any(e.file == "items/03.yaml" and "rule" in e.path for e in errors), _messages(errors)


def test_unknown_wording_is_refused_in_chinese(pack_copy):
    def bad_wording(d):
        for cond in d["conditions"]:
            if "wording" in (cond.get("rule") or {}):
                cond["rule"]["wording"] = "大约"
                return

    _edit(pack_copy / "items/03.yaml", bad_wording)
    errors = check_pack(pack_copy)
    assert any("未知的比较用语" in e.message for e in errors), _messages(errors)


def test_unknown_fact_and_form_reference(pack_copy):
    def break_refs(d):
        d["forms"] = ["2-99"]
        for cond in d["conditions"]:
            if (cond.get("rule") or {}).get("fact"):
                cond["rule"]["fact"] = "no_such_fact"
                return

    _edit(pack_copy / "items/03.yaml", break_refs)
    messages = [e.message for e in check_pack(pack_copy)]
    assert any("不存在的表单 2-99" in m for m in messages)
    assert any("未知的事实 'no_such_fact'" in m for m in messages)


def test_every_error_is_listed_not_just_the_first(pack_copy):
    _edit(pack_copy / "forms/2-2.yaml", lambda d: d["sections"][1]["fields"][1].pop("label"))
    _edit(pack_copy / "items/03.yaml", lambda d: d["conditions"][0].pop("clause"))
    (pack_copy / "forms/bad.yaml").write_text("id: [unclosed", encoding="utf-8")
    files = {e.file for e in check_pack(pack_copy)}
    assert {"forms/2-2.yaml", "items/03.yaml", "forms/bad.yaml"} <= files


@pytest.mark.django_db
@pytest.mark.no_shared_pack  # a database without the 2023 pack
def test_broken_pack_writes_nothing(pack_copy):
    _edit(pack_copy / "items/14.yaml", lambda d: d.update(support_method="gift"))
    with pytest.raises(PackInvalid):
        pack_load(actor=None, directory=pack_copy)
    assert not PolicyPack.objects.exists()
    assert not SupportItem.objects.exists() and not FormTemplate.objects.exists()


@pytest.mark.parametrize("rule", [{"one_application_per": "subtype"}, {"subtype_required": True}])
def test_a_subtype_rule_on_an_item_without_subtypes(pack_copy, rule):
    _edit(pack_copy / "items/03.yaml", lambda d: (d.pop("subtypes", None), d.update(rule)))
    errors = check_pack(pack_copy)
    assert any(e.file == "items/03.yaml" and "没有申报类型" in e.message for e in errors), _messages(errors)
