"""Writes of 政策推送: a county notifies its enterprises that probably qualify and have not applied (the inbox and
its e-mail copy), and an enterprise mutes or unmutes those notices. Each is audited in its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import ENTERPRISE_ROLES
from accounts.models import Organisation, User
from core.choices import AuditVerb
from core.services import audit_event_record
from eligibility import statuses as st
from notifications.choices import NotificationVerb
from notifications.services import notification_build, notifications_store
from outreach import permissions, selectors
from outreach.models import PushMute, PushNotice
from policies.models import PolicyPack

# An item pushed to an enterprise is not pushed again within this many days, whoever asks.
PUSH_REPEAT_DAYS = 30
PUSH_CLOSED = "该政策包的申报已截止，不能再推送提醒。"
PUSH_DONE = (
    "已通知 {notified} 家企业；跳过 {skipped} 家（{muted} 家已设置不接收提醒，{recent} 家近 {days} 天内已通知过）。"
)
PUSH_TITLE = "政策推送：贵单位可能符合{count}个支持事项的申报条件"
PUSH_BODY = (
    "{county}工业和信息化主管部门提醒：根据贵单位企业档案，以下支持事项“可能符合”申报条件，尚未申报：\n{lines}\n"
    "申报截止日期：{deadline}。请核对条件、准备佐证材料后在平台申报。"
    "如不希望接收此类提醒，可在“政策推送”页面设置不接收。"
)
MUTED_MESSAGE = "已设置：不再接收政策推送提醒。"
UNMUTED_MESSAGE = "已恢复接收政策推送提醒。"


@dataclass(frozen=True)
class PushOutcome:
    notified: int
    muted: int
    recent: int

    @property
    def skipped(self) -> int:
        return self.muted + self.recent

    @property
    def message(self) -> str:
        return PUSH_DONE.format(
            notified=self.notified, skipped=self.skipped, muted=self.muted, recent=self.recent, days=PUSH_REPEAT_DAYS
        )


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def push_notify(
    *, actor: User, pack: PolicyPack, enterprise_ids: list[int] | None, item_number: int | None = None
) -> PushOutcome:
    """Notify the chosen enterprises (None: every one of the filtered list) of their probable items of `pack` that
    they have not applied for. Only the actor's jurisdiction's candidates are considered: another county's ids are
    ignored. An enterprise that muted is skipped; so is an item pushed to it within PUSH_REPEAT_DAYS, and an
    enterprise left with no item. One message to each active member, and one audit event for the whole push."""
    if not permissions.can_push_to_enterprises(actor):
        raise PermissionDenied
    jurisdiction = actor.organisation.jurisdiction
    is_open, deadline = selectors.pack_open_for(pack=pack, jurisdiction=jurisdiction)
    if not is_open:
        raise PermissionDenied(PUSH_CLOSED)
    results = selectors.candidates_for_county(pack=pack, jurisdiction_id=jurisdiction.pk, item_number=item_number)
    if enterprise_ids is not None:
        results = results.filter(enterprise_id__in=enterprise_ids)
    # Lock the enterprises so that two officials pushing at once cannot both pass the 30-day check.
    chosen = list(
        Organisation.objects.select_for_update()
        .filter(pk__in=results.values("enterprise_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    muted = set(PushMute.objects.filter(enterprise_id__in=chosen).values_list("enterprise_id", flat=True))
    since = timezone.now() - dt.timedelta(days=PUSH_REPEAT_DAYS)
    recent = set(
        PushNotice.objects.filter(enterprise_id__in=chosen, pack__pack_id=pack.pack_id, sent_at__gte=since).values_list(
            "enterprise_id", "item_number"
        )
    )
    names = dict(pack.items.values_list("number", "name"))
    wanted: dict[int, dict[int, str]] = {}  # enterprise -> item number -> best status
    for enterprise_id, number, status in results.filter(enterprise_id__in=chosen).values_list(
        "enterprise_id", "item_number", "status"
    ):
        if enterprise_id in muted or (enterprise_id, number) in recent:
            continue
        best = wanted.setdefault(enterprise_id, {})
        if number not in best or st.ORDER[status] > st.ORDER[best[number]]:
            best[number] = status
    now = timezone.now()
    members: dict[int, list[User]] = {}
    for user in User.objects.filter(
        organisation_id__in=wanted, is_active=True, roles__role__in=ENTERPRISE_ROLES
    ).distinct():
        members.setdefault(user.organisation_id, []).append(user)
    messages, notices = [], []
    for enterprise_id, items in wanted.items():
        numbers = sorted(items)
        lines = "\n".join(f"第{n}项 {names.get(n, '')}（{st.LABELS[items[n]]}）" for n in numbers)
        title = PUSH_TITLE.format(count=len(numbers))
        body = PUSH_BODY.format(county=jurisdiction.name, lines=lines, deadline=_date(deadline.closes_on))
        key = f"eligibility_push:{pack.pk}:{enterprise_id}:{now:%Y%m%d}:{'-'.join(map(str, numbers))}"[:100]
        for user in members.get(enterprise_id, []):
            messages.append(
                notification_build(
                    recipient=user,
                    application=None,
                    verb=NotificationVerb.ELIGIBILITY_PUSH,
                    title=title,
                    body=body,
                    url=reverse("outreach:my_items"),
                    key=key,
                )
            )
        notices += [
            PushNotice(enterprise_id=enterprise_id, pack=pack, item_number=n, sent_by=actor, sent_at=now)
            for n in numbers
        ]
    PushNotice.objects.bulk_create(notices)
    notifications_store(messages)
    outcome = PushOutcome(notified=len(wanted), muted=len(muted), recent=len(set(chosen) - muted - set(wanted)))
    audit_event_record(
        actor=actor, verb=AuditVerb.ELIGIBILITY_PUSHED, target=pack,
        data={"notified": sorted(wanted), "muted": sorted(muted), "recent": outcome.recent, "item": item_number,
              "messages": len(messages)},
    )  # fmt: skip
    return outcome


@transaction.atomic
def push_mute_set(*, actor: User, enterprise: Organisation, muted: bool) -> bool:
    """Mute (or unmute) the enterprise's 政策推送 notices. Returns whether anything changed."""
    if not permissions.can_mute_pushes(actor, enterprise):
        raise PermissionDenied
    existing = PushMute.objects.select_for_update().filter(enterprise=enterprise).first()
    if muted == (existing is not None):
        return False
    if muted:
        mute = PushMute(enterprise=enterprise, muted_by=actor, muted_at=timezone.now())
        mute.full_clean(exclude=["enterprise", "muted_by"])
        mute.save()
    else:
        existing.delete()
    audit_event_record(
        actor=actor, verb=AuditVerb.ELIGIBILITY_PUSH_MUTED, target=enterprise, data={"muted": muted}
    )  # fmt: skip
    return True
