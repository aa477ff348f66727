"""One log line per request (request id, user, role, method, path, status, duration, query count), the request
id carried into every other log record of that request, and personal data masked out of every log message.

The request id is the caller's `X-Request-ID` when it is a sane value (nginx's $request_id, a load balancer's
trace id), else a new one; either way it is returned in the response's `X-Request-ID` header."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connections

from core.masking import mask_personal_data

logger = logging.getLogger("operations.request")

REQUEST_ID_HEADER = "X-Request-ID"
# Bounded, and only characters that can neither break a log line nor smuggle markup into a log viewer.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
PATH_MAX_LENGTH = 300
NO_REQUEST = "-"

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Anything but printable ASCII in a path (a name typed into an address, a control character) becomes one "*".
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x21-\x7e]+")


def loggable_path(path: str) -> str:
    """The path as it may be logged: no query string (the caller passes request.path), personal data masked,
    only printable ASCII, bounded."""
    return mask_personal_data(_NOT_PRINTABLE_ASCII.sub("*", path))[:PATH_MAX_LENGTH]


def request_id_of(header: str | None) -> str:
    """The caller's request id when it is sane, else a new one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """On a handler: every record gets the current request's id, and its message is masked (Django's own
    "Not Found: /path" names the path; an exception's text may quote a value)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or NO_REQUEST
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def request_id_clear(**kwargs) -> None:
    """request_finished: the response is closed, and later records belong to no request."""
    request_id.set(None)


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_and_role(request) -> tuple[int | None, str | None]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, None
    return user.pk, ",".join(sorted(user.role_set)) or None


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that its duration covers every other middleware. Queries are counted with an
    execute wrapper on every database connection (one function call per query). A response streamed after the
    view returned is timed until its headers, not its last byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_of(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = rid
        # Reset by request_finished (request_id_clear), not here: Django logs a 4xx or 5xx answer ("Not Found:
        # /path") after the last middleware returned, and that record belongs to this request too.
        request_id.set(rid)
        counter = _QueryCounter()
        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        duration = time.perf_counter() - started
        response[REQUEST_ID_HEADER] = rid
        self._log(request, response.status_code, duration, counter.count)
        return response

    def _log(self, request, status: int, duration: float, queries: int) -> None:
        user_id, role = _user_and_role(request)
        slow = duration > settings.SLOW_REQUEST_SECONDS
        fields = {
            "user_id": user_id,
            "role": role,
            "method": request.method[:16],
            "path": loggable_path(request.path),
            "status": status,
            "duration_ms": round(duration * 1000, 1),
            "queries": queries,
            "slow": slow,
        }
        message = "%s %s %s %.1fms %d queries"
        arguments = (fields["method"], fields["path"], status, fields["duration_ms"], queries)
        if slow:
            logger.warning(message + " (slow)", *arguments, extra=fields)
        else:
            logger.info(message, *arguments, extra=fields)
