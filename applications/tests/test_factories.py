"""ApplicationFactory builds what walking the workflow leaves: a built submission is compared field by field
with a walked one, and every built state is taken further by the service that acts on it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import EnterpriseFactory
from applications import services
from applications.completeness import completeness_report
from applications.models import Application
from applications.profile_sync import identity_answers
from applications.tests.factories import REVIEW_PATH, ApplicationFactory
from applications.tests.helpers import ELIGIBLE_PROFILE, IN_WINDOW, new_complete
from applications.workflow import STATES
from applications.workflow import ApplicationStatus as S
from documents.verification import VerificationStatus, verify
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db

COMPARED = (
    "status", "subtype_code", "subtype_name", "forms", "answers", "project_name", "total_investment",
    "requested_amount", "contact_name", "contact_phone", "commitment_signer", "commitment_date", "version",
    "eligibility_snapshot", "review_round", "submitted_at",
)  # fmt: skip


def _attachments(application):
    return sorted(
        application.attachments.values_list("material_id", "original_name", "kind", "size", "sha256", "sm3",
                                            "query_date")
    )  # fmt: skip


def test_every_state_has_a_trait_and_a_review_path():
    traits = {name for name in ApplicationFactory._meta.parameters if name not in ("number", "complete")}
    assert traits == set(STATES) - {S.DRAFT}
    assert set(REVIEW_PATH) == set(STATES)


@pytest.mark.parametrize(("number", "subtype"), [(2, ""), (12, ""), (14, "dual_integration_certification")])
def test_a_built_submission_is_what_walking_the_workflow_leaves(
    stored_pack, profile, enterprise_admin, number, subtype
):
    walked = services.application_submit(
        actor=enterprise_admin, application=new_complete(stored_pack, enterprise_admin, number, subtype), now=IN_WINDOW
    )
    other = EnterpriseFactory()
    make_profile(enterprise=other, data=ELIGIBLE_PROFILE)
    built = ApplicationFactory(enterprise=other, number=number, subtype_code=subtype, submitted=True)
    built.refresh_from_db()
    for field in COMPARED:
        expected = getattr(walked, field)
        if field == "answers":  # each names its own enterprise where the forms name the applicant
            expected = {form_id: dict(values) for form_id, values in expected.items()}
            for form_id, values in identity_answers(built.forms, other.profile).items():
                expected[form_id].update(values)
        assert getattr(built, field) == expected, field
    assert _attachments(built) == _attachments(walked)
    assert list(built.revisions.values_list("version", "kind")) == list(walked.revisions.values_list("version", "kind"))
    assert built.receipt_number == walked.receipt_number[:-1] + "2"  # the next number of the same sequence
    assert verify(built.receipt_number, built.submission_digest).status == VerificationStatus.MATCH
    assert completeness_report(built) == []


def test_a_complete_draft_can_be_submitted(stored_pack, profile, enterprise_admin):
    draft = ApplicationFactory(enterprise=enterprise_admin.organisation, complete=True)
    assert draft.status == S.DRAFT and completeness_report(draft) == []
    submitted = services.application_submit(actor=enterprise_admin, application=draft, now=IN_WINDOW)
    assert submitted.status == S.SUBMITTED


def test_a_draft_is_prefilled_from_the_profile(stored_pack, profile, enterprise_admin):
    walked = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2),
        now=IN_WINDOW,
    )  # fmt: skip
    other = EnterpriseFactory()
    make_profile(enterprise=other, data={**ELIGIBLE_PROFILE, "enterprise_name": enterprise_admin.organisation.name,
                                         "uscc": profile.data["uscc"]})  # fmt: skip
    built = ApplicationFactory(enterprise=other)
    for field in ("status", "forms", "answers", "contact_name", "contact_phone", "version"):
        assert getattr(built, field) == getattr(walked, field), field


def _county_finance_agrees(p, application):
    from review.services import county_opinion_record

    return county_opinion_record(actor=p["county_finance"], application=application, decision="agree")


def _county_industry_agrees(p, application):
    from review.services import county_opinion_record

    return county_opinion_record(actor=p["county_industry"], application=application, decision="agree")


def _resubmitted(p, application):
    return services.application_submit(actor=p["enterprise_admin"], application=application, now=IN_WINDOW)


def _sent(p, application):
    from review import services as review
    from review.selectors import batch_sign_off_facts

    batch = review.batch_create(actor=p["county_industry"], applications=[application], number="衡X工信〔2023〕9号")
    for signer in (p["county_industry"], p["county_finance"]):
        review.batch_sign(actor=signer, batch=batch, confirmed=batch_sign_off_facts(batch))
    review.batch_send(actor=p["county_industry"], batch=batch, now=IN_WINDOW)
    return Application.objects.get(pk=application.pk)


def _city_approves(p, application):
    from review.services import city_decision_record

    return city_decision_record(actor=p["city_section"], application=application, decision="agree", amount=Decimal(30))


def _city_returns(p, application):
    from review.services import city_decision_record

    return city_decision_record(actor=p["city_section"], application=application, decision="return", reason="核实")


def _county_reopens(p, application):
    from review.services import county_reopen

    return county_reopen(actor=p["county_industry"], application=application)


def _listed(p, application):
    from awards.services import award_list_create

    award_list = award_list_create(actor=p["city_sme"], pack=application.pack)
    assert list(award_list.entries.values_list("application", "amount")) == [(application.pk, Decimal("50.00"))]
    return Application.objects.get(pk=application.pk)


def _awarded(p, application):
    from awards.services import award_list_finalise

    award_list = application.award_entries.get().award_list
    award_list_finalise(actor=p["city_sme"], award_list=award_list, today=dt.date(2023, 10, 8))
    return Application.objects.get(pk=application.pk)


NEXT_STEP = [
    ("submitted", _county_industry_agrees, S.COUNTY_REVIEW),
    ("county_review", _county_finance_agrees, S.COUNTY_APPROVED),
    ("returned", _resubmitted, S.SUBMITTED),
    ("county_approved", _sent, S.RECOMMENDED),
    ("recommended", _city_approves, S.CITY_APPROVED),
    ("city_review", _city_returns, S.RETURNED_TO_COUNTY),
    ("returned_to_county", _county_reopens, S.COUNTY_REVIEW),
    ("city_approved", _listed, S.CITY_APPROVED),
    ("publicised", _awarded, S.AWARDED),
]


@pytest.mark.parametrize(("trait", "step", "reached"), NEXT_STEP, ids=[t for t, _, _ in NEXT_STEP])
def test_a_built_state_is_taken_further_by_the_workflow(
    request, profile, enterprise_admin, county_industry, county_finance, city_section, city_sme, trait, step, reached
):
    people = {name: request.getfixturevalue(name) for name in
              ("enterprise_admin", "county_industry", "county_finance", "city_section", "city_sme")}  # fmt: skip
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, **{trait: True})
    assert application.status == trait
    assert step(people, application).status == reached


@pytest.mark.parametrize("trait", ["county_rejected", "city_rejected", "awarded", "withdrawn"])
def test_a_built_final_state_takes_no_step(profile, enterprise_admin, county_industry, trait):
    from review.services import county_opinion_record

    application = ApplicationFactory(enterprise=enterprise_admin.organisation, **{trait: True})
    assert STATES[application.status].final
    with pytest.raises(ValidationError):
        county_opinion_record(actor=county_industry, application=application, decision="agree")
