"""The Permissions-Policy header (issue 16 §14); the Content-Security-Policy comes from django-csp with the
policy in settings (CONTENT_SECURITY_POLICY)."""

from __future__ import annotations

from django.conf import settings

# The platform asks for no device: a page (or a script injected into one) may not use the camera, the
# microphone, the location and the like. Only features Chromium knows are named (Debian's chromium warns
# "Unrecognized feature: 'bluetooth'", so bluetooth is left out), so that the console stays
# free of "Unrecognized feature" warnings.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "display-capture": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "serial": "()",
    "usb": "()",
}


def permissions_policy_header() -> str:
    policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
