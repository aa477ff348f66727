"""Settings shared by every environment. Environment-specific modules override what they must."""

from __future__ import annotations

import os
from pathlib import Path

from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF

from config.settings.database import database_config
from config.settings.storage import default_storage
from operations.logging_config import logging_settings

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("APP_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
# The address printed in the QR code on every 申报书 cover (the public verification page).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "captcha",
    "django_ratelimit",
    "core",
    "accounts",
    "policies",
    "eligibility",
    "enterprises",
    "applications",
    "review",
    "awards",
    "notifications",
    "outreach",
    "documents",
    "funds",
    "performance",
    "workbench",
    "django_tasks",
    "django_tasks_db",
    "dashboard",
    "demo",
    "operations",
]

MIDDLEWARE = [
    # First, so that its line times the whole request: request id, user, role, path, status, duration, queries.
    "operations.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that a request a view marks as not activity (a progress poll) does not renew the session.
    "core.passive_session.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A signed-in person first does what they owe: the second factor, a password to change (issue 16 §1, §12).
    "accounts.middleware.AccountStepsMiddleware",
    # Chinese pages where Django answers without a template: 405, and pages without collectstatic (503).
    "core.error_pages.MethodNotAllowedPageMiddleware",
    "core.error_pages.StaticFilesMissingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ClientIPMiddleware",
    # Inside ClientIPMiddleware, so that a refused access is recorded with its address.
    "core.audit_reads.RefusedAccessAuditMiddleware",
    # axes must be last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# DATABASE_URL, else SQLite under var/ set up for concurrent requests (config/settings/database.py).
DATABASES = {"default": database_config(os.environ, default_path=VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, its user read with the organisation and jurisdiction in one query (issue 17 §5).
    "accounts.backends.UserBackend",
    # The admin site's permissions by administrator role; nobody is a superuser (issue 16 §1).
    "accounts.backends.RolePermissionBackend",
]
# Argon2id at OWASP's minimum (accounts/hashers.py); a hash with Django's heavier defaults still verifies and is
# rehashed at the next login.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"depth": 5}},
    {"NAME": "accounts.validators.DemoPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (django-axes): 5 failures of one user name from one address lock that user name at that address for 30
# minutes (issue 16 §4). Locking by user name alone let anyone lock an official out from anywhere; by address
# alone would shut out a county bureau behind one NAT address after five typos. Guessing one account from many
# addresses meets the CAPTCHA after LOGIN_CAPTCHA_AFTER_FAILURES; the system administrator can clear a lockout
# (accounts/lockout.py, audited).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address (issue 16 §3): REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies of our own,
# the address the outermost one appended to X-Forwarded-For, counted from the right (what the client wrote to
# its left is never trusted); invalid values are ignored. The audit log, the rate limits and axes use the same.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"

# Second factor and password policy (issue 16 §12). TOTP (django-otp) for every official and administrator; the
# demo and the tests switch it off (config/settings/development.py, test.py), production refuses to.
OTP_REQUIRED_FOR_OFFICIALS = True
OTP_TOTP_ISSUER = "衡阳工信奖补平台"
# An official's or administrator's password expires after this many days.
PASSWORD_MAX_AGE_DAYS = 90
# A real-name act (签发, 确认, 会签, 发布) needs a password or TOTP code given within this many seconds.
REAUTHENTICATION_WINDOW_SECONDS = 5 * 60
# Signed-in sessions an official or administrator may hold at once (the oldest ends), and the absolute lifetime
# of any session, however active.
SESSION_MAX_PER_OFFICIAL = int(os.environ.get("SESSION_MAX_PER_OFFICIAL", "2"))
SESSION_ABSOLUTE_LIFETIME_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_LIFETIME_SECONDS", str(10 * 60 * 60)))

# Sessions end after 30 idle minutes and when the browser closes. Activity renews a session at most once a
# minute (core/passive_session.py), not with a write on every request (SESSION_SAVE_EVERY_REQUEST).
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEW_INTERVAL_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": default_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live under var/media and are only served through permission-checked views:
# MEDIA_URL is deliberately not routed anywhere.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Storage limits (issue 16 §7). A request body is at most UPLOAD_MAX_REQUEST_BYTES (one 50 MB file,
# applications.uploads.MAX_UPLOAD_BYTES, plus the form around it): core.upload_limits stops reading a larger
# one at its first file, and a file at 50 MB, instead of reading it in full. The nginx in front uses the same
# value: `client_max_body_size 51m;` (docs/security.md, finding 7).
UPLOAD_MAX_REQUEST_BYTES = 51 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.upload_limits.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Files of one application: per material (slot) and in all, by count and total size.
APPLICATION_MATERIAL_MAX_FILES = 20
APPLICATION_MATERIAL_MAX_BYTES = 200 * 1024 * 1024
APPLICATION_MAX_FILES = 100
APPLICATION_MAX_BYTES = 500 * 1024 * 1024
# Autosaves by one person within this many seconds are one revision (applications.services).
APPLICATION_AUTOSAVE_COLLAPSE_SECONDS = 5 * 60

POLICY_PACK_DIRS = [BASE_DIR / "policy_packs"]
REFERENCE_DIR = BASE_DIR / "reference"  # GB/T 4754-2017 and the domain rules, copied from the steering repo

X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (issue 16 §14, django-csp): scripts and styles only from the site's own files (htmx
# and the project's scripts are static files; there is no inline <script>, <style> or event handler, and
# htmx's own indicator <style> is switched off in base.html), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],  # data: for the blank favicon (base.html)
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs (issue 17 §2): one line per request and every warning, with the request id, personal data masked; one
# JSON object per line under production settings or LOG_FORMAT=json, readable text otherwise
# (operations/logging_config.py). A request slower than SLOW_REQUEST_SECONDS is logged at WARNING.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = logging_settings(json=LOG_FORMAT == "json")
SLOW_REQUEST_SECONDS = float(os.environ.get("SLOW_REQUEST_SECONDS", "1"))
# /readyz fails when no worker (`manage.py worker`, a heartbeat every 15 s) was seen for this long.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE_SECONDS", "120"))

# Rate limits (issue 16 §4, core/ratelimit.py through django-ratelimit) are counted in a cache every app node
# shares: Redis when REDIS_URL is set, else a database table (created by core's migration 0012 and by the test
# runner), so `make run` needs no Redis. django_ratelimit.W001 says only that neither backend is on its list: the
# database one is core.cache.AtomicDatabaseCache, whose increments are atomic (Django's are not: its E003);
# Django's Redis backend increments with INCRBY.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "core.cache.AtomicDatabaseCache", "LOCATION": "core_ratelimit_cache"}
    ),
}
RATELIMIT_USE_CACHE = "ratelimit"
# Sessions (issue 17 §5): with Redis, Django's cached_db engine reads a signed-in request's session from Redis and
# writes it to both, so the database row is read only when Redis has lost it. The cache must be the one every
# node and worker shares: a session held in one process's memory ("default") would outlive a logout, or the end
# of the oldest session (accounts.services.session_register), made in another. Without Redis: the database alone.
if REDIS_URL:
    CACHES["sessions"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
# Per address ("ip") and per account ("account": the objector's phone number, a signed-in user); "N/10m" is N per
# ten minutes. The objection and registration limits are counted on submissions that passed the form's checks.
RATE_LIMITS = {
    "objection": {"ip": "10/h", "account": "5/d"},
    "registration": {"ip": "5/h"},
    "verify": {"ip": "60/h"},
    "eligibility_api": {"ip": "60/m", "account": "60/m"},
    "login": {"ip": "60/10m"},
}
# The offline image CAPTCHA (django-simple-captcha: drawn by Pillow with its bundled font, no outside service) on
# registration, objections, and on login once an address or a user name has this many recent failures.
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 30
LOGIN_CAPTCHA_AFTER_FAILURES = 2

SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Background jobs (long and bulk exports): the django.tasks backport with its database backend, so that
# no broker is needed. `make run` starts `manage.py db_worker` beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Audit log (issue 16 §2): each event carries an HMAC-SM3 chained to the previous one (core.audit_chain). The key
# comes from the environment; the development default is public, so production refuses to start without one.
AUDIT_HMAC_KEY_DEVELOPMENT = "development-only-audit-key-not-secret"
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", AUDIT_HMAC_KEY_DEVELOPMENT)
# Events younger than this are never purged (`manage.py audit purge`); 等保 asks for at least 180 days.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
AUDIT_RETENTION_MINIMUM_DAYS = 180

# Personal data at rest (issue 16 §13): ID and mobile numbers are stored SM4-GCM encrypted, and searched through a
# keyed SM3 digest (core.crypto). The key comes from the environment; the development default is public, so
# production refuses to start without one. Changing it makes the stored values unreadable: keep it with the backups.
PERSONAL_DATA_KEY_DEVELOPMENT = "development-only-personal-data-key-not-secret"
PERSONAL_DATA_KEY = os.environ.get("PERSONAL_DATA_KEY", PERSONAL_DATA_KEY_DEVELOPMENT)
