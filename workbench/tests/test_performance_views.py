"""The 绩效与公示规则 page of a draft (通知 五; pack.yaml performance and public_notice): the coordinator moves a
grade band, the 偏离预警 threshold and the 公示期; refusals at the field with everything typed kept; nobody else
gets in."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from policies.pack.diff import pack_diff_lines
from workbench.services.drafts import DRAFT_CHANGED_ELSEWHERE
from workbench.tests.factories import page_data_version, versioned
from workbench.tests.performance_2023 import PERFORMANCE_2023

pytestmark = pytest.mark.django_db


def _posted(draft, **changes) -> dict:
    """The form as the page posts it for the draft's rules, with `changes` (band rows by index, other fields)."""
    rules = draft.data["pack"]["performance"]
    data = {
        "total_score": "100", "deviation_threshold": "30", "shortfall_rule": rules["shortfall_rule"],
        "fixed_deduction_percent": "50", "source": rules["source"], "working_days": "5",
    }  # fmt: skip
    for k, band in enumerate(rules["grade_bands"]):
        data |= {f"grade_bands-{k}-grade": band["grade"], f"grade_bands-{k}-min": f"{band['min']:g}",
                 f"grade_bands-{k}-max": f"{band['max']:g}"}  # fmt: skip
    k += 1
    data |= {f"grade_bands-{k}-grade": "", f"grade_bands-{k}-min": "", f"grade_bands-{k}-max": ""}
    for k, point in enumerate(rules["checklist"]):
        data |= {f"checklist-{k}-code": point["code"], f"checklist-{k}-text": point["text"]}
    k += 1
    data |= {f"checklist-{k}-code": "", f"checklist-{k}-text": ""}
    return data | changes


def _at_field(page: str, field: str, message: str) -> bool:
    """`message` is shown inside the field's block: after its id, before the next field's."""
    start = page.index(f'id="field-{field}"')
    following = [i for i in (page.find('id="field-', start + 1), page.find("</form>", start)) if i > 0]
    return start < page.find(message, start) < min(following)


def _url(draft) -> str:
    return reverse("workbench:performance", args=[draft.pk])


def _rules(draft) -> dict:
    draft.refresh_from_db()
    return draft.data["pack"]["performance"]


def test_the_page_shows_the_rules_in_chinese(client, city_sme, draft):
    client.force_login(city_sme)
    page = client.get(_url(draft)).content.decode()
    for text in ("评分与预警", "偏离预警阈值（百分点）", "按完成比例扣分", "扣减该指标固定比例", "等级区间",
                 "目标审核要点", "目标明确", "公示期（工作日）", 'value="良"', "含下限、不含上限"):  # fmt: skip
        assert text in page, text
    assert "尚未设置绩效规则" not in page
    draft_page = client.get(reverse("workbench:draft", args=[draft.pk])).content.decode()
    assert _url(draft) in draft_page and "绩效与公示规则" in draft_page


def test_moving_the_good_band_and_the_notice_period_is_saved_and_shown(client, city_sme, draft):
    client.force_login(city_sme)
    before = draft.data
    posted = _posted(draft, **{"grade_bands-1-min": "85", "grade_bands-2-max": "85", "working_days": "7",
                               "deviation_threshold": "25"})  # fmt: skip
    response = client.post(_url(draft), versioned(draft, posted))
    assert response.status_code == 302 and response["Location"] == _url(draft)
    rules = _rules(draft)
    assert {b["grade"]: (b["min"], b["max"]) for b in rules["grade_bands"]} == {
        "优": (90, 100), "良": (85, 90), "中": (60, 85), "差": (0, 60)}  # fmt: skip
    assert rules["deviation_threshold"] == 25
    assert draft.data["pack"]["public_notice"]["working_days"] == 7
    assert AuditEvent.objects.filter(data__what="修改绩效评分与预警规则").exists()
    page = client.get(_url(draft)).content.decode()
    assert 'name="grade_bands-1-min" value="85"' in page and 'name="working_days" value="7"' in page
    assert "已保存：修改绩效评分与预警规则" in page
    lines = pack_diff_lines(before, draft.data)
    assert any("评价等级「良」 下限" in line and "80 → 85" in line for line in lines), lines
    assert any("公示期（工作日）" in line and "5 → 7" in line for line in lines), lines
    assert any("偏离预警阈值（百分点）" in line and "30 → 25" in line for line in lines), lines


def test_a_gap_between_bands_is_refused_at_the_bands_with_everything_typed_kept(client, city_sme, draft):
    client.force_login(city_sme)
    posted = _posted(draft, **{"grade_bands-1-min": "85", "working_days": "9", "source": "2024年通知 五"})
    response = client.post(_url(draft), versioned(draft, posted))
    assert response.status_code == 400
    page = response.content.decode()
    assert _at_field(page, "grade_bands", "等级“中”与“良”之间缺少 80–85 分")
    assert 'name="grade_bands-1-min" value="85"' in page and 'value="9"' in page and "2024年通知 五" in page
    assert _rules(draft)["grade_bands"][1]["min"] == 80
    assert draft.data["pack"]["public_notice"]["working_days"] == 5


def test_a_save_after_a_save_from_the_same_page_goes_through(client, city_sme, draft):
    client.force_login(city_sme)
    page = client.get(_url(draft)).content.decode()
    first = _posted(draft, working_days="7") | {"data_version": page_data_version(page)}
    response = client.post(_url(draft), first, follow=True)
    assert "已保存：修改绩效评分与预警规则" in response.content.decode()
    second = _posted(draft, working_days="8") | {"data_version": page_data_version(response.content.decode())}
    assert first["data_version"] != second["data_version"]
    assert client.post(_url(draft), second).status_code == 302
    draft.refresh_from_db()
    assert draft.data["pack"]["public_notice"]["working_days"] == 8


def test_a_save_from_a_page_another_save_made_stale_is_refused_with_everything_typed_kept(client, city_sme, draft):
    client.force_login(city_sme)
    stale = page_data_version(client.get(_url(draft)).content.decode())  # the second tab
    assert client.post(_url(draft), versioned(draft, _posted(draft, working_days="7"))).status_code == 302
    saved, events = _rules(draft), AuditEvent.objects.count()
    typed = _posted(draft, **{"grade_bands-1-min": "85", "grade_bands-2-max": "85", "working_days": "9",
                              "source": "第二个窗口填写的依据"}) | {"data_version": stale}  # fmt: skip
    response = client.post(_url(draft), typed)
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('id="performance-form"') :]
    assert DRAFT_CHANGED_ELSEWHERE in form[: form.index('id="group-1"')]  # at the top of the form
    assert 'name="grade_bands-1-min" value="85"' in form and 'name="working_days" value="9"' in form
    assert "第二个窗口填写的依据" in form
    assert _rules(draft) == saved and draft.data["pack"]["public_notice"]["working_days"] == 7
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("threshold", ["0", "120"])
def test_a_threshold_outside_0_to_100_is_refused_at_its_field(client, city_sme, draft, threshold):
    client.force_login(city_sme)
    response = client.post(_url(draft), versioned(draft, _posted(draft, deviation_threshold=threshold)))
    assert response.status_code == 400
    page = response.content.decode()
    assert _at_field(page, "deviation_threshold", "偏离预警阈值须大于 0、不超过 100 个百分点。")
    assert f'name="deviation_threshold" value="{threshold}"' in page
    assert _rules(draft)["deviation_threshold"] == 30


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"working_days": "31"}, "working_days", "公示期不超过 30 个工作日。"),
        ({"working_days": "0"}, "working_days", "公示期至少 1 个工作日。"),
        ({"grade_bands-1-min": "八十"}, "grade_bands", "第2行：下限和上限须为数字"),
        ({"grade_bands-1-max": ""}, "grade_bands", "第2行：请填写等级名称、下限和上限。"),
        ({"grade_bands-0-max": "95"}, "grade_bands", "等级区间须到满分 100 为止，最高为 95"),
        ({"shortfall_rule": "fixed_deduction", "fixed_deduction_percent": ""}, "fixed_deduction_percent",
         "选择“扣减该指标固定比例”时，请填写固定扣分比例。"),
        ({"checklist-0-text": "明"}, "checklist", "第1行：审核要点至少 2 个字。"),
    ],
)  # fmt: skip
def test_other_refusals_at_their_fields(client, city_sme, draft, changes, field, message):
    client.force_login(city_sme)
    before = draft.data
    response = client.post(_url(draft), versioned(draft, _posted(draft, **changes)))
    assert response.status_code == 400
    page = response.content.decode()
    assert _at_field(page, field, message)
    draft.refresh_from_db()
    assert draft.data == before


def test_checklist_points_are_added_changed_and_removed_with_internal_codes(client, city_sme, draft):
    client.force_login(city_sme)
    posted = _posted(draft, **{"checklist-1-text": "指标可衡量、可考核", "checklist-3-text": "",
                               "checklist-4-text": "资金测算依据充分"})  # fmt: skip
    assert client.post(_url(draft), versioned(draft, posted)).status_code == 302
    assert _rules(draft)["checklist"] == [
        {"code": "clear", "text": "目标明确"},
        {"code": "measurable", "text": "指标可衡量、可考核"},
        {"code": "relevant", "text": "与项目内容相关"},
        {"code": "point_1", "text": "资金测算依据充分"},
    ]
    page = client.get(_url(draft)).content.decode()
    assert 'type="hidden" name="checklist-3-code" value="point_1"' in page
    assert ">point_1<" not in page


def test_fixed_deduction_with_its_share(client, city_sme, draft):
    client.force_login(city_sme)
    posted = _posted(draft, shortfall_rule="fixed_deduction", fixed_deduction_percent="40")
    assert client.post(_url(draft), versioned(draft, posted)).status_code == 302
    rules = _rules(draft)
    assert rules["shortfall_rule"] == "fixed_deduction" and rules["fixed_deduction_share"] == 0.4
    assert 'name="fixed_deduction_percent" value="40"' in client.get(_url(draft)).content.decode()


def test_a_pack_without_rules_starts_from_2023s(client, city_sme, draft):
    data = draft.data
    data["pack"]["performance"] = None
    type(draft).objects.filter(pk=draft.pk).update(data=data)
    client.force_login(city_sme)
    page = client.get(_url(draft)).content.decode()
    assert "本草稿的政策包尚未设置绩效规则" in page and "目标明确" in page and 'value="良"' in page
    draft.refresh_from_db()
    assert client.post(_url(draft), versioned(draft, _posted_from_2023(working_days="6"))).status_code == 302
    assert _rules(draft)["grade_bands"] == PERFORMANCE_2023["grade_bands"]
    assert "尚未设置绩效规则" not in client.get(_url(draft)).content.decode()


def _posted_from_2023(**changes) -> dict:
    class Draft:
        data = {"pack": {"performance": PERFORMANCE_2023}}

    return _posted(Draft, **changes)


@pytest.mark.parametrize("name", ["county_industry", "city_section", "city_finance", "enterprise_user"])
def test_nobody_else_sees_or_changes_them(client, request, name, draft):
    client.force_login(request.getfixturevalue(name))
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), versioned(draft, _posted(draft, working_days="9"))).status_code == 404
    draft.refresh_from_db()
    assert draft.data["pack"]["public_notice"]["working_days"] == 5


def test_the_approver_cannot_edit_the_preparers_draft(client, approver, draft):
    client.force_login(approver)
    assert client.post(_url(draft), versioned(draft, _posted(draft, working_days="9"))).status_code == 404


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_method(client, city_sme, draft, method):
    client.force_login(city_sme)
    assert getattr(client, method)(_url(draft)).status_code == 405
