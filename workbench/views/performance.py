"""The 绩效与公示规则 page of a draft (通知 五; pack.yaml performance and public_notice): scoring and 偏离预警, the
grade bands, the 目标审核 checklist and the 公示 period, saved together."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from policies.selectors import performance_rules_latest
from workbench.edits.performance import performance_rules, performance_update
from workbench.performance_forms import PERFORMANCE_FIELD_PATHS, PerformanceForm, performance_initial
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_form

WHAT = "修改绩效评分与预警规则"


@require_http_methods(["GET", "POST"])
@login_required
def performance_edit(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    fallback = performance_rules_latest()  # where the draft's pack sets no rules, the newest published ones
    _, own_rules = performance_rules(draft.data, fallback)
    form = PerformanceForm(request.POST or None, initial=performance_initial(draft.data, fallback))
    if request.method == "POST" and form.is_valid():
        data = performance_update(draft.data, form.edit_values(), fallback)
        if draft_save_from_form(request, draft=draft, form=form, data=data, what=WHAT, fields=PERFORMANCE_FIELD_PATHS):
            return redirect("workbench:performance", pk=draft.pk)
    context = {"draft": draft, "form": form, "own_rules": own_rules}
    return render(request, "workbench/performance.html", context, status=400 if form.errors else 200)
