"""The workbench's home (drafts and published packs, a new draft from a published pack) and a draft's overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.actions import not_found_unless, run_form_action
from workbench import permissions, services
from workbench.forms import DraftCreateForm
from workbench.selectors import published_packs
from workbench.validation import draft_problems


@require_http_methods(["GET", "POST"])
@login_required
def home(request):
    not_found_unless(permissions.can_use_workbench(request.user))
    form = DraftCreateForm(request.POST or None)
    created = {}
    if request.method == "POST" and run_form_action(
        form,
        lambda: created.setdefault(
            "draft",
            services.draft_create_from_pack(
                actor=request.user,
                pack=form.cleaned_data["pack"],
                year=form.cleaned_data["year"],
                pack_id=form.cleaned_data["pack_id"],
            ),
        ),
    ):
        return redirect("workbench:draft", pk=created["draft"].pk)
    context = {
        "drafts": permissions.drafts_visible_to(request.user).defer("data"),
        "packs": published_packs(),
        "form": form,
    }
    return render(request, "workbench/home.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def draft(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    context = {
        "draft": draft,
        "problems": draft_problems(draft.data),
        "can_edit": permissions.can_edit_draft(request.user, draft),
        "can_approve": permissions.can_approve_draft(request.user, draft),
    }
    return render(request, "workbench/draft.html", context)
