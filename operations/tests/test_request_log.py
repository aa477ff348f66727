"""The request log: one line per request with its id, user, role, method, path, status, duration and query count;
the id from a sane X-Request-ID (else a new one) returned in the response and carried by every record of the
request; slow requests at WARNING; no ID or mobile number in any line; one JSON object per line in JSON mode."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operations.logging_config import logging_settings
from operations.request_log import SANE_REQUEST_ID, loggable_path

pytestmark = pytest.mark.django_db

MOBILE = "13812345678"
ID_NUMBER = "430405199001011234"
GENERATED = re.compile(r"[0-9a-f]{32}")
FIELDS = {"time", "level", "logger", "message", "request_id", "user_id", "role", "method", "path", "status",
          "duration_ms", "queries", "slow"}  # fmt: skip


@pytest.fixture
def log_lines():
    """The project's LOGGING as production configures it (JSON), writing to a buffer: `log_lines()` gives the
    lines written so far, each parsed with json.loads."""
    buffer = io.StringIO()
    config = logging_settings(json=True)
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "operations.request"]


def test_a_json_line_has_every_field(client, log_lines, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get("/notifications/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    [line] = _request_lines(log_lines())
    assert set(line) == FIELDS
    assert line["request_id"] == "lb-7f3a.42" == response["X-Request-ID"]
    assert line["user_id"] == enterprise_user.pk
    assert line["role"] == "enterprise_agent"
    assert line["method"] == "GET"
    assert line["path"] == "/notifications/"
    assert line["status"] == response.status_code == 200
    assert line["level"] == "INFO"
    assert line["slow"] is False
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["queries"] > 0
    assert line["time"].endswith("+00:00")


def test_an_anonymous_request_has_no_user_or_role(client, log_lines):
    client.get("/healthz")
    [line] = _request_lines(log_lines())
    assert (line["user_id"], line["role"], line["queries"]) == (None, None, 0)


def test_a_request_id_is_generated_when_none_is_given(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


@pytest.mark.parametrize(
    "hostile",
    ["abc\ninjected", "x" * 1000, "x" * 129, "<script>", "a b", "id;rm", "", "请求"],
    ids=["newline", "1000 chars", "129 chars", "markup", "space", "semicolon", "empty", "non-ascii"],
)
def test_a_hostile_request_id_is_replaced(client, log_lines, hostile):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=hostile)
    assert GENERATED.fullmatch(response["X-Request-ID"])
    [line] = _request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]


def test_a_sane_request_id_of_the_longest_length_is_kept(client):
    given = "a" * 128
    assert SANE_REQUEST_ID.fullmatch(given)
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


def test_other_records_of_the_request_carry_its_id(client, log_lines):
    """Django's own "Not Found" warning is logged inside the request: it gets the same id."""
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-1")
    assert response.status_code == 404
    lines = log_lines()
    django_lines = [line for line in lines if line["logger"] == "django.request"]
    assert django_lines and all(line["request_id"] == "trace-1" for line in django_lines)
    assert _request_lines(lines)[0]["request_id"] == "trace-1"
    assert "request" not in django_lines[0]  # Django's request object (its repr has the query string) stays out


def test_a_record_outside_any_request_has_no_id(log_lines):
    logging.getLogger("operations.test").warning("housekeeping")
    [line] = log_lines()
    assert line["request_id"] == "-"


def test_no_mobile_or_id_number_in_any_line(client, log_lines):
    client.get(f"/no-such-page/{MOBILE}/{ID_NUMBER}/", {"mobile": MOBILE, "id_number": ID_NUMBER, "name": "张三"})
    client.get("/healthz", {"phone": MOBILE, "id": ID_NUMBER})
    raw = json.dumps(log_lines(), ensure_ascii=False)
    assert MOBILE not in raw
    assert ID_NUMBER not in raw
    assert "张三" not in raw
    paths = [line["path"] for line in _request_lines(log_lines())]
    assert paths == ["/no-such-page/138****5678/4304**********1234/", "/healthz"]  # no query string


def test_a_name_in_a_path_is_not_logged(client, log_lines):
    client.get("/no-such-page/张三/")
    raw = json.dumps(log_lines(), ensure_ascii=False)
    assert "张三" not in raw
    assert _request_lines(log_lines())[0]["path"] == "/no-such-page/*/"


def test_a_slow_request_is_a_warning_with_its_query_count(client, log_lines, settings, enterprise_user):
    settings.SLOW_REQUEST_SECONDS = 0  # every request is slower than no time at all
    client.force_login(enterprise_user)
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/")
    [line] = _request_lines(log_lines())
    assert line["level"] == "WARNING"
    assert line["slow"] is True
    assert line["queries"] == len(queries.captured_queries) > 0
    assert f"{line['queries']} queries (slow)" in line["message"]


def test_a_request_under_the_threshold_is_info(client, log_lines, settings):
    settings.SLOW_REQUEST_SECONDS = 60
    client.get("/healthz")
    assert _request_lines(log_lines())[0]["level"] == "INFO"


def test_the_text_format_carries_the_request_id_and_masks_too(client):
    buffer = io.StringIO()
    config = logging_settings(json=False)
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)
    try:
        client.get(f"/no-such-page/{MOBILE}/", HTTP_X_REQUEST_ID="trace-2")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    lines = buffer.getvalue().splitlines()
    assert lines and all("[trace-2]" in line for line in lines)
    assert MOBILE not in buffer.getvalue()


def test_a_control_character_cannot_forge_a_line():
    assert loggable_path("/a\nWARNING forged\r/") == "/a*WARNING*forged*/"
    assert len(loggable_path("/" + "a" * 1000)) == 300


def test_json_is_the_production_format_and_text_the_default(settings):
    assert django_settings.LOGGING["formatters"]["default"]["()"] == "operations.logging_config.TextFormatter"
    assert logging_settings(json=True)["formatters"]["default"]["()"] == "operations.logging_config.JsonFormatter"
    production = (django_settings.BASE_DIR / "config/settings/production.py").read_text()
    assert 'LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")' in production
