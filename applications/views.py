"""The enterprise's side of an application: start, fill in (autosave), attach, sign, submit, follow."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions as base
from applications import completeness, permissions, rules, selectors, services
from applications.forms import CommitmentForm, StartForm, SummaryForm, UploadForm
from applications.profile_sync import profile_changes
from applications.timeline import timeline_for
from applications.uploads import MAX_UPLOAD_BYTES, too_large_message_template
from applications.workflow import ENTERPRISE_VIEW, ApplicationStatus
from core.actions import button_view, form_step_view
from core.audit_reads import read_record
from core.choices import AuditVerb
from core.files import download_view
from core.forms import BAD_VERSION, posted_version
from core.guide import Guide, GuideSection, Slot, is_filled, section_progress
from core.upload_limits import upload_was_too_large
from eligibility.engine import evaluate_item, evaluate_pack
from eligibility.reports import ELIGIBLE, cross_item_warnings
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts, profile_of
from policies import selectors as policy_selectors
from policies.formengine.paths import path_to_anchor
from policies.formengine.post import parse_submission
from policies.formengine.progress import forms_progress
from policies.formengine.render import render_sections
from policies.formengine.validate import validate_answers

SESSION_EXPIRED = (
    "登录已过期：本页内容已暂存在本机浏览器中。请在新窗口重新登录，回到本页后点击“恢复”即可继续，不会丢失。"
)


def _enterprise_user_or_404(request):
    if not base.is_enterprise_user(request.user):
        raise Http404
    return request.user.organisation


@require_GET
@login_required
def my_applications(request):
    enterprise = _enterprise_user_or_404(request)
    applications = selectors.applications_of_enterprise(enterprise=enterprise)
    # The dates of the next step (issue 19 §2): the deadline of what the enterprise still has to submit.
    next_dates = selectors.next_dates_of(applications=applications, enterprise=enterprise, today=timezone.localdate())
    rows = [
        {"application": a, "state": ENTERPRISE_VIEW[a.status][0], "holder": ENTERPRISE_VIEW[a.status][1],
         "next_date": next_dates.get(a.pk)}
        for a in applications
    ]  # fmt: skip
    profile = profile_of(enterprise.pk)
    return render(request, "applications/my_applications.html", {"rows": rows, "profile": profile})


@require_http_methods(["GET", "POST"])
@login_required
def start(request, number: int):
    enterprise = _enterprise_user_or_404(request)
    stored = policy_selectors.pack_offered_or_404(request.GET.get("pack"))  # the form posts back to this URL
    item_row = policy_selectors.item_of_pack_or_404(pack=stored, number=number)
    pack, items = policy_selectors.pack_models(stored)
    item = next(i for i in items if i.number == number)
    profile = profile_of(enterprise.pk)
    facts = profile_facts(profile) if profile else {}
    verdicts = [evaluate_item(pack, item, facts, frozenset(), s) for s in item.subtypes] or [
        evaluate_item(pack, item, facts)
    ]
    form = StartForm(request.POST if request.method == "POST" else None, subtypes=item_row.data.get("subtypes", []))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=request.user, enterprise=enterprise, item=item_row,
                subtype_code=form.cleaned_data.get("subtype_code", ""),
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("applications:edit", pk=application.pk)
    deadline = selectors.submission_deadline(pack=stored, jurisdiction=enterprise.jurisdiction)
    # Told before any form is filled: the item cannot be applied for now, and why (the same reason as at 提交).
    blocked = rules.application_rule_break(enterprise=enterprise, item=item_row)
    if not permissions.enterprise_is_confirmed(enterprise.pk):  # issue 16 §7: said before anything is typed
        blocked = rules.RuleBreak(
            rule="not_confirmed", reason=services.not_confirmed_to_start(enterprise.pk), holders=()
        )
    closed = services.window_closed_reason(pack=stored, jurisdiction=enterprise.jurisdiction)
    if closed:  # after the deadline the page offers no 开始填写申报书 that could only be refused
        blocked = rules.RuleBreak(rule="window_closed", reason=closed, holders=())
    context = {
        "item": item_row, "form": form, "verdicts": verdicts, "deadline": deadline, "profile": profile,
        "pack": stored, "notice": stored.notice,
        "blocked": blocked, "focus": ("not-available" if blocked else "start-form") if form.errors else "",
    }  # fmt: skip
    return render(request, "applications/start.html", context, status=400 if form.errors else 200)


def _page_context(request, application, *, answers=None, raw=None, errors=None, summary_form=None, **extra):
    answers = application.answers if answers is None else answers
    editable = permissions.can_edit_application(request.user, application)
    comments = selectors.return_comments(application) if application.status == ApplicationStatus.RETURNED else {}
    review_reason = comments.pop("_reason", "")
    sections = render_sections(
        application.forms, answers, errors or {}, raw or {}, readonly=not editable, comments=comments
    )
    summary_form = summary_form or SummaryForm(
        initial={k: getattr(application, k) for k in services.SUMMARY_FIELDS}, prefix="summary"
    )
    attachments = selectors.attachments_of(application)
    item_materials = completeness.item_materials(application)
    needs = completeness.material_needs(application, item_materials)  # required_when: e.g. 医药、食品 only
    materials = [
        {
            **m,
            **completeness.material_need_view(needs[m["id"]]),
            "files": [a for a in attachments if a.material_id == m["id"]],
        }
        for m in item_materials
    ]
    return {
        "application": application,
        "sections": sections,
        "guide": _application_guide(summary_form, sections) if editable else None,
        "summary_form": summary_form,
        "materials": materials,
        "upload_form": UploadForm(),
        # Checked in the browser too (upload_limit.js), so a file over the limit is not sent at all.
        "upload_max_bytes": MAX_UPLOAD_BYTES,
        "upload_too_large": too_large_message_template(),
        "commitment_form": extra.pop("commitment_form", None) or CommitmentForm(),
        "commitment_text": selectors.commitment_text(application),
        "completeness": completeness.completeness_report(application, attachments=attachments) if editable else [],
        "editable": editable,
        "comments": comments,
        "review_reason": review_reason,
        # The workflow table gives each side its own label: the enterprise's, or the officials' status name.
        "state": ENTERPRISE_VIEW[application.status]
        if base.is_enterprise_user(request.user)
        else (application.get_status_display(), ENTERPRISE_VIEW[application.status][1]),
        "timeline": timeline_for(application),
        "deadline": selectors.application_deadline(application),
        "profile_changes": (profile_changes(application, profile_of(application.enterprise_id)) if editable else []),
        **extra,
    }


# The 申报概要 box the 附件4 does not require (its label says 如适用); the others are needed to submit.
SUMMARY_OPTIONAL = frozenset({"total_investment"})


def _application_guide(summary_form, sections) -> Guide:
    """The navigator of the edit page: 申报概要, each section of the forms, then the places without boxes."""
    summary = section_progress(
        "summary",
        "申报概要",
        [Slot(f"summary-{f.name}", f.name not in SUMMARY_OPTIONAL, is_filled(f.value())) for f in summary_form],
    )
    places = [
        GuideSection(anchor=anchor, title=title, counted=False)
        for anchor, title in (("materials", "申报材料"), ("commitment", "真实性承诺书"), ("submit", "提交"))
    ]
    return Guide([summary, *forms_progress(sections), *places])


@require_GET
@login_required
def edit(request, pk: int):
    application = permissions.get_application_for_user_or_404(request.user, pk)
    # Officials of the jurisdiction (or, once recommended, of the city) see the same page read-only; they read
    # an enterprise's submission, so each view is audited (issue 16 §2).
    if not base.is_enterprise_user(request.user):
        read_record(request, verb=AuditVerb.APPLICATION_VIEWED, target=application)
    return render(request, "applications/edit.html", _page_context(request, application))


@require_POST
def save(request, pk: int):
    """Explicit save (full page) and autosave (htmx, returns the status line only)."""
    if not request.user.is_authenticated:
        if request.htmx:
            return render(request, "applications/edit.html#save-status", {"save_error": SESSION_EXPIRED}, status=200)
        return redirect(f"{reverse('accounts:login')}?next={reverse('applications:edit', args=[pk])}")
    application = permissions.get_application_for_user_or_404(request.user, pk)
    answers, errors, raw = parse_submission(application.forms, request.POST)
    errors = {
        **validate_answers(application.forms, answers, complete=False),
        **completeness.field_rule_errors(application, answers),  # 查询时间, purchase-list dates (material rules)
        **errors,
    }
    summary_form = SummaryForm(request.POST, prefix="summary")
    summary = (
        summary_form.cleaned_data
        if summary_form.is_valid()
        else {k: v for k, v in getattr(summary_form, "cleaned_data", {}).items()}
    )
    expected = posted_version(request.POST)
    if expected is None:  # nothing is saved, and the page comes back with everything typed
        if request.htmx:
            return render(request, "applications/edit.html#save-status", {"save_error": BAD_VERSION})
        messages.error(request, BAD_VERSION)
        context = _page_context(
            request, application, answers=answers, raw=raw, errors=errors, summary_form=summary_form, focus="messages"
        )
        return render(request, "applications/edit.html", context, status=400)
    try:
        application = services.application_save(
            actor=request.user, application=application, answers=answers,  # raw typed text is kept inside
            summary=summary, expected_version=expected, autosave=bool(request.htmx),
        )  # fmt: skip
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        if request.htmx:
            return render(request, "applications/edit.html#save-status", {"save_error": "；".join(exc.messages)})
        messages.error(request, "；".join(exc.messages))
        context = _page_context(
            request, application, answers=answers, raw=raw, errors=errors, summary_form=summary_form, focus="messages"
        )
        return render(request, "applications/edit.html", context, status=409)
    problems = len(errors) + len(summary_form.errors)
    if request.htmx:
        context = {"application": application, "saved": True, "problems": problems}
        return render(request, "applications/edit.html#save-status", context)
    if problems:
        messages.warning(request, f"已保存；有 {problems} 处填写有误，已在对应位置标出，请更正。")
        # The first place in error is where the page opens (the summary comes first on the page).
        first = (
            f"summary-{next(iter(summary_form.errors))}" if summary_form.errors else path_to_anchor(next(iter(errors)))
        )
        context = _page_context(
            request, application, answers=answers, raw=raw, errors=errors, summary_form=summary_form, focus=first
        )
        return render(request, "applications/edit.html", context)
    messages.success(request, "已保存。")
    return redirect("applications:edit", pk=pk)


def _edit_url(application_pk: int, anchor: str) -> str:
    return f"{reverse('applications:edit', args=[application_pk])}#{anchor}"


def _edit_page_again(extra: Callable[[BaseForm], dict]):
    """A refused form on the application page: the page again (400) with `extra(form)`: the form with its
    errors, and where the page opens."""

    def page(request, application, form):
        context = _page_context(request, application, **extra(form))
        return render(request, "applications/edit.html", context, status=400)

    return page


upload = form_step_view(
    get_or_404=permissions.get_application_for_user_or_404,
    form=lambda request, _: UploadForm(request.POST, request.FILES, too_large=upload_was_too_large(request)),
    call=lambda user, application, form: services.attachment_add(
        actor=user, application=application, material_id=form.data.get("material_id", ""),
        upload=form.cleaned_data["file"], query_date=form.cleaned_data.get("query_date"),
    ),
    then=lambda acted: _edit_url(acted.target.pk, f"material-{acted.result.material_id}"),
    done=lambda acted: f"已上传：{acted.form.cleaned_data['file'].name}",
    invalid=lambda request, application, form: _upload_refused(request, application, form),
)  # fmt: skip


def _upload_refused(request, application, form):
    """The page again (400) with the refusal under its material; a material the item does not have (a
    hand-made request) has no place on the page, so its message heads the page."""
    material_id = form.data.get("material_id", "")
    if any(m["id"] == material_id for m in completeness.item_materials(application)):
        extra = {"upload_errors": {material_id: form}, "focus": f"material-{material_id}-error"}
    else:
        messages.error(request, services.MATERIAL_UNKNOWN)
        extra = {"focus": "messages"}
    return render(request, "applications/edit.html", _page_context(request, application, **extra), status=400)


attachment_delete = button_view(
    get_or_404=permissions.get_attachment_for_user_or_404,
    call=lambda user, attachment: services.attachment_remove(actor=user, attachment=attachment),
    then=lambda acted: _edit_url(acted.target.application_id, f"material-{acted.target.material_id}"),
    done=lambda acted: f"已删除：{acted.target.original_name}",
)


# Files are served only here, after the permission check; never from a public URL.
attachment_download = download_view(get_or_404=permissions.get_attachment_for_user_or_404)


commitment = form_step_view(
    get_or_404=permissions.get_application_for_user_or_404,
    form=lambda request, _: CommitmentForm(request.POST),
    call=lambda user, application, form: services.application_sign_commitment(
        actor=user, application=application, signer=form.cleaned_data["signer"], date=form.cleaned_data["date"]
    ),
    then=lambda acted: _edit_url(acted.target.pk, "commitment"),
    done="已签署真实性承诺。",
    invalid=_edit_page_again(lambda form: {"commitment_form": form, "focus": "commitment-form"}),
)


@require_POST
@login_required
def submit(request, pk: int):
    application = permissions.get_application_for_user_or_404(request.user, pk)
    try:
        application = services.application_submit(actor=request.user, application=application)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # answers that must equal the profile: each message at its field
            errors = {path: "；".join(texts) for path, texts in exc.message_dict.items()}
            context = _page_context(
                request, application, errors=errors, submit_errors=[IDENTITY_NOT_PROFILE.format(count=len(errors))],
                focus=path_to_anchor(next(iter(errors))),
            )  # fmt: skip
        else:
            context = _page_context(request, application, submit_errors=exc.messages, focus="submit-errors")
        return render(request, "applications/edit.html", context, status=400)
    return redirect("applications:receipt", pk=pk)


IDENTITY_NOT_PROFILE = "申报书中有 {count} 处企业名称或统一社会信用代码与县级确认的企业档案不一致，已在对应位置标出。请改为与企业档案一致后再提交。"


withdraw = button_view(
    get_or_404=permissions.get_application_for_user_or_404,
    call=lambda user, application: services.application_withdraw(actor=user, application=application),
    then=lambda acted: reverse("applications:edit", args=[acted.target.pk]),
    done="申报已撤回。",
)


@require_GET
@login_required
def receipt(request, pk: int):
    application = permissions.get_application_for_user_or_404(request.user, pk)
    if not application.receipt_number:
        raise Http404
    return render(request, "applications/receipt.html", {"application": application})


@require_POST
@login_required
def sync_profile(request, pk: int):
    """The enterprise chose to copy changed prefilled answers back into its profile."""
    from enterprises import services as enterprise_services

    application = permissions.get_application_for_user_or_404(request.user, pk)
    if not permissions.can_edit_application(request.user, application):
        raise Http404
    profile = EnterpriseProfile.objects.get(organisation=application.enterprise)
    chosen = set(request.POST.getlist("key"))
    changes = {c["key"]: c["new"] for c in profile_changes(application, profile) if c["key"] in chosen}
    if changes:
        try:
            enterprise_services.profile_update(
                actor=request.user, profile=profile, changes=changes, expected_version=profile.version
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", ["无权修改企业档案。"])))
        else:
            messages.success(request, _sync_message(changes))
    return redirect(_edit_url(pk, "profile-sync"))


def _sync_message(changes: dict) -> str:
    """What the sync did: the name and the code do not change at once (issue 16 §5), so it says so."""
    from enterprises.services import CODE_KEYS, NAME_KEY

    parts = []
    synced = [key for key in changes if key != NAME_KEY and key not in CODE_KEYS]
    if synced:
        parts.append(f"已将 {len(synced)} 项修改同步到企业档案。")
    if NAME_KEY in changes:
        parts.append("企业名称的变更已提交县区工信部门确认，确认前仍使用原名称。")
    if changes.keys() & set(CODE_KEYS):
        parts.append("统一社会信用代码须在企业档案中“申请变更”，经县区工信部门确认后生效，本次未作修改。")
    return "".join(parts)


@require_GET
@login_required
def eligible_items(request):
    """The enterprise's own verdicts, from its profile; missing facts link to the profile field."""
    if not base.is_enterprise_user(request.user):
        raise Http404
    reference = request.GET.get("pack")  # the default pack without one; the others are a switch away
    try:
        choice = policy_selectors.pack_choice_or_404(reference)
    except policy_selectors.NoPackPublished:
        return render(request, "policies/no_pack.html", status=404)
    stored = choice.pack
    profile = profile_of(request.user.organisation_id)
    pack, items = policy_selectors.pack_models(stored)
    results = evaluate_pack(pack, items, profile_facts(profile) if profile else {})
    # Items that the notice's exclusions or project limit close to this enterprise now, with the reason.
    blocked = rules.rule_breaks_for_items(enterprise=request.user.organisation, pack=stored, items=items)
    context = {
        "pack": stored,
        "notice": stored.notice,
        "pack_ref": choice.ref,
        "offered": choice.offered,
        "results": [_ResultRow(r, blocked.get(r.number)) for r in selectors.results_eligible_first(results)],
        "warnings": cross_item_warnings(pack, items, results),
        "eligible": ELIGIBLE,
        "profile_mode": True,
    }
    return render(request, "applications/eligible_items.html", context)


class _ResultRow:
    """A verdict as the results list shows it, with the rule that closes the item to the enterprise now."""

    def __init__(self, result, blocked):
        self._result = result
        self.blocked = blocked

    def __getattr__(self, name):
        return getattr(self._result, name)
