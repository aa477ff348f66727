"""Material and form rules where the enterprise meets them: the upload (attachment_add), the completeness
report that blocks submission, the draft save that shows an error at its field, and the checklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import completeness, material_rules, services
from applications.models import Application, Attachment
from applications.tests.factories import ApplicationFactory
from applications.tests.helpers import IN_WINDOW, QUERY_DATE, item, pdf_upload
from core.models import AuditEvent
from enterprises.models import EnterpriseProfile
from policies.formengine.messages import MIN_ROWS_ACROSS
from policies.formengine.paths import path_to_anchor

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2023, 7, 26)
DEADLINE = dt.date(2023, 8, 25)
LICENCE_CLAUSE = "医药、食品工业企业须提供所属行业的生产许可证"


def _complete(pack, user, number):
    """Every field, material and the commitment filled in (built directly, as helpers.complete fills them)."""
    return ApplicationFactory(enterprise=user.organisation, pack=pack, number=number, complete=True)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def _create(pack, user, number):
    return services.application_create(actor=user, enterprise=user.organisation, item=item(pack, number), now=IN_WINDOW)


def _add_screenshot(user, application, query_date, now):
    return services.attachment_add(
        actor=user, application=application, material_id="credit_hunan_screenshot", upload=pdf_upload(),
        query_date=query_date, now=now,
    )  # fmt: skip


def _answer(application, user, form_id, field_id, value):
    answers = {**application.answers, form_id: {**application.answers[form_id], field_id: value}}
    return services.application_save(
        actor=user, application=application, answers=answers, summary={}, expected_version=application.version
    )


def _report(application):
    return [(r.label, r.anchor) for r in completeness.completeness_report(application)]


def _refused_and_nothing_written(application, user):
    before = (Application.objects.get(pk=application.pk).status, AuditEvent.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=user, application=application, now=IN_WINDOW)
    assert "项未完成" in excinfo.value.messages[0]
    assert (Application.objects.get(pk=application.pk).status, AuditEvent.objects.count()) == before


# ---------------------------------------------------------------------------
# 6. 信用湖南 查询时间: the upload
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today,query_date,message",
    [
        (dt.date(2023, 8, 10), dt.date(2023, 7, 25), "早于申报通知发布日期"),
        (dt.date(2023, 8, 10), ISSUED, None),
        (dt.date(2023, 8, 10), dt.date(2023, 8, 10), None),
        (dt.date(2023, 8, 10), dt.date(2023, 8, 11), "晚于今天"),
        (dt.date(2023, 9, 1), DEADLINE, None),
        (dt.date(2023, 9, 1), dt.date(2023, 8, 26), "晚于申报截止日期"),
    ],
)
def test_upload_query_date_both_bounds(stored_pack, profile, enterprise_admin, today, query_date, message):
    """附件2-2-1: "申报人截止时间前的查询结果网页截图…（注明查询时间，且查询时间不得早于申报通知发布日期）". At the upload:
    not before the notice (25 July refused, 26 July accepted), not after today, not after the deadline
    (25 August accepted, 26 August refused). A refusal stores nothing."""
    application = _create(stored_pack, enterprise_admin, 2)
    if message is None:
        attachment = _add_screenshot(enterprise_admin, application, query_date, _at(today))
        assert attachment.query_date == query_date
        return
    with pytest.raises(ValidationError) as excinfo:
        _add_screenshot(enterprise_admin, application, query_date, _at(today))
    assert message in excinfo.value.message_dict["query_date"][0]
    assert not Attachment.objects.exists()


def test_upload_query_date_after_a_counties_earlier_deadline(stored_pack, profile, enterprise_admin, county_industry):
    """ "申报人截止时间前的查询结果": the applicant's deadline is the county's when it closes earlier."""
    services.submission_window_set(
        actor=county_industry, pack=stored_pack, jurisdiction=enterprise_admin.organisation.jurisdiction,
        kind="county_earlier", closes_on=dt.date(2023, 8, 20), reason="县级提前汇总",
    )  # fmt: skip
    application = _create(stored_pack, enterprise_admin, 2)
    _add_screenshot(enterprise_admin, application, dt.date(2023, 8, 20), _at(dt.date(2023, 9, 1)))
    with pytest.raises(ValidationError) as excinfo:
        _add_screenshot(enterprise_admin, application, dt.date(2023, 8, 21), _at(dt.date(2023, 9, 1)))
    assert excinfo.value.message_dict["query_date"] == [
        material_rules.QUERY_DATE_AFTER_DEADLINE.format(date=dt.date(2023, 8, 21), deadline=dt.date(2023, 8, 20))
    ]


# ---------------------------------------------------------------------------
# 6. 信用湖南 查询时间: the form field, and the two against each other
# ---------------------------------------------------------------------------


def test_a_complete_application_has_nothing_to_report(stored_pack, profile, enterprise_admin):
    application = _complete(stored_pack, enterprise_admin, 2)
    assert _report(application) == []


def test_form_query_date_before_the_notice_is_reported_at_its_field(stored_pack, profile, enterprise_admin):
    """ "查询时间不得早于申报通知发布日期": the 查询时间 typed in 附件2-2-1 is checked at its field; it also differs
    from the upload's, which is reported too. Submission is refused."""
    application = _complete(stored_pack, enterprise_admin, 2)
    application = _answer(application, enterprise_admin, "2-2-1", "credit_hunan_query_date", "2023-07-25")
    anchor = path_to_anchor("2-2-1.credit_hunan_query_date")
    typed = dt.date(2023, 7, 25)
    assert _report(application) == [
        (material_rules.QUERY_DATE_TOO_EARLY.format(date=typed, issued=ISSUED), anchor),
        (
            material_rules.QUERY_DATE_DISAGREES.format(
                label="查询时间", typed=typed, material="“信用湖南”网站查询结果网页截图",
                uploaded=f"{QUERY_DATE:%Y年%m月%d日}",
            ),
            anchor,
        ),
    ]  # fmt: skip
    wheres = {r.where for r in completeness.completeness_report(application)}
    assert wheres == {"附件2-2-1《项目申报材料真实性承诺书》 · “信用湖南”网站查询结果网页截图"}
    _refused_and_nothing_written(application, enterprise_admin)


def test_form_query_date_after_the_deadline_is_reported(stored_pack, profile, enterprise_admin):
    """ "申报人截止时间前的查询结果": 26 August in the form is after the 25 August deadline."""
    application = _complete(stored_pack, enterprise_admin, 5)
    application = _answer(application, enterprise_admin, "2-5", "credit_hunan_query_date", "2023-08-26")
    labels = [label for label, _ in _report(application)]
    assert material_rules.QUERY_DATE_AFTER_DEADLINE.format(date=dt.date(2023, 8, 26), deadline=DEADLINE) in labels


def test_form_and_upload_disagreeing_blocks_submission(stored_pack, profile, enterprise_admin):
    """Both dates are inside the window, but the form says 2 August and the upload 1 August."""
    application = _complete(stored_pack, enterprise_admin, 2)
    application = _answer(application, enterprise_admin, "2-2-1", "credit_hunan_query_date", "2023-08-02")
    assert [label for label, _ in _report(application)] == [
        material_rules.QUERY_DATE_DISAGREES.format(
            label="查询时间", typed=dt.date(2023, 8, 2), material="“信用湖南”网站查询结果网页截图",
            uploaded=f"{QUERY_DATE:%Y年%m月%d日}",
        )
    ]  # fmt: skip
    _refused_and_nothing_written(application, enterprise_admin)


def test_saving_a_draft_shows_the_query_date_error_at_its_field(client, stored_pack, profile, enterprise_admin):
    application = _create(stored_pack, enterprise_admin, 2)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("applications:save", args=[application.pk]),
        {"version": application.version, "f-2-2-1__credit_hunan_query_date": "2023-07-25"},
    )
    body = response.content.decode()
    message = material_rules.QUERY_DATE_TOO_EARLY.format(date=dt.date(2023, 7, 25), issued=ISSUED)
    assert message in body and 'id="f-2-2-1__credit_hunan_query_date--error"' in body


# ---------------------------------------------------------------------------
# 7. Purchase period
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("invoice_date,outside", [("2021-12-31", True), ("2022-01-01", False), ("2023-01-01", True)])
def test_purchase_list_dates_block_submission_at_their_cell(
    stored_pack, profile, enterprise_admin, invoice_date, outside
):
    """附件2-2 申报材料4: "2022年1月1日至2022年12月31日，采购智能化软硬件装备清单及相对应的发票、照片"."""
    application = _complete(stored_pack, enterprise_admin, 2)
    rows = [dict(row) for row in application.answers["2-2"]["equipment_purchases"]]
    rows[0]["invoice_date"] = invoice_date
    application = _answer(application, enterprise_admin, "2-2", "equipment_purchases", rows)
    if not outside:
        assert _report(application) == []
        return
    message = material_rules.OUTSIDE_PERIOD.format(
        label="开票日期", date=dt.date.fromisoformat(invoice_date), year=2022, text="2022年1月1日至2022年12月31日"
    )
    anchor = path_to_anchor("2-2.equipment_purchases[0].invoice_date")
    assert _report(application) == [(message, anchor)]
    _refused_and_nothing_written(application, enterprise_admin)


def test_item_12_needs_its_purchase_list(stored_pack, profile, enterprise_admin):
    """附件2-12 一、5: "2022年1月1日至2022年12月31日，采购软硬件装备清单及相关发票、照片"; the list is typed in the
    shared 附件2-12, where the table itself is optional (items 13 and 14 have no purchases)."""
    application = _complete(stored_pack, enterprise_admin, 12)
    assert _report(application) == []
    application = _answer(application, enterprise_admin, "2-12", "investment_purchases", [])
    anchor = path_to_anchor("2-12.investment_purchases")
    [(label, where_anchor)] = _report(application)
    assert where_anchor == anchor and label.startswith("请在“2022年1月1日至2022年12月31日采购软硬件装备清单”中逐张填写")


# ---------------------------------------------------------------------------
# 8. 第9项 生产许可证
# ---------------------------------------------------------------------------


def _licence_lines(application):
    return [r for r in completeness.completeness_report(application) if r.anchor == "material-production_license"]


@pytest.mark.parametrize(
    "division,expected",
    [
        ("14", material_rules.REQUIRED_WHEN_APPLIES.format(name="所属行业的生产许可证", clause=LICENCE_CLAUSE)),
        ("27", material_rules.REQUIRED_WHEN_APPLIES.format(name="所属行业的生产许可证", clause=LICENCE_CLAUSE)),
        ("17", None),
        (
            None,
            material_rules.REQUIRED_WHEN_UNDECIDED.format(
                name="所属行业的生产许可证", clause=LICENCE_CLAUSE, facts="所属行业大类代码（GB/T 4754-2017）"
            ),
        ),
    ],
)
def test_item_9_licence_follows_the_sector(stored_pack, profile, enterprise_admin, division, expected):
    """附件2-9 注2: "医药、食品工业企业须提供所属行业的生产许可证". A food (14) or pharmaceutical (27) firm must
    upload it; a textile firm (17) need not; a firm whose sector is unknown is asked for it, and told why."""
    if division is None:
        profile.data.pop("industry_division", None)
    else:
        profile.data["industry_division"] = division
    profile.save()
    application = _complete(stored_pack, enterprise_admin, 9)
    if expected is None:
        assert _licence_lines(application) == []
        return
    assert [(r.label, r.where) for r in _licence_lines(application)] == [(expected, "申报材料")]
    _refused_and_nothing_written(application, enterprise_admin)
    services.attachment_add(
        actor=enterprise_admin, application=application, material_id="production_license", upload=pdf_upload()
    )
    assert _licence_lines(application) == []


def test_item_9_checklist_shows_the_clause(client, stored_pack, profile, enterprise_admin, city_sme):
    services.submission_window_set(
        actor=city_sme, pack=stored_pack, jurisdiction=None, kind="city_reopened",
        closes_on=dt.date.today() + dt.timedelta(days=30), reason="测试重新开放",
    )  # fmt: skip
    EnterpriseProfile.objects.filter(pk=profile.pk).update(data={**profile.data, "industry_division": "14"})
    application = _create(stored_pack, enterprise_admin, 9)
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    slot = body[body.index('id="material-production_license"') :]
    slot = slot[: slot.index("</li>")]
    assert LICENCE_CLAUSE in slot and "（选报）" not in slot


# ---------------------------------------------------------------------------
# 9. 附件3
# ---------------------------------------------------------------------------


def test_performance_table_without_a_tier1_indicator_blocks_submission(stored_pack, profile, enterprise_admin):
    """附件3 prints 一级指标 成本指标, 产出指标, 效益指标, 满意度指标: an application without a 满意度指标 row is
    reported at that table and cannot be submitted."""
    application = _complete(stored_pack, enterprise_admin, 2)
    application = _answer(application, enterprise_admin, "3", "satisfaction_service_recipients", [])
    message = MIN_ROWS_ACROSS.format(label="满意度指标", count=1, tables="服务对象满意度指标")
    [entry] = completeness.completeness_report(application)
    assert (entry.label, entry.anchor) == (message, path_to_anchor("3.satisfaction_service_recipients"))
    assert entry.where.startswith("附件3《") and entry.where.endswith(" · 本年度绩效目标")
    _refused_and_nothing_written(application, enterprise_admin)


def test_item_9_public_page_states_whom_the_licence_is_required_of(client, stored_pack):
    """The public item page lists the licence as 选报 with the clause that makes it a 须 for some firms."""
    body = client.get(reverse("policies:item_detail", args=[9])).content.decode()
    line = body[body.index("所属行业的生产许可证") :]
    line = line[: line.index("</li>")]
    assert "（选报）" in line and LICENCE_CLAUSE in line
