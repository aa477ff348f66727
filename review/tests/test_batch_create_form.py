"""The 联合推荐 form: its choices grouped by item, each group naming its item, and the 限报 items saying so."""

import pytest

from applications.workflow import ApplicationStatus as S
from review.forms import QUOTA_GROUP_NOTE, BatchCreateForm
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db


def test_choices_are_grouped_by_item_with_the_quota_said_once(stored_pack, county_industry, django_assert_num_queries):
    item2 = applications_in_county(stored_pack, 2, number=2, status=S.COUNTY_APPROVED)
    item3 = applications_in_county(stored_pack, 2, number=3, status=S.COUNTY_APPROVED)
    applications_in_county(stored_pack, 1, number=3, status=S.SUBMITTED)  # not approved: not offered
    form = BatchCreateForm(user=county_industry)
    with django_assert_num_queries(1):  # the approved applications with enterprise and item
        groups = form.item_groups()
    assert [(g.number, g.name, g.quota) for g in groups] == [
        (2, "企业智能制造装备贴息项目", None), (3, "培育制造业单项冠军企业", 1),
    ]  # fmt: skip
    assert [o.choice_label for o in groups[1].options] == [f"{a.enterprise.name} · {a.project_name}" for a in item3]
    assert [str(o.data["value"]) for o in groups[0].options] == [str(a.pk) for a in item2]
    assert groups[0].quota_note == ""
    assert groups[1].quota_note == QUOTA_GROUP_NOTE.format(quota=1)
    assert groups[1].quota_note.count("限报1个") == 1


def test_the_groups_are_what_the_page_shows(client, stored_pack, county_industry):
    applications_in_county(stored_pack, 1, number=10, status=S.COUNTY_APPROVED)
    client.force_login(county_industry)
    body = client.get("/review/batches/").content.decode()
    assert "<legend>第10项 " in body and QUOTA_GROUP_NOTE.format(quota=1) in body
    assert "第3、4、10项" not in body  # the rule is told at its group, not in a paragraph above
