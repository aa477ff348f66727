"""The 2023 pack against the notice: items, templates, 附件3 and 附件4."""

import re

import pytest

from core.tests.golden import assert_golden
from policies.pack.loader import check_pack, load_pack
from policies.pack.schema import VALUE_KINDS
from policies.tests.formtools import NOTICE_TEXT, PACK_2023

NOTICE = NOTICE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK_2023)


def test_pack_check_passes():
    assert check_pack(PACK_2023) == []


def test_fourteen_items_as_in_annex_1(pack):
    annex1 = NOTICE[NOTICE.index("附件 1:") : NOTICE.index("附件 2:")]
    numbers = sorted(int(m) for m in re.findall(r"^(\d+)\t", annex1, flags=re.M))
    assert numbers == list(range(1, 15))
    assert [i.number for i in pack.items] == numbers


def test_every_template_of_annex_2_and_3_has_a_schema(pack):
    listed = re.findall(r"^- 附件 (2-\d+)\.", NOTICE, flags=re.M)
    assert listed == [f"2-{n}" for n in range(1, 13)]
    for form_id in [*listed, "3"]:
        assert form_id in pack.forms, form_id
        assert pack.forms[form_id].source == f"附件{form_id}"
    for sub in ["2-2-1", "2-8-1", "2-10-1", "2-10-2", "2-11-1", "2-12-1", "2-12-2"]:
        assert pack.forms[sub].parent == sub.rsplit("-", 1)[0]


def test_annex_4_columns(pack):
    form = pack.forms[pack.pack.summary_form]
    table = next(f for s in form.sections for f in s.fields if f.kind == "table")
    assert_golden([c.label for c in table.columns], here=__file__, name="annex-4.columns")


def test_annex_3_indicator_rows(pack):
    form = pack.forms[pack.pack.performance_form]
    tables = [f for s in form.sections for f in s.fields if f.kind == "table"]
    assert [(t.group, t.label) for t in tables] == [
        ("成本指标", "经济成本指标"), ("成本指标", "社会成本指标"), ("成本指标", "生态环境成本指标"),
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"), ("效益指标", "生态效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]  # fmt: skip


def test_every_item_form_exists_and_every_item_uses_annex_3(pack):
    for item in pack.items:
        assert item.forms and all(f in pack.forms for f in item.forms)
    assert pack.pack.performance_form == "3"


def _value_count(form):
    return sum(1 for s in form.sections for f in s.fields if f.kind in VALUE_KINDS | {"year_table", "table"})


@pytest.mark.parametrize(
    "form_id,expected",
    # Counted from the template tables: every value cell is one field; a year table or a repeating
    # table counts once. The helpers' per-form tests list every label. 2-2 and 2-12 have one more: the
    # purchase list their checklists ask for (申报材料4, 一、5), typed as a table so its dates can be checked.
    [("2-1", 72), ("2-2", 26), ("2-3", 62), ("2-5", 71), ("2-9", 65), ("2-11", 30), ("2-12", 42), ("2-12-2", 69)],
)
def test_field_counts_of_templates(pack, form_id, expected):
    assert _value_count(pack.forms[form_id]) == expected


def test_form_2_2_labels_follow_the_template(pack):
    labels = [f.label for s in pack.forms["2-2"].sections for f in s.fields if f.kind in VALUE_KINDS]
    assert_golden(labels, here=__file__, name="forms/2-2.value-labels")
    for label in labels:
        assert label in NOTICE, label


def test_notice_facts(pack):
    notice = pack.pack.notice
    assert notice.document_number == "衡市工信〔2023〕51号"
    assert str(notice.issue_date) == "2023-07-26" and str(notice.deadline) == "2023-08-25"
    assert "衡政办发〔2023〕7号" in notice.legal_basis
    assert notice.submission_email == "hysgxjzxqyk@126.com" and notice.hotline == "0734-8855130"
    assert [(c.person, c.phone) for c in notice.summary_contacts] == [
        ("余登美", "0734-8857006"), ("李红珊", "0734-8867687"),
    ]  # fmt: skip
    assert pack.pack.project_limit.max_projects == 2 and pack.pack.project_limit.excluded_items == [14]
    assert [r.items for r in pack.pack.exclusions] == [[2, 12]]
    assert [(r.items, r.per_jurisdiction) for r in pack.pack.quotas] == [([3, 4, 10], 1)]
    for clause in [notice.submission_requirements, notice.hotline_clause, notice.no_application_entitlement_note]:
        assert clause.replace(" ", "") in NOTICE.replace(" ", "").replace("\n", "")


def test_global_conditions_quote_section_two(pack):
    section_two = NOTICE[NOTICE.index("二、申报条件") : NOTICE.index("三、申报材料")]
    for condition in pack.pack.global_conditions:
        assert condition.clause in section_two, condition.id
    kinds = {c.id: c.kind for c in pack.pack.global_conditions}
    assert kinds["global.registered_in_hengyang"] == "computable"
    assert kinds["global.industrial_policy"] == "judgement"


def test_the_fast_yaml_parser_reads_every_pack_file_as_the_safe_loader_does():
    """parse_yaml uses libyaml when PyYAML has it (CI's wheels do); it must build the same objects."""
    import yaml

    from policies.pack.loader import parse_yaml

    files = sorted(PACK_2023.rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text) == yaml.safe_load(text), path
    assert yaml.__with_libyaml__  # otherwise every pack load costs ten times more
