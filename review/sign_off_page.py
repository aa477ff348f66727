"""The page of a real-name sign-off (review.signoff), shared by the batch's 签发 and the award list's 确认 and
会签: the confirmation step (GET: the 文号, count, total and signer's name, with a tick box), then the sign-off (POST: the tick and the
facts shown travel to the service, which refuses without them; a refusal, such as a list in another state, is
explained on this page)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.reauthentication import recent_authentication_required
from core.actions import run_form_action
from review.forms import SignOffForm
from review.signoff import SignOffFacts


# A real-name act: the password or a TOTP code within the last few minutes (issue 16 §12). Checked here, after the
# view has found the object and the person's right to sign it, for every sign-off that uses this page.
@recent_authentication_required
def sign_off_page(
    request: HttpRequest, *, facts: SignOffFacts, sign: Callable[[SignOffFacts], object], action: str, title: str,
    subject: str, back_url: str, done: str,
) -> HttpResponse:  # fmt: skip
    """`sign(confirmed)` calls the service with the facts the person confirmed; `back_url` is the signed
    object's page, where a sign-off ends with `done`."""
    data = request.POST if request.method == "POST" else None
    form = SignOffForm(data, facts=facts, signer=request.user.full_name, action=action)
    if request.method == "POST" and run_form_action(form, lambda: sign(form.confirmed())):
        messages.success(request, done)
        return redirect(back_url)
    context = {
        "form": form, "facts": facts, "title": title, "action": action, "signer": request.user,
        "subject": subject, "back_url": back_url, "post_url": request.path,
    }  # fmt: skip
    return render(request, "review/sign_off.html", context, status=400 if form.errors else 200)
