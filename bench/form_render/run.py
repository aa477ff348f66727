"""CPU of the enterprise's application page (GET /applications/<pk>/) for a complete draft, and the share of it
spent rendering templates (bench/form_render/README.md).

Run:  .venv/bin/python bench/form_render/run.py [--template-dir DIR]

--template-dir puts DIR first in the template search path: to measure the page with an older
applications/form_fields.html (the partials before the switch: `git show a903521:applications/templates/
applications/form_fields.html > DIR/applications/form_fields.html`) in the same process set-up.

Settings: config.settings.base (DEBUG off, the cached template loader, as production) on a throwaway SQLite file
(production's settings refuse SQLite; the page's CPU is the app's either way). Builds the load test's complete
draft (bench/load/prepare.py: ApplicationFactory(complete=True) for an eligible enterprise), then: one warm-up
request, 10 timed ones (this process's CPU time per request; the median), and one under cProfile for the shares
of template rendering and of django-template-partials; and the CPU of applications/form_fields.html alone
over the draft's field views (form_ms, median of 10 after a warm-up). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup(template_dir: str = "") -> None:
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp(prefix="form_render_")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ["APP_VAR_DIR"] = folder
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client
    os.environ["SECRET_KEY"] = "bench-form-render-only-secret-key-0123456789-abcdef"  # public, this benchmark only
    import django
    from django.conf import settings

    if template_dir:
        settings.TEMPLATES[0]["DIRS"] = [template_dir, *settings.TEMPLATES[0]["DIRS"]]
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # the manifest production serves from


def draft():
    from accounts.choices import OrganisationKind, Role
    from accounts.models import User, UserRole
    from accounts.tests.factories import EnterpriseFactory
    from applications.tests.factories import ApplicationFactory
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from enterprises.tests.factories import make_profile
    from policies.tests.factories import stored_pack_2023

    stored_pack_2023()
    enterprise = EnterpriseFactory(name="衡阳基准测试企业有限公司", kind=OrganisationKind.ENTERPRISE)
    make_profile(enterprise=enterprise, jurisdiction_code=enterprise.jurisdiction.code, data=ELIGIBLE_PROFILE)
    user = User.objects.create(username="bench_form_render", full_name="基准经办人", organisation=enterprise)
    UserRole.objects.create(user=user, role=Role.ENTERPRISE_ADMIN)
    return user, ApplicationFactory(enterprise=enterprise, complete=True)


def form_drawing_cpu(application) -> list[float]:
    """CPU ms of applications/form_fields.html alone over the draft's field views (built once), 10 times
    after one warm-up: the part of the page this benchmark is about."""
    from django.template.loader import render_to_string

    from policies.formengine.render import render_sections

    sections = render_sections(application.forms, application.answers)
    return cpu_per_request(lambda: render_to_string("applications/form_fields.html", {"sections": sections}))


def cpu_per_request(call, repeats: int = 10) -> list[float]:
    """This process's CPU ms of `call()` (one request), `repeats` times after one warm-up (caches, compiled
    templates, the session's first write). bench/page_cpu/run.py measures its pages with it too."""
    call()
    out = []
    for _ in range(repeats):
        started = time.process_time()
        call()
        out.append((time.process_time() - started) * 1000)
    return out


def shares(profile: cProfile.Profile) -> dict:
    stats = pstats.Stats(profile)
    total = max(t for (_, _, name), (_, _, _, t, _) in stats.stats.items() if name == "get")  # the client's get
    render = sum(
        ct
        for (f, _, name), (_, _, _, ct, _) in stats.stats.items()
        if f.endswith("django/shortcuts.py") and name == "render"
    )
    partials = max(
        (ct for (f, _, name), (_, _, _, ct, _) in stats.stats.items() if "template_partials" in f and name == "render"),
        default=0.0,
    )
    return {"template_share": round(render / total, 3), "template_partials_share": round(partials / total, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--template-dir", default="")
    setup(parser.parse_args().template_dir)
    from django.test import Client

    user, application = draft()
    client = Client()
    client.force_login(user)
    url = f"/applications/{application.pk}/"
    assert client.get(url).status_code == 200
    cpu = cpu_per_request(lambda: client.get(url))
    response = client.get(url)
    form_cpu = form_drawing_cpu(application)
    profile = cProfile.Profile()
    profile.runcall(client.get, url)
    body = response.content.decode()
    result = {
        "cpu_ms_median": round(statistics.median(cpu), 1),
        "form_ms_median": round(statistics.median(form_cpu), 1),
        "cpu_ms": [round(c, 1) for c in cpu],
        "html_bytes": len(response.content),
        "fields": body.count('class="form-field'),
        **shares(profile),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
