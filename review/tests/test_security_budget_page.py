"""Issue 16, finding 9: the city's budget page (支持事项预算) and its service, item_budget_set.

The 中小企业科 and the 财政局企业科 set each item's budget; every other persona is refused (404 on the page,
PermissionDenied in the service) with nothing written. A budget below what the city's approvals already use is
refused at its field, with the value typed kept; a decision over the budget says what remains."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.models import AuditEvent
from review import budget, services
from review.models import ItemBudget
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db
PAGE = reverse("review:budgets")


def _item(pack, number=2):
    return pack.items.get(number=number)


def _approved(pack, amount, number=2):
    application = applications_in_county(pack, 1, number=number, status=S.CITY_APPROVED)[0]
    Application.objects.filter(pk=application.pk).update(proposed_amount=amount)
    return application


def _written():
    return list(ItemBudget.objects.values_list("item_id", "amount")), AuditEvent.objects.count()


@pytest.mark.parametrize("persona", ["city_sme", "city_finance"])
def test_the_sme_section_and_city_finance_set_and_change_a_budget(request, stored_pack, persona):
    actor = request.getfixturevalue(persona)
    item = _item(stored_pack)
    created = budget.item_budget_set(actor=actor, item=item, amount=Decimal("50"))
    changed = budget.item_budget_set(actor=actor, item=item, amount=Decimal("80.5"))
    assert created.pk == changed.pk and ItemBudget.objects.get(item=item).amount == Decimal("80.50")
    events = list(AuditEvent.objects.filter(verb="item_budget_set").order_by("pk").values_list("data", flat=True))
    assert [(e["before"], e["amount"]) for e in events] == [(None, "50"), ("50.00", "80.5")]


@pytest.mark.parametrize("persona", ["city_section", "county_industry", "county_finance", "enterprise_admin",
                                     "auditor", "admin"])  # fmt: skip
def test_everyone_else_is_refused_and_nothing_is_written(request, stored_pack, persona):
    before = _written()
    with pytest.raises(PermissionDenied):
        budget.item_budget_set(actor=request.getfixturevalue(persona), item=_item(stored_pack), amount=Decimal("50"))
    assert _written() == before


def test_a_budget_below_what_is_used_or_negative_is_refused(stored_pack, city_sme):
    _approved(stored_pack, Decimal("30"))
    before = _written()
    with pytest.raises(ValidationError) as below:
        budget.item_budget_set(actor=city_sme, item=_item(stored_pack), amount=Decimal("20"))
    assert below.value.message_dict["amount"] == ["第2项已建议奖补 30.00 万元，预算不能低于此数。"]
    with pytest.raises(ValidationError) as negative:
        budget.item_budget_set(actor=city_sme, item=_item(stored_pack), amount=Decimal("-1"))
    assert negative.value.message_dict["amount"] == [budget.AMOUNT_NEGATIVE]
    assert _written() == before
    budget.item_budget_set(actor=city_sme, item=_item(stored_pack), amount=Decimal("30"))  # exactly what is used


def test_a_decision_over_the_budget_says_what_remains(stored_pack, city_section, city_sme):
    _approved(stored_pack, Decimal("30"))
    budget.item_budget_set(actor=city_sme, item=_item(stored_pack), amount=Decimal("50"))
    application = applications_in_county(stored_pack, 1, status=S.RECOMMENDED)[0]
    with pytest.raises(ValidationError) as refused:
        services.city_decision_record(actor=city_section, application=application, decision="agree",
                                      amount=Decimal("25"))  # fmt: skip
    assert refused.value.message_dict["amount"] == [
        "第2项的预算为 50.00 万元，已建议 30.00 万元，剩余 20.00 万元，本次 25.00 万元将超出预算。"
    ]
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED and application.proposed_amount is None
    services.city_decision_record(actor=city_section, application=application, decision="agree", amount=Decimal("20"))


# The page


def test_the_page_lists_each_item_with_budget_used_and_remaining(client, stored_pack, city_sme):
    _approved(stored_pack, Decimal("30"))
    budget.item_budget_set(actor=city_sme, item=_item(stored_pack), amount=Decimal("50"))
    client.force_login(city_sme)
    response = client.get(PAGE)
    assert response.status_code == 200
    rows = {row.item.number: row for row, _ in response.context["rows"]}
    assert len(rows) == 14
    assert (rows[2].budget, rows[2].used, rows[2].remaining) == (Decimal("50.00"), Decimal("30.00"), Decimal("20.00"))
    assert rows[3].budget is None and "未设定" in response.content.decode()


@pytest.mark.parametrize("count", [1, 4])
def test_the_page_query_count_does_not_grow(client, stored_pack, city_sme, count, django_assert_num_queries):
    for _ in range(count):
        _approved(stored_pack, Decimal("1"))
    client.force_login(city_sme)
    # session, user, roles, the published packs (the default one is the newest that is not an example), the
    # default pack's items, the budgets, the amounts used (grouped by item), the menu's unread count and the
    # user's organisation; the session saved (savepoint, update, release)
    with django_assert_num_queries(11):
        assert client.get(PAGE).status_code == 200


def test_setting_through_the_page(client, stored_pack, city_finance):
    item = _item(stored_pack)
    client.force_login(city_finance)
    response = client.post(reverse("review:budget_set", args=[item.pk]), {f"item-{item.pk}-amount": "120.5"},
                           follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == f"{PAGE}#item-2"
    assert "第2项的预算已设为 120.50 万元。" in response.content.decode()
    assert ItemBudget.objects.get(item=item).amount == Decimal("120.50")


@pytest.mark.parametrize(("typed", "message"), [("abc", "请输入金额（万元），最多两位小数。"), ("-3", "金额不能为负数。"),
                                                ("", "请填写预算（万元）。"), ("20", "预算不能低于此数")])  # fmt: skip
def test_a_refusal_is_shown_at_the_field_with_the_value_kept(client, stored_pack, city_sme, typed, message):
    _approved(stored_pack, Decimal("30"))
    item = _item(stored_pack)
    client.force_login(city_sme)
    before = _written()
    response = client.post(reverse("review:budget_set", args=[item.pk]), {f"item-{item.pk}-amount": typed})
    assert response.status_code == 400
    form = dict((row.item.number, form) for row, form in response.context["rows"])[2]
    assert message in form.errors["amount"][0]
    assert f'value="{typed}"' in response.content.decode() or not typed
    assert _written() == before


@pytest.mark.parametrize("persona", ["city_section", "county_industry", "enterprise_admin", "auditor", "admin"])
def test_other_personas_get_404_on_the_page_and_the_form(client, request, stored_pack, persona):
    item = _item(stored_pack)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 404
    response = client.post(reverse("review:budget_set", args=[item.pk]), {f"item-{item.pk}-amount": "50"})
    assert response.status_code == 404 and not ItemBudget.objects.exists()


def test_anonymous_is_sent_to_login(client, stored_pack):
    assert client.get(PAGE).status_code == 302


def test_an_item_of_no_published_pack_is_404(client, stored_pack, city_sme):
    client.force_login(city_sme)
    assert client.post(reverse("review:budget_set", args=[987654]), {"item-987654-amount": "1"}).status_code == 404


def test_wrong_methods(client, stored_pack, city_sme):
    client.force_login(city_sme)
    assert client.post(PAGE).status_code == 405
    assert client.get(reverse("review:budget_set", args=[_item(stored_pack).pk])).status_code == 405


def test_the_menu_links_the_page(client, stored_pack, city_sme, city_finance, city_section):
    for persona, shown in ((city_sme, True), (city_finance, True), (city_section, False)):
        client.force_login(persona)
        assert (f'href="{PAGE}"' in client.get(reverse("review:worklist")).content.decode()) is shown
