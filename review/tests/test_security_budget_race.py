"""Issue 16, finding 9: two city decisions at once must not approve more than the item's budget.

Before the fix, two sections' 同意 of 30 万元 each against a budget of 50 万元 both went through (each read the
budget used before the other committed). The budget row is now locked inside the decision, so the second
waits, reads 30 already used and is refused with the remaining budget.

PostgreSQL only (CI sets DATABASE_URL): SQLite has no row locks to test."""

from decimal import Decimal

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.tests.concurrency import POSTGRESQL_ONLY, race, slowed
from review import budget, services
from review.models import ItemBudget
from review.tests.helpers import applications_in_county

pytestmark = POSTGRESQL_ONLY


def test_two_decisions_at_once_stay_within_the_budget(stored_pack, city_section, monkeypatch):
    first, second = applications_in_county(stored_pack, 2, status=S.RECOMMENDED)
    ItemBudget.objects.create(item=first.item, amount=Decimal("50"))
    # Widen the window between reading the budget used and the commit (verified: without the lock both pass).
    slowed(monkeypatch, services, "_transition")
    outcomes = race([
        lambda a=a: services.city_decision_record(actor=city_section, application=a, decision="agree",
                                                  amount=Decimal("30"))
        for a in (first, second)
    ], done="approved")  # fmt: skip
    assert outcomes[0] == "approved", outcomes
    assert "剩余 20.00 万元" in outcomes[1], outcomes
    approved = Application.objects.filter(item=first.item, status=S.CITY_APPROVED)
    assert [a.proposed_amount for a in approved] == [Decimal("30")]


def _decision_and_budget_race(stored_pack, city_section, city_sme, monkeypatch) -> list[str]:
    application = applications_in_county(stored_pack, 1, status=S.RECOMMENDED)[0]
    # The budget page reads what is used at 0.5 s and commits; the decision reads the budget at 0.3 s and commits
    # at 0.6 s. Without a lock both go through (verified: without the item row's lock, the first budget and the
    # decision both went through).
    slowed(monkeypatch, budget, "item_budget_used")
    slowed(monkeypatch, services, "_transition", 0.3)
    return race([
        lambda: services.city_decision_record(actor=city_section, application=application, decision="agree",
                                              amount=Decimal("30")),
        lambda: budget.item_budget_set(actor=city_sme, item=application.item, amount=Decimal("20")),
    ])  # fmt: skip


def _exactly_one_went_through(outcomes: list[str]) -> None:
    assert outcomes.count("done") == 1, outcomes
    assert "超出预算" in outcomes[-1] or "预算不能低于此数" in outcomes[-1], outcomes
    used = sum((a.proposed_amount for a in Application.objects.filter(status=S.CITY_APPROVED)), Decimal(0))
    assert used <= (ItemBudget.objects.values_list("amount", flat=True).first() or used)


def test_lowering_the_budget_while_a_decision_is_made(stored_pack, city_section, city_sme, monkeypatch):
    ItemBudget.objects.create(item=stored_pack.items.get(number=2), amount=Decimal("50"))
    _exactly_one_went_through(_decision_and_budget_race(stored_pack, city_section, city_sme, monkeypatch))


def test_a_first_budget_set_while_a_decision_is_made(stored_pack, city_section, city_sme, monkeypatch):
    """No budget row yet: the item's row is what both wait on."""
    _exactly_one_went_through(_decision_and_budget_race(stored_pack, city_section, city_sme, monkeypatch))
