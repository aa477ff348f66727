"""Two app nodes behind nginx on loopback, as deploy/ runs them (issue 17 §4): gunicorn with deploy/gunicorn.conf.py
under the production settings, twice, on the test's PostgreSQL database, one media folder and one Redis; one
`manage.py worker`; nginx with deploy/nginx/hengyang.conf rendered for loopback. Plus a small HTTP client that
talks to one node directly, as nginx would (for the tests that must choose the node)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from core.tests.production_env import production_env as shared_production_env
from operations.tests.deploy_tools import (
    REPO,
    free_port,
    nginx_prepare,
    nginx_start,
    process_start,
    process_stop,
    wait_for_port,
)

VENV_BIN = Path(sys.executable).parent
# Production-like secrets for the test machine (production refuses the development defaults). The test process
# uses the same personal-data and audit keys, so that what it stores the nodes can read.
SECRET_KEY = "two-nodes-" + "s" * 30 + "-not-a-real-secret-" + "t" * 20
AUDIT_HMAC_KEY = "two-nodes-audit-" + "a" * 24 + "-not-a-real-key"
PERSONAL_DATA_KEY = "two-nodes-personal-data-" + "p" * 24 + "-not-a-real-key"
REDIS_URL = os.environ.get("TWO_NODES_REDIS_URL", "redis://127.0.0.1:6379/3")


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def production_env(**values: str) -> dict[str, str]:
    """core.tests.production_env's environment, with this cluster's secrets (the test sets the same in its own
    settings, so that rows it writes decrypt on the nodes)."""
    secrets = {"SECRET_KEY": SECRET_KEY, "AUDIT_HMAC_KEY": AUDIT_HMAC_KEY, "PERSONAL_DATA_KEY": PERSONAL_DATA_KEY}
    return shared_production_env(**(secrets | values))


def _static_sources_digest() -> str:
    """A digest of every file the static finders collect (path and content), and of the storage that hashes and
    compresses them: the same sources give the same collected folder."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(b"whitenoise.storage.CompressedManifestStaticFilesStorage")
    files = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            files.setdefault(path, storage.path(path))
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + Path(files[path]).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def collected_static(env: dict[str, str]) -> Path:
    """`manage.py collectstatic` under the production settings (hashed names, compressed copies, the manifest),
    cached in the temp folder by the sources' digest: it takes 10-40 s, and the sources rarely change between
    runs."""
    cache = Path(tempfile.gettempdir()) / "hengyang-collected-static" / _static_sources_digest()
    if (cache / "staticfiles.json").exists():
        return cache
    build = Path(tempfile.mkdtemp(prefix="collect-", dir=cache.parent.parent))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=REPO, env=env | {"APP_VAR_DIR": str(build)}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cache.parent.mkdir(parents=True, exist_ok=True)
    try:
        (build / "staticfiles").rename(cache)
    except OSError:  # another run collected it meanwhile
        assert (cache / "staticfiles.json").exists()
    shutil.rmtree(build, ignore_errors=True)
    return cache


@dataclass
class Node:
    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class LogRecord:
    """One line of nginx's access log (log_format hengyang): the upstreams tried, in order, and their statuses."""

    method: str
    path: str
    status: int
    upstreams: list[str]
    upstream_statuses: list[str]
    request_id: str

    @property
    def served_by(self) -> str:
        return self.upstreams[-1] if self.upstreams else ""


LOG_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ rt=\S+ upstream=(?P<upstream>.*?) '
    r"ust=(?P<ust>.*?) urt=.*? rid=(?P<rid>\w+)$"
)


@dataclass
class Cluster:
    folder: Path
    database_url: str
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    nodes: list[Node] = field(default_factory=list)
    worker: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def env(self, **values: str) -> dict[str, str]:
        return production_env(
            DATABASE_URL=self.database_url,
            APP_VAR_DIR=str(self.folder / "var"),
            REDIS_URL=REDIS_URL,
            ALLOWED_HOSTS="localhost",
            CSRF_TRUSTED_ORIGINS=self.base_url,
            SITE_URL=self.base_url,
            TRUSTED_PROXY_COUNT="1",
            **values,
        )

    # --- starting and stopping ---------------------------------------------------------------------------

    def start(self) -> None:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # the rate limits' counts of an earlier run
        var = self.folder / "var"
        (var / "media").mkdir(parents=True)
        (var / "staticfiles").symlink_to(collected_static(self.env()))
        self.nodes = [Node(f"node-{i}", free_port(), self.folder / f"node-{i}.log") for i in (1, 2)]
        for node in self.nodes:
            self.node_start(node)
        certificate, key = _certificate(self.folder)
        main = nginx_prepare(
            self.folder / "nginx", http_port=self.http_port, https_port=self.https_port,
            nodes=tuple(node.address for node in self.nodes), certificate=certificate, key=key,
        )  # fmt: skip
        self.nginx = nginx_start(self.folder / "nginx", main)
        wait_for_port(self.https_port, process=self.nginx, log=self.folder / "nginx" / "nginx.stderr")
        for node in self.nodes:
            self.node_wait(node)

    def node_start(self, node: Node) -> None:
        # One gunicorn worker a node: two nodes share this machine's cores, and each worker loads the application.
        node.process = process_start(
            [str(VENV_BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "config.wsgi"],
            env=self.env(GUNICORN_BIND=node.address, GUNICORN_WORKERS="1", NODE_NAME=node.name), log=node.log,
        )  # fmt: skip

    def node_wait(self, node: Node, timeout: float = 60) -> None:
        """Until the node answers /healthz itself (its workers have loaded the application)."""
        wait_for_port(node.port, process=node.process, log=node.log, timeout=timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if NodeClient(node.port, client_ip="127.0.0.1").get("/healthz").status == 200:
                return
            time.sleep(0.2)
        raise AssertionError(f"{node.name} did not answer /healthz:\n{node.log.read_text()}")

    def node_stop(self, node: Node) -> None:
        """SIGTERM, as systemctl stop does: gunicorn stops taking connections and finishes what it serves."""
        process_stop(node.process, timeout=35)

    def nodes_running(self) -> None:
        for node in self.nodes:
            if node.process is None or node.process.poll() is not None:
                self.node_start(node)
                self.node_wait(node)

    def worker_start(self) -> None:
        self.worker = process_start(
            [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.5"],
            env=self.env(), log=self.folder / "worker.log",
        )  # fmt: skip

    def worker_stop(self) -> None:
        if self.worker is not None:
            process_stop(self.worker)

    def stop(self) -> None:
        import redis

        process_stop(self.nginx, self.worker, *(node.process for node in self.nodes), timeout=35)
        redis.Redis.from_url(REDIS_URL).flushdb()

    # --- what nginx saw ------------------------------------------------------------------------------------

    def access_log(self) -> list[LogRecord]:
        path = self.folder / "nginx" / "logs" / "hengyang.access.log"
        records = []
        for line in path.read_text().splitlines() if path.exists() else []:
            match = LOG_LINE.search(line)
            assert match, line
            records.append(
                LogRecord(
                    method=match["method"],
                    path=match["path"],
                    status=int(match["status"]),
                    upstreams=[u.strip() for u in match["upstream"].split(",") if u.strip() != "-"],
                    upstream_statuses=[s.strip() for s in match["ust"].split(",")],
                    request_id=match["rid"],
                )  # fmt: skip
            )
        return records

    def node_named(self, address: str) -> str:
        return next(node.name for node in self.nodes if node.address == address)

    def get(self, path: str) -> tuple[int, bytes, http.client.HTTPMessage]:
        """A GET through nginx, over TLS (the test's self-signed certificate is not checked): status, body and
        headers."""
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        request = urllib.request.Request(self.base_url + path)  # noqa: S310 - our own https URL
        try:
            with urllib.request.urlopen(request, context=context, timeout=30) as response:  # noqa: S310
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers


def _certificate(folder: Path) -> tuple[Path, Path]:
    from operations.tests.deploy_tools import self_signed_certificate

    (folder / "tls").mkdir()
    return self_signed_certificate(folder / "tls")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class NodeClient:
    """HTTP to one node directly, with the headers nginx adds (the client's address in X-Forwarded-For, HTTPS in
    X-Forwarded-Proto) and the cookies a browser keeps, so that a test chooses which node serves each request."""

    port: int
    client_ip: str
    host: str = "localhost"
    origin: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {
            "Host": self.host,
            "X-Forwarded-For": self.client_ip,
            "X-Forwarded-Proto": "https",
            **({"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}),
            **(headers or {}),
        }
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict[str, str]) -> Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{self.origin}{path}",
                   "Origin": self.origin}  # fmt: skip
        return self.request("POST", path, urlencode(data).encode(), headers)

    def post_json(self, path: str, value) -> Response:
        return self.request("POST", path, json.dumps(value).encode(), {"Content-Type": "application/json"})


def form_value(html: str, name: str) -> str | None:
    """The value of the hidden input `name` in a page."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{re.escape(name)}"', html
    )
    return match.group(1) if match else None
