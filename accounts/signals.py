"""Record logins, failed logins and logouts in the audit log; start and end the session's own facts (when its
holder authenticated, the limit of concurrent sessions)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import services
from accounts.second_factor import session_start


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    services.login_record(user=user)
    session = getattr(request, "session", None)
    if session is None:
        return
    session_start(session, user)
    if session.session_key is None:
        session.save()
    services.session_register(user=user, session_key=session.session_key)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.logout_record(user=user)
    session = getattr(request, "session", None)
    if session is not None:
        services.session_forget(session_key=session.session_key)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    services.login_failure_record(username=str(credentials.get("username", "")))
