"""The notice metadata page of a draft: its wording, dates, issuers, contacts and project limit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workbench.edits.notice import notice_update
from workbench.notice_forms import NOTICE_FIELD_PATHS, NoticeForm, notice_initial
from workbench.views.editing import draft_for_editing_or_404, draft_save_from_form


@require_http_methods(["GET", "POST"])
@login_required
def notice_edit(request, pk: int):
    draft = draft_for_editing_or_404(request.user, pk)
    form = NoticeForm(request.POST or None, initial=notice_initial(draft.data))
    if request.method == "POST" and form.is_valid():
        data = notice_update(draft.data, form.cleaned_data)
        if draft_save_from_form(
            request, draft=draft, form=form, data=data, what="修改通知信息", fields=NOTICE_FIELD_PATHS
        ):
            return redirect("workbench:draft", pk=draft.pk)
    status = 400 if form.errors else 200
    return render(request, "workbench/notice_edit.html", {"draft": draft, "form": form}, status=status)
