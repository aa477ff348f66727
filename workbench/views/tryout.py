"""The try-out (试算): the draft's eligibility over every confirmed enterprise, beside the published pack's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbench import permissions
from workbench.tryout_selectors import tryout_for_draft

SHOWN_CHANGES = 500  # the page lists this many changed verdicts; the counts above it are of all of them


@require_GET
@login_required
def tryout(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    result, published = tryout_for_draft(draft=draft)
    context = {
        "draft": draft,
        "published": published,
        "result": result,
        "changes": result.changes[:SHOWN_CHANGES],
        "shown_limit": SHOWN_CHANGES,
    }
    return render(request, "workbench/tryout.html", context)
