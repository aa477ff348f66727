"""What the load needs on top of bench/review's data (`python bench/load/dataset.py prepare`, idempotent):

- one known password (PASSWORD) for every load account, hashed once with the server's own hasher;
- officials (`load_off_<n>`) of every role that reads a work list, each with a confirmed TOTP device whose key
  the locust users know (production asks officials for the second factor);
- a fresh generation of enterprises (`load_ent_<generation>_<n>`), each with a confirmed, eligible profile and
  one complete draft (answers, summary, commitment and required materials, as the application factory builds
  it), so that autosave, upload and submit all succeed; a new generation each run, because a run submits them;
- the city re-opening the 2023 window, so that a submission today is in time;
- world.json: what locustfile.py reads (accounts, keys, application ids) and check.py verifies against.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import secrets
import time

PASSWORD = "Load-test-Pa55word-2023"  # a benchmark account's password, public by design
ENTERPRISES_PER_GENERATION = 160
# Work-list readers: (role, organisation kind, how many accounts). County ones are spread over the jurisdictions.
OFFICIAL_ACCOUNTS = 80


def _officials(password_hash: str) -> list[dict]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, Organisation, User, UserRole

    existing = {u.username: u for u in User.objects.filter(username__startswith="load_off_")}
    counties = list(Jurisdiction.objects.order_by("sort_order", "code"))
    sections = list(Organisation.objects.filter(kind=OrganisationKind.CITY_SECTION).order_by("pk"))
    city_finance = Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION)
    sme = next(o for o in sections if o.section_code == "sme")
    plan = []  # (role, organisation): county 工信 and 财政 of every jurisdiction first, then the city
    for j in counties:
        plan.append(
            (
                Role.COUNTY_INDUSTRY_REVIEWER,
                Organisation.objects.get(kind=OrganisationKind.INDUSTRY_BUREAU, jurisdiction=j),
            )
        )
        plan.append(
            (
                Role.COUNTY_FINANCE_REVIEWER,
                Organisation.objects.get(kind=OrganisationKind.FINANCE_BUREAU, jurisdiction=j),
            )
        )
    city = [(Role.CITY_SECTION_REVIEWER, s) for s in sections if s.section_code != "sme"]
    city += [(Role.CITY_SME_COORDINATOR, sme), (Role.CITY_FINANCE_REVIEWER, city_finance)]
    while len(plan) < OFFICIAL_ACCOUNTS:
        plan += city
    plan = plan[:OFFICIAL_ACCOUNTS] + [(Role.CITY_SME_COORDINATOR, sme)]  # the last one runs the 附件4 exports
    accounts = []
    for n, (role, organisation) in enumerate(plan):
        username = f"load_off_{n:03d}"
        user = existing.get(username)
        if user is None:
            user = User.objects.create(username=username, full_name=f"负载测试审核员{n}", organisation=organisation,
                                       password=password_hash)  # fmt: skip
            UserRole.objects.create(user=user, role=role)
            TOTPDevice.objects.create(user=user, name="负载测试", key=secrets.token_hex(20), confirmed=True)
        else:  # a later run: the password may have been rehashed at login; expiry moves on
            User.objects.filter(pk=user.pk).update(password=password_hash, password_changed_at=dt.datetime.now(dt.UTC))
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        accounts.append({"username": username, "role": role, "totp_key": device.key})
    return accounts


def _enterprises(password_hash: str, generation: str) -> list[dict]:
    from accounts.choices import OrganisationKind, Role
    from accounts.models import Jurisdiction, User, UserRole
    from accounts.tests.factories import EnterpriseFactory
    from applications.tests.factories import ApplicationFactory
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from enterprises.tests.factories import make_profile

    counties = list(Jurisdiction.objects.filter(kind="county").order_by("sort_order", "code")) or list(
        Jurisdiction.objects.order_by("sort_order", "code")
    )
    from enterprises import models as enterprise_models
    from enterprises.tests import factories as enterprise_factories

    # The factory numbers its codes from 1 in each process: go on after the generations made before.
    made = enterprise_models.EnterpriseProfile.objects.filter(uscc__contains="MA4L").count()
    enterprise_factories._counter = itertools.count(made + 1)
    accounts = []
    for n in range(ENTERPRISES_PER_GENERATION):
        county = counties[n % len(counties)]
        enterprise = EnterpriseFactory(name=f"衡阳负载测试企业{generation}-{n:03d}有限公司", jurisdiction=county,
                                       kind=OrganisationKind.ENTERPRISE)  # fmt: skip
        make_profile(enterprise=enterprise, jurisdiction_code=county.code, data=ELIGIBLE_PROFILE)
        username = f"load_ent_{generation}_{n:03d}"
        user = User.objects.create(username=username, full_name=f"负载测试经办人{n}", organisation=enterprise,
                                   password=password_hash)  # fmt: skip
        UserRole.objects.create(user=user, role=Role.ENTERPRISE_ADMIN)
        application = ApplicationFactory(enterprise=enterprise, complete=True)  # a draft ready to submit
        accounts.append({"username": username, "application": application.pk, "version": application.version})
    return accounts


def _window_reopen() -> None:
    from applications.models import SubmissionWindow
    from policies.selectors import pack_current

    pack = pack_current()
    closes_on = dt.date.today() + dt.timedelta(days=60)
    if not SubmissionWindow.objects.filter(pack=pack, kind=SubmissionWindow.Kind.CITY_REOPENED,
                                           jurisdiction=None, closes_on__gte=closes_on - dt.timedelta(days=30)).exists():  # fmt: skip
        SubmissionWindow.objects.create(pack=pack, kind=SubmissionWindow.Kind.CITY_REOPENED, jurisdiction=None,
                                        closes_on=closes_on, reason="负载测试")  # fmt: skip


def prepare() -> None:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from applications.tests.helpers import pdf_bytes
    from bench.load.env import WORLD_FILE

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    password_hash = make_password(PASSWORD)  # the server's hasher, at its parameters
    generation = dt.datetime.now().strftime("%m%d%H%M")
    with transaction.atomic():
        _window_reopen()
        officials = _officials(password_hash)
        enterprises = _enterprises(password_hash, generation)
    world = {"password": PASSWORD, "generation": generation, "officials": officials[:-1],
             "exporter": officials[-1], "enterprises": enterprises}  # fmt: skip
    WORLD_FILE.parent.mkdir(parents=True, exist_ok=True)
    (WORLD_FILE.parent / "upload.pdf").write_bytes(pdf_bytes("负载测试补充材料"))  # what each enterprise uploads
    WORLD_FILE.write_text(json.dumps(world, ensure_ascii=False, indent=1))
    print(f"prepared {len(officials)} officials and {len(enterprises)} enterprises (generation {generation}) "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
