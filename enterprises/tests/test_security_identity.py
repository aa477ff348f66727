"""Issue 16 §5, the identity of the applicant: a confirmed enterprise's new name or code waits for the county,
the 申报书 must name the confirmed applicant, a refused registrant's code is free again, and a taken code's
message never names its holder."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Jurisdiction, Organisation
from applications import services as application_services
from applications.profile_sync import IDENTITY_MISMATCH, identity_mismatches
from applications.tests.helpers import IN_WINDOW, new_complete
from core.models import AuditEvent
from enterprises import services
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from enterprises.profile_schema import PROFILE_FORM_ID, profile_to_answers
from enterprises.tests.factories import make_profile, make_uscc
from policies.formengine.paths import field_name

pytestmark = pytest.mark.django_db

NEW_NAME = "衡阳改名后科技有限公司"
ITEM_WITH_USCC = 10  # its form 2-10 asks for the 统一社会信用代码


def _profile_post(profile, **changes):
    """The profile form as the browser posts it: every stored value, with `changes`."""
    values = {**profile_to_answers(profile.data)[PROFILE_FORM_ID], **changes}
    post = {"version": profile.version}
    for key, value in values.items():
        if isinstance(value, str):
            post[field_name(PROFILE_FORM_ID, key)] = value
    return post


def test_a_confirmed_enterprise_renaming_itself_keeps_its_confirmed_name_until_the_county_confirms(
    client, profile, enterprise_admin, county_industry
):
    confirmed = profile.organisation.name
    client.force_login(enterprise_admin)
    response = client.post(reverse("enterprises:profile"), _profile_post(profile, enterprise_name=NEW_NAME))
    assert response.status_code == 302
    profile.refresh_from_db()
    profile.organisation.refresh_from_db()
    # Today the new name showed at once everywhere; now it waits.
    assert profile.organisation.name == confirmed and profile.data["enterprise_name"] == confirmed
    assert profile.pending_name == NEW_NAME and profile.is_confirmed
    page = client.get(reverse("enterprises:profile")).content.decode()
    assert f"已申请变更企业名称为“{NEW_NAME}”" in page and "待" in page
    # The county sees the request beside the confirmed name, and confirms it.
    client.force_login(county_industry)
    pending = client.get(reverse("enterprises:pending_list")).content.decode()
    assert confirmed in pending and f"申请变更为：<strong>{NEW_NAME}</strong>" in pending
    assert client.post(reverse("enterprises:confirm", args=[profile.pk])).status_code == 302
    profile.refresh_from_db()
    profile.organisation.refresh_from_db()
    assert profile.organisation.name == NEW_NAME and profile.data["enterprise_name"] == NEW_NAME
    assert profile.pending_name == "" and profile.revisions.filter(changed_keys=["enterprise_name"]).exists()
    event = AuditEvent.objects.filter(verb="enterprise_confirmed").latest("pk")
    assert event.data["change"] == {"enterprise_name": [confirmed, NEW_NAME]}


def test_the_public_notice_and_work_lists_show_the_confirmed_name_while_a_change_waits(
    client, stored_pack, profile, enterprise_admin, county_industry
):
    from applications.tests.factories import ApplicationFactory

    confirmed = profile.organisation.name
    ApplicationFactory(enterprise=profile.organisation, pack=stored_pack, publicised=True)
    ApplicationFactory(enterprise=profile.organisation, pack=stored_pack, number=12, submitted=True)
    services.enterprise_identity_change_request(
        actor=enterprise_admin, profile=profile, name=NEW_NAME, uscc=profile.uscc
    )
    from awards.models import PublicNotice

    notice = PublicNotice.objects.get()
    public = client.get(reverse("awards:public_notice", args=[notice.pk])).content.decode()
    assert confirmed in public and NEW_NAME not in public
    client.force_login(county_industry)
    worklist = client.get(reverse("review:worklist")).content.decode()
    assert confirmed in worklist and NEW_NAME not in worklist


def test_a_new_code_waits_for_the_county_and_a_refused_change_leaves_the_confirmed_one(
    client, profile, enterprise_admin, county_industry
):
    confirmed_code, new_code = profile.uscc, make_uscc("430405")
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("enterprises:identity_change"), {"name": profile.organisation.name, "uscc": new_code.lower()}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.uscc == confirmed_code and profile.data["uscc"] == confirmed_code
    assert profile.pending_uscc == new_code
    # The county refuses: the code stays, and the enterprise reads why.
    client.force_login(county_industry)
    client.post(reverse("enterprises:reject", args=[profile.pk]), {"reason": "营业执照上的代码不符"})
    profile.refresh_from_db()
    assert profile.uscc == confirmed_code and profile.pending_uscc == "" and profile.is_confirmed
    client.force_login(enterprise_admin)
    assert "营业执照上的代码不符" in client.get(reverse("enterprises:profile")).content.decode()


def test_a_change_to_a_code_held_by_another_enterprise_is_refused_without_naming_it(client, profile, enterprise_admin):
    other = make_profile(jurisdiction_code="430421")
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("enterprises:identity_change"), {"name": profile.organisation.name, "uscc": other.uscc}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert services.USCC_TAKEN.format(uscc=other.uscc) in body and other.organisation.name not in body
    profile.refresh_from_db()
    assert profile.pending_uscc == ""


def test_a_code_registered_by_a_refused_enterprise_is_free_again(county_industry):
    code = make_uscc("430405")
    refused = services.enterprise_register(
        name="先注册后被拒有限公司", uscc=code, jurisdiction=Jurisdiction.objects.get(code="430405"),
        legal_representative_name="孙法人", contact_name="李经办", contact_mobile="13807341111",
        username="refused", password="Register2023x",
    )  # fmt: skip
    with pytest.raises(ValidationError) as taken:
        services.enterprise_register(
            name="真正的企业有限公司", uscc=code, jurisdiction=Jurisdiction.objects.get(code="430405"),
            legal_representative_name="周法人", contact_name="吴经办", contact_mobile="13807342222",
            username="genuine", password="Register2023x",
        )  # fmt: skip
    message = taken.value.message_dict["uscc"][0]
    assert "先注册后被拒有限公司" not in message and "已注册企业账号" in message
    services.enterprise_reject(actor=county_industry, profile=refused, reason="营业执照与名称不符")
    genuine = services.enterprise_register(
        name="真正的企业有限公司", uscc=code, jurisdiction=Jurisdiction.objects.get(code="430405"),
        legal_representative_name="周法人", contact_name="吴经办", contact_mobile="13807342222",
        username="genuine", password="Register2023x",
    )  # fmt: skip
    assert genuine.uscc == code and EnterpriseProfile.objects.filter(uscc=code).count() == 2
    # The refused one cannot now be confirmed over the new holder.
    with pytest.raises(ValidationError) as held:
        services.enterprise_confirm(actor=county_industry, profile=refused)
    assert held.value.messages == [services.USCC_HELD_BY_ANOTHER.format(uscc=code)]
    assert Organisation.objects.get(pk=refused.organisation_id).profile.status == ConfirmationStatus.REJECTED


def test_submission_refuses_a_form_naming_another_applicant_at_the_field(
    client, stored_pack, profile, enterprise_admin
):
    application = new_complete(stored_pack, enterprise_admin, 2)
    answers = {form_id: dict(values) for form_id, values in application.answers.items()}
    form_id, field_id = next(
        (f["id"], field["id"])
        for f in application.forms
        for section in f["sections"]
        for field in section["fields"]
        if field.get("prefill") == "enterprise_name"
    )
    answers[form_id][field_id] = "另一家公司"
    type(application).objects.filter(pk=application.pk).update(answers=answers)
    application.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        application_services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
    assert refused.value.message_dict == {
        f"{form_id}.{field_id}": [IDENTITY_MISMATCH.format(what="企业名称", expected=profile.organisation.name)]
    }
    application.refresh_from_db()
    assert application.status == "draft" and not application.receipt_number


def _field_with_prefill(forms, key):
    return next(
        (f["id"], field["id"]) for f in forms for section in f["sections"] for field in section["fields"]
        if field.get("prefill") == key
    )  # fmt: skip


def test_the_submit_page_shows_the_mismatch_under_the_field(
    client, stored_pack, profile, enterprise_admin, open_window
):
    application = new_complete(stored_pack, enterprise_admin, 2)
    answers = {form_id: dict(values) for form_id, values in application.answers.items()}
    form_id, field_id = _field_with_prefill(application.forms, "enterprise_name")
    answers[form_id][field_id] = "另一家公司"
    type(application).objects.filter(pk=application.pk).update(answers=answers)
    client.force_login(enterprise_admin)
    response = client.post(reverse("applications:submit", args=[application.pk]))
    assert response.status_code == 400
    body = response.content.decode()
    message = IDENTITY_MISMATCH.format(what="企业名称", expected=profile.organisation.name)
    anchor = f"f-{form_id}__{field_id}"
    assert message in body.split(f'id="{anchor}--error"', 1)[1][:300]  # under the field itself
    assert f'data-focus-target="{anchor}"' in body


def test_a_code_other_than_the_confirmed_one_is_a_mismatch(stored_pack, profile):
    from applications.models import Application
    from applications.tests.factories import frozen_forms

    forms = frozen_forms(stored_pack.items.get(number=ITEM_WITH_USCC))
    form_id, field_id = _field_with_prefill(forms, "uscc")
    probe = Application(forms=forms, answers={form_id: {field_id: make_uscc("430421")}})
    assert identity_mismatches(probe, profile) == {
        f"{form_id}.{field_id}": IDENTITY_MISMATCH.format(what="统一社会信用代码", expected=profile.uscc)
    }
    probe.answers[form_id][field_id] = profile.uscc
    assert identity_mismatches(probe, profile) == {}


def test_a_refused_account_cannot_ask_for_a_new_name(enterprise_user):
    refused = make_profile(enterprise=enterprise_user.organisation, confirmed=False)
    refused.status = ConfirmationStatus.REJECTED
    refused.save(update_fields=["status"])
    for change in (
        lambda: services.profile_update(
            actor=enterprise_user, profile=refused, changes={"enterprise_name": NEW_NAME}, expected_version=1
        ),
        lambda: services.enterprise_identity_change_request(
            actor=enterprise_user, profile=refused, name=NEW_NAME, uscc=refused.uscc
        ),
    ):
        with pytest.raises(ValidationError) as excinfo:
            change()
        assert services.CHANGE_NOT_ALLOWED in excinfo.value.messages
    refused.refresh_from_db()
    assert refused.pending_name == "" and refused.organisation.name != NEW_NAME
