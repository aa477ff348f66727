"""Each role lands on its own home page with its own menu, in Chinese."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:home")

EXPECTED = {
    "county_industry": ("待审核", ["待审核", "辖区企业", "修改密码"]),
    "county_finance": ("待审核", ["待审核", "辖区企业", "修改密码"]),
    "city_section": ("待审核（本科室事项）", ["待审核", "企业"]),
    "city_sme": ("汇总", ["汇总", "企业"]),
    "city_finance": ("汇总会签", ["汇总会签", "企业"]),
    "admin": ("系统管理", ["系统管理"]),
    "auditor": ("审计日志", ["审计日志"]),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_home_per_role(client, request, name):
    user = request.getfixturevalue(name)
    client.force_login(user)
    response = client.get(URL)
    body = response.content.decode()
    heading, menu = EXPECTED[name]
    assert response.status_code == 200
    assert "衡阳市工业和信息化局" in body and "衡阳市财政局" in body
    assert f">{heading}</h2>" in body
    nav = body[body.index('aria-label="主菜单"') : body.index("</nav>")]
    for label in menu:
        assert f">{label}</a>" in nav


@pytest.mark.parametrize("name", ["enterprise_user", "enterprise_admin"])
def test_enterprise_home_is_my_applications(client, request, name):
    client.force_login(request.getfixturevalue(name))
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("applications:mine")


def test_menus_do_not_leak_other_roles(client, enterprise_user, auditor):
    client.force_login(enterprise_user)
    body = client.get(reverse("applications:mine")).content.decode()
    assert "审计日志" not in body and "系统管理" not in body and "辖区企业" not in body
    client.force_login(auditor)
    body = client.get(URL).content.decode()
    assert "我的申报" not in body and "待审核" not in body


def test_user_without_role_is_told_so(client, db):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(roles=[]))
    response = client.get(URL)
    assert response.status_code == 403 and "尚未分配角色" in response.content.decode()


def test_anonymous_goes_to_login(client):
    assert client.get(URL).status_code == 302


def test_wrong_method(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.post(URL).status_code == 405
