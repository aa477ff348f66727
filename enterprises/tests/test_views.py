"""Registration, confirmation, profile and member pages: happy paths, forbidden personas, wrong methods."""

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction
from core.models import AuditEvent
from core.validators import USCC_WRONG_LENGTH
from enterprises.models import EnterpriseProfile
from enterprises.tests.factories import make_profile, make_uscc

pytestmark = pytest.mark.django_db


def _registration(**overrides):
    data = {
        "name": "衡阳注册测试有限公司", "uscc": make_uscc("430405"), "jurisdiction": Jurisdiction.objects.get(code="430405").pk,
        "legal_representative_name": "孙法人", "contact_name": "李经办", "contact_mobile": "13807341111",
        "email": "", "username": "regtest", "password": "Register2023", "password_again": "Register2023",
        "captcha_0": "test", "captcha_1": "PASSED",  # the CAPTCHA's test mode (config/settings/test.py)
    }  # fmt: skip
    data.update(overrides)
    return data


def test_register_logs_in_and_lands_on_the_profile(client):
    response = client.post(reverse("enterprises:register"), _registration())
    assert response.status_code == 302 and response["Location"] == reverse("enterprises:profile")
    profile = EnterpriseProfile.objects.get()
    assert profile.status == "pending"
    body = client.get(reverse("enterprises:profile")).content.decode()
    assert "待县级工信部门确认" in body


def test_register_bad_uscc_explains_and_keeps_what_was_typed(client):
    response = client.post(reverse("enterprises:register"), _registration(uscc="91430405MA4L0001"))
    body = response.content.decode()
    assert response.status_code == 200 and not EnterpriseProfile.objects.exists()
    assert USCC_WRONG_LENGTH.split("{")[0][:6] in body
    assert 'value="衡阳注册测试有限公司"' in body and 'value="13807341111"' in body


def test_register_duplicate_uscc_does_not_name_the_holder(client):
    existing = make_profile()
    response = client.post(reverse("enterprises:register"), _registration(uscc=existing.uscc))
    body = response.content.decode()
    assert "已注册企业账号" in body and existing.organisation.name not in body  # issue 16 §5


def test_register_wrong_method(client):
    assert client.put(reverse("enterprises:register")).status_code == 405


def test_pending_list_and_confirm_for_own_county(client, county_industry):
    profile = make_profile(confirmed=False)
    client.force_login(county_industry)
    assert profile.organisation.name in client.get(reverse("enterprises:pending_list")).content.decode()
    response = client.post(reverse("enterprises:confirm", args=[profile.pk]))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == "confirmed"


def test_other_county_and_finance_get_404(client, other_county, county_finance):
    profile = make_profile(confirmed=False)
    client.force_login(other_county)
    assert client.post(reverse("enterprises:confirm", args=[profile.pk])).status_code == 404
    assert profile.organisation.name not in client.get(reverse("enterprises:pending_list")).content.decode()
    client.force_login(county_finance)
    assert client.get(reverse("enterprises:pending_list")).status_code == 404
    assert client.post(reverse("enterprises:confirm", args=[profile.pk])).status_code == 404
    profile.refresh_from_db()
    assert profile.status == "pending"


def test_confirm_requires_post(client, county_industry):
    profile = make_profile(confirmed=False)
    client.force_login(county_industry)
    assert client.get(reverse("enterprises:confirm", args=[profile.pk])).status_code == 405


def test_profile_save_keeps_bad_input_and_explains(client, enterprise_admin):
    profile = make_profile(enterprise=enterprise_admin.organisation)
    client.force_login(enterprise_admin)
    page = client.get(reverse("enterprises:profile")).content.decode()
    assert "企业档案" in page and "近三年主要经济指标" in page
    response = client.post(
        reverse("enterprises:profile"),
        {
            "version": "1",
            "f-0__enterprise_name": "新名字",
            "f-0__employees_total": "三百",
            "f-0__address": "衡阳市某路",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "请输入整数" in body and 'value="三百"' in body
    profile.refresh_from_db()
    assert profile.version == 1


def test_profile_save_happy_path_versions(client, enterprise_admin):
    profile = make_profile(enterprise=enterprise_admin.organisation)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("enterprises:profile"),
        {"version": "1", "f-0__enterprise_name": enterprise_admin.organisation.name, "f-0__employees_total": "300",
         "f-0__yearly__operating_revenue__2022": "25000", "f-0__legal_representative_name": "赵法人"},
    )  # fmt: skip
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.version == 2 and profile.data["employees_total"] == 300
    assert profile.data["operating_revenue_2022"] == "25000"
    assert AuditEvent.objects.filter(verb="profile_updated").count() == 1


def test_profile_is_404_for_officials(client, county_industry):
    client.force_login(county_industry)
    assert client.get(reverse("enterprises:profile")).status_code == 404


def test_members_page_masks_mobiles_and_agents_cannot_add(client, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(reverse("enterprises:members")).content.decode()
    assert "139****5678" in body and "13912345678" not in body
    response = client.post(reverse("enterprises:members"), {"full_name": "周经办", "mobile": "13907349999",
                                                             "username": "agent9", "password": "Agent2023pass"})  # fmt: skip
    assert response.status_code == 302


def test_agent_cannot_post_members(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("enterprises:members"), {"full_name": "x", "mobile": "13907349999",
                                                            "username": "agent9", "password": "Agent2023pass"})  # fmt: skip
    assert response.status_code == 403


def test_profile_keeps_industry_codes_so_facts_can_use_them(client, enterprise_admin):
    from enterprises.selectors import profile_facts

    profile = make_profile(enterprise=enterprise_admin.organisation)
    client.force_login(enterprise_admin)
    client.post(reverse("enterprises:profile"), {"version": "1", "f-0__industry_division": "35 专用设备制造业",
                                                 "f-0__enterprise_name": enterprise_admin.organisation.name})  # fmt: skip
    profile.refresh_from_db()
    assert profile.data["industry_division"] == "35"
    assert profile_facts(profile)["industry_category"] == "C"


def test_an_enterprise_account_without_a_profile_is_told_why_and_whom_to_ask(client):
    """An account an administrator opened (no 企业注册, so no profile): the menu's 企业档案 explains, in Chinese,
    instead of a bare 404 page."""
    from accounts.choices import Role
    from accounts.tests.factories import EnterpriseFactory, make_user

    user = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory())
    client.force_login(user)
    response = client.get(reverse("enterprises:profile"))
    body = response.content.decode()
    assert response.status_code == 404 and "本企业尚未建立企业档案" in body and "工业和信息化部门" in body


def test_profile_navigator_counts_each_section_and_jumps_to_the_first_missing(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    body = client.get(reverse("enterprises:profile")).content.decode()
    nav = body[body.index('<nav class="guide"') : body.index("</nav>", body.index('<nav class="guide"'))]
    # 基本信息 requires 名称, 成立时间, 性质, 行业大类 and 地址; the profile has the name and the industry (35).
    basic = nav[nav.index('data-guide-entry="s-0__basic"') :]
    assert "必填 2/5</span>" in basic[: basic.index("</li>")]
    people = nav[nav.index('data-guide-entry="s-0__people"') :]
    assert "√" not in people[:10] and "必填 3/3</span>" in people[: people.index("</li>")]
    staff = nav[nav.index('data-guide-entry="s-0__staff"') :]
    assert "已填 0/5</span>" in staff[: staff.index("</li>")]  # nothing required: every box counts
    assert 'href="#f-0__founding_date" data-guide-next' in nav and "下一个未填必填项" in nav
    assert "必填 5/8</span>" in nav  # the whole page, the line a phone shows while the list is closed


def test_profile_navigator_counts_what_a_refused_save_kept(client, profile, enterprise_admin):
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("enterprises:profile"),
        {"version": profile.version, "f-0__enterprise_name": "新名称", "f-0__founding_date": "不是日期",
         "f-0__address": "衡阳市珠晖区"},
    )  # fmt: skip
    assert response.status_code == 400
    nav = response.content.decode()
    basic = nav[nav.index('data-guide-entry="s-0__basic"') :]
    # 名称, 地址 and the date as typed (kept to be corrected) are in their boxes; 性质 and 行业大类 are not.
    assert "必填 3/5</span>" in basic[: basic.index("</li>")]
