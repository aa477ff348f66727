"""Issue 16 finding 14: every page carries a Content-Security-Policy that allows no inline script or style,
and a Permissions-Policy; no template holds an inline <script>, <style> or event handler the policy would
refuse (the browser check is e2e/test_security_csp.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", ["/accounts/login/", "/eligibility/", "/no-such-page/"])
def test_every_answer_has_a_strict_csp_and_a_permissions_policy(client, url):
    response = client.get(url)
    policy = _directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src", "default-src"):
        assert policy[directive] == ["'self'"], directive
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "microphone=()" in permissions and "geolocation=()" in permissions


def test_pages_of_a_signed_in_user_carry_the_headers(client, enterprise_admin, profile):
    client.force_login(enterprise_admin)
    response = client.get(reverse("enterprises:profile"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Permissions-Policy"]
    body = response.content.decode()
    assert not INLINE_SCRIPT.search(body) and not EVENT_HANDLER.search(body.split("<body", 1)[1])


def _templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_no_template_has_inline_script_style_or_event_handler():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("script", INLINE_SCRIPT), ("style", INLINE_STYLE), ("handler", EVENT_HANDLER),
                              ("javascript:", JAVASCRIPT_URL)):  # fmt: skip
            if pattern.search(text):
                found.append(f"{path.relative_to(settings.BASE_DIR)}: inline {name}")
    assert not found, found
    assert len(_templates()) > 50  # the scan saw the project's templates


def test_htmx_injects_no_style_and_evaluates_nothing(client):
    body = client.get("/accounts/login/").content.decode()
    assert '"includeIndicatorStyles": false' in body and '"allowEval": false' in body
