"""Property-based fuzz of every form and JSON endpoint, for every persona (issue 16, "Done when").

For each persona (and an anonymous visitor), hypothesis draws hostile values: huge strings, control and
bidirectional characters (U+202E), SQL and HTML, formulas, out-of-range numbers and dates (9999-12-31),
wrong types, nested and deeply nested JSON, hostile upload names. Every URL pattern of the site (the walk of
dashboard/tests/test_every_view_checks_permission.py) then receives them: a GET with them as query parameters
and a POST with them under every field name the platform's forms and views read (each view picks up its own),
with a path id drawn from the world's own objects, another organisation's, or numbers out of any range. The JSON
API also gets JSON bodies. The properties: no answer is a 500 (nor an exception), and nothing outside the
actor's scope changes (the other enterprise's application, profile and accounts; for those with no business
role, every enterprise's).

The budget is fixed for CI: one example per persona and derandomised draws, so the module runs in well under a
minute; FUZZ_EXAMPLES=n runs n examples per persona to search harder.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.choices import Role
from accounts.models import Jurisdiction, User
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import ELIGIBLE_PROFILE
from dashboard.tests.test_every_view_checks_permission import permission_modules, routes
from enterprises.models import EnterpriseProfile
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
ANONYMOUS = "anonymous"
PERSONAS = [
    ANONYMOUS, "enterprise_user", "enterprise_admin", "county_industry", "county_finance", "other_county",
    "city_section", "city_sme", "city_finance", "admin", "security_admin", "auditor",
]  # fmt: skip

# Who may change what: the personas that act on the enterprise in 珠晖区 (A) and on the one in 耒阳 (B). Anything
# of the other enterprise, or of both for those outside these lists, must come out of the fuzz unchanged.
ACTS_ON_A = {"enterprise_admin", "county_industry", "county_finance", "city_section", "city_sme", "city_finance"}
ACTS_ON_B = {"other_county", "city_section", "city_sme", "city_finance"}
ACCOUNTS_OF_ANYONE = {"admin", "security_admin"}  # the administrators manage accounts, not applications


# The names the platform reads from a request ---------------------------------------------------------------------


def _field_names() -> list[str]:
    """Every field of every form class of the project's apps, and every name a view reads from the request."""
    names = set()
    for module in permission_modules():
        package = module.__name__.split(".")[0]
        for suffix in ("forms",):
            try:
                forms_module = importlib.import_module(f"{package}.{suffix}")
            except ModuleNotFoundError:
                continue
            for value in vars(forms_module).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and hasattr(value, "base_fields"):
                    names |= set(value.base_fields)
    read = re.compile(r"""(?:POST|GET|data|query)\.get(?:list)?\(\s*["']([A-Za-z_][A-Za-z0-9_-]*)["']""")
    root = Path(settings.BASE_DIR)
    for path in root.glob("*/**/*.py"):
        if "tests" in path.parts or ".venv" in path.parts or "migrations" in path.parts:
            continue
        names |= set(read.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def _page_input_names(client: Client, urls: list[str]) -> list[str]:
    """The names of the inputs on these pages (the form engine's `f-<form>__<field>…`, table rows included)."""
    names = set()
    for url in urls:
        names |= set(re.findall(r'name="([^"]+)"', client.get(url).content.decode()))
    return sorted(names - {"csrfmiddlewaretoken"})


# Hostile values --------------------------------------------------------------------------------------------------

HOSTILE = [
    "", " ", "0", "-1", "-0", "1e309", "NaN", "Infinity", "-Infinity", "99999999999999999999999999", "3.14",
    "9999-12-31", "0001-01-01", "2023-02-30", "2023-13-01", "24:61", "abc", "true", "null", "[]", "{}",
    "' OR '1'='1' --", "'; DROP TABLE accounts_user; --", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://example.invalid","x")', "@SUM(1+1)", "\u202egnp.exe", "\u200b\u200d\ufeff", "\x00", "\x1b[31m",
    "\r\nSet-Cookie: x=1", "../../etc/passwd", "{{ 7*7 }}", "{% debug %}", "%s%s%s%n", "${jndi:ldap://x}",
    "x" * 3000, "衡" * 600, "1" * 400, "430405199001011233", "13907341234", "91430400MA4L000000",
]  # fmt: skip

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    text,
    st.integers(-(2**80), 2**80).map(str),
    st.dates().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=25,
)
DEEP_JSON = "[" * 5000 + "]" * 5000
HUGE = "衡x" * 100_000


# Addresses that name one of the world's objects get each object of that kind in turn (A's and B's: the other
# one must be refused); every other address gets one id of the rotation below.
OBJECTS_OF_ROUTE = {
    **{name: "applications" for name in ("applications:edit", "applications:save", "applications:upload",
                                          "applications:commitment", "applications:submit", "applications:withdraw",
                                          "applications:receipt", "applications:sync_profile", "review:decide",
                                          "review:reopen")},
    "enterprises:confirm": "profiles",
    "enterprises:reject": "profiles",
    "enterprises:member_remove": "users",
    "accounts:enterprise_detail": "organisations",
}  # fmt: skip

# Ids of no object, some past any integer column.
OUT_OF_RANGE_IDS = [0, 2**31, 2**63 - 1, 2**63, 10**30]


# The world -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(module_db, module_persona, module_stored_pack):
    """Enterprise A (珠晖区, `enterprise_admin`'s: a draft and a submitted application) and enterprise B (耒阳,
    `other_county`'s jurisdiction: a submitted application). Primary keys only."""
    a_admin = module_persona("enterprise_admin")
    for name in PERSONAS[1:]:
        module_persona(name)
    make_profile(enterprise=a_admin.organisation, data=ELIGIBLE_PROFILE)
    a_draft = ApplicationFactory(enterprise=a_admin.organisation, pack=module_stored_pack, number=2)
    a_submitted = ApplicationFactory(
        enterprise=a_admin.organisation, pack=module_stored_pack, number=14, submitted=True
    )
    b_admin = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=Jurisdiction.objects.get(code="430481")))
    b_profile = make_profile(enterprise=b_admin.organisation, jurisdiction_code="430481", data=ELIGIBLE_PROFILE)
    b_submitted = ApplicationFactory(enterprise=b_admin.organisation, pack=module_stored_pack, submitted=True)
    a_profile = EnterpriseProfile.objects.get(organisation=a_admin.organisation)
    page_reader = Client()
    page_reader.force_login(a_admin)
    pages = [reverse("applications:edit", args=[a_draft.pk]), reverse("enterprises:profile")]
    return {
        "A": a_admin.organisation_id,
        "B": b_admin.organisation_id,
        "applications": [a_draft.pk, a_submitted.pk, b_submitted.pk],
        "profiles": [a_profile.pk, b_profile.pk],
        "users": [a_admin.pk, b_admin.pk],
        "organisations": [a_admin.organisation_id, b_admin.organisation_id],
        "ids": sorted(
            {
                a_draft.pk,
                a_submitted.pk,
                b_submitted.pk,
                a_profile.pk,
                b_profile.pk,
                a_admin.pk,
                b_admin.pk,
                a_admin.organisation_id,
                b_admin.organisation_id,
            }
        ),  # fmt: skip
        "field_names": sorted(set(_field_names()) | set(_page_input_names(page_reader, pages))),
    }


def _fingerprint(organisation_ids: list[int], *, accounts: bool = True) -> str:
    """A digest of everything of these enterprises: applications (and their count), profiles, accounts."""
    state = [
        list(
            Application.objects.filter(enterprise_id__in=organisation_ids)
            .order_by("pk")
            .values_list("pk", "status", "version", "updated_at", "answers", "project_name", "contact_phone")
        ),
        list(
            EnterpriseProfile.objects.filter(organisation_id__in=organisation_ids)
            .order_by("pk")
            .values_list("pk", "status", "version", "updated_at", "data", "uscc")
        ),
    ]
    if accounts:
        state.append(
            list(
                User.objects.filter(organisation_id__in=organisation_ids)
                .order_by("pk")
                .values_list("pk", "password", "is_active", "mobile", "full_name", "username", "organisation_id")
            )
        )
    return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


def _outside(persona: str, world: dict) -> tuple[list[int], bool]:
    """The enterprises whose data the persona must not change, and whether their accounts count."""
    outside = [world[side] for side, acts in (("A", ACTS_ON_A), ("B", ACTS_ON_B)) if persona not in acts]
    return outside, persona not in ACCOUNTS_OF_ANYONE


# The fuzz --------------------------------------------------------------------------------------------------------

ROUTES = routes()
JSON_ROUTES = {"eligibility:api_evaluate"}
UPLOAD_ROUTES = {"applications:upload", "performance:evidence_add"}


def _url(route, path_id: int, slug: str) -> str:
    kwargs = {}
    for name, converter in route.pattern.pattern.converters.items():
        kind = type(converter).__name__
        if kind == "IntConverter":
            kwargs[name] = path_id
        elif kind == "UUIDConverter":
            kwargs[name] = "00000000-0000-0000-0000-%012d" % (path_id % 10**12)
        elif kind == "SlugConverter":
            kwargs[name] = slug if re.fullmatch(r"[-a-zA-Z0-9_]+", slug) else "no-such-exporter"
        else:
            kwargs[name] = slug
    return reverse(route.name, kwargs=kwargs)


# Answers of 500 or more that are a view's meaning, not a failure: the readiness probe says 503 while the fuzz's
# world has no worker heartbeat (operations/health.py).
EXPECTED_ANSWERS = {("operations:readyz", 503)}

# (route, method) pairs answered 405 once: a view's allowed methods are the same for everyone, so the other
# personas skip them (a third of the requests).
METHOD_NOT_ALLOWED: set[tuple[str, str]] = set()


def _request(client: Client, route_name: str, method: str, url: str, **kwargs):
    """The answer, or the exception the view raised (as text); each request in a savepoint, so that one failing
    on the database leaves the next ones a usable connection."""
    if (route_name, method) in METHOD_NOT_ALLOWED:
        return None
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, **kwargs)
    except Exception as exc:  # the property under test: any exception is a finding
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    if response.status_code == 405:
        METHOD_NOT_ALLOWED.add((route_name, method))
    if response.status_code >= 500 and (route_name, response.status_code) not in EXPECTED_ANSWERS:
        return f"HTTP {response.status_code}"
    return None


def _current_version(route_name: str, url: str, client: Client) -> int | None:
    """The version a page of this application (or of the signed-in enterprise's profile) would post back."""
    if OBJECTS_OF_ROUTE.get(route_name) == "applications":
        pk = int(url.strip("/").split("/")[1])
        return Application.objects.filter(pk=pk).values_list("version", flat=True).first()
    if route_name == "enterprises:profile" and "_auth_user_id" in client.session:
        user = User.objects.get(pk=client.session["_auth_user_id"])
        return (
            EnterpriseProfile.objects.filter(organisation_id=user.organisation_id)
            .values_list("version", flat=True)
            .first()
        )
    return None


def _fuzz_address(client: Client, data, route, url: str, names: list[str], persona: str, salt: int) -> list[str]:
    """A GET and a POST of hostile values to one address (and an upload, and JSON bodies, where it takes them)."""
    failures = []
    # Every name gets a hostile value (a rotation of HOSTILE, so that even hypothesis's simplest example is
    # hostile), and a few get drawn ones on top.
    offset = data.draw(st.integers(0, len(HOSTILE) - 1), label="rotation") + salt
    posted = {name: HOSTILE[(i + offset) % len(HOSTILE)] for i, name in enumerate(names)}
    posted |= data.draw(st.dictionaries(st.sampled_from(names), hostile_text, max_size=6), label="drawn")
    # One huge value per request (a body of every name at that size would only measure the test client).
    posted[names[offset % len(names)]] = HUGE
    query = {name: posted[name] for name in ("page", "q", "status", "submitted_from", "submitted_to",
                                              "round", "pack", "next", "poll") if name in posted}  # fmt: skip
    attempts = [("get", {"data": query}), ("post", {"data": posted})]
    version = _current_version(route.name, url, client)
    if version is not None:  # past the optimistic lock, so that the hostile values reach the forms and services
        attempts.append(("post", {"data": {**posted, "version": str(version)}}))
    if route.name in UPLOAD_ROUTES:
        upload = SimpleUploadedFile(data.draw(st.sampled_from(["\u202excod.exe", "../../x.docx", "a" * 300 + ".pdf"])),
                                    data.draw(st.binary(max_size=64)), content_type="application/pdf")  # fmt: skip
        attempts.append(("post", {"data": {**posted, "file": upload, "files": upload}}))
    if route.name in JSON_ROUTES:
        body = data.draw(st.one_of(json_values.map(json.dumps), st.just(DEEP_JSON), hostile_text))
        attempts.append(("post", {"data": body, "content_type": "application/json"}))
    for method, kwargs in attempts:
        failure = _request(client, route.name, method, url, **kwargs)
        if failure:
            failures.append(f"{persona} {method.upper()} {route.name} {url[:80]}: {failure}")
    return failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_values_give_no_500_and_change_nothing_outside_the_actor_scope(persona, world, module_persona):
    client = Client()
    names = world["field_names"]
    outside, with_accounts = _outside(persona, world)

    @hypothesis_settings(
        max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES == 1, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.generate],  # no shrinking: a failure names its request
    )  # fmt: skip
    @given(data=st.data())
    def fuzz(data):
        before = _fingerprint(outside, accounts=with_accounts)
        failures = []
        ids = world["ids"] + OUT_OF_RANGE_IDS
        # Each address gets another id (a rotation, so that even the simplest example spreads them).
        id_offset = data.draw(st.integers(0, len(ids) - 1), label="id rotation")
        for index, route in enumerate(ROUTES):
            slug = data.draw(st.sampled_from(["application_docx", "x\u202e", "%2e%2e", "a" * 300]), label="slug")
            path_ids = world.get(OBJECTS_OF_ROUTE.get(route.name), [ids[(index + id_offset) % len(ids)]])
            for url in dict.fromkeys(_url(route, path_id, slug) for path_id in path_ids):
                if persona != ANONYMOUS and "_auth_user_id" not in client.session:
                    # Signed in again once a request ended the session (the fuzz posts to logout too).
                    client.force_login(module_persona(persona))
                # Each address turns the rotation further, so that one example gives each name many values.
                failures += _fuzz_address(client, data, route, url, names, persona, salt=7 * index)
        assert not failures, "\n".join(failures)
        assert _fingerprint(outside, accounts=with_accounts) == before, (
            f"{persona} changed data outside its scope (enterprises {outside})"
        )

    fuzz()


# What the fuzz found: ids of more digits than an integer column holds gave a 500 on SQLite
# (OverflowError) where a view parsed them itself and filtered a foreign key or a primary key list by them.

TOO_LONG_ID = str(10**20)


def test_a_monitoring_round_id_too_long_for_the_database_is_ignored(module_persona):
    client = Client()
    client.force_login(module_persona("enterprise_user"))
    response = client.get(reverse("performance:monitoring_reports"), {"round": TOO_LONG_ID})
    assert response.status_code == 200


def test_bulk_review_ignores_an_application_id_too_long_for_the_database(module_persona):
    client = Client()
    client.force_login(module_persona("county_industry"))
    response = client.post(reverse("review:bulk"), {"decision": "agree", "application": [TOO_LONG_ID]})
    assert response.status_code == 302


def test_a_batch_naming_an_application_id_too_long_for_the_database_is_refused_at_the_form(module_persona):
    client = Client()
    client.force_login(module_persona("county_industry"))
    response = client.post(
        reverse("review:batch_create"), {"number": "珠工信〔2023〕1号", "applications": [TOO_LONG_ID]}
    )
    assert response.status_code == 400 and TOO_LONG_ID in response.content.decode()
