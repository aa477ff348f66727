"""Load-test settings: production's, except the HTTPS-only cookie flags, because locust speaks plain HTTP on
loopback and a client never sends a Secure cookie over http. Everything else (Argon2, OTP for officials, the
audit chain, sessions, rate limits in Redis, the database worker) is production's."""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
