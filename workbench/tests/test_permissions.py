"""Attempts to break the workbench's rules: only the 中小企业科 finds it, only the preparer edits, never the preparer
approves (also by a crafted POST), every form needs its CSRF token, a published draft stays as it is."""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from workbench import permissions
from workbench.choices import DraftStatus
from workbench.services import data_digest, draft_approve, draft_submit

pytestmark = pytest.mark.django_db


def _workbench_urls(draft) -> list[str]:
    """Every workbench URL pattern, filled in with the draft, item 2, its first condition and material, form 2-2,
    the first rule of a list (quotas, exclusions)."""
    item = next(i for i in draft.data["items"] if i["number"] == 2)
    values = {"pk": draft.pk, "number": 2, "condition_id": item["conditions"][0]["id"],
              "material_id": item["materials"][0]["id"], "form_id": "2-2", "field_id": "enterprise_name",
              "index": 0}  # fmt: skip
    resolver = get_resolver().url_patterns
    patterns = next(p for p in resolver if getattr(p, "namespace", None) == "workbench").url_patterns
    urls = []
    for pattern in patterns:
        names = list(pattern.pattern.converters)
        urls.append(reverse(f"workbench:{pattern.name}", kwargs={n: values[n] for n in names}))
    return urls


@pytest.mark.parametrize(
    "persona", ["enterprise_user", "enterprise_admin", "county_industry", "county_finance", "city_section",
                "city_finance", "admin", "security_admin", "auditor"],
)  # fmt: skip
def test_no_other_role_finds_any_workbench_page(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    for url in _workbench_urls(draft):
        assert client.get(url).status_code in (404, 405), url
        # With the draft's current data_version: a page of the draft that carries the lock's key gets no further.
        posted = {"direction": "up", "reason": "x", "confirm": "on", "data_version": str(draft.data_version)}
        assert client.post(url, posted).status_code in (404, 405), url
    draft.refresh_from_db()
    assert draft.status == DraftStatus.EDITING


def test_anonymous_is_sent_to_login_everywhere(client, draft):
    for url in _workbench_urls(draft):
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url


def test_a_deactivated_coordinator_is_refused(city_sme, draft):
    city_sme.is_active = False
    city_sme.save(update_fields=["is_active"])
    assert not permissions.can_use_workbench(city_sme)
    assert not permissions.drafts_visible_to(city_sme).exists()


def test_the_preparer_never_approves_their_own_draft(client, city_sme, approver, draft):
    draft = draft_submit(actor=city_sme, draft=draft)
    assert not permissions.can_approve_draft(city_sme, draft)
    assert permissions.can_approve_draft(approver, draft)
    client.force_login(city_sme)
    crafted = {"digest": data_digest(draft.data), "confirm": "on"}
    assert client.post(reverse("workbench:approval", args=[draft.pk]), crafted).status_code == 404
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED


def test_the_approver_cannot_edit_or_submit_someone_elses_draft(client, approver, draft):
    assert not permissions.can_edit_draft(approver, draft)
    client.force_login(approver)
    assert client.post(reverse("workbench:submit", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == DraftStatus.EDITING


def test_nobody_edits_a_submitted_or_published_draft(client, city_sme, approver, draft):
    draft = draft_submit(actor=city_sme, draft=draft)
    client.force_login(city_sme)
    item = reverse("workbench:item", args=[draft.pk, 2])
    assert client.get(item).status_code == 404
    draft = draft_approve(actor=approver, draft=draft, confirmed_digest=data_digest(draft.data))
    for persona in (city_sme, approver):
        client.force_login(persona)
        assert client.get(item).status_code == 404
        current = {"data_version": str(draft.data_version)}
        assert client.post(reverse("workbench:item_delete", args=[draft.pk, 2]), current).status_code == 404
    draft.refresh_from_db()
    assert len(draft.data["items"]) == 14 and draft.status == DraftStatus.PUBLISHED


def test_every_form_needs_its_csrf_token(city_sme, approver, draft, stored_pack):
    client = Client(enforce_csrf_checks=True)
    client.force_login(city_sme)
    posts = [reverse("workbench:home"), reverse("workbench:notice", args=[draft.pk]),
             reverse("workbench:item_delete", args=[draft.pk, 2]), reverse("workbench:submit", args=[draft.pk]),
             reverse("workbench:conditions", args=[draft.pk, 2]), reverse("workbench:materials", args=[draft.pk, 2])]  # fmt: skip
    for url in posts:
        assert client.post(url, {"pack": stored_pack.pk, "year": "2025", "pack_id": "x"}).status_code == 403, url
    draft_submit(actor=city_sme, draft=draft)
    client.force_login(approver)
    approval = reverse("workbench:approval", args=[draft.pk])
    assert client.post(approval, {"digest": data_digest(draft.data), "confirm": "on"}).status_code == 403
    assert client.post(reverse("workbench:return", args=[draft.pk]), {"reason": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and len(draft.data["items"]) == 14
