"""The city's budget page (支持事项预算): each item of the current pack with its budget, what the city's
approvals already use and what remains; the 中小企业科 and the 财政局企业科 set each budget there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.actions import form_step_view, not_found_unless
from review import budget, permissions, selectors
from review.forms import ItemBudgetForm


def _form(item, data=None, initial=None) -> ItemBudgetForm:
    form = ItemBudgetForm(data, prefix=f"item-{item.pk}", initial=initial)
    form.fields["amount"].widget.attrs.update({"aria-label": f"第{item.number}项预算（万元）", "inputmode": "decimal"})
    return form


def _page(request, refused=None, refused_form=None, status: int = 200):
    rows = selectors.item_budget_rows(items=permissions.budget_items_for(request.user))
    forms = {
        row.item.pk: refused_form
        if refused is not None and row.item.pk == refused.pk
        else _form(row.item, initial={"amount": row.budget})
        for row in rows
    }
    context = {"rows": [(row, forms[row.item.pk]) for row in rows]}
    return render(request, "review/budgets.html", context, status=status)


@require_GET
@login_required
def budgets(request):
    not_found_unless(permissions.can_set_item_budgets(request.user))
    return _page(request)


budget_set = form_step_view(
    get_or_404=permissions.get_budget_item_for_user_or_404,
    form=lambda request, item: _form(item, request.POST),
    call=lambda user, item, form: budget.item_budget_set(actor=user, item=item, amount=form.cleaned_data["amount"]),
    then=lambda acted: f"{reverse('review:budgets')}#item-{acted.target.number}",
    done=lambda acted: f"第{acted.target.number}项的预算已设为 {acted.result.amount:.2f} 万元。",
    invalid=lambda request, item, form: _page(request, item, form, status=400),
)
