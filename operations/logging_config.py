"""The LOGGING setting: one JSON object per line (production, or LOG_FORMAT=json), else readable text; both carry
the request id and mask personal data (core.masking).

Imported by the settings, so it imports neither Django's models nor any app's."""

from __future__ import annotations

import logging

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as LibraryJsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = ["levelname", "name", "request_id", "message"]
# Django attaches the whole request to its own records (django.request, django.security): its repr carries the
# query string, so it stays out of the line; the fields we want are logged by RequestLogMiddleware.
JSON_RESERVED_ATTRS = [*RESERVED_ATTRS, "request", "server_time"]


def _masked_exception(formatter: logging.Formatter, exc_info) -> str:
    from core.masking import mask_personal_data

    return mask_personal_data(logging.Formatter.formatException(formatter, exc_info))


class JsonFormatter(LibraryJsonFormatter):
    """python-json-logger's formatter, with a traceback's text masked like the message."""

    def formatException(self, ei) -> str:
        return _masked_exception(self, ei)


class TextFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        return _masked_exception(self, ei)


class ProbeRefusalFilter(logging.Filter):
    """Drops Django's "Service Unavailable: /readyz" record. A 503 from /readyz is the probe's answer, not a
    server error. The request line records the 503, a check that raised is logged at WARNING with its cause
    (operations.health), and a load balancer polling an unready node every few seconds would otherwise fill the log with ERRORs."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return not (getattr(record, "status_code", None) == 503 and getattr(request, "path", "") == "/readyz")


def logging_settings(*, json: bool) -> dict:
    """The dictConfig for LOGGING. Warnings and errors of every logger; the request lines (INFO) of
    operations.request; both to standard error, where systemd's journal or gunicorn collects them."""
    if json:
        formatter = {
            "()": "operations.logging_config.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "reserved_attrs": JSON_RESERVED_ATTRS,
            "json_ensure_ascii": False,
        }
    else:
        formatter = {"()": "operations.logging_config.TextFormatter", "format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_context": {"()": "operations.request_log.RequestContextFilter"},
            "probe_refusal": {"()": "operations.logging_config.ProbeRefusalFilter"},
        },
        "formatters": {"default": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_context"]}
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"operations.request": {"level": "INFO"}, "django.request": {"filters": ["probe_refusal"]}},
    }
