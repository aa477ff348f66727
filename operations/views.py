"""The health probes, for a load balancer, systemd and CI: public, JSON, GET or HEAD only, and never cached."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from operations.health import readiness

OK, FAILED = "ok", "fail"


def _probe(view):
    # csrf_exempt: a POST gets its 405 here, not a CSRF 403 (the probe takes no input either way).
    return csrf_exempt(never_cache(require_http_methods(["GET", "HEAD"])(view)))


@_probe
def healthz(request):
    """The process is up and answers: no database, no storage."""
    return JsonResponse({"status": OK})


@_probe
def readyz(request):
    """Each check's result and 200 when all pass; 503 when one fails, with the others still reported. The body
    names checks only: no exception text, paths, host names or versions."""
    results = readiness()
    ready = all(results.values())
    return JsonResponse(
        {
            "status": OK if ready else FAILED,
            "checks": {name: OK if passed else FAILED for name, passed in results.items()},
        },
        status=200 if ready else 503,
    )
