"""Rules of materials and forms that name other parts of the pack: `pack check` refuses a reference to
nothing, because a rule that names a field the application does not have would never be enforced."""

import pytest
import yaml

from policies.pack.loader import check_pack


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _material(data, material_id):
    return next(m for m in data["materials"] if m["id"] == material_id)


def _errors_at(pack_copy, file, path_part):
    errors = check_pack(pack_copy)
    found = [e for e in errors if e.file == file and path_part in e.path]
    assert found, [str(e) for e in errors]
    return found


def test_the_2023_pack_passes(pack_copy):
    assert check_pack(pack_copy) == []


@pytest.mark.parametrize(
    "change,message",
    [
        ({"field": "no_such_table"}, "表单 2-12 中没有字段 no_such_table"),
        ({"column": "no_such_column"}, "表格 2-12.investment_purchases 中没有列 no_such_column"),
        ({"column": "amount"}, "的列 amount 不是日期列（date）"),
        ({"field": "project_name"}, "不是重复行表格（table）"),
        ({"form": "2-2"}, "引用的表单 2-2 不是本事项的申报表单"),
    ],
)
def test_a_period_rule_must_name_a_date_column_of_its_items_form(pack_copy, change, message):
    _edit(pack_copy / "items/12.yaml", lambda d: _material(d, "investment_evidence")["rules"][0].update(change))
    found = _errors_at(pack_copy, "items/12.yaml", "materials.investment_evidence.rules[0]")
    assert any(message in e.message for e in found), [str(e) for e in found]


def test_a_period_rule_without_its_column_is_refused(pack_copy):
    _edit(pack_copy / "items/12.yaml", lambda d: _material(d, "investment_evidence")["rules"][0].pop("column"))
    _errors_at(pack_copy, "items/12.yaml", "materials")


def test_a_query_date_rule_must_name_a_date_field(pack_copy):
    _edit(
        pack_copy / "items/05.yaml",
        lambda d: _material(d, "credit_hunan_screenshot")["rules"][1].update(field="applicant_name"),
    )
    found = _errors_at(pack_copy, "items/05.yaml", "materials.credit_hunan_screenshot.rules[1]")
    assert "不是日期字段" in found[0].message


def test_required_when_reads_known_facts_and_only_on_an_optional_material(pack_copy):
    def change(d):
        _material(d, "production_license")["required_when"]["rule"]["fact"] = "no_such_fact"

    _edit(pack_copy / "items/09.yaml", change)
    found = _errors_at(pack_copy, "items/09.yaml", "materials.production_license.required_when")
    assert "未知的事实 'no_such_fact'" in found[0].message


def test_required_when_on_a_required_material_is_refused(pack_copy):
    _edit(pack_copy / "items/09.yaml", lambda d: _material(d, "production_license").update(required=True))
    found = _errors_at(pack_copy, "items/09.yaml", "materials")
    assert any("required: false" in e.message for e in found)


def test_a_form_rule_must_name_tables_of_its_form(pack_copy):
    _edit(pack_copy / "forms/3.yaml", lambda d: d["rules"][0]["min_rows_across"].append("fund_name"))
    errors = check_pack(pack_copy)
    assert any(e.file == "forms/3.yaml" and "fund_name" in e.message for e in errors), [str(e) for e in errors]
