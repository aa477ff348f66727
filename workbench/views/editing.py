"""What every section page of a draft does on POST: save the new data through draft_data_save with the version of
the data the page was rendered from (the optimistic lock), or show the refusal where the person acted: each
problem at its field with everything typed kept (the bound form is rendered again), or a button's refusal as a
message on the page it returns to."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404

from core.forms import BAD_VERSION, posted_version
from workbench import permissions, services
from workbench.models import PackDraft
from workbench.problems import problems_on_form

# The name of the hidden input that carries the draft's data_version ({% data_version_input draft %}).
DATA_VERSION = "data_version"


def draft_for_editing_or_404(user, pk: int) -> PackDraft:
    draft = permissions.get_draft_for_user_or_404(user, pk)
    if not permissions.can_edit_draft(user, draft):
        raise Http404
    return draft


def draft_save_posted(request, *, draft: PackDraft, data: dict[str, Any], what: str) -> PackDraft:
    """draft_data_save of `data`, checked against the data_version the page posted. A page without one (cut
    short, or made by hand) is refused with BAD_VERSION, a stale one by the service; both are ValidationErrors,
    as are DraftInvalid and a draft no longer editable. The service's PermissionDenied reads as 404."""
    expected = posted_version(request.POST, DATA_VERSION)
    if expected is None:
        raise ValidationError(BAD_VERSION, code="bad_version")
    try:
        return services.draft_data_save(
            actor=request.user, draft=draft, data=data, what=what, expected_data_version=expected
        )
    except PermissionDenied:
        raise Http404 from None


def draft_save_from_form(
    request, *, draft: PackDraft, form: BaseForm, data: dict[str, Any], what: str, fields: dict[str, tuple]
) -> bool:
    """Save `data` (built from the valid `form`); True when saved. On refusal the problems go on `form`: each at
    its field where it has one, a stale page's or a draft's refusal at the top of the form."""
    try:
        draft_save_posted(request, draft=draft, data=data, what=what)
    except services.DraftInvalid as exc:
        problems_on_form(form, exc.problems, fields, data)
        return False
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, f"已保存：{what}。")
    return True


def draft_save_from_button(request, *, draft: PackDraft, data: dict[str, Any], what: str, done: str, refused: str):
    """Save `data` built by a button (remove, move) and tell the person on the page the view returns to: `done`,
    or `refused` followed by the problems that keep the pack from being valid, or a stale page's refusal."""
    try:
        draft_save_posted(request, draft=draft, data=data, what=what)
    except services.DraftInvalid as exc:
        messages.error(request, refused + "；".join(p.message for p in exc.problems))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
