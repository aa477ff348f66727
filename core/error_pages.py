"""Chinese pages for the answers Django gives without a template: 405 (an empty body) and a page that cannot
render because the static files were never collected (an English "Server Error (500)")."""

from __future__ import annotations

import logging

from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string

METHOD_NOT_ALLOWED = "此页面不支持这种访问方式"
STATIC_FILES_MISSING = "系统正在部署，页面的静态资源尚未就绪"
_MANIFEST_MISSING = "Missing staticfiles manifest entry"

logger = logging.getLogger("core.deployment")


class MethodNotAllowedPageMiddleware:
    """A 405 from require_http_methods (or a class view) gets a Chinese page; its Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            response.content = render_to_string("core/405.html", {"message": METHOD_NOT_ALLOWED}, request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class StaticFilesMissingMiddleware:
    """Without `collectstatic` every page fails on its first {% static %} (the manifest has no entry), and so
    does the 500 page. A city's operators would rather see the cause named once in the log, while users see a
    Chinese 503 "being deployed" page that asks them to come back, than a bare English 500 on every page; the
    deploy check (core.checks, `manage.py check --deploy`) catches it before the site is opened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, ValueError) and _MANIFEST_MISSING in str(exception)):
            return None
        logger.error("静态文件清单缺失（%s）：请在部署时运行 manage.py collectstatic --noinput", exception)

        body = render_to_string("core/503_static.html", {"message": STATIC_FILES_MISSING})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "300"
        return response
