"""The city's budget for each support item (ItemBudget): its one lock, and setting it.

A city decision with an amount draws on the item's budget; the budget page changes it. Both lock it through
`item_budget_lock`, after any application they lock (the order of applications/locks.py), so that a second
decision waits for the first to commit and then reads what the first used: two decisions at once can no
longer approve more than the budget between them (issue 16, finding 9).

The service lives here rather than in review/services.py, which is at the size where a module becomes a
package; it is a write like those and follows the same rules (atomic, actor, audit event)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from applications.locks import lock_rows_after
from core.choices import AuditVerb
from core.services import audit_event_record
from policies.models import SupportItem
from review import permissions
from review.models import ItemBudget
from review.selectors import item_budget_used

AMOUNT_NEGATIVE = "金额不能为负数。"
AMOUNT_OVER_BUDGET = (
    "第{item}项的预算为 {budget} 万元，已建议 {used} 万元，剩余 {remaining} 万元，本次 {amount} 万元将超出预算。"
)
BUDGET_BELOW_USED = "第{item}项已建议奖补 {used} 万元，预算不能低于此数。"


def _wan(amount: Decimal) -> str:
    """An amount in 万元 as the messages show it: always two decimals, whatever the database returned."""
    return str(Decimal(amount).quantize(Decimal("0.01")))


def item_budget_lock(*, item_id: int) -> ItemBudget | None:
    """Lock the item's budget until the transaction ends and return it (None: the city set none).

    The item's own row is locked first: an item without a budget has no budget row to lock, and the item row
    is what a decision and the page creating its first budget then wait on."""
    lock_rows_after(SupportItem.objects.filter(pk=item_id).only("pk"))
    budgets = lock_rows_after(ItemBudget.objects.filter(item_id=item_id))
    return budgets[0] if budgets else None


def item_budget_check(*, item: SupportItem, application_id: int, amount: Decimal) -> None:
    """Refuse `amount` for the application if, with what the item's other approvals use, it would exceed the
    budget. Locks the budget (item_budget_lock): call it inside the decision's transaction, after the
    application is locked."""
    if amount < 0:
        raise ValidationError({"amount": AMOUNT_NEGATIVE})
    budget = item_budget_lock(item_id=item.pk)
    if budget is None:
        return
    used = item_budget_used(item_id=item.pk, excluding=application_id)
    if used + amount > budget.amount:
        raise ValidationError({"amount": AMOUNT_OVER_BUDGET.format(
            item=item.number, budget=_wan(budget.amount), used=_wan(used), remaining=_wan(budget.amount - used),
            amount=_wan(amount))})  # fmt: skip


@transaction.atomic
def item_budget_set(*, actor, item: SupportItem, amount: Decimal) -> ItemBudget:
    """The 中小企业科 or the 财政局企业科 sets (or changes) the item's budget, in 万元. It may not fall below what
    the item's approvals already use."""
    if not permissions.can_set_item_budgets(actor):
        raise PermissionDenied
    if amount < 0:
        raise ValidationError({"amount": AMOUNT_NEGATIVE})
    budget = item_budget_lock(item_id=item.pk)
    used = item_budget_used(item_id=item.pk)
    if amount < used:
        raise ValidationError({"amount": BUDGET_BELOW_USED.format(item=item.number, used=_wan(used))})
    before = None if budget is None else budget.amount
    if budget is None:
        budget = ItemBudget(item=item, amount=amount)
        budget.full_clean()
        budget.save()
    else:
        budget.amount = amount
        budget.full_clean(validate_unique=False)
        budget.save(update_fields=["amount"])
    audit_event_record(
        actor=actor, verb=AuditVerb.ITEM_BUDGET_SET, target=budget,
        data={"item": item.number, "before": None if before is None else str(before), "amount": str(amount),
              "used": str(used)},
    )  # fmt: skip
    return budget
