"""gunicorn's settings for the platform (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`): the systemd unit
hengyang-web.service and `make serve` start it so. Every value can be changed by an environment variable
(deploy/hengyang.env.example); docs/operations.md, section 部署, says why gunicorn and why these values."""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

# One address:port per app node: nginx (deploy/nginx/hengyang.conf) reaches it over the private network, so bind
# to that interface, never to a public one (the proxy headers below are trusted from the proxy alone).
bind = [address for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address]

# Sync workers, each serving one request at a time: nginx buffers slow clients (uploads of up to 51 MB
# included) before a request reaches a worker, so a worker is never held by a slow network. Requests are CPU
# bound (templates, Argon2 at login), so about two per core, plus one; capped so that a large VM does not open
# more database connections than PostgreSQL's max_connections allows across nodes.
WORKERS_CAP = 12
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, WORKERS_CAP))
worker_class = "sync"

# A request that takes longer than this is killed (the worker restarts); long work (exports of every
# application) runs in `manage.py worker`, not in a request. nginx waits a little longer (proxy_read_timeout
# 75s) so that it reports gunicorn's answer instead of cutting in first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop/restart, a deployment) workers finish the request in hand for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# A worker restarts after this many requests (with jitter, so that the workers do not all restart at once),
# which bounds any slow growth of a worker's memory. Each restart costs the new worker about 2 s of CPU (importing
# Django and the apps) and cold per-process caches (the pack's text and models, the validated forms): at 1,000
# that was 5.7 % of the time gunicorn's workers ran Python in the surge (bench/load/README.md). The caches are
# bounded, so 10,000 still renews a worker every few minutes in a surge; the restarts' share falls to about 1 %
# (estimated from the same profile: a three-minute load test renews no worker at 10,000).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "1000"))

# The proxy's addresses: gunicorn believes X-Forwarded-Proto from these alone. Django decides the scheme itself
# (SECURE_PROXY_SSL_HEADER) and the client's address from X-Forwarded-For (TRUSTED_PROXY_COUNT, core/middleware.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log of gunicorn's own: the application writes one JSON line per request (operations, issue 17 §2),
# with the request id, user, role, status and duration. Errors go to stderr (journald under systemd).
accesslog = None


class NoAccessLogLogger(Logger):
    """gunicorn's logger, which never builds an access line: with a logging config (below) gunicorn builds one for
    every request only for its logger to drop it (about 0.5 % of the workers' CPU in bench/load's profile)."""

    @property
    def access_log_enabled(self) -> bool:
        return False


logger_class = NoAccessLogLogger
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False
proc_name = os.environ.get("NODE_NAME") or "hengyang-web"

# gunicorn 27 opens a control socket under ~/.gunicorn by default; the service user has no writable home
# (ProtectSystem=strict) and two instances on one machine would share the path. Nothing here uses it.
control_socket_disable = True
# gunicorn's worker heartbeat files on a RAM disk where there is one (the default, the temp dir, may be a disk
# whose writes stall under load and get workers killed as silent).
SHM = "/dev/shm"  # noqa: S108 - not a temp file of ours: the RAM disk gunicorn's documentation recommends
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or (SHM if os.access(SHM, os.W_OK) else None)

# gunicorn's own lines (starting, a worker timed out or restarted, stopping) in the application's format: one JSON
# object per line unless LOG_FORMAT=text (config/settings/production.py reads the same variable), so that the
# journal holds one kind of line. Its access log stays off: with a logging config gunicorn would turn it on, so its
# logger is set to drop the INFO lines it writes.
if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "process", "message"],
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
                "json_ensure_ascii": False,
            }
        },
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": "WARNING", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
