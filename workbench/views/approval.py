"""Two-person approval: the preparer submits a draft; a second 中小企业科 coordinator reads what changed against
the published pack it was copied from, then approves by real name (which publishes it) or returns it with a
reason. The published pack folder is offered as a zip."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.actions import run_action, run_form_action
from policies.pack.diff import pack_diff_lines
from workbench import permissions, services
from workbench.forms import DraftApproveForm, DraftReturnForm
from workbench.rollover import data_for_year
from workbench.validation import draft_problems


@require_POST
@login_required
def draft_submit(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    return run_action(
        request,
        lambda: services.draft_submit(actor=request.user, draft=draft),
        then=reverse("workbench:draft", args=[draft.pk]),
        done="已提交审批，请中小企业科另一名工作人员审批。",
    )


def _changes(draft) -> list[str] | None:
    """Every difference from the published pack the draft was copied from."""
    return pack_diff_lines(draft.based_on.data, draft.data) if draft.based_on_id else None


def _edits(draft) -> list[str] | None:
    """What the preparer changed: the differences from the published pack as it was copied into the draft, with
    its year-relative facts moved to the draft's year (those moves alone fill most of `_changes`)."""
    if not draft.based_on_id:
        return None
    copied = data_for_year(draft.based_on.data, year=draft.year, pack_id=draft.pack_id, version=draft.version)
    return pack_diff_lines(copied, draft.data)


@require_http_methods(["GET", "POST"])
@login_required
def draft_approval(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    can_approve = permissions.can_approve_draft(request.user, draft)
    digest = services.data_digest(draft.data)
    form = DraftApproveForm(request.POST or None, initial={"digest": digest})
    if request.method == "POST":
        if not can_approve:
            raise Http404
        approved = run_form_action(
            form,
            lambda: services.draft_approve(
                actor=request.user, draft=draft, confirmed_digest=form.cleaned_data["digest"]
            ),
        )
        if approved:
            messages.success(request, f"已审批并发布 {draft.pack_id} 第{draft.version}版。")
            return redirect("workbench:draft", pk=draft.pk)
    context = {
        "draft": draft,
        "changes": _changes(draft),
        "edits": _edits(draft),
        "problems": draft_problems(draft.data),
        "can_approve": can_approve,
        "form": form,
        "return_form": DraftReturnForm(),
    }
    return render(request, "workbench/approval.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def draft_return(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    if not permissions.can_return_draft(request.user, draft):
        raise Http404
    form = DraftReturnForm(request.POST)
    if run_form_action(
        form, lambda: services.draft_return(actor=request.user, draft=draft, reason=form.cleaned_data["reason"])
    ):
        messages.success(request, "已退回编制人修改。")
        return redirect("workbench:draft", pk=draft.pk)
    context = {
        "draft": draft,
        "changes": _changes(draft),
        "edits": _edits(draft),
        "problems": [],
        "can_approve": True,
        "form": DraftApproveForm(initial={"digest": services.data_digest(draft.data)}),
        "return_form": form,
    }
    return render(request, "workbench/approval.html", context, status=400)


@require_GET
@login_required
def draft_export_zip(request, pk: int):
    draft = permissions.get_draft_for_user_or_404(request.user, pk)
    if not permissions.can_download_draft_export(request.user, draft):
        raise Http404
    folder = services.export_folder(draft)
    if not folder.is_dir():
        raise Http404
    buffer = io.BytesIO()
    name = folder.name
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*.yaml")):
            archive.write(path, f"{name}/{path.relative_to(folder)}")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response
