"""The work list's filter: officials never see drafts, so 草稿 is not offered."""

import pytest
from django.urls import reverse

from applications.workflow import ApplicationStatus as S
from review.forms import WorklistFilterForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["county_industry", "city_section", "city_sme"])
def test_officials_are_not_offered_drafts(request, stored_pack, persona):
    values = [value for value, _ in WorklistFilterForm(user=request.getfixturevalue(persona)).fields["status"].choices]
    assert S.DRAFT not in values and S.SUBMITTED in values and S.RETURNED in values


def test_the_page_offers_no_draft(client, stored_pack, county_industry):
    client.force_login(county_industry)
    body = client.get(reverse("review:worklist")).content.decode()
    assert f'<option value="{S.DRAFT}"' not in body and f'<option value="{S.SUBMITTED}"' in body


def test_a_draft_filter_typed_in_the_address_is_refused_not_shown(client, stored_pack, county_industry):
    client.force_login(county_industry)
    response = client.get(reverse("review:worklist"), {"status": S.DRAFT})
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize("persona", ["county_industry", "city_sme"])
def test_the_items_offered_are_the_packs_stored_items_without_reading_them(
    request, stored_pack, persona, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    WorklistFilterForm(user=user)  # the user's roles, the pack's models built
    with django_assert_num_queries(1):  # the packs on offer; not the items
        form = WorklistFilterForm(user=user)
    stored = [(i.number, f"{i.number}. {i.name}") for i in form.summary_pack.items.order_by("number")]
    assert len(stored) > 10 and form.fields["item"].choices == [("", "全部"), *stored]
