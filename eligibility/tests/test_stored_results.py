"""Stored eligibility (eligibility/services.py): the bulk run agrees with the explaining engine, replaces what it
evaluated, is audited once per run, and runs after commit when a pack is published or a profile changes."""

from __future__ import annotations

import random
from unittest import mock

import pytest

from accounts.models import Jurisdiction
from applications.tests.helpers import ELIGIBLE_PROFILE
from core.choices import AuditVerb
from core.models import AuditEvent
from demo.city_enterprises import profile_figures
from eligibility import tasks
from eligibility.engine import evaluate_pack
from eligibility.models import EligibilityEvaluation, EligibilityResult
from eligibility.services import results_evaluate_enterprises, results_evaluate_pack
from enterprises import services as enterprise_services
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from enterprises.tests.factories import make_profile
from policies.selectors import pack_data_attach, pack_models
from policies.services import pack_load
from policies.tests.factories import PACK_2023

pytestmark = pytest.mark.django_db
EXAMPLE_PACK = PACK_2023.parent / "example-2024"


def _sample_profiles(count: int = 12) -> list[EnterpriseProfile]:
    """Profiles on both sides of the thresholds, some facts blank, over several jurisdictions."""
    rng = random.Random(19)
    codes = ["430405", "430406", "430481", "430421"]
    profiles = [make_profile(data=ELIGIBLE_PROFILE)]
    for n in range(count - 1):
        division, group = rng.choice([("35", "351"), ("13", "131"), ("39", "392"), ("65", "651")])
        data = profile_figures(rng, division, group, champion=n % 3 == 0)
        profiles.append(
            make_profile(jurisdiction_code=codes[n % len(codes)], data={k: v for k, v in data.items() if v is not None})
        )
    return profiles


def _stored(pack, enterprise_id) -> dict[str, str]:
    """Every item's stored status: a row's, else 不符合 when the enterprise was evaluated; {} when it was not."""
    if not EligibilityEvaluation.objects.filter(pack=pack, enterprise_id=enterprise_id).exists():
        return {}
    rows = EligibilityResult.objects.filter(pack=pack, enterprise_id=enterprise_id).values_list("item_key", "status")
    stored = dict(rows)
    _, items = pack_models(pack_data_attach(pack))
    keys = [f"{i.number}:{s.code}" for i in items for s in i.subtypes] + [
        str(i.number) for i in items if not i.subtypes
    ]
    return {key: stored.get(key, "not_met") for key in keys}


def _explained(pack, profile) -> dict[str, str]:
    models, items = pack_models(pack_data_attach(pack))
    return {r.key: r.status for r in evaluate_pack(models, items, profile_facts(profile))}


def test_bulk_run_agrees_with_the_explaining_engine(stored_pack):
    profiles = _sample_profiles()
    run = results_evaluate_pack(actor=None, pack=stored_pack)
    assert run.enterprises == len(profiles)
    for profile in profiles:
        stored = _stored(stored_pack, profile.organisation_id)
        assert stored == _explained(stored_pack, profile), profile.organisation.name
    stored = EligibilityResult.objects.filter(pack=stored_pack)
    assert run.results == stored.count() == sum(run.counts.values()) - run.counts["not_met"]
    assert not stored.filter(status="not_met").exists()
    assert set(stored.values_list("profile_version", flat=True)) == {1}
    assert EligibilityEvaluation.objects.filter(pack=stored_pack).count() == len(profiles)


def test_bulk_run_is_one_audit_event_with_counts(stored_pack):
    _sample_profiles(4)
    before = AuditEvent.objects.filter(verb=AuditVerb.ELIGIBILITY_EVALUATED).count()
    run = results_evaluate_pack(actor=None, pack=stored_pack)
    events = AuditEvent.objects.filter(verb=AuditVerb.ELIGIBILITY_EVALUATED).order_by("pk")
    assert events.count() == before + 1
    assert events.last().data == {"enterprises": 4, "results": run.results, "statuses": run.counts, "scope": "all"}


def test_a_pending_enterprise_is_not_evaluated_and_loses_its_rows(stored_pack):
    confirmed, pending = make_profile(data=ELIGIBLE_PROFILE), make_profile(confirmed=False, data=ELIGIBLE_PROFILE)
    results_evaluate_pack(actor=None, pack=stored_pack)
    assert _stored(stored_pack, confirmed.organisation_id) and not _stored(stored_pack, pending.organisation_id)
    EnterpriseProfile.objects.filter(pk=confirmed.pk).update(status="pending")
    results_evaluate_pack(actor=None, pack=stored_pack)
    assert not EligibilityResult.objects.filter(pack=stored_pack).exists()
    assert not EligibilityEvaluation.objects.filter(pack=stored_pack).exists()


def test_one_enterprise_is_re_evaluated_alone_from_its_new_profile(stored_pack, enterprise_admin):
    other = make_profile(data=ELIGIBLE_PROFILE)
    mine = make_profile(enterprise=enterprise_admin.organisation, data={"credit_record_normal": True})
    results_evaluate_pack(actor=None, pack=stored_pack)
    other_rows = list(EligibilityResult.objects.filter(enterprise=other.organisation).values_list("pk", flat=True))
    mine = enterprise_services.profile_update(
        actor=enterprise_admin, profile=mine, changes=ELIGIBLE_PROFILE, expected_version=mine.version
    )
    runs = results_evaluate_enterprises(actor=None, enterprise_ids=[mine.organisation_id])
    assert [r.enterprises for r in runs] == [1]
    assert _stored(stored_pack, mine.organisation_id) == _explained(stored_pack, mine)
    assert (
        EligibilityEvaluation.objects.get(enterprise=mine.organisation, pack=stored_pack).profile_version
        == mine.version
    )
    assert (
        list(EligibilityResult.objects.filter(enterprise=other.organisation).values_list("pk", flat=True)) == other_rows
    )


def test_publishing_a_pack_evaluates_every_confirmed_enterprise_after_commit(
    stored_pack, django_capture_on_commit_callbacks
):
    profile = make_profile(data=ELIGIBLE_PROFILE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        example, _ = pack_load(actor=None, directory=EXAMPLE_PACK)
    assert not EligibilityResult.objects.filter(pack=example).exists()  # nothing before the commit
    for callback in callbacks:
        callback()  # the test settings' immediate backend runs the job at once
    assert _stored(example, profile.organisation_id) == _explained(example, profile)


def test_a_profile_change_enqueues_one_job_per_transaction(
    stored_pack, enterprise_admin, django_capture_on_commit_callbacks
):
    profile = make_profile(enterprise=enterprise_admin.organisation, data={})
    with (
        mock.patch.object(tasks, "enterprise_results_evaluate_task") as job,
        django_capture_on_commit_callbacks(execute=True),
    ):
        profile = enterprise_services.profile_update(
            actor=enterprise_admin, profile=profile, changes={"valid_patents": 3}, expected_version=profile.version
        )
        enterprise_services.profile_update(
            actor=enterprise_admin, profile=profile, changes={"valid_patents": 4}, expected_version=profile.version
        )
    job.enqueue.assert_called_once_with([profile.organisation_id])


def test_a_profile_change_stores_the_new_results_after_commit(
    stored_pack, enterprise_admin, django_capture_on_commit_callbacks
):
    profile = make_profile(enterprise=enterprise_admin.organisation, data={})
    with django_capture_on_commit_callbacks(execute=True):
        profile = enterprise_services.profile_update(
            actor=enterprise_admin, profile=profile, changes=ELIGIBLE_PROFILE, expected_version=profile.version
        )
    assert _stored(stored_pack, profile.organisation_id) == _explained(stored_pack, profile)


def test_a_pending_profile_change_enqueues_nothing(stored_pack, enterprise_admin, django_capture_on_commit_callbacks):
    profile = make_profile(enterprise=enterprise_admin.organisation, confirmed=False, data={})
    with (
        mock.patch.object(tasks, "enterprise_results_evaluate_task") as job,
        django_capture_on_commit_callbacks(execute=True),
    ):
        enterprise_services.profile_update(
            actor=enterprise_admin, profile=profile, changes={"valid_patents": 3}, expected_version=profile.version
        )
    job.enqueue.assert_not_called()


def test_confirming_an_enterprise_evaluates_it(stored_pack, county_industry, django_capture_on_commit_callbacks):
    profile = make_profile(jurisdiction_code="430405", confirmed=False, data=ELIGIBLE_PROFILE)
    assert Jurisdiction.objects.get(code="430405").pk == county_industry.organisation.jurisdiction_id
    with django_capture_on_commit_callbacks(execute=True):
        profile = enterprise_services.enterprise_confirm(actor=county_industry, profile=profile)
    assert _stored(stored_pack, profile.organisation_id) == _explained(stored_pack, profile)


def test_a_rolled_back_change_is_not_evaluated_with_the_next(
    stored_pack, enterprise_admin, django_capture_on_commit_callbacks
):
    from django.db import transaction

    first = make_profile(data={})
    mine = make_profile(enterprise=enterprise_admin.organisation, data={})
    with mock.patch.object(tasks, "enterprise_results_evaluate_task") as job:
        try:
            with transaction.atomic():
                tasks.enterprise_evaluation_enqueue_on_commit(first.organisation_id)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        with django_capture_on_commit_callbacks(execute=True):
            tasks.enterprise_evaluation_enqueue_on_commit(mine.organisation_id)
    job.enqueue.assert_called_once_with([mine.organisation_id])
