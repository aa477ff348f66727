"""The enterprise's application page (applications:edit) and its save (applications:save): the queries each
takes are pinned, and do not grow with the materials uploaded."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.tests.factories import SUMMARY, ApplicationFactory
from applications.tests.formdata import browser_post
from policies.formengine.render import render_sections

pytestmark = pytest.mark.django_db

# GET, for the enterprise (editable, so the completeness report and the profile changes are read):
# 1 session, 2 user, 3 the user's roles, 4 the application with its enterprise, jurisdiction, pack and item
# (filtered by what the user may see), 5 its attachments (the materials, and their query dates for the
# completeness report), 6 the deadline windows of the pack and the jurisdiction, read once for the application
# (completeness's date window and the page's deadline line share them: applications.selectors.
# application_deadline), 7 the timeline (audit events with their organisation), 8 the enterprise profile
# (answers that differ from it), 9 unread notifications (menu). The user's organisation (menu) comes with the user
# (accounts.backends.UserBackend). No award entry nor 绩效目标表: a draft cannot be on a publicised list
# (awards.templatetags.awards.AWARD_STATES) nor have targets (performance.selectors.targets.target_sheet_of). The
# session, renewed at most once a minute (core/passive_session.py), is not written again.
GET_QUERIES = 9
# POST, a full save that redirects: 1 session, 2 user, 3 roles, 4 the application as in GET, 5 the deadline
# windows (the material rules' date window), 6 savepoint, 7 the application locked, 8 its update, 9 the
# revision, 10 the audit chain's head locked, 11 the audit event, 12 the head moved (core.audit_chain; the
# event takes the actor's organisation by its key, without reading it), 13 release (the session is not
# written again).
SAVE_QUERIES = 13
# The htmx autosave that collapses into the person's open autosave revision (the load test's most frequent write):
# as POST, but the revision is taken over by one UPDATE that chooses it (no read of it, no new row): 1 session,
# 2 user, 3 roles, 4 the application, 5 the deadline windows, 6 savepoint, 7 the application locked (without its
# forms and answers), 8 its update, 9 the revision's update, 10-12 the audit chain and event, 13 release.
AUTOSAVE_QUERIES = 13


def _edit(application):
    return reverse("applications:edit", args=[application.pk])


def _posted(application, **summary):
    """What the browser posts from the page: every field as rendered, the summary and the version."""
    data = browser_post(render_sections(application.forms, application.answers, {}, {}))
    for key, value in {**SUMMARY, **summary}.items():
        data[f"summary-{key}"] = str(value)
    data["version"] = str(application.version)
    return {key: data.getlist(key) for key in data}  # the test client posts one value per key of a MultiValueDict


def test_the_enterprise_opens_its_draft_in_a_fixed_number_of_queries(
    client, stored_pack, profile, enterprise_admin, open_window, django_assert_num_queries
):
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    client.force_login(enterprise_admin)
    client.get(_edit(application))  # the session's first request writes more
    with django_assert_num_queries(GET_QUERIES):
        response = client.get(_edit(application))
    assert response.status_code == 200 and "保存草稿" in response.content.decode()


def test_the_page_reads_no_more_for_a_blank_draft_than_for_a_complete_one(
    client, stored_pack, profile, enterprise_admin, open_window, django_assert_num_queries
):
    blank = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=5)
    assert not blank.attachments.exists()
    client.force_login(enterprise_admin)
    client.get(_edit(blank))
    with django_assert_num_queries(GET_QUERIES):
        assert client.get(_edit(blank)).status_code == 200


def test_a_save_takes_a_fixed_number_of_queries(
    client, stored_pack, profile, enterprise_admin, open_window, django_assert_num_queries
):
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    client.force_login(enterprise_admin)
    client.get(_edit(application))
    data = _posted(application, project_name="智能产线改造二期")
    with django_assert_num_queries(SAVE_QUERIES):
        response = client.post(reverse("applications:save", args=[application.pk]), data)
    assert response.status_code == 302 and response["Location"] == _edit(application)
    saved = Application.objects.get(pk=application.pk)
    assert saved.project_name == "智能产线改造二期" and saved.version == application.version + 1
    assert saved.answers == application.answers


def test_the_navigator_counts_the_summary_and_each_section_and_jumps_to_the_first_missing(
    client, stored_pack, profile, enterprise_admin
):
    from core.guide import first_missing
    from policies.formengine.progress import forms_progress

    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, number=5)
    client.force_login(enterprise_admin)
    body = client.get(_edit(application)).content.decode()
    nav = body[body.index('<nav class="guide"') : body.index("</nav>", body.index('<nav class="guide"'))]
    # 申报概要: 项目名称, 申请金额, 联系人 and 联系电话 are needed to submit (the contact comes from the
    # profile); 总投资 only where it applies.
    assert 'data-guide-entry="summary"' in nav and "必填 2/4</span>" in nav
    sections = forms_progress(render_sections(application.forms, application.answers))
    for section in sections:
        assert f'data-guide-entry="{section.anchor}"' in nav and f'id="{section.anchor}"' in body
    assert sections and sum(s.required_total for s in sections) > 0
    assert 'href="#summary-project_name" data-guide-next' in nav and "下一个未填必填项" in nav
    assert first_missing(sections)  # once the summary is filled in, the forms' first missing field is next
    for anchor in ("materials", "commitment", "submit"):
        assert f'href="#{anchor}"' in nav
    # Every required box of the page is marked for the browser's live count, as many as the server counted
    # (a table's blank row to copy lies in a <template>, which the browser does not count either).
    import re

    required_boxes = re.sub(r"<template.*?</template>", "", body, flags=re.S).count("data-guide-required")
    assert required_boxes == 4 + sum(s.required_total for s in sections)


def test_officials_read_the_application_without_a_navigator(client, stored_pack, submitted, county_industry):
    client.force_login(county_industry)
    body = client.get(_edit(submitted)).content.decode()
    assert '<nav class="guide"' not in body and "data-guide-slot" not in body


def test_an_autosave_takes_a_fixed_number_of_queries(
    client, stored_pack, profile, enterprise_admin, open_window, django_assert_num_queries
):
    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    client.force_login(enterprise_admin)
    client.get(_edit(application))
    url = reverse("applications:save", args=[application.pk])
    htmx = {"HX-Request": "true"}
    assert client.post(url, _posted(application, project_name="第一次"), headers=htmx).status_code == 200
    application.refresh_from_db()
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        response = client.post(url, _posted(application, project_name="第二次"), headers=htmx)
    assert response.status_code == 200 and "已自动保存" in response.content.decode()
    assert Application.objects.get(pk=application.pk).project_name == "第二次"


def test_the_pages_files_come_in_the_models_order_and_know_their_application(
    stored_pack, profile, enterprise_admin, django_assert_num_queries
):
    from applications.selectors import attachments_of

    application = ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
    expected = list(application.attachments.all())
    assert expected  # a complete draft has its required materials
    with django_assert_num_queries(1):
        files = attachments_of(application)
        assert all(f.application is application for f in files)
    assert files == expected
