"""Production: every secret from the environment, HTTPS only, PostgreSQL via DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    AUDIT_HMAC_KEY,
    AUDIT_HMAC_KEY_DEVELOPMENT,
    AUDIT_RETENTION_DAYS,
    AUDIT_RETENTION_MINIMUM_DAYS,
    PERSONAL_DATA_KEY,
    PERSONAL_DATA_KEY_DEVELOPMENT,
    SECRET_KEY,
    logging_settings,
    os,
)
from .database import SQLITE_ENGINE

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY 环境变量未设置")
if not AUDIT_HMAC_KEY or AUDIT_HMAC_KEY == AUDIT_HMAC_KEY_DEVELOPMENT or len(AUDIT_HMAC_KEY) < 32:
    raise ImproperlyConfigured(
        "AUDIT_HMAC_KEY 环境变量未设置（审计日志校验密钥，至少 32 个字符，且不得使用开发默认值）"
    )
if len(PERSONAL_DATA_KEY) < 32 or PERSONAL_DATA_KEY in (PERSONAL_DATA_KEY_DEVELOPMENT, AUDIT_HMAC_KEY):
    raise ImproperlyConfigured(
        "PERSONAL_DATA_KEY 环境变量未设置（个人信息加密密钥，至少 32 个字符，不得使用开发默认值，且不得与 AUDIT_HMAC_KEY 相同）"
    )
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MINIMUM_DAYS:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS 不得少于 {AUDIT_RETENTION_MINIMUM_DAYS} 天")

# SQLite serves one office's trial (`make run`), not a city's platform: one writer at a time, no network
# access for a standby, no point-in-time recovery. Production runs on PostgreSQL (DATABASE_URL).
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:  # noqa: F405
    raise ImproperlyConfigured(
        "生产环境不得使用 SQLite：请将 DATABASE_URL 设置为 PostgreSQL 数据库（postgres://…）。"
        "Production refuses SQLite; set DATABASE_URL to PostgreSQL."
    )

# 等保 identity (issue 16 §12): officials and administrators sign in with a second factor, and no demo login or
# demo password exists here.
OTP_REQUIRED_FOR_OFFICIALS = True
DEMO_DATA_ALLOWED = False

# With persistent connections (DB_CONN_MAX_AGE, deploy/hengyang.env.example) a connection that PostgreSQL or a
# failover closed meanwhile is found out before a request uses it, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Static files: whitenoise serves them from STATIC_ROOT with hashed names and gzip/brotli copies
# (CompressedManifestStaticFilesStorage, base settings); `manage.py collectstatic` writes them at each deployment.

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Health probes (issue 17 §2, docs/operations.md "健康检查与日志"): the load balancer asks /healthz and /readyz over
# plain HTTP on the node's own address, so they are not redirected to HTTPS. That address must be in
# ALLOWED_HOSTS (e.g. ALLOWED_HOSTS=sbpt.example.gov.cn,10.0.0.11), or the probe must send the site's Host header.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# One JSON object per log line (LOG_FORMAT=text for readable lines while diagnosing).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = logging_settings(json=LOG_FORMAT == "json")
