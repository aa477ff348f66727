"""Enterprise services: registration, confirmation, profile revisions, members. Rejections write nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import Role
from accounts.models import Jurisdiction, Organisation, User
from accounts.tests.factories import make_user
from core.models import AuditEvent
from enterprises import services
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile, ProfileRevision
from enterprises.tests.factories import make_profile, make_uscc

pytestmark = pytest.mark.django_db


def _counts():
    return (Organisation.objects.count(), EnterpriseProfile.objects.count(), User.objects.count(),
            ProfileRevision.objects.count(), AuditEvent.objects.count())  # fmt: skip


def _register(**overrides):
    values = dict(
        name="衡阳新注册机械有限公司", uscc=make_uscc("430421"), jurisdiction=Jurisdiction.objects.get(code="430421"),
        legal_representative_name="孙法人", contact_name="李经办", contact_mobile="13807341111",
        username="newcorp", password="Register2023",
    )  # fmt: skip
    values.update(overrides)
    return services.enterprise_register(**values)


def test_register_creates_pending_enterprise_admin_and_one_event():
    before = AuditEvent.objects.count()
    profile = _register()
    assert profile.status == ConfirmationStatus.PENDING
    user = User.objects.get(username="newcorp")
    assert user.role_set == {Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_AGENT}
    assert user.organisation == profile.organisation and user.password.startswith("argon2")
    assert profile.data["legal_representative_name"] == "孙法人"
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").verb == "enterprise_registered"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"uscc": "91430421MA4L0001X"}, "uscc"),  # 17 characters
        ({"password": "short"}, None),
        ({"username": "ent_taken"}, "username"),
    ],
)
def test_register_refusals_write_nothing(overrides, field):
    User.objects.create(username="ent_taken", full_name="占用")
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        _register(**overrides)
    if field:
        assert field in excinfo.value.message_dict
    assert _counts() == before


def test_one_uscc_one_enterprise_is_explained():
    code = make_uscc("430421")
    _register(uscc=code)
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        _register(uscc=code.lower(), username="second", name="另一家公司")
    message = excinfo.value.message_dict["uscc"][0]
    assert "衡阳新注册机械有限公司" not in message and "只能注册一个企业账号" in message  # the holder is not named
    assert _counts() == before


def test_county_industry_confirms_own_jurisdiction_only():
    profile = make_profile(jurisdiction_code="430421", confirmed=False)
    own = make_user(
        Role.COUNTY_INDUSTRY_REVIEWER, Organisation.objects.get(kind="industry_bureau", jurisdiction__code="430421")
    )
    finance = make_user(
        Role.COUNTY_FINANCE_REVIEWER, Organisation.objects.get(kind="finance_bureau", jurisdiction__code="430421")
    )
    other = make_user(
        Role.COUNTY_INDUSTRY_REVIEWER, Organisation.objects.get(kind="industry_bureau", jurisdiction__code="430405")
    )
    for user in (finance, other):
        with pytest.raises(PermissionDenied):
            services.enterprise_confirm(actor=user, profile=profile)
    before = AuditEvent.objects.count()
    services.enterprise_confirm(actor=own, profile=profile)
    profile.refresh_from_db()
    assert profile.status == ConfirmationStatus.CONFIRMED and profile.confirmed_by == own
    assert AuditEvent.objects.count() == before + 1
    with pytest.raises(ValidationError):
        services.enterprise_confirm(actor=own, profile=profile)
    assert AuditEvent.objects.count() == before + 1


def test_reject_needs_a_reason(county_industry):
    profile = make_profile(confirmed=False)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.enterprise_reject(actor=county_industry, profile=profile, reason="  ")
    assert AuditEvent.objects.count() == before
    services.enterprise_reject(actor=county_industry, profile=profile, reason="营业执照与名称不符")
    profile.refresh_from_db()
    assert profile.status == ConfirmationStatus.REJECTED and profile.status_reason == "营业执照与名称不符"


def test_profile_update_keeps_revisions_and_refuses_stale_versions(enterprise_user):
    profile = make_profile(enterprise=enterprise_user.organisation)
    services.profile_update(actor=enterprise_user, profile=profile, changes={"valid_patents": 12}, expected_version=1)
    profile.refresh_from_db()
    assert profile.version == 2 and profile.data["valid_patents"] == 12
    revision = profile.revisions.get(version=2)
    assert revision.changed_keys == ["valid_patents"] and revision.changed_by == enterprise_user
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        services.profile_update(
            actor=enterprise_user, profile=profile, changes={"valid_patents": 3}, expected_version=1
        )
    assert "已被其他人修改" in excinfo.value.messages[0]
    assert _counts() == before
    profile.refresh_from_db()
    assert profile.data["valid_patents"] == 12


def test_profile_update_never_changes_the_uscc(enterprise_user):
    profile = make_profile(enterprise=enterprise_user.organisation)
    services.profile_update(actor=enterprise_user, profile=profile, changes={"uscc": "X"}, expected_version=1)
    profile.refresh_from_db()
    assert profile.data["uscc"] == profile.uscc and profile.version == 1


def test_other_enterprise_cannot_update_profile(enterprise_user):
    profile = make_profile()
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=enterprise_user, profile=profile, changes={"fax": "1"}, expected_version=1)


def test_members_added_and_removed_by_the_enterprise_admin(enterprise_admin):
    enterprise = enterprise_admin.organisation
    member = services.member_add(actor=enterprise_admin, enterprise=enterprise, username="agent2", full_name="周经办",
                                 mobile="13907349999", password="Agent2023pass")  # fmt: skip
    assert member.role_set == {Role.ENTERPRISE_AGENT}
    with pytest.raises(ValidationError):
        services.member_remove(actor=enterprise_admin, member=enterprise_admin)
    services.member_remove(actor=enterprise_admin, member=member)
    member.refresh_from_db()
    assert not member.is_active
    assert list(AuditEvent.objects.filter(verb__startswith="member_").order_by("id").values_list("verb", flat=True)) == [
        "member_added", "member_removed",
    ]  # fmt: skip


def test_agent_cannot_manage_members(enterprise_user):
    with pytest.raises(PermissionDenied):
        services.member_add(actor=enterprise_user, enterprise=enterprise_user.organisation, username="x1234",
                            full_name="x", mobile="13900000000", password="Agent2023pass")  # fmt: skip


def test_the_first_password_counts_in_the_history():
    """A registrant's first password may not be "changed" to itself (the last five are refused), like one set
    by an administrator or by its holder."""
    from accounts import services as accounts_services
    from accounts.validators import PASSWORD_RECENTLY_USED

    _register()
    admin = User.objects.get(username="newcorp")
    assert admin.password_history.count() == 1
    with pytest.raises(ValidationError, match=PASSWORD_RECENTLY_USED.format(count=5)):
        accounts_services.user_change_password(actor=admin, user=admin, new_password="Register2023")


def test_a_member_s_first_password_counts_in_the_history(enterprise_admin):
    from accounts import services as accounts_services
    from accounts.validators import PASSWORD_RECENTLY_USED

    member = services.member_add(actor=enterprise_admin, enterprise=enterprise_admin.organisation, username="agent3",
                                 full_name="吴经办", mobile="13907348888", password="Agent2023pass")  # fmt: skip
    assert member.password_history.count() == 1
    with pytest.raises(ValidationError, match=PASSWORD_RECENTLY_USED.format(count=5)):
        accounts_services.user_change_password(actor=member, user=member, new_password="Agent2023pass")
