"""CPU per request of the costliest pages of the load mix (issue 17; bench/page_cpu/README.md).

Run:  .venv/bin/python bench/page_cpu/run.py [--size 800] [--only NAME] [--profile [--top 25]] [--capture DIR]

The process set-up and the measurement are bench/form_render/run.py's (imported): config.settings.base (DEBUG
off, the cached template loader) on a throwaway SQLite file, the Django test client, this process's CPU time
per request, the median of 10 after one warm-up. The data: bench/review's generator (`generate`, imported) with
--size applications over the 16 jurisdictions and every status (its clock fixed, so that two runs hold the same
data), and in the county its officials read (珠晖区) an eligible enterprise with a complete draft, a complete
submitted application and a complete returned one (the application factory's, as the load test builds them).

--profile prints cProfile top lists of five requests of each page (all functions by own time, then the project's by
cumulative time); --capture DIR writes each page's HTML (the CSRF token and printed times masked) to
DIR/<page>.html, for `diff -r` before and after a change. Prints one JSON line per page: name, median and the 10
CPU ms, queries, bytes.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import re
import shutil
import statistics
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.form_render.run import cpu_per_request, setup  # noqa: E402
from bench.load.facts import FACTS  # noqa: E402

# The data's clock: the generator and the factories stamp rows with "now"; a fixed one keeps the dates the
# pages print the same from run to run.
DATA_CLOCK = dt.datetime(2023, 9, 1, 10, 0, tzinfo=dt.UTC)
# What differs between two runs of the same code, masked in --capture: the CSRF token and clock times (hh:mm, the
# autosave's acknowledgement among them; the version it acknowledges is the data's and stays).
MASKS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value="…"'),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), '"X-CSRFToken": "…"'),
    (re.compile(r'<meta name="csrf-token" content="[^"]+"'), '<meta name="csrf-token" content="…"'),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "hh:mm"),
]


def world(size: int) -> dict:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.review.worklist_queries import generate

    with mock.patch("django.utils.timezone.now", return_value=DATA_CLOCK):
        generated = generate(size)
    people = _county_enterprise()
    clients = {}
    for role, user in (("official", generated["county_industry"]), ("enterprise", people["user"])):
        clients[role] = Client()
        clients[role].force_login(user)
    # Production asks officials for the second factor, and so does this: the official's session is verified.
    device = TOTPDevice.objects.create(user=generated["county_industry"], name="基准测试", confirmed=True)
    session = clients["official"].session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    clients["anonymous"] = Client()
    return {**generated, **people, "clients": clients}


def _county_enterprise() -> dict:
    """An eligible enterprise of 珠晖区 (the county bench/review's officials read) with a confirmed profile, its
    complete draft, a complete submitted application and a complete returned one; the window reopened."""
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User, UserRole
    from accounts.tests.factories import EnterpriseFactory
    from applications.models import SubmissionWindow
    from applications.tests.factories import ApplicationFactory
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from enterprises.tests.factories import make_profile
    from policies.selectors import pack_current

    enterprise = EnterpriseFactory(name="衡阳基准测试企业有限公司", kind=OrganisationKind.ENTERPRISE)
    make_profile(enterprise=enterprise, jurisdiction_code=enterprise.jurisdiction.code, data=ELIGIBLE_PROFILE)
    user = User.objects.create(username="bench_page_cpu", full_name="基准经办人", organisation=enterprise)
    UserRole.objects.create(user=user, role=Role.ENTERPRISE_ADMIN)
    with mock.patch("django.utils.timezone.now", return_value=DATA_CLOCK):
        submitted = ApplicationFactory(enterprise=enterprise, submitted=True)
        returned = ApplicationFactory(enterprise=enterprise, returned=True, number=3)
    draft = ApplicationFactory(enterprise=enterprise, complete=True, number=5)
    SubmissionWindow.objects.create(pack=pack_current(), kind=SubmissionWindow.Kind.CITY_REOPENED, jurisdiction=None,
                                    closes_on=dt.date.today() + dt.timedelta(days=60), reason="基准测试")  # fmt: skip
    return {"user": user, "draft": draft, "submitted": submitted, "returned": returned}


def _autosave(w: dict):
    """The page's htmx autosave: every field as the page draws it, the summary, and the draft's current version."""
    from applications.models import Application
    from applications.tests.factories import SUMMARY
    from applications.tests.formdata import browser_post
    from policies.formengine.render import render_sections

    draft = w["draft"]
    fields = browser_post(render_sections(draft.forms, draft.answers, {}, {}))
    fields.update({f"summary-{key}": str(value) for key, value in SUMMARY.items()})
    body = {key: fields.getlist(key) for key in fields}
    client, url = w["clients"]["enterprise"], f"/applications/{draft.pk}/save/"

    def save():
        version = Application.objects.values_list("version", flat=True).get(pk=draft.pk)
        return post_form(client, url, {**body, "version": str(version)}, **{"HX-Request": "true"})

    return save


# The calculator's boxes post the load test's facts as typed text.
TYPED = {name: str(value).lower() if isinstance(value, bool) else str(value) for name, value in FACTS.items()}


# A browser posts these forms (and htmx its requests) URL-encoded, not as the test client's default multipart,
# whose parser would cost more than the pages themselves.
FORM = "application/x-www-form-urlencoded"


def post_form(client, url: str, data: dict, **headers):
    return client.post(url, urlencode(data, doseq=True), FORM, headers=headers)


def pages(w: dict) -> list[tuple[str, object]]:
    """(name, a call that makes the request and returns the response)."""
    anonymous, enterprise, official = (w["clients"][k] for k in ("anonymous", "enterprise", "official"))
    api_body = json.dumps({"facts": FACTS, "name": "基准"})
    htmx = {"HX-Request": "true"}
    return [
        ("catalogue", lambda: anonymous.get("/policies/")),
        ("catalogue_item", lambda: anonymous.get("/policies/items/2/")),
        ("eligibility_api", lambda: anonymous.post("/eligibility/api/evaluate", api_body, "application/json")),
        ("calculator", lambda: anonymous.get("/eligibility/")),
        ("calculator_items", lambda: anonymous.get("/eligibility/", {"item": ["2", "3"]})),
        ("calculator_post", lambda: post_form(anonymous, "/eligibility/?item=2&item=3", {"item": ["2", "3"], **TYPED})),
        ("calculator_post_htmx", lambda: post_form(anonymous, "/eligibility/", {"item": ["2"], **TYPED}, **htmx)),
        ("calculator_enterprise", lambda: enterprise.get("/eligibility/")),
        ("calculator_enterprise_items", lambda: enterprise.get("/eligibility/", {"item": ["2", "3"]})),
        ("calculator_enterprise_all", lambda: enterprise.get("/eligibility/", {"item": "all"})),
        ("official_submitted", lambda: official.get(f"/applications/{w['submitted'].pk}/")),
        ("official_returned", lambda: official.get(f"/applications/{w['returned'].pk}/")),
        ("worklist", lambda: official.get("/review/")),
        ("worklist_page_3", lambda: official.get("/review/", {"page": "3"})),
        ("worklist_htmx_filter", lambda: official.get("/review/", {"status": "submitted", "item": "2"}, headers=htmx)),
        ("worklist_search", lambda: official.get("/review/", {"q": "基准企业0001"})),
        ("enterprise_application", lambda: enterprise.get(f"/applications/{w['draft'].pk}/")),
        # What the load test's enterprises mostly read once they have submitted: the page, read-only; the receipt;
        # their list. And the notice, which the public reads.
        ("enterprise_submitted", lambda: enterprise.get(f"/applications/{w['submitted'].pk}/")),
        ("receipt", lambda: enterprise.get(f"/applications/{w['submitted'].pk}/receipt/")),
        ("my_applications", lambda: enterprise.get("/applications/")),
        ("notice", lambda: anonymous.get("/policies/notice/")),
        ("autosave", _autosave(w)),
    ]


def masked(html: str) -> str:
    for pattern, replacement in MASKS:
        html = pattern.sub(replacement, html)
    return html


def queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=800, help="applications generated (bench/review's generator)")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument("--profile", action="store_true", help="cProfile top lists of five requests of each page")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--capture", default="", help="write each page's masked HTML to this folder")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    setup()
    # The throwaway database and static files (about 90 MB) go when the run ends.
    atexit.register(shutil.rmtree, os.environ["APP_VAR_DIR"], ignore_errors=True)
    w = world(args.size)
    if args.capture:
        Path(args.capture).mkdir(parents=True, exist_ok=True)
    for name, call in pages(w):
        if args.only not in name:
            continue
        response = call()  # the first request: the session's first write, the caches filled
        assert response.status_code == 200, (name, response.status_code)
        if args.capture:
            Path(args.capture, f"{name}.html").write_text(masked(response.content.decode()))
        cpu = cpu_per_request(call, args.repeats)
        line = {"page": name, "cpu_ms_median": round(statistics.median(cpu), 1), "cpu_ms": [round(c, 1) for c in cpu],
                "queries": queries(call), "bytes": len(call().content)}  # fmt: skip
        print(json.dumps(line, ensure_ascii=False), flush=True)
        if args.profile:
            profile = cProfile.Profile()  # five requests, so that one slow one (a GC pass) does not lead the list
            for _ in range(5):
                profile.runcall(call)
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(f"^{re.escape(str(ROOT))}/(?!\\.venv)", args.top)  # ours
            print(out.getvalue(), flush=True)


if __name__ == "__main__":
    main()
