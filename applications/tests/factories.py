"""Applications in any state of the workflow, built directly: `ApplicationFactory(city_approved=True)`.

One Trait per state of `applications.workflow.STATES`. Each sets the status and writes what the workflow
would have left on the way there, without walking the services:
- a complete application (every state but a draft, or `complete=True`): the answers, summary, commitment
  and required materials that `helpers.complete` fills in through the services;
- a submission (every state but a draft): receipt number, submission time (IN_WINDOW), eligibility
  snapshot, SM3 digest and the SUBMIT revision, as `application_submit` computes them;
- the county's opinions (both departments agree, or one returns or refuses), the sent joint
  recommendation batch, the city section's decision and amount, the 公示 list: see REVIEW_PATH.

Built rows are not audited and nobody is notified: tests about audit events, notifications or the
transitions themselves walk the workflow (applications/tests/test_workflow*.py, the review and award
service tests). Reviewers are the personas of the application's jurisdiction and item section when a
test has them, new users otherwise.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation, User
from accounts.tests.factories import EnterpriseFactory, make_user
from applications import services
from applications.completeness import item_materials, subtype_names, subtype_of
from applications.digest import submission_digest
from applications.material_rules import date_rules
from applications.models import Application, ApplicationRevision, Attachment
from applications.profile_sync import identity_answers
from applications.tests.helpers import ELIGIBLE_PROFILE, IN_WINDOW, QUERY_DATE, complete_answers, pdf_bytes
from applications.uploads import inspect_upload
from applications.workflow import ApplicationStatus, ReviewDecision
from enterprises.models import EnterpriseProfile
from enterprises.selectors import prefill_source
from enterprises.tests.factories import make_profile
from policies.formengine.prefill import prefill_answers
from policies.formengine.subtypes import subtype_answers
from policies.tests.factories import stored_pack_2023

S = ApplicationStatus

# What `helpers.complete` types into the summary, and the date it signs the commitment on.
SUMMARY = {
    "project_name": "智能产线改造",
    "total_investment": Decimal("800"),
    "requested_amount": Decimal("50"),
    "contact_name": "钱联系",
    "contact_phone": "13907340000",
}
COMMITMENT_DATE = dt.date(2023, 8, 1)
UPLOAD_NAME = "材料.pdf"  # helpers.pdf_upload()
PROPOSED_AMOUNT = Decimal("50.00")  # the section's amount when a test gives none
# The 公示 of a built list: Monday 2023-09-25 for 5 working days across the National Day holiday.
NOTICE_STARTS_ON = dt.date(2023, 9, 25)
NOTICE_ENDS_ON = dt.date(2023, 10, 7)

# The steps after submission that leave rows behind, in the order taken, for each state.
REVIEW_PATH: dict[str, tuple[str, ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: (),
    S.WITHDRAWN: (),
    S.COUNTY_REVIEW: ("county_start",),  # one department agreed; the other has yet to give its opinion
    S.RETURNED: ("county_return",),
    S.COUNTY_APPROVED: ("county_agree",),
    S.COUNTY_REJECTED: ("county_reject",),
    S.RECOMMENDED: ("county_agree", "recommend"),
    S.CITY_REVIEW: ("county_agree", "recommend"),
    S.RETURNED_TO_COUNTY: ("county_agree", "recommend", "city_return"),
    S.CITY_APPROVED: ("county_agree", "recommend", "city_agree"),
    S.CITY_REJECTED: ("county_agree", "recommend", "city_reject"),
    S.PUBLICISED: ("county_agree", "recommend", "city_agree", "publicise"),
    S.AWARDED: ("county_agree", "recommend", "city_agree", "publicise", "award"),
}
SUBMISSION_FIELDS = ["receipt_number", "submitted_at", "eligibility_snapshot", "version", "submission_digest"]
REASON = "请补充说明。"  # the reason of a built return or refusal


# --- What an enterprise fills in (pure, cached per item and sub-type) -----------------------------------


_FILLED: dict[tuple[str, int, str], tuple[str, str]] = {}  # (pack digest, item, sub-type) -> JSON texts


def _filled(item, subtype_code: str) -> tuple[str, str]:
    key = (item.pack.digest, item.number, subtype_code)
    if key not in _FILLED:
        subtype = subtype_of(item, subtype_code) or {}
        forms = services._forms_for(item, subtype or None)
        probe = Application(
            item=item, pack=item.pack, subtype_code=subtype_code, subtype_name=subtype.get("name", ""), forms=forms
        )
        _FILLED[key] = json.dumps(forms, ensure_ascii=False), json.dumps(complete_answers(probe), ensure_ascii=False)
    return _FILLED[key]


def frozen_forms(item, subtype_code: str = "") -> list[dict]:
    """The forms `application_create` freezes into an application of `item`."""
    return json.loads(_filled(item, subtype_code)[0])  # a copy of its own: a test may change it


def complete_answers_for(item, subtype_code: str = "") -> dict:
    """Every form filled as `helpers.complete` fills it (`helpers.complete_answers`)."""
    return json.loads(_filled(item, subtype_code)[1])


def _complete_answers(o) -> dict:
    """`complete_answers_for`, with the enterprise's confirmed name and code where the forms name the applicant
    (as `helpers.complete` fills them: submission checks them)."""
    answers = complete_answers_for(o.item, o.subtype_code)
    for form_id, values in identity_answers(o.forms, _profile(o.enterprise)).items():
        answers.setdefault(form_id, {}).update(values)
    return answers


def _draft_answers(o) -> dict:
    """What `application_create` prefills from the profile."""
    forms = o.forms
    answers = prefill_answers(forms, prefill_source(_profile(o.enterprise).data))
    for form_id, values in subtype_answers(forms, subtype_names(o.item), o.subtype_name).items():
        answers.setdefault(form_id, {}).update(values)
    return answers


# --- The people and rows around an application ---------------------------------------------------------


def _profile(enterprise) -> EnterpriseProfile:
    """The enterprise's profile: an eligible, confirmed one when it has none."""
    profile = EnterpriseProfile.objects.filter(organisation=enterprise).first()
    return profile or make_profile(enterprise=enterprise, data=ELIGIBLE_PROFILE)


def _member(organisation: Organisation, *roles: str) -> User:
    """The first active user holding one of `roles` in `organisation` (a test's persona), or a new one."""
    user = User.objects.filter(organisation=organisation, roles__role__in=roles, is_active=True).order_by("pk").first()
    return user or make_user(roles[0], organisation)


def _bureau(jurisdiction_id: int, kind: str) -> Organisation:
    return Organisation.objects.get(kind=kind, jurisdiction_id=jurisdiction_id)


def county_industry_of(jurisdiction_id: int) -> User:
    return _member(_bureau(jurisdiction_id, OrganisationKind.INDUSTRY_BUREAU), Role.COUNTY_INDUSTRY_REVIEWER)


def county_finance_of(jurisdiction_id: int) -> User:
    return _member(_bureau(jurisdiction_id, OrganisationKind.FINANCE_BUREAU), Role.COUNTY_FINANCE_REVIEWER)


def city_section_of(item) -> User:
    return _member(Organisation.objects.get(section_code=item.section_code), Role.CITY_SECTION_REVIEWER)


@functools.cache
def _upload_facts(accept: tuple[str, ...]):
    data = pdf_bytes(UPLOAD_NAME)
    check = inspect_upload(UPLOAD_NAME, io.BytesIO(data), len(data), list(accept))
    assert check.ok, check.message
    return data, check


def _attach_required_materials(application: Application) -> None:
    """One PDF for each required material that is not a form, as `helpers.complete` uploads them."""
    rows = []
    for material in item_materials(application):
        if not material.get("required", True) or material.get("form"):
            continue
        data, check = _upload_facts(tuple(material.get("accept") or ["pdf", "jpg", "png"]))
        attachment = Attachment(
            application=application, material_id=material["id"], original_name=UPLOAD_NAME, kind=check.kind,
            size=check.size, sha256=check.sha256, sm3=check.sm3, uploaded_by=application.created_by,
            query_date=QUERY_DATE if date_rules(material) else None,
        )  # fmt: skip
        attachment.file.save(f"{check.sha256[:16]}.{check.kind}", ContentFile(data), save=False)
        rows.append(attachment)
    Attachment.objects.bulk_create(rows)


def _submit(application: Application) -> None:
    """The fields `application_submit` sets, computed as it computes them."""
    profile = _profile(application.enterprise)
    with transaction.atomic():  # the receipt sequence is locked, as in the service
        application.receipt_number = application.receipt_number or services._next_receipt(application)
    application.submitted_at = application.submitted_at or IN_WINDOW
    result = services._eligibility(application, profile)
    application.eligibility_snapshot = {
        "status": result.status,
        "conditions": [{"id": c.id, "status": c.status, "explanation": c.explanation} for c in result.conditions],
    }
    application.version += 1
    application.submission_digest = submission_digest(services._submission_payload(application))
    ApplicationRevision.objects.create(
        application=application, version=application.version, kind=ApplicationRevision.Kind.SUBMIT,
        answers=application.answers, summary={**services._summary(application),
                 "digest": application.submission_digest, "submitted_at": application.submitted_at.isoformat()},
        created_by=application.created_by,
    )  # fmt: skip


def _opinion(application: Application, reviewer: User, *, stage: str, department: str, decision: str, round_: int):
    from review.models import ReviewOpinion

    reason = "" if decision == ReviewDecision.AGREE else REASON
    return ReviewOpinion(
        application=application, round=round_, stage=stage, department=department, reviewer=reviewer,
        reviewer_name=reviewer.full_name, decision=decision, reason=reason,
    )  # fmt: skip


def sent_batch(*, pack, jurisdiction_id: int, **fields):
    """A joint recommendation of the jurisdiction, signed by both of its departments and sent."""
    from review.models import RecommendationBatch

    industry, finance = county_industry_of(jurisdiction_id), county_finance_of(jurisdiction_id)
    now = timezone.now()
    values = {
        "pack": pack, "jurisdiction_id": jurisdiction_id,
        "number": "衡阳测试工信〔2023〕1号", "status": RecommendationBatch.Status.SENT, "created_by": industry,
        "industry_signed_by": industry, "industry_signed_at": now, "finance_signed_by": finance,
        "finance_signed_at": now, "sent_at": now, **fields,
    }  # fmt: skip
    return RecommendationBatch.objects.create(**values)


def publicised_list(pack, *, final: bool = False):
    """An award list confirmed, co-signed and publicised (final once its period is over), with its notice."""
    from awards.choices import AwardListStatus
    from awards.models import AwardList, PublicNotice

    sme = _member(Organisation.objects.get(section_code="sme"), Role.CITY_SME_COORDINATOR)
    finance = _member(Organisation.objects.get(kind=OrganisationKind.CITY_FINANCE_SECTION), Role.CITY_FINANCE_REVIEWER)
    now = timezone.now()
    award_list = AwardList.objects.create(
        pack=pack, status=AwardListStatus.FINAL if final else AwardListStatus.PUBLICISED, created_by=sme,
        sme_confirmed_by=sme, sme_confirmed_at=now, finance_cosigned_by=finance, finance_cosigned_at=now,
        finalised_by=sme if final else None, finalised_at=now if final else None,
    )  # fmt: skip
    PublicNotice.objects.create(
        award_list=award_list, starts_on=NOTICE_STARTS_ON, ends_on=NOTICE_ENDS_ON, working_days=5,
        published_by=sme, published_at=now,
    )  # fmt: skip
    return award_list


def _review_rows(application: Application, award_list) -> None:
    from awards.models import AwardEntry
    from review.models import ReviewOpinion

    county, city = ReviewOpinion.Stage.COUNTY, ReviewOpinion.Stage.CITY
    Department = ReviewOpinion.Department
    jurisdiction_id = application.enterprise.jurisdiction_id
    opinions = []
    for step in REVIEW_PATH[application.status]:
        if step == "county_start":
            opinions.append(_opinion(application, county_industry_of(jurisdiction_id), stage=county,
                                     department=Department.INDUSTRY, decision=ReviewDecision.AGREE, round_=1))  # fmt: skip
        elif step == "county_agree":
            opinions += [
                _opinion(application, county_industry_of(jurisdiction_id), stage=county,
                         department=Department.INDUSTRY, decision=ReviewDecision.AGREE, round_=1),
                _opinion(application, county_finance_of(jurisdiction_id), stage=county,
                         department=Department.FINANCE, decision=ReviewDecision.AGREE, round_=1),
            ]  # fmt: skip
        elif step in ("county_return", "county_reject"):
            decision = ReviewDecision.RETURN if step == "county_return" else ReviewDecision.REJECT
            opinions.append(_opinion(application, county_industry_of(jurisdiction_id), stage=county,
                                     department=Department.INDUSTRY, decision=decision, round_=1))  # fmt: skip
        elif step in ("city_agree", "city_return", "city_reject"):
            decision = {"city_agree": ReviewDecision.AGREE, "city_return": ReviewDecision.RETURN}.get(
                step, ReviewDecision.REJECT
            )
            opinions.append(_opinion(application, city_section_of(application.item), stage=city,
                                     department=Department.SECTION, decision=decision,
                                     round_=application.review_round))  # fmt: skip
        elif step == "publicise":
            award_list = award_list or publicised_list(application.pack, final=application.status == S.AWARDED)
            AwardEntry.objects.create(
                award_list=award_list, application=application, amount=application.proposed_amount
            )
    ReviewOpinion.objects.bulk_create(opinions)


def _after(*steps: str):
    """True for the states whose path passes through every one of `steps`."""
    return lambda o: all(step in REVIEW_PATH[o.status] for step in steps)


# --- The factory -----------------------------------------------------------------------------------------


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application of the stored 2023 pack (item `number`, 2 unless given), in the state its Trait names."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        number = 2
        complete = factory.LazyAttribute(lambda o: o.status != S.DRAFT)
        submitted = factory.Trait(status=S.SUBMITTED)
        county_review = factory.Trait(status=S.COUNTY_REVIEW)
        returned = factory.Trait(status=S.RETURNED)
        county_approved = factory.Trait(status=S.COUNTY_APPROVED)
        county_rejected = factory.Trait(status=S.COUNTY_REJECTED)
        recommended = factory.Trait(status=S.RECOMMENDED)
        city_review = factory.Trait(status=S.CITY_REVIEW)
        returned_to_county = factory.Trait(status=S.RETURNED_TO_COUNTY)
        city_approved = factory.Trait(status=S.CITY_APPROVED)
        city_rejected = factory.Trait(status=S.CITY_REJECTED)
        publicised = factory.Trait(status=S.PUBLICISED)
        awarded = factory.Trait(status=S.AWARDED)
        withdrawn = factory.Trait(status=S.WITHDRAWN)

    status = S.DRAFT
    enterprise = factory.SubFactory(EnterpriseFactory)
    pack = factory.LazyFunction(stored_pack_2023)
    item = factory.LazyAttribute(lambda o: o.pack.items.get(number=o.number))
    subtype_code = ""
    subtype_name = factory.LazyAttribute(lambda o: (subtype_of(o.item, o.subtype_code) or {}).get("name", ""))
    forms = factory.LazyAttribute(lambda o: frozen_forms(o.item, o.subtype_code))
    answers = factory.LazyAttribute(lambda o: _complete_answers(o) if o.complete else _draft_answers(o))
    created_by = factory.LazyAttribute(lambda o: _member(o.enterprise, Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT))
    version = factory.LazyAttribute(lambda o: 2 if o.complete else 1)  # created, then saved once
    project_name = factory.LazyAttribute(lambda o: SUMMARY["project_name"] if o.complete else "")
    total_investment = factory.LazyAttribute(lambda o: SUMMARY["total_investment"] if o.complete else None)
    requested_amount = factory.LazyAttribute(lambda o: SUMMARY["requested_amount"] if o.complete else None)
    contact_name = factory.LazyAttribute(
        lambda o: SUMMARY["contact_name"] if o.complete else _profile(o.enterprise).data.get("contact_name", "")
    )
    contact_phone = factory.LazyAttribute(
        lambda o: SUMMARY["contact_phone"] if o.complete else _profile(o.enterprise).data.get("contact_mobile", "")
    )
    commitment_signer = factory.LazyAttribute(
        lambda o: _profile(o.enterprise).data["legal_representative_name"] if o.complete else ""
    )
    commitment_date = factory.LazyAttribute(lambda o: COMMITMENT_DATE if o.complete else None)
    commitment_confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.complete else None)
    review_round = factory.LazyAttribute(lambda o: 2 if "county_return" in REVIEW_PATH[o.status] else 1)
    batch = factory.LazyAttribute(
        lambda o: (
            sent_batch(pack=o.pack, jurisdiction_id=o.enterprise.jurisdiction_id) if _after("recommend")(o) else None
        )
    )
    proposed_amount = factory.LazyAttribute(lambda o: PROPOSED_AMOUNT if _after("city_agree")(o) else None)
    award_amount = factory.LazyAttribute(lambda o: o.proposed_amount if _after("award")(o) else None)

    @factory.post_generation
    def award_list(application, create, extracted, **kwargs):
        """The rows: revisions, materials, the submission, opinions and the award entry (on `award_list`
        when given, on a new publicised or final list otherwise)."""
        if not create:
            return
        ApplicationRevision.objects.bulk_create(
            ApplicationRevision(
                application=application,
                version=version,
                kind=ApplicationRevision.Kind.SAVE,
                answers=application.answers,
                summary=services._summary(application),
                created_by=application.created_by,
            )  # fmt: skip
            for version in range(1, min(application.version, 2) + 1)
        )
        if application.commitment_confirmed_at:
            _attach_required_materials(application)
        if application.status != S.DRAFT:
            _submit(application)
            application.save(update_fields=SUBMISSION_FIELDS)
        _review_rows(application, extracted)
