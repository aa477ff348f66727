"""How often one address, or one account, may do something (issue 16 §4). Counted through django-ratelimit in the
shared `ratelimit` cache (a database table, or Redis when REDIS_URL is set), never in a process's memory, so that
the limits hold across app nodes and restarts. The rates are the setting RATE_LIMITS, which tests override."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from core.middleware import client_ip

# User-facing message (tests import it): where the person acted, with how long to wait.
RATE_LIMITED = "操作过于频繁，请在{wait}后再试。已填写的内容仍保留在页面上。"
RATE_LIMITED_API = "请求过于频繁，请在{wait}后再试。"


def wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 90:
        return f" {minutes} 分钟"
    return f"约 {math.ceil(minutes / 60)} 小时"


@dataclass(frozen=True)
class Refusal:
    seconds: int  # until the window that refused ends

    @property
    def message(self) -> str:
        return RATE_LIMITED.format(wait=wait_text(self.seconds))

    @property
    def api_message(self) -> str:
        return RATE_LIMITED_API.format(wait=wait_text(self.seconds))


def rate_limit_hit(request, *, action: str, account: str = "") -> Refusal | None:
    """Count one `action` by this request's address, and by `account` when given (a user name, a phone number),
    against settings.RATE_LIMITS[action] ({"ip": "10/h", "account": "5/d"}); a Refusal once either is over."""
    rates = settings.RATE_LIMITS.get(action, {})
    keys = {"ip": client_ip(request) or "unknown", "account": account.strip().lower()}
    waits = []
    for scope, value in keys.items():
        rate = rates.get(scope)
        if not rate or not value:
            continue
        usage = get_usage(
            request, group=f"{action}.{scope}", key=lambda _group, _request, value=value: value, rate=rate,
            increment=True,
        )  # fmt: skip
        if usage is not None and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    return Refusal(seconds=max(waits)) if waits else None
