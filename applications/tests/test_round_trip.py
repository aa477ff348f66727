"""Every template of the pack, through an application: save, reload from the database, render, post as
a browser would, parse: the answers are identical and complete."""

import pytest

from applications import services
from applications.tests.formdata import browser_post, fill_answers
from applications.tests.helpers import IN_WINDOW
from policies.formengine.post import parse_submission
from policies.formengine.render import render_sections
from policies.formengine.validate import validate_answers
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023

pytestmark = pytest.mark.django_db

ITEMS = [(i.number, i.subtypes[0].code if i.subtypes else "") for i in load_pack_unchanged(PACK_2023).items]


@pytest.mark.parametrize("number,subtype", ITEMS)
def test_every_item_form_round_trips_through_the_database(stored_pack, profile, enterprise_admin, number, subtype):
    application = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation,
        item=stored_pack.items.get(number=number), subtype_code=subtype, now=IN_WINDOW,
    )  # fmt: skip
    answers = fill_answers(application.forms)
    services.application_save(actor=enterprise_admin, application=application, answers=answers, summary={},
                              expected_version=application.version)  # fmt: skip
    application.refresh_from_db()
    assert application.answers == answers
    posted = browser_post(render_sections(application.forms, application.answers, {}, {}))
    parsed, errors, raw = parse_submission(application.forms, posted)
    assert errors == {} and raw == {}
    assert parsed == answers
    assert validate_answers(application.forms, parsed, complete=True) == {}


def test_every_form_of_the_pack_is_used_by_some_item():
    loaded = load_pack_unchanged(PACK_2023)
    used = (
        {"3"}
        | {f for i in loaded.items for f in i.forms}
        | {f for i in loaded.items for s in i.subtypes for f in s.forms or []}
    )
    assert set(loaded.forms) - used == {"4"}  # 附件4 is the county's summary, not an enterprise form
