"""The demo's base that `make run` seeds: the officials, the three demo enterprises and the re-opened window
(the city in mid-process is demo/city.py's `demo_city_load`, which seed_demo calls next). Idempotent: a
second run adds nothing. Created only under the development settings (seed_demo checks)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.demo import DEMO_PASSWORD, demo_login_row, demo_officials_load
from accounts.models import User
from applications.models import SubmissionWindow
from applications.services import submission_window_set
from enterprises.demo import demo_enterprises_load
from policies.selectors import pack_current

DEMO_WINDOW_REASON = "演示环境：重新开放申报窗口，便于体验完整流程"


@transaction.atomic
def demo_data_load() -> list[dict]:
    """Create what is missing of the demo. Returns one row per demo login."""
    rows = demo_officials_load()
    for enterprise_user in demo_enterprises_load(DEMO_PASSWORD):
        rows.append(demo_login_row(enterprise_user, [Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT]))
    demo_window_load(User.objects.get(username="city_sme_summary"))
    return rows


def demo_window_load(actor: User) -> None:
    """The 2023 notice closed on 2023-08-25; the demo re-opens it, as the city may do, and says so."""
    pack = pack_current()
    if pack is None or SubmissionWindow.objects.filter(pack=pack, kind=SubmissionWindow.Kind.CITY_REOPENED).exists():
        return
    submission_window_set(
        actor=actor, pack=pack, jurisdiction=None, kind=SubmissionWindow.Kind.CITY_REOPENED,
        closes_on=timezone.localdate() + dt.timedelta(days=90), reason=DEMO_WINDOW_REASON,
    )  # fmt: skip
