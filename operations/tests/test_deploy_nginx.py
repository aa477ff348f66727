"""deploy/nginx/hengyang.conf (issue 17 §1): nginx accepts it (`nginx -t`, rendered with a test certificate and
loopback ports), and it says what the application relies on: the upload limit, the forwarded headers, two nodes
with failover, TLS 1.2+ only, and HSTS left to Django."""

from __future__ import annotations

import re

from django.conf import settings

from operations.tests.deploy_tools import (
    NGINX_SITE,
    free_port,
    nginx_prepare,
    nginx_test,
    requires_nginx,
    self_signed_certificate,
)

SITE = NGINX_SITE.read_text()
SITE_DIRECTIVES = re.sub(r"#.*", "", SITE)  # comments out


def directives(name: str) -> list[str]:
    return [value.strip() for value in re.findall(rf"^\s*{name}\s+([^;]*);", SITE_DIRECTIVES, flags=re.MULTILINE)]


@requires_nginx
def test_nginx_accepts_the_site(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    main = nginx_prepare(
        tmp_path, http_port=free_port(), https_port=free_port(), nodes=("127.0.0.1:18001", "127.0.0.1:18002"),
        certificate=cert, key=key,
    )  # fmt: skip
    result = nginx_test(tmp_path, main)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


@requires_nginx
def test_nginx_refuses_a_broken_site(tmp_path):
    """The check above can fail: a certificate that does not exist makes `nginx -t` fail."""
    cert, key = self_signed_certificate(tmp_path)
    main = nginx_prepare(
        tmp_path, http_port=free_port(), https_port=free_port(), nodes=("127.0.0.1:18001", "127.0.0.1:18002"),
        certificate=tmp_path / "missing.pem", key=key,
    )  # fmt: skip
    result = nginx_test(tmp_path, main)
    assert result.returncode != 0 and "missing.pem" in result.stderr


def test_upload_limit_matches_the_application():
    limit = settings.UPLOAD_MAX_REQUEST_BYTES
    assert limit % (1024 * 1024) == 0
    assert directives("client_max_body_size") == [f"{limit // (1024 * 1024)}m"]


def test_forwarded_headers_are_set_by_nginx():
    headers = dict(value.split(None, 1) for value in directives("proxy_set_header"))
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"  # TRUSTED_PROXY_COUNT=1 reads its last entry
    assert headers["X-Forwarded-Proto"] == "$scheme"  # SECURE_PROXY_SSL_HEADER
    assert headers["X-Forwarded-Host"] == "$host"
    assert headers["X-Request-ID"] == "$request_id"
    assert headers["Host"] == "$host"


def test_two_nodes_with_failover_that_never_resends_a_post():
    upstream = re.search(r"upstream hengyang_app \{(.*?)\}", SITE_DIRECTIVES, flags=re.DOTALL).group(1)
    assert len(re.findall(r"^\s*server \S+", upstream, flags=re.MULTILINE)) == 2
    # Site-wide: a refused or failed connection goes to the other node; /healthz and /readyz turn it off, so
    # that each node shows as it is.
    assert directives("proxy_next_upstream") == ["error timeout http_502 http_503 http_504", "off", "off"]
    for probe in ("/healthz", "/readyz"):
        assert re.search(rf"location = {probe} \{{[^}}]*proxy_pass http://hengyang_app;", SITE_DIRECTIVES)


def test_tls_is_modern_and_hsts_is_left_to_django():
    assert set(directives("ssl_protocols")) == {"TLSv1.2 TLSv1.3"}
    (ciphers,) = directives("ssl_ciphers")
    assert all(("GCM" in c or "CHACHA20" in c) and c.startswith("ECDHE") for c in ciphers.split(":"))
    # Django sends Strict-Transport-Security (production settings); nginx must not send it a second time.
    assert "Strict-Transport-Security" not in SITE_DIRECTIVES
    assert directives("return") == ["444", "301 https://$server_name$request_uri"]
