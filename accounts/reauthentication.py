"""Re-authentication before a real-name act (issue 16 §12): signing a batch, confirming, co-signing, publishing
or finalising a list. A view marked `@recent_authentication_required` runs its POST only if its holder proved who
they are (password at login, a TOTP code, or this step) within REAUTHENTICATION_WINDOW_SECONDS; otherwise the
person is asked for their password or a TOTP code on a page that carries what they posted, so nothing typed or
ticked is lost, and the act goes through when they answer."""

from __future__ import annotations

from functools import wraps

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import second_factor, services
from accounts.forms import REAUTH_WRONG, ReauthenticateForm

SECRET_FIELD = "reauth_secret"
NOT_CARRIED = {SECRET_FIELD, "csrfmiddlewaretoken"}


def secret_matches(user, secret: str) -> bool:
    """The account's password, or a current code of its TOTP device."""
    if user.check_password(secret):
        return True
    return (
        secret.isdigit()
        and second_factor.confirmed_device(user) is not None
        and (services.otp_verify(actor=user, token=secret) is not None)
    )


def recent_authentication_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method != "POST"
            or not request.user.is_authenticated  # the view sends them to the login page
            or second_factor.recently_authenticated(request.session)
        ):
            return view(request, *args, **kwargs)
        form = ReauthenticateForm(request.POST if SECRET_FIELD in request.POST else None)
        if form.is_bound and form.is_valid():
            succeeded = secret_matches(request.user, form.cleaned_data[SECRET_FIELD])
            services.reauthentication_record(actor=request.user, succeeded=succeeded, path=request.path)
            if succeeded:
                second_factor.authenticated_now(request.session)
                request.POST = request.POST.copy()
                request.POST.pop(SECRET_FIELD, None)
                return view(request, *args, **kwargs)
            form.add_error(SECRET_FIELD, REAUTH_WRONG)
        carried = [(k, v) for k, values in request.POST.lists() if k not in NOT_CARRIED for v in values]
        back = request.META.get("HTTP_REFERER", "")
        back = back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else ""
        context = {"form": form, "carried": carried, "post_url": request.get_full_path(), "back_url": back}
        return render(request, "accounts/reauthenticate.html", context, status=400 if form.errors else 200)

    return wrapper
