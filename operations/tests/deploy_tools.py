"""What the tests of deploy/ share: the repository's deploy files rendered for a test machine (loopback ports,
a self-signed certificate, a temporary prefix), nginx run as the current user, and app processes started and
always stopped.

nginx is a Debian package that CI installs (.ci/run). Without it the tests that need it are skipped, except
when REQUIRE_BROWSER=1 (CI's second pass), where a missing nginx is a failure: a skip must never hide a missing
install step."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "hengyang.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
REQUIRE_TOOLS = os.environ.get("REQUIRE_BROWSER") == "1"

requires_nginx = pytest.mark.skipif(
    NGINX is None and not REQUIRE_TOOLS, reason="nginx is not installed (apt-get install nginx)"
)

# The values deploy/nginx/hengyang.conf ships with, which a test machine replaces.
SITE_NAME = "sbpt.hengyang.gov.cn"
SITE_NODES = ("10.0.0.11:8000", "10.0.0.12:8000")
SITE_CERTIFICATE = "/etc/ssl/hengyang/fullchain.pem"
SITE_KEY = "/etc/ssl/hengyang/privkey.pem"


def nginx_binary() -> str:
    if NGINX is None:
        pytest.fail("REQUIRE_BROWSER=1 but nginx is missing: apt-get install nginx")
    return NGINX


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A certificate for `host` and 127.0.0.1, valid for a day, and its key (PEM files in `folder`)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _replace(text: str, old: str, new: str, count: int) -> str:
    """`old` replaced by `new`, which must occur exactly `count` times: the deploy file changed shape otherwise,
    and the rendering would silently test something else."""
    found = text.count(old)
    assert found == count, f"{old!r} occurs {found} times in {NGINX_SITE.name}, expected {count}"
    return text.replace(old, new)


def render_site(
    *, http_port: int, https_port: int, nodes: tuple[str, str], certificate: Path, key: Path, logs: Path
) -> str:
    """deploy/nginx/hengyang.conf as a test machine runs it: loopback ports for nginx and the two nodes, the
    test's certificate and log folder, and `localhost` as the site's name. Everything else is the file as
    shipped."""
    text = NGINX_SITE.read_text()
    text = re.sub(r"^\s*listen \[::\]:.*\n", "", text, flags=re.MULTILINE)  # a test machine may lack IPv6
    text = _replace(text, "listen 80", f"listen 127.0.0.1:{http_port}", 2)
    text = _replace(text, "listen 443", f"listen 127.0.0.1:{https_port}", 2)
    text = _replace(text, f"server_name {SITE_NAME};", "server_name localhost;", 2)
    for shipped, node in zip(SITE_NODES, nodes, strict=True):
        text = _replace(text, f"server {shipped} ", f"server {node} ", 1)
    text = _replace(text, SITE_CERTIFICATE, str(certificate), 1)
    text = _replace(text, SITE_KEY, str(key), 1)
    text = _replace(text, "/var/log/nginx/", f"{logs}/", 2)
    return text


def nginx_main_config(prefix: Path, site: Path) -> str:
    """The http{} frame Debian's /etc/nginx/nginx.conf gives a site, with every path under `prefix`, for an nginx
    run by the current user in the foreground."""
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # as root, workers would become nobody
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind}_temp;" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {prefix}/access.log;
{temp}
    include {site};
}}
"""


def nginx_prepare(prefix: Path, **site_values) -> Path:
    """Write the rendered site and its frame under `prefix`; the frame's path."""
    for folder in ("logs", *(f"{kind}_temp" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    site = prefix / "hengyang.conf"
    site.write_text(render_site(logs=prefix / "logs", **site_values))
    main = prefix / "nginx.conf"
    main.write_text(nginx_main_config(prefix, site))
    return main


def nginx_test(prefix: Path, main: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - nginx, our own files
        [nginx_binary(), "-t", "-p", str(prefix), "-c", str(main)], capture_output=True, text=True, timeout=30
    )


def nginx_start(prefix: Path, main: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [nginx_binary(), "-p", str(prefix), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=(prefix / "nginx.stderr").open("w"), start_new_session=True,
    )  # fmt: skip


def process_start(command: list[str], *, env: Mapping[str, str], log: Path) -> subprocess.Popen:
    """A process in its own session (so that stopping it stops its children), its output in `log`."""
    return subprocess.Popen(  # noqa: S603
        command, cwd=REPO, env=dict(env), stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def process_stop(*processes: subprocess.Popen | None, timeout: float = 15) -> None:
    """SIGTERM to each process's group (all at once), then SIGKILL to any that has not ended within `timeout`."""
    running = [p for p in processes if p is not None and p.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in running:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_for_port(port: int, *, process: subprocess.Popen, log: Path | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text() if log and log.exists() else ""
            raise AssertionError(f"process ended with {process.returncode} before listening on {port}:\n{output}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {timeout} s")
