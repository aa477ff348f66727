"""Every view goes through a permission function (issue 13), so that no new view can skip one.

The test walks every URL pattern (admin/ aside), requests it with GET and with POST as a signed-in person the
view does not serve, and checks that the request called a public function of some app's `permissions.py`:
in the view, or in the service, selector or exporter it called. Calls made while a template renders do not
count: the menu and the unread badge on every page, and template tags, would otherwise vouch for a view that
checks nothing. Path arguments are ids of no object, so a view must fetch its object through a scoped getter
(`get_<entity>_for_user_or_404`) to pass: an unscoped `get_object_or_404` answers 404 before any check.

The person is the auditor: 等保 keeps them out of every business role, so every business view must refuse
them (404 or 403). Views that every signed-in person uses for themselves (their inbox, their export jobs,
their home page) or that list what the person may see must still go through their scoping function, but
are not refused (NOT_REFUSED). Views that need no
permission at all are listed in NO_PERMISSION_NEEDED, each with its reason.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template.base import Template
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

NO_PERMISSION_NEEDED = {
    "dashboard:index": "the site's front door: sends a signed-in person to their home page, anyone else to the catalogue",
    "accounts:login": "signing in",
    "accounts:logout": "signing out",
    "accounts:password_change": "acts on the signed-in person's own password only (request.user), nobody else's",
    "accounts:otp_enrol": "enrols the signed-in person's own TOTP device only (request.user), nobody else's",
    "accounts:otp_verify": "checks a code against the signed-in person's own TOTP device only (request.user)",
    "enterprises:register": "an enterprise registers itself before it has an account",
    "policies:catalogue": "the public policy catalogue (published pack)",
    "policies:notice": "the public notice text (published pack)",
    "policies:item_detail": "one support item of the public catalogue (published pack)",
    "eligibility:calculator": "the public policy calculator: evaluates the facts typed in, stores nothing",
    "eligibility:api_evaluate": "the calculator's API: the same pure evaluation, no stored data",
    "awards:public_list": "the public 公示 list: published notices only (get_public_notice_or_404 for one)",
    "awards:public_notice": "one public 公示 and its objection form, open to anyone by the notice's terms",
    "documents:verify_form": "public verification of a printed 申报书's digest; shows no personal data",
    "documents:verify": "the same verification, reached from the QR code with the receipt number in the path",
    "captcha-image": "the CAPTCHA's picture, shown on the public registration and objection forms",
    "captcha-image-2x": "the same picture at twice the size",
    "captcha-refresh": "a new CAPTCHA for the same public forms",
    "admin_login": "sends anyone to the platform's login page (accounts:login); shows and stores nothing",
    "operations:healthz": "the load balancer's liveness probe: says only that the process answers",
    "operations:readyz": "the load balancer's readiness probe: names its checks and ok/fail, nothing secret",
}

# Views that go through their scoping function but do not refuse the auditor: every signed-in person uses
# them for their own data, or gets the list of what they may see, empty when that is nothing.
NOT_REFUSED = {
    "dashboard:home": "every role's home page, built from the role predicates",
    "notifications:inbox": "one's own notifications (notifications_visible_to)",
    "notifications:badge": "one's own unread count (notifications_visible_to)",
    "notifications:mark_all_read": "marks one's own notifications read (notifications_visible_to)",
    "documents:jobs": "one's own export jobs (export_jobs_visible_to)",
    "performance:monitoring_reports": "the reports the person may see (monitoring_reports_visible_to); none for the auditor",
    "performance:evaluation_index": "the evaluations the person may see (evaluations_visible_to); none for the auditor",
}

# The auditor may read the audit log: someone else is refused it.
PERSONA = {"dashboard:audit_log": "county_industry"}
DEFAULT_PERSONA = "auditor"

NO_SUCH_ID = 987654321
# An exporter is named in the path or the form; its options name the object (here: no such application).
EXPORT_OPTIONS = {"exporter": "application_docx", "application": str(NO_SUCH_ID)}
PATH_ARGUMENTS = {"documents:export": {"identifier": "application_docx"}}
QUERY = {"documents:export": EXPORT_OPTIONS}
POST_DATA = {"documents:jobs": EXPORT_OPTIONS}

REFUSED = (403, 404)


def _project_packages() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    return {c.name for c in apps.get_app_configs() if Path(c.path).resolve().is_relative_to(base)} | {"config"}


def permission_modules() -> list:
    modules = []
    for package in sorted(_project_packages()):
        name = f"{package}.permissions"
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


@dataclass
class Calls:
    """Permission functions called outside template rendering, in order."""

    names: list[str] = field(default_factory=list)
    rendering: int = 0

    def clear(self) -> None:
        self.names.clear()


@pytest.fixture
def calls(monkeypatch) -> Calls:
    """Every public function of every app's permissions.py records its calls: in its module (for
    `from app import permissions`) and wherever `from app.permissions import f` bound the name."""
    record = Calls()
    wrappers: dict[int, tuple[object, object]] = {}
    for module in permission_modules():
        for name, function in list(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            wrappers[id(function)] = (function, _recording(record, f"{module.__name__}.{name}", function))
    packages = tuple(f"{p}." for p in _project_packages())
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(packages):
            continue
        for name, value in list(vars(module).items()):
            original, wrapper = wrappers.get(id(value), (None, None))
            if original is not None and value is original:
                monkeypatch.setattr(module, name, wrapper)
    render = Template.render

    def counted_render(self, context):
        record.rendering += 1
        try:
            return render(self, context)
        finally:
            record.rendering -= 1

    monkeypatch.setattr(Template, "render", counted_render)
    return record


def _recording(record: Calls, qualified: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not record.rendering:
            record.names.append(qualified)
        return function(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    pattern: URLPattern


def routes(resolver: URLResolver | None = None, namespace: str = "") -> list[Route]:
    """Every named URL pattern, recursively; admin/ and static or media serving left out."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or entry.namespace == "admin":
                continue
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            found += routes(entry, inner)
            continue
        if getattr(entry.callback, "__module__", "") == "django.views.static":
            continue
        assert entry.name, f"URL pattern {entry.pattern} has no name: name it, so that this test can reverse it"
        found.append(Route(f"{namespace}:{entry.name}" if namespace else entry.name, entry))
    return found


def _path_arguments(route: Route) -> dict:
    arguments = {}
    for name, converter in route.pattern.pattern.converters.items():
        kind = type(converter).__name__
        if name in PATH_ARGUMENTS.get(route.name, {}):
            arguments[name] = PATH_ARGUMENTS[route.name][name]
        elif kind == "UUIDConverter":
            arguments[name] = uuid.UUID(int=NO_SUCH_ID)
        elif kind == "IntConverter":
            arguments[name] = NO_SUCH_ID
        else:
            arguments[name] = f"x{NO_SUCH_ID}"
    return arguments


def problems_of(client, calls: Calls, personas, selected: list[Route]) -> list[str]:
    """What is wrong with each route: no permission function called, or the person not refused."""
    problems = []
    for route in selected:
        if route.name in NO_PERMISSION_NEEDED:
            continue
        client.force_login(personas(PERSONA.get(route.name, DEFAULT_PERSONA)))
        url = reverse(route.name, kwargs=_path_arguments(route))
        answered = 0
        for method in ("get", "post"):
            calls.clear()
            if method == "get":
                response = client.get(url, QUERY.get(route.name, {}))
            else:
                response = client.post(url, POST_DATA.get(route.name, {}))
            if response.status_code == 405:
                continue
            answered += 1
            if not calls.names:
                problems.append(f"{route.name} ({method.upper()} {url}): no permission function was called")
            elif route.name not in NOT_REFUSED and response.status_code not in REFUSED:
                problems.append(
                    f"{route.name} ({method.upper()} {url}): answered {response.status_code} to someone it does "
                    f"not serve (asked {', '.join(dict.fromkeys(calls.names))})"
                )
        if not answered:
            problems.append(f"{route.name} ({url}): answers neither GET nor POST")
    return problems


@pytest.fixture
def personas(request):
    made = {}

    def persona(name):
        if name not in made:
            made[name] = request.getfixturevalue(name)
        return made[name]

    return persona


def test_every_view_goes_through_a_permission_function(client, calls, personas):
    problems = problems_of(client, calls, personas, routes())
    assert not problems, "\n".join(problems)


def test_the_walk_finds_every_app_and_the_lists_name_real_views():
    names = {route.name for route in routes()}
    namespaces = {name.split(":")[0] for name in names}
    assert {"accounts", "applications", "review", "awards", "enterprises", "notifications", "documents"} <= namespaces
    assert {"review:decide", "review:batch_sign", "applications:attachment_download", "awards:confirm"} <= names
    listed = (
        set(NO_PERMISSION_NEEDED) | set(NOT_REFUSED) | set(PERSONA) | set(PATH_ARGUMENTS) | set(QUERY) | set(POST_DATA)
    )
    assert listed <= names, listed - names


def test_every_app_with_views_has_a_permissions_module():
    with_views = {route.pattern.callback.__module__.split(".")[0] for route in routes()}
    with_permissions = {module.__name__.split(".")[0] for module in permission_modules()}
    # The dashboard reads the other apps' predicates (it is the top floor); public apps need none (captcha: the
    # CAPTCHA's picture for the public forms; operations: the health probes).
    assert with_views - with_permissions <= {"dashboard", "policies", "eligibility", "django", "captcha", "operations"}


@pytest.mark.urls("dashboard.tests.urls_with_unchecked_view")
def test_a_view_that_checks_nothing_is_reported(client, calls, personas):
    found = {route.name: route for route in routes()}
    problems = problems_of(client, calls, personas, [found["unchecked"], found["review:worklist"]])
    assert problems == [
        "unchecked (GET /unchecked/): no permission function was called",
        "unchecked (POST /unchecked/): no permission function was called",
    ]
