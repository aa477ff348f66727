"""Record logins, failed logins and logouts in the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import services


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    services.login_record(user=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.logout_record(user=user)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    services.login_failure_record(username=str(credentials.get("username", "")))
