"""资金下达 pages: the index (the city finance section's lists awaiting an allocation), drafting one from a final
list (budget subject prefilled, amounts per county, a refusal at its field with the typed values kept), the
allocation page (lines per county, the reader's awards), and the real-name 确认 and 会签. Each: the happy path,
the personas refused, a wrong method."""

import datetime as dt

import pytest
from django.urls import reverse

from funds.choices import AllocationStatus
from funds.models import Allocation
from funds.services import allocation as services
from funds.tests.ledger import allocation_issued
from funds.views import allocation as views
from policies.models import PolicyPack
from review.forms import SIGN_OFF_UNCHECKED

pytestmark = pytest.mark.django_db
INDEX = reverse("funds:allocation_index")
NUMBER = "衡财企指〔2024〕7号"


def url(name, pk):
    return reverse(f"funds:{name}", args=[pk])


def get(client, user, path, **kwargs):
    client.force_login(user)
    return client.get(path, **kwargs)


def post(client, user, path, data=None):
    client.force_login(user)
    return client.post(path, data or {})


@pytest.fixture
def drafted(final_list, city_finance):
    award_list, _ = final_list
    return services.allocation_create(
        actor=city_finance, award_list=award_list, document_number=NUMBER, issued_on=dt.date(2024, 2, 1)
    )


def sign_data(allocation):
    facts = services.allocation_sign_off_facts(allocation)
    return {"count": facts.count, "total": facts.total, "confirm": "on"}


# --- index ---


def test_the_index_offers_the_city_finance_section_the_final_lists(client, final_list, city_finance):
    award_list, _ = final_list
    body = get(client, city_finance, INDEX).content.decode()
    assert url("allocation_create", award_list.pk) in body and "2 项" in body and "150.00" in body


def test_the_index_lists_allocations_without_the_create_offer_to_others(client, issued, city_sme, county_finance):
    allocation = Allocation.objects.get()
    for user in (city_sme, county_finance):
        body = get(client, user, INDEX).content.decode()
        assert url("allocation", allocation.pk) in body and "办理资金下达" not in body
        assert "150.00" in body or user == county_finance


@pytest.mark.parametrize("persona", ["enterprise_admin", "auditor", "admin"])
def test_the_index_is_not_found_for_enterprises_and_others(client, request, persona):
    assert get(client, request.getfixturevalue(persona), INDEX).status_code == 404


def test_the_index_refuses_post(client, city_finance):
    assert post(client, city_finance, INDEX).status_code == 405


# --- create ---


def test_create_prefills_the_packs_budget_subject_and_shows_each_countys_amount(client, final_list, city_finance):
    award_list, _ = final_list
    PolicyPack.objects.filter(pk=award_list.pack_id).update(data={**award_list.pack.data, "budget_subject": "2150805"})
    body = get(client, city_finance, url("allocation_create", award_list.pk)).content.decode()
    assert 'value="2150805"' in body and "已按政策包的默认科目“2150805”填写" in body
    preview = body[body.index('id="allocation-preview"') :]
    assert "珠晖区" in preview and "100.00" in preview and "耒阳市" in preview and "50.00" in preview
    assert "<td>2 项</td><td>150.00</td>" in preview


def test_without_a_default_subject_the_page_does_not_claim_one(client, final_list, city_finance):
    award_list, _ = final_list
    body = get(client, city_finance, url("allocation_create", award_list.pk)).content.decode()
    assert "默认科目" not in body.replace("未规定默认科目", "") and "政策包未规定默认科目" in body


def test_create_drafts_the_allocation_and_opens_it(client, final_list, city_finance):
    award_list, _ = final_list
    data = {"document_number": NUMBER, "issued_on": "2024-02-01", "budget_subject": "2150805 中小企业发展专项"}
    response = post(client, city_finance, url("allocation_create", award_list.pk), data)
    allocation = Allocation.objects.get()
    assert response.status_code == 302 and response["Location"] == url("allocation", allocation.pk)
    body = client.get(response["Location"]).content.decode()
    assert views.ALLOCATION_CREATED.format(number=NUMBER, count=2) in body
    assert allocation.budget_subject == "2150805 中小企业发展专项" and allocation.status == AllocationStatus.DRAFT


def test_a_taken_document_number_is_refused_at_its_field_with_the_values_kept(client, issued, stored_pack, city_sme,
                                                                            city_finance, enterprise_user):  # fmt: skip
    from funds.tests.ledger import two_county_list

    award_list, _ = two_county_list(stored_pack, sme=city_sme, owner=enterprise_user)
    data = {"document_number": "衡财企指〔2024〕1号", "issued_on": "2024-03-05", "budget_subject": "科目甲"}
    response = post(client, city_finance, url("allocation_create", award_list.pk), data)
    body = response.content.decode()
    assert response.status_code == 400
    field = body[body.index('id="field-document_number"') : body.index('id="field-issued_on"')]
    assert services.DOCUMENT_NUMBER_TAKEN.format(number="衡财企指〔2024〕1号") in field
    assert 'value="2024-03-05"' in body and 'value="科目甲"' in body
    assert '<div hidden data-focus-target="allocation-create"></div>' in body
    assert Allocation.objects.count() == 1


def test_a_blank_form_names_each_missing_field(client, final_list, city_finance):
    award_list, _ = final_list
    body = post(client, city_finance, url("allocation_create", award_list.pk)).content.decode()
    assert services.DOCUMENT_NUMBER_REQUIRED in body and "请填写日期。" in body and "这个字段是必填项" not in body
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("persona", ["city_sme", "county_finance", "enterprise_admin", "auditor"])
def test_create_is_not_found_for_anyone_but_the_city_finance_section(client, request, final_list, persona):
    award_list, _ = final_list
    user = request.getfixturevalue(persona)
    assert get(client, user, url("allocation_create", award_list.pk)).status_code == 404
    assert post(client, user, url("allocation_create", award_list.pk), {"document_number": "x"}).status_code == 404


def test_create_is_not_found_for_a_list_already_allocated(client, issued, final_list, city_finance):
    award_list, _ = final_list
    assert get(client, city_finance, url("allocation_create", award_list.pk)).status_code == 404


# --- detail ---


def test_the_allocation_page_shows_lines_per_county_and_the_awards(client, issued, city_finance):
    allocation = Allocation.objects.get()
    body = get(client, city_finance, url("allocation", allocation.pk)).content.decode()
    lines = body[body.index('id="allocation-lines"') : body.index('id="allocation-funds"')]
    assert "珠晖区" in lines and "耒阳市" in lines and "<td>2 项</td><td>150.00</td><td>150.00</td>" in lines
    home, other = issued
    assert home.enterprise.name in body and other.enterprise.name in body
    assert 'id="allocation-documents"' in body and "150.00 万元（大写：人民币壹佰伍拾万元整）" in body


@pytest.mark.parametrize(
    ("persona", "exports"), [("city_finance", True), ("county_finance", True), ("city_sme", False),
                             ("county_industry", False)],
)  # fmt: skip
def test_the_budget_system_exports_are_offered_to_finance_once_issued(client, request, issued, persona, exports):
    documents = "/documents/export/budget_payments_"
    allocation = Allocation.objects.get()
    body = get(client, request.getfixturevalue(persona), url("allocation", allocation.pk)).content.decode()
    offered = body[body.index('id="allocation-documents"') :].split("</div>")[0]
    assert "/documents/export/allocation_letter_docx/" in offered
    assert (f"{documents}csv/?allocation={allocation.pk}" in offered) is exports
    assert (f"{documents}json/?allocation={allocation.pk}" in offered) is exports


def test_the_budget_system_exports_wait_for_the_issue(client, drafted, city_finance):
    body = get(client, city_finance, url("allocation", drafted.pk)).content.decode()
    assert "budget_payments_" not in body


def test_a_county_sees_the_document_and_its_own_awards_only(client, issued, county_finance):
    home, other = issued
    body = get(client, county_finance, url("allocation", Allocation.objects.get().pk)).content.decode()
    assert home.enterprise.name in body and other.enterprise.name not in body and "耒阳市" in body


def test_an_allocation_without_the_countys_awards_is_not_found(client, stored_pack, city_sme, city_finance,
                                                                enterprise_admin, other_county):  # fmt: skip
    from performance.tests.awarded import awarded_list

    award_list, _ = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    allocation = allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme)
    assert get(client, other_county, url("allocation", allocation.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["enterprise_admin", "auditor"])
def test_the_allocation_page_is_not_found_for_enterprises(client, request, issued, persona):
    response = get(client, request.getfixturevalue(persona), url("allocation", Allocation.objects.get().pk))
    assert response.status_code == 404


def test_the_allocation_page_refuses_post(client, issued, city_finance):
    assert post(client, city_finance, url("allocation", Allocation.objects.get().pk)).status_code == 405


# --- confirm and co-sign ---


def test_confirm_then_cosign_in_real_names(client, drafted, city_finance, city_sme):
    body = get(client, city_finance, url("allocation", drafted.pk)).content.decode()
    assert url("allocation_confirm", drafted.pk) in body and url("allocation_cosign", drafted.pk) not in body
    page = get(client, city_finance, url("allocation_confirm", drafted.pk)).content.decode()
    assert NUMBER in page and "2 项" in page and "以本人实名确认" in page
    response = post(client, city_finance, url("allocation_confirm", drafted.pk), sign_data(drafted))
    assert response.status_code == 302 and response["Location"] == url("allocation", drafted.pk)
    assert views.ALLOCATION_CONFIRMED in client.get(response["Location"]).content.decode()
    body = get(client, city_sme, url("allocation", drafted.pk)).content.decode()
    assert url("allocation_cosign", drafted.pk) in body
    response = post(client, city_sme, url("allocation_cosign", drafted.pk), sign_data(drafted))
    drafted.refresh_from_db()
    assert response.status_code == 302 and drafted.status == AllocationStatus.ISSUED
    assert drafted.cosigned_by == city_sme


def test_a_sign_off_without_the_tick_is_refused_on_its_page(client, drafted, city_finance):
    data = {**sign_data(drafted), "confirm": ""}
    response = post(client, city_finance, url("allocation_confirm", drafted.pk), data)
    assert response.status_code == 400 and SIGN_OFF_UNCHECKED in response.content.decode()
    drafted.refresh_from_db()
    assert drafted.status == AllocationStatus.DRAFT


def test_each_sign_off_is_refused_to_the_other_side(client, drafted, city_finance, city_sme, county_finance):
    assert get(client, city_sme, url("allocation_confirm", drafted.pk)).status_code == 403
    assert post(client, city_finance, url("allocation_cosign", drafted.pk), sign_data(drafted)).status_code == 403
    assert get(client, county_finance, url("allocation_confirm", drafted.pk)).status_code == 403
    drafted.refresh_from_db()
    assert drafted.status == AllocationStatus.DRAFT


def test_a_sign_off_with_nothing_to_sign_goes_back_to_the_allocation(client, drafted, city_sme):
    response = get(client, city_sme, url("allocation_cosign", drafted.pk))  # not confirmed yet
    assert response.status_code == 302 and response["Location"] == url("allocation", drafted.pk)


def test_the_sign_offs_refuse_put(client, drafted, city_finance):
    client.force_login(city_finance)
    assert client.put(url("allocation_confirm", drafted.pk)).status_code == 405
