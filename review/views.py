"""Officials' pages: the work list (filters, search, bulk actions), decisions, recommendation batches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions as base
from applications import permissions as application_permissions
from core.actions import button_view, form_step_view, not_found_unless
from core.pagination import CountedPaginator
from review import permissions, selectors, services
from review.forms import BatchCreateForm, BulkForm, DecisionForm, WorklistFilterForm, bulk_form_html
from review.models import RecommendationBatch
from review.sign_off_page import sign_off_page


@require_GET
@login_required
def worklist(request):
    not_found_unless(permissions.can_view_worklist(request.user))
    form = WorklistFilterForm(request.GET or None, user=request.user)
    applications = selectors.worklist(user=request.user, filters=form.cleaned_data if form.is_valid() else {})
    # Counted without the shown columns' joins (the filter's alone); the page's rows with them.
    rows = CountedPaginator(selectors.worklist_rows(applications), 50, counted=applications.values("pk"))
    page = rows.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "bulk_form": bulk_form_html,  # called by the template, only where it draws the form
        "can_bulk": permissions.can_record_county_opinions_in_bulk(request.user),
    }
    template = "review/worklist.html#results" if request.htmx else "review/worklist.html"
    return render(request, template, context)


def _decide(actor, application, decision, reason, amount=None, field_comments=None):
    if base.is_county_reviewer(actor):
        return services.county_opinion_record(
            actor=actor, application=application, decision=decision, reason=reason, field_comments=field_comments
        )
    if base.is_city_section_reviewer(actor):
        return services.city_decision_record(
            actor=actor, application=application, decision=decision, reason=reason, amount=amount
        )
    raise PermissionDenied


def _review_block(application_pk: int) -> str:
    return f"{reverse('applications:edit', args=[application_pk])}#review"


def _back_to_review_block(request, application, form):
    """The opinion is given in the application page's review block: its errors are told there."""
    messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(_review_block(application.pk))


decide = form_step_view(
    get_or_404=application_permissions.get_application_for_user_or_404,
    form=lambda request, _: DecisionForm(request.POST),
    call=lambda user, application, form: _decide(
        user, application, form.cleaned_data["decision"], form.cleaned_data["reason"],
        form.cleaned_data.get("amount"), form.field_comments(),
    ),
    then=lambda acted: _review_block(acted.target.pk), done="审核意见已提交。", invalid=_back_to_review_block,
)  # fmt: skip
reopen = button_view(
    get_or_404=application_permissions.get_application_for_user_or_404,
    call=lambda user, application: services.county_reopen(actor=user, application=application),
    then=lambda acted: _review_block(acted.target.pk),
)


@require_POST
@login_required
def bulk(request):
    """Bulk approve or return: one service call; each application still gets its own opinion and audit event."""
    if not permissions.can_record_county_opinions_in_bulk(request.user):
        raise Http404
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("review:worklist")
    # Ids of at most 18 ASCII digits: a longer one overflowed SQLite's integers (a 500).
    ids = [int(i) for i in request.POST.getlist("application") if i.isascii() and i.isdigit() and len(i) <= 18]
    chosen = list(
        application_permissions.applications_visible_to(request.user).filter(pk__in=ids).select_related(None).only("pk")
    )
    try:
        outcome = services.county_opinions_record_many(
            actor=request.user, applications=chosen, decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    if outcome.done:
        messages.success(request, f"已处理 {len(outcome.done)} 件。")
    for application, exc in outcome.refused:
        messages.error(request, f"{application}：{'；'.join(getattr(exc, 'messages', ['无权操作']))}")
    return redirect("review:worklist")


@require_GET
@login_required
def batch_list(request):
    not_found_unless(permissions.can_view_worklist(request.user))
    batches = permissions.batches_visible_to(request.user)
    form = BatchCreateForm(user=request.user) if permissions.can_create_batch(request.user) else None
    return render(request, "review/batch_list.html", {"batches": batches, "form": form})


@require_POST
@login_required
def batch_create(request):
    if not permissions.can_create_batch(request.user):
        raise Http404
    form = BatchCreateForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            batch = services.batch_create(
                actor=request.user, applications=list(form.cleaned_data["applications"]),
                number=form.cleaned_data["number"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("review:batch_detail", pk=batch.pk)
    batches = permissions.batches_visible_to(request.user)
    return render(request, "review/batch_list.html", {"batches": batches, "form": form}, status=400)


@require_GET
@login_required
def batch_detail(request, pk: int):
    # The letter names the pack (title, number, year), not its JSON.
    batch = get_object_or_404(
        permissions.batches_visible_to(request.user).select_related("pack").defer("pack__data"), pk=pk
    )
    rows = selectors.batch_summary_rows(batch)
    context = {
        "batch": batch, "rows": rows, "labels": selectors.SUMMARY_LABELS.values(),
        "totals": selectors.summary_totals(rows),
        "can_sign": permissions.can_sign_batch(request.user, batch),
        "can_send": permissions.can_send_batch(request.user, batch),
    }  # fmt: skip
    return render(request, "review/batch_detail.html", context)


BATCH_SIGNED = "已以本人实名签发：{document}，共 {count} 项。"


@require_http_methods(["GET", "POST"])
@login_required
def batch_sign(request, pk: int):
    """The confirmation step of a department's 签发 (GET), then the sign-off itself (POST, with the tick and
    the facts that were shown)."""
    batch = permissions.get_batch_for_user_or_404(request.user, pk)
    if not permissions.can_sign_batch(request.user, batch):
        raise Http404
    if batch.status != RecommendationBatch.Status.DRAFT:
        messages.error(request, services.BATCH_ALREADY_SENT)
        return redirect("review:batch_detail", pk=pk)
    facts = selectors.batch_sign_off_facts(batch)
    return sign_off_page(
        request, facts=facts, action="签发", title="签发联合推荐", subject=f"{batch.jurisdiction}联合推荐文件",
        sign=lambda confirmed: services.batch_sign(actor=request.user, batch=batch, confirmed=confirmed),
        back_url=reverse("review:batch_detail", args=[pk]),
        done=BATCH_SIGNED.format(document=facts.document, count=facts.count),
    )  # fmt: skip


batch_send = button_view(
    get_or_404=permissions.get_batch_for_user_or_404,
    call=lambda user, batch: services.batch_send(actor=user, batch=batch),
    then=lambda acted: reverse("review:batch_detail", args=[acted.target.pk]),
    done="联合推荐已上报市工信局、市财政局。",
)
