"""Deployment check for identity (issue 16 §12): `manage.py check --deploy` fails where the second factor is off
or the demo's logins and password are allowed. (No account can be a superuser: the constraint user_never_superuser.)"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def identity_deploy_check(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if not settings.OTP_REQUIRED_FOR_OFFICIALS:
        errors.append(
            Error("OTP_REQUIRED_FOR_OFFICIALS 未开启：工作人员和管理员须使用动态口令登录。", id="accounts.E001")
        )
    if getattr(settings, "DEMO_DATA_ALLOWED", False) or settings.DEBUG:
        errors.append(Error("生产环境不得允许演示数据与演示密码（DEMO_DATA_ALLOWED、DEBUG）。", id="accounts.E002"))
    return errors
