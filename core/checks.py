"""Deployment checks of this project (`manage.py check --deploy`), beside Django's own."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def static_manifest_check(app_configs, **kwargs) -> list[Error]:
    """With a manifest storage (production), the manifest written by collectstatic must exist: without it
    every page answers 503 (core.error_pages.StaticFilesMissingMiddleware)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT or "") / storage.manifest_name
    if manifest.exists():
        return []
    return [
        Error(
            f"静态文件清单 {manifest} 不存在：部署时请先运行 manage.py collectstatic --noinput。",
            hint="否则每个页面都将返回 503（系统维护中）。",
            id="core.E010",
        )
    ]
