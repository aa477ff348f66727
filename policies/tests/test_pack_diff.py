"""`pack diff` in Chinese: the full diff between the 2023 pack and the 2024 example is a golden file, and each
kind of change reads as a line a city official understands, with no YAML key where a Chinese name exists."""

import copy
import re
from functools import cache
from pathlib import Path

from django.core.management import call_command

from policies.pack.diff import loaded_pack_data, pack_diff, pack_diff_lines
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023

EXAMPLE_2024 = PACK_2023.parent / "example-2024"
GOLDEN = Path(__file__).parent / "golden" / "pack_diff_2023_example_2024.txt"


@cache
def _data_2023() -> dict:
    return loaded_pack_data(load_pack_unchanged(PACK_2023))


def _changed(change) -> list[str]:
    new = copy.deepcopy(_data_2023())
    change(new)
    return pack_diff_lines(_data_2023(), new)


def _item(data, number):
    return next(i for i in data["items"] if i["number"] == number)


def _condition(data, condition_id):
    conditions = [
        c for i in data["items"] for c in i["conditions"] + [c for s in i["subtypes"] for c in s["conditions"]]
    ]
    return next(c for c in conditions if c["id"] == condition_id)


def test_the_full_diff_between_2023_and_the_example_is_the_golden_file(capsys):
    call_command("pack", "diff", str(PACK_2023), str(EXAMPLE_2024))
    assert capsys.readouterr().out == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_diff_names_every_change_of_the_example():
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    for expected in (
        "通知年度：2023 → 2024",
        "文号：「衡市工信〔2023〕51号」→「示例〔2024〕1号」",
        "申报截止日期：「2023-08-25」→「2024-08-23」",
        "示例政策包：否 → 是",
        "删除事项 13「市级移动互联网重点企业」",
        "新增事项 15「【示例】中小企业数字化改造示范」：3 个条件，5 项材料，申报表单 附件2-13",
        "事项 10「培育工业绿色制造试点示范企业」限报：每县市区/园区 1 个 → 2 个",
        "删除表单 附件2-12-2「衡阳市移动互联网重点企业认定申请书」",
        "新增表单 附件2-13「【示例】中小企业数字化改造示范申报表」：15 个字段",
        "附件2-13 新增字段「改造环节」（多选）",
        "附件2-7 字段「近3年基本情况」 年度列：2020、2021、2022 → 2021、2022、2023",
    ):
        assert expected in lines
    assert any(line.endswith("：阈值 20000 万元 → 30000 万元") and line.startswith("事项 1「") for line in lines)
    assert any(line.endswith("：阈值 300 万元 → 500 万元") and line.startswith("事项 2「") for line in lines)


def test_no_line_shows_a_yaml_key_of_the_format():
    keys = re.compile(r"\b(conditions|materials|fields|sections|per_jurisdiction|county_quota|wording|deadline)\b")
    assert [line for line in GOLDEN.read_text(encoding="utf-8").splitlines() if keys.search(line)] == []


def test_the_same_pack_has_no_difference():
    assert pack_diff_lines(_data_2023(), copy.deepcopy(_data_2023())) == []
    loaded = load_pack_unchanged(PACK_2023)
    assert pack_diff(loaded, loaded) == []


def test_a_version_number_alone_is_not_a_change():
    assert _changed(lambda d: d["pack"].update(version=2)) == []


def test_a_removed_item():
    lines = _changed(lambda d: d["items"].remove(_item(d, 13)))
    assert lines == ["删除事项 13「市级移动互联网重点企业」"]


def test_an_added_item_lists_its_conditions_and_materials():
    def add(data):
        item = copy.deepcopy(_item(data, 3))
        item.update(number=16, name="新的事项", materials=item["materials"][:1], conditions=item["conditions"][:1])
        data["items"].append(item)

    assert _changed(add) == [
        "新增事项 16「新的事项」：1 个条件，1 项材料，申报表单 附件2-3",
        "事项 16 新增条件「企业长期专注并深耕于产业链某一环节或某一产品领域」",
        "事项 16 新增材料「培育制造业单项冠军产品申报书」",
    ]


def test_a_threshold_its_wording_and_its_fact():
    def change(data):
        rule = _condition(data, "item3.rd_ratio")["rule"]
        rule.update(value=4, wording="超过", fact="rd_expense_2021")

    prefix = "事项 3「培育制造业单项冠军企业」 条件「企业上年度研发投入占营业收入比重达3%以上」："
    assert _changed(change) == [
        prefix + "阈值 3 % → 4 %",
        prefix + "事实 2022年研发投入（研发经费支出） → 2021年研发投入（研发经费支出）",
        prefix + "比较用语 「以上」→「超过」",
    ]


def test_a_rule_of_another_shape_is_shown_whole():
    def change(data):
        _condition(data, "item3.valid_patents")["rule"] = {
            "any": [
                {"fact": "valid_patents", "wording": "及以上", "value": 10, "unit": "个"},
                {"fact": "valid_invention_patents", "wording": "及以上", "value": 2, "unit": "项"},
            ]
        }

    [line] = _changed(change)
    assert line == (
        "事项 3「培育制造业单项冠军企业」 条件「有效专利数量达10个及以上」：规则 有效专利数量 及以上 10 个 → "
        "（有效专利数量 及以上 10 个 或 有效发明专利数 及以上 2 项）"
    )


def test_a_condition_added_removed_and_its_clause_and_strictness_changed():
    def change(data):
        item = _item(data, 3)
        removed = item["conditions"].pop(0)
        item["conditions"].append({**removed, "id": "item3.new_one", "clause": "新增的条件"})
        little_giant = _condition(data, "item3.little_giant")
        little_giant.update(strictness="hard", clause="须为专精特新“小巨人”企业")

    where = "事项 3「培育制造业单项冠军企业」 "
    assert _changed(change) == [
        where + "删除条件「企业长期专注并深耕于产业链某一环节或某一产品领域」",
        where
        + "条件「须为专精特新“小巨人”企业」 条文：「支持经济效益好、市场占有率高、创新能力强、发展潜力大的专精特新“小巨人”企业」→「须为专精特新“小巨人”企业」",
        where + "条件「须为专精特新“小巨人”企业」 严格程度：由科室判断 → 硬性条件",
        where + "新增条件「新增的条件」",
    ]


def test_a_material_added_removed_and_changed():
    def change(data):
        materials = _item(data, 3)["materials"]
        materials.pop()
        materials[1].update(required=False, accept=["pdf"])
        materials.append({**materials[2], "id": "new_material", "name": "新增的材料"})

    where = "事项 3「培育制造业单项冠军企业」 "
    assert _changed(change) == [
        where + "材料「企业税务登记证副本复印件」 必交：是 → 否",
        where + "材料「企业税务登记证副本复印件」 文件类型：pdf、jpg、png → pdf",
        where + "删除材料「企业认为须提供的其他材料」",
        where + "新增材料「新增的材料」",
    ]


def test_item_fields_contact_and_quota():
    def change(data):
        item = _item(data, 3)
        item["contact"].update(person="张三")
        item["county_quota"] = 2
        item["support_method"] = "subsidy"
        data["pack"]["quotas"][0]["per_jurisdiction"] = 2

    lines = _changed(change)
    assert lines[:3] == [
        "事项 3「培育制造业单项冠军企业」限报：每县市区/园区 1 个 → 2 个",
        "事项 4「培育工业设计中心」限报：每县市区/园区 1 个 → 2 个",
        "事项 10「培育工业绿色制造试点示范企业」限报：每县市区/园区 1 个 → 2 个",
    ]
    assert lines[3:] == [
        "事项 3「培育制造业单项冠军企业」 支持方式：奖励 → 补助",
        "事项 3「培育制造业单项冠军企业」 联系人 联系人：「刘海峰」→「张三」",
        "事项 3「培育制造业单项冠军企业」 每县市区/园区限报：1 → 2",
    ]


def test_a_subtype_added_and_its_condition_changed():
    def change(data):
        item = _item(data, 1)
        item["subtypes"][0]["conditions"][0]["rule"]["value"] = 30000
        item["subtypes"].append({**item["subtypes"][1], "code": "new_subtype", "name": "新的申报类型"})

    lines = _changed(change)
    assert lines[0].endswith(
        "申报类型「培育国家级智能制造试点示范」条件「2022年度主营业务收入在2亿元以上」：阈值 20000 万元 → 30000 万元"
    )
    assert lines[1].endswith(" 新增申报类型「新的申报类型」")
    assert len(lines) == 2


def test_form_fields_added_removed_changed_and_reordered():
    def change(data):
        section = data["forms"]["2-3"]["sections"][1]
        fields = section["fields"]
        removed = fields.pop(0)
        fields.insert(2, {**removed, "id": "new_field", "label": "新字段", "kind": "integer", "prefill": None})
        fields[0], fields[1] = fields[1], fields[0]
        fields[3]["required"] = not fields[3]["required"]

    lines = _changed(change)
    assert any(line.startswith("附件2-3 删除字段「") for line in lines), lines
    assert "附件2-3 新增字段「新字段」（整数）" in lines
    assert any(line.startswith("附件2-3 字段「") and " 必填：" in line for line in lines), lines
    assert "附件2-3 字段顺序调整" in lines


def test_a_form_removed_and_a_year_table_shifted():
    def change(data):
        del data["forms"]["2-12-2"]
        year_table = next(f for s in data["forms"]["2-7"]["sections"] for f in s["fields"] if f["kind"] == "year_table")
        year_table["years"] = [2021, 2022, 2023]

    assert _changed(change) == [
        "附件2-7 字段「近3年基本情况」 年度列：2020、2021、2022 → 2021、2022、2023",
        "删除表单 附件2-12-2「衡阳市移动互联网重点企业认定申请书」",
    ]


def test_notice_dates_long_texts_and_rules_of_the_pack():
    def change(data):
        pack = data["pack"]
        pack["notice"]["deadline"] = "2024-08-23"
        pack["notice"]["submission_requirements"] = pack["notice"]["submission_requirements"].replace(
            "8月25日", "8月23日"
        )
        pack["project_limit"]["max_projects"] = 3
        pack["exclusions"].append({"items": [5, 8], "clause": "不能同时申报。", "source": "示例"})
        pack["public_notice"]["working_days"] = 7
        pack["performance"]["grade_bands"][0]["min"] = 85
        pack["performance"]["grade_bands"][1]["max"] = 85

    assert _changed(change) == [
        "申报截止日期：「2023-08-25」→「2024-08-23」",
        "申报要求：「…直园区请于8月25日前将企业申报资…」→「…直园区请于8月23日前将企业申报资…」",
        "新增互斥规则：事项 5、8「不能同时申报。」",
        "申报项目数上限 最多项目数：2 → 3",
        "绩效管理 评价等级「优」 下限：90 → 85",
        "绩效管理 评价等级「良」 上限：90 → 85",
        "公示 公示期（工作日）：5 → 7",
    ]


def test_performance_rules_in_the_workbenchs_words_without_internal_codes():
    """A 目标审核要点 added in the workbench gets a generated code (point_1) the coordinator never sees, so the diff
    does not show it; the shortfall rule and its share read as the 绩效与公示规则 page says them (a percentage)."""

    def change(data):
        rules = data["pack"]["performance"]
        rules["checklist"].append({"code": "point_1", "text": "资金测算依据充分"})
        rules["shortfall_rule"] = "fixed_deduction"
        rules["fixed_deduction_share"] = 0.4

    assert _changed(change) == [
        "绩效管理 目标审核要点：新增「资金测算依据充分」",
        "绩效管理 未完成指标扣分规则：按完成比例扣分 → 扣减该指标固定比例",
        "绩效管理 固定扣分比例：50% → 40%",
    ]


def test_an_unknown_key_still_reads_in_chinese_where_its_parts_have_names():
    def change(data):
        data["pack"]["notice"]["future_note"] = "新的说明"
        _item(data, 3)["contact"]["phone"] = "0734-0000000"

    assert _changed(change) == [
        "future_note：新增 新的说明",
        "事项 3「培育制造业单项冠军企业」 联系人 电话：「0734-8859605」→「0734-0000000」",
    ]


def test_rule_cases_are_listed_by_name():
    def change(data):
        cases = data["cases"]["cases"]
        removed = cases.pop(0)
        cases.append({**removed, "name": "新用例"})
        cases[0]["expect"] = {}

    lines = _changed(change)
    assert lines[0].startswith("删除规则用例「") and lines[-1] == "新增规则用例「新用例」"
    assert lines[1].startswith("修改规则用例「")
