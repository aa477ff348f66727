"""What every section page of a draft does on POST: save the new data through draft_data_save, or show each
problem at its field with everything typed kept (the bound form is rendered again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404

from workbench import permissions, services
from workbench.models import PackDraft
from workbench.problems import problems_on_form


def draft_for_editing_or_404(user, pk: int) -> PackDraft:
    draft = permissions.get_draft_for_user_or_404(user, pk)
    if not permissions.can_edit_draft(user, draft):
        raise Http404
    return draft


def draft_save_from_form(
    request, *, draft: PackDraft, form: BaseForm, data: dict[str, Any], what: str, fields: dict[str, tuple]
) -> bool:
    """Save `data` (built from the valid `form`); True when saved. On refusal the problems go on `form`."""
    try:
        services.draft_data_save(actor=request.user, draft=draft, data=data, what=what)
    except PermissionDenied:
        raise Http404 from None
    except services.DraftInvalid as exc:
        problems_on_form(form, exc.problems, fields, data)
        return False
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, f"已保存：{what}。")
    return True
