"""Reads for applications: deadlines, project counts, the completeness report, lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from applications.models import Application, Attachment, SubmissionWindow
from applications.workflow import EDITABLE_STATES, SLOT_HOLDING_STATES, ReviewDecision
from core.prepared import PreparedQuery
from core.workdays import working_days_left
from eligibility.statuses import ORDER as STATUS_ORDER
from policies.selectors import pack_data_attach


@dataclass(frozen=True)
class Deadline:
    closes_on: dt.date
    source: str  # why this date: the notice, the county, or the city re-opening

    def is_open(self, today: dt.date) -> bool:
        return today <= self.closes_on


def deadline_of_windows(*, notice: dict, jurisdiction, earlier=None, reopened=None) -> Deadline:
    """The one rule of a jurisdiction's deadline: the notice's date; a county may close earlier (`earlier`, its
    earliest COUNTY_EARLIER window); the city may re-open (`reopened`, the latest CITY_REOPENED window naming the
    jurisdiction or the whole city), and a re-opening later than the deadline wins."""
    deadline = Deadline(dt.date.fromisoformat(notice["deadline"]), f"{notice['document_number']}规定的截止日期")
    if earlier is not None and earlier.closes_on < deadline.closes_on:
        deadline = Deadline(earlier.closes_on, f"{jurisdiction.name}确定的截止日期（{earlier.reason}）")
    if reopened is not None and reopened.closes_on > deadline.closes_on:
        deadline = Deadline(reopened.closes_on, f"市级重新开放申报（{reopened.reason}）")
    return deadline


# Read by the application page, every save and the submission: compiled once per process (core/prepared.py).
WINDOWS_OF_JURISDICTION = PreparedQuery(
    lambda pack, jurisdiction: (
        SubmissionWindow.objects.filter(pack_id=pack)
        .filter(
            Q(kind=SubmissionWindow.Kind.COUNTY_EARLIER, jurisdiction_id=jurisdiction)
            | Q(kind=SubmissionWindow.Kind.CITY_REOPENED) & (Q(jurisdiction_id=jurisdiction) | Q(jurisdiction=None))
        )
        .order_by("closes_on", "pk")
    ),
    pack=int,
    jurisdiction=int,
)


def submission_deadline(*, pack, jurisdiction) -> Deadline:
    """The deadline that applies to `jurisdiction` (deadline_of_windows), in one query: the county's earlier
    windows and the city's re-openings (for the jurisdiction or the whole city) together; the earliest of the
    first and the latest of the second are chosen here (on the same date, the one created first)."""
    windows = WINDOWS_OF_JURISDICTION.all(pack=pack.pk, jurisdiction=jurisdiction.pk)
    earlier = [w for w in windows if w.kind == SubmissionWindow.Kind.COUNTY_EARLIER]
    reopened = [w for w in windows if w.kind == SubmissionWindow.Kind.CITY_REOPENED]
    return deadline_of_windows(
        notice=pack.data["pack"]["notice"],
        jurisdiction=jurisdiction,
        earlier=earlier[0] if earlier else None,
        reopened=max(reopened, key=lambda w: w.closes_on, default=None),
    )


def application_deadline(application: Application) -> Deadline:
    """submission_deadline for the application's pack and jurisdiction, read once per application object: its
    page, its completeness check and the autosave's date rules share it (a service that locks the application
    reads its own copy, so a decision is never taken on this one)."""
    if not hasattr(application, "_deadline"):
        application._deadline = submission_deadline(
            pack=application.pack, jurisdiction=application.enterprise.jurisdiction
        )
    return application._deadline


# The city's re-openings of a pack, latest first (a handful of rows): every public page reads them once the
# notice's date has passed. Compiled once per process (core/prepared.py); those still open are chosen here.
REOPENINGS_OF_PACK = PreparedQuery(
    lambda pack: (
        SubmissionWindow.objects.filter(pack_id=pack, kind=SubmissionWindow.Kind.CITY_REOPENED)
        .select_related("jurisdiction")
        .order_by("-closes_on")
    ),
    pack=int,
)


def public_deadline(*, pack, today: dt.date) -> Deadline | None:
    """The window open to the public today: the notice's, else the latest city re-opening still open
    (for the whole city, or naming the counties it re-opens); None when none is open."""
    notice = pack.data["pack"]["notice"]
    closes_on = dt.date.fromisoformat(notice["deadline"])
    if today <= closes_on:
        return Deadline(closes_on, f"{notice['document_number']}规定的截止日期")
    reopened = [w for w in REOPENINGS_OF_PACK.all(pack=pack.pk) if w.closes_on >= today]
    citywide = next((w for w in reopened if w.jurisdiction_id is None), None)
    if citywide is not None:
        return Deadline(citywide.closes_on, f"市级重新开放申报（{citywide.reason}）")
    if reopened:
        names = "、".join(dict.fromkeys(w.jurisdiction.name for w in reopened))
        return Deadline(reopened[0].closes_on, f"市级为{names}重新开放申报，其他县市区已截止")
    return None


# Every view of an application page reads its files: compiled once per process (core/prepared.py).
_ATTACHMENTS_OF_APPLICATION = PreparedQuery(
    lambda application: Attachment.objects.filter(application_id=application), application=int
)


def attachments_of(application: Application) -> list[Attachment]:
    """The application's files in the model's order (material, then upload time), each knowing its application
    as application.attachments.all() would."""
    attachments = _ATTACHMENTS_OF_APPLICATION.all(application=application.pk)
    for attachment in attachments:
        attachment.application = application
    return attachments


def active_applications(*, enterprise, pack):
    """Applications holding a project slot: submitted and beyond, not withdrawn or rejected."""
    return Application.objects.filter(enterprise=enterprise, pack=pack, status__in=SLOT_HOLDING_STATES).select_related(
        "item"
    )


# The list shows the item and the summary columns: never the frozen forms, answers or the item's JSON. The pack
# comes along (without its text) for the deadlines of the drafts (next_dates_of). Compiled once per process
# (core/prepared.py): the enterprise's list is read on every visit.
APPLICATIONS_OF_ENTERPRISE = PreparedQuery(
    lambda enterprise: (
        Application.objects.filter(enterprise_id=enterprise)
        .select_related("item", "pack")
        .defer("forms", "answers", "eligibility_snapshot", "item__data", "pack__data")
        # Rows a bulk step moved together share their updated_at: those in the order they were made, whatever plan the
        # database chooses.
        .order_by("-updated_at", "pk")
    ),
    enterprise=int,
)


def applications_of_enterprise(*, enterprise) -> list[Application]:
    return APPLICATIONS_OF_ENTERPRISE.all(enterprise=enterprise.pk)


@dataclass(frozen=True)
class NextDate:
    """When the enterprise must act on an application it holds: its jurisdiction's deadline for the pack."""

    deadline: Deadline
    days_left: int  # working days
    is_open: bool


def next_dates_of(*, applications, enterprise, today: dt.date) -> dict[int, NextDate]:
    """application id -> its deadline, for the applications the enterprise may still edit (a draft, or one
    returned to it). Queries per pack, not per application: "my applications" keeps its query count. The
    applications come with their pack (applications_of_enterprise), whose text is the process's cached copy."""
    editable = [a for a in applications if a.status in EDITABLE_STATES]
    deadlines: dict[int, Deadline] = {}
    for pack_id, pack in {a.pack_id: a.pack for a in editable}.items():
        deadlines[pack_id] = submission_deadline(pack=pack_data_attach(pack), jurisdiction=enterprise.jurisdiction)
    return {
        a.pk: NextDate(
            deadlines[a.pack_id],
            working_days_left(today, deadlines[a.pack_id].closes_on),
            deadlines[a.pack_id].is_open(today),
        )
        for a in editable
    }


def commitment_text(application: Application) -> str:
    """The 真实性承诺书 the enterprise signs: the chosen sub-type's own text if it has one, else the item's."""
    item = application.item.data
    chosen = next((s for s in item.get("subtypes") or [] if s.get("code") == application.subtype_code), None)
    return (chosen or {}).get("commitment") or item.get("commitment") or ""


# A returned application's page reads it on every visit: compiled once per process (core/prepared.py). The
# opinions' model is review's, a layer above: reached through the application's reverse relation, as before.
_LATEST_RETURN = PreparedQuery(
    lambda application: (
        Application._meta.get_field("opinions")
        .related_model.objects.filter(application_id=application, decision=ReviewDecision.RETURN)
        .order_by("-created_at", "-id")[:1]
    ),
    application=int,
)


def return_comments(application: Application) -> dict[str, str]:
    """The comments of the latest return, shown beside the fields the enterprise must fix; the general
    reason under the key "_reason"."""
    opinion = _LATEST_RETURN.first(application=application.pk)
    if opinion is None:
        return {}
    comments = dict(opinion.field_comments)
    if opinion.reason:
        comments.setdefault("_reason", opinion.reason)
    return comments


def results_eligible_first(results: list) -> list:
    """The enterprise's item list (可申报事项) with the items it may apply for first: 符合, 需佐证, then 信息不足
    (a profile to complete) and 不符合 last; each status keeps the pack's order of items. Pure."""
    return sorted(results, key=lambda result: -STATUS_ORDER[result.status])
