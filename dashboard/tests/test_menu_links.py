"""Every link of a role's menu opens a page that role may see (200), the 绩效 pages included: the enterprise
its reports and evaluations, the counties and 财政局企业科 the same lists, the sections and 中小企业科 also
the monitoring rounds and their overview."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PERSONAS
from dashboard.navigation import menu_for
from enterprises.tests.factories import make_profile
from performance.models import PerformanceMonitoringReport, PerformanceMonitoringRound
from performance.tests.awarded import HALF_WAY, PERIOD_ENDS, PERIOD_STARTS, awarded_list

pytestmark = pytest.mark.django_db

PERFORMANCE_LINKS = {
    "enterprise_user": {"绩效监控": "performance:monitoring_reports", "绩效评价": "performance:evaluation_index"},
    "enterprise_admin": {"绩效监控": "performance:monitoring_reports", "绩效评价": "performance:evaluation_index"},
    "county_industry": {"绩效监控": "performance:monitoring_reports", "绩效评价": "performance:evaluation_index"},
    "county_finance": {"绩效监控": "performance:monitoring_reports", "绩效评价": "performance:evaluation_index"},
    "city_section": {"绩效监控": "performance:monitoring_index", "监控报告": "performance:monitoring_reports",
                     "绩效评价": "performance:evaluation_index"},
    "city_sme": {"绩效监控": "performance:monitoring_index", "监控报告": "performance:monitoring_reports",
                 "绩效评价": "performance:evaluation_index"},
    "city_finance": {"绩效监控": "performance:monitoring_reports", "绩效评价": "performance:evaluation_index"},
    "admin": {},
    "security_admin": {},
    "auditor": {},
}  # fmt: skip


@pytest.mark.parametrize("name", [p for p in PERSONAS if p != "other_county"])
def test_each_role_has_its_performance_links(request, name):
    menu = dict(menu_for(request.getfixturevalue(name)))
    assert {label: url for label, url in menu.items() if url.startswith("performance:")} == PERFORMANCE_LINKS[name]


@pytest.fixture
def monitored(stored_pack, city_sme, enterprise_admin):
    """enterprise_admin's award (item 2: city_section's item, in county_industry's county) in a monitoring
    round, so that the lists have a row to show."""
    award_list, applications = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    round = PerformanceMonitoringRound.objects.create(
        award_list=award_list, title="2024年一季度绩效运行监控", period_starts_on=PERIOD_STARTS,
        period_ends_on=PERIOD_ENDS, as_of=HALF_WAY, due_on=dt.date(2024, 1, 22), opened_by=city_sme,
    )  # fmt: skip
    return PerformanceMonitoringReport.objects.create(round=round, application=applications[0])


@pytest.mark.parametrize("name", PERSONAS)
def test_every_menu_link_opens_for_its_role(client, request, profile, monitored, name):
    user = request.getfixturevalue(name)
    if name == "enterprise_user":  # every enterprise has its 一企一档 from registration on
        make_profile(enterprise=user.organisation, data={})
    client.force_login(user)
    for label, url_name in menu_for(user):
        response = client.get(reverse(url_name))
        assert response.status_code == 200, (name, label, url_name, response.status_code)


def test_the_menu_shows_the_performance_links(client, city_sme):
    client.force_login(city_sme)
    body = client.get(reverse("performance:monitoring_index")).content.decode()
    nav = body[body.index('aria-label="主菜单"') : body.index("</nav>")]
    for label, url_name in PERFORMANCE_LINKS["city_sme"].items():
        assert f'href="{reverse(url_name)}"' in nav and f">{label}</a>" in nav


@pytest.mark.parametrize(
    ("name", "sees"),
    [("enterprise_admin", True), ("enterprise_user", False), ("county_industry", True), ("other_county", False),
     ("city_section", True), ("city_sme", True), ("city_finance", True)],
)  # fmt: skip
def test_the_reports_link_lists_what_the_role_may_read(client, request, monitored, name, sees):
    user = request.getfixturevalue(name)
    client.force_login(user)
    url_name = dict(menu_for(user)).get("监控报告") or dict(menu_for(user))["绩效监控"]
    assert url_name == "performance:monitoring_reports"
    assert ("智能化改造项目1" in client.get(reverse(url_name)).content.decode()) is sees
