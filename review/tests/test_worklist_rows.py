"""The work list's rows drawn in Python (review/worklist_rows.py): the same bytes the template's loop drew."""

import datetime as dt
from collections import namedtuple
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Jurisdiction, Organisation
from applications.models import Application
from applications.workflow import ApplicationStatus as S
from policies.models import SupportItem
from review.selectors import WORKLIST_COLUMNS
from review.worklist_rows import EMPTY, edit_link, number_text, rows_html, status_label, time_text

# review/worklist.html's loop before the rows were drawn in Python (as at 35a18c7).
OLD_LOOP = """{% load masking %}{% for a in page %}
      <tr>
        {% if can_bulk %}<td><input type="checkbox" name="application" value="{{ a.pk }}" aria-label="选择 {{ a.enterprise.name }}"></td>{% endif %}
        <td><a href="{% url 'applications:edit' a.pk %}">{{ a.enterprise.name }}</a></td>
        <td>{{ a.enterprise.jurisdiction }}</td>
        <td>{{ a.item.number }}. {{ a.item.name }}{% if a.subtype_name %}（{{ a.subtype_name }}）{% endif %}</td>
        <td>{{ a.project_name }}</td><td>{{ a.requested_amount|default_if_none:"" }}</td>
        <td>{{ a.get_status_display }}</td><td>{{ a.submitted_at|date:"Y-m-d H:i" }}</td>
        <td>{{ a.contact_name }} {{ a.contact_phone|mask_mobile }}</td>
      </tr>
    {% empty %}<tr><td colspan="9">没有符合条件的申报。</td></tr>{% endfor %}"""

NASTY = "<b>\"A&B'</b>"


def _row(pk: int, **overrides) -> Application:
    """An unsaved application with its enterprise, jurisdiction (the enterprise's, as saving sets it) and item, as
    the work list's query builds them."""
    jurisdiction_name = overrides.pop("jurisdiction", "珠晖区")
    jurisdiction = Jurisdiction(name=jurisdiction_name) if jurisdiction_name is not None else None
    enterprise = Organisation(name=overrides.pop("enterprise", "衡阳测试企业有限公司"), jurisdiction=jurisdiction)
    item = SupportItem(number=overrides.pop("number", 2), name=overrides.pop("item", "技术改造"))
    values = {
        "subtype_name": "设备购置", "project_name": "生产线改造", "requested_amount": Decimal("120.50"),
        "status": S.SUBMITTED, "submitted_at": dt.datetime(2023, 8, 31, 17, 5, tzinfo=dt.UTC),
        "contact_name": "张三", "contact_phone": "13907340000",
    } | overrides  # fmt: skip
    return Application(pk=pk, enterprise=enterprise, jurisdiction=jurisdiction, item=item, **values)


ROWS = [
    _row(7),
    _row(12345, subtype_name="", requested_amount=None, submitted_at=None, contact_phone="", contact_name=""),
    _row(8, enterprise=NASTY, jurisdiction=NASTY, item=NASTY, subtype_name=NASTY, project_name=NASTY,
         contact_name=NASTY, contact_phone="12345", requested_amount=Decimal("0.00"), number=11, status=S.RETURNED),
    _row(9, submitted_at=dt.datetime(2023, 1, 2, 3, 4), requested_amount=Decimal("1234567.89")),  # naive: as is
    _row(10, jurisdiction=None, status="unknown"),  # no jurisdiction ("None", as the template printed it)
]  # fmt: skip


Row = namedtuple("Row", ["pk", *WORKLIST_COLUMNS])


def _as_row(application: Application) -> Row:
    """The application as selectors.worklist_rows reads it: each column by its path."""
    values = []
    for path in Row._fields:
        value = application
        for part in path.split("__"):
            value = getattr(value, part) if value is not None else None
        values.append(value)
    return Row(*values)


def _new(applications, can_bulk: bool) -> str:
    return rows_html([_as_row(a) for a in applications], can_bulk=can_bulk, url=edit_link())


def _old(applications, can_bulk: bool) -> str:
    return engines["django"].from_string(OLD_LOOP).render({"page": applications, "can_bulk": can_bulk})


@pytest.mark.parametrize("can_bulk", [True, False])
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["four", "one", "none"])
def test_rows_are_the_old_loops_bytes(rows, can_bulk):
    assert _new(rows, can_bulk) == _old(rows, can_bulk)


@pytest.mark.parametrize("can_bulk", [True, False])
def test_the_tag_draws_the_same_rows(rf, can_bulk):
    template = engines["django"].from_string("{% load worklist %}{% worklist_rows page can_bulk %}")
    html = template.render({"page": [_as_row(a) for a in ROWS], "can_bulk": can_bulk}, request=rf.get("/review/"))
    assert html == _old(ROWS, can_bulk)


def test_every_value_is_escaped_once():
    html = _new(ROWS[2:3], can_bulk=True)
    assert NASTY not in html and escape(escape(NASTY)) not in html
    # enterprise twice (label and link), jurisdiction, item, subtype, project, contact
    assert html.count(escape(NASTY)) == 7
    assert "*****" in html  # a number too short to be a mobile is masked whole


def test_no_rows_says_so():
    assert rows_html([], can_bulk=True, url=edit_link()) == EMPTY


def test_edit_link_is_the_reversed_address():
    url = edit_link()
    assert url("42") == reverse("applications:edit", args=[42])
    assert url("987") == reverse("applications:edit", args=[987])


def test_local_time_and_numbers():
    assert time_text(dt.datetime(2023, 8, 31, 17, 5, tzinfo=dt.UTC)) == "2023-09-01 01:05"  # Asia/Shanghai
    assert time_text(None) == ""
    assert number_text(12345) == "12345" and number_text(Decimal("1.50")) == "1.50"


@pytest.mark.parametrize("status", [*S.values, "unknown"])
def test_status_label_is_get_status_display(status):
    assert status_label(status) == Application(status=status).get_status_display()
