"""A date picker shows its initial date in ISO form whatever the locale (zh-hans would print 2023/08/25,
which <input type=date> silently drops, so the form posted nothing)."""

import datetime as dt

from django.utils import translation

from awards.forms import PublishForm


def test_initial_date_is_iso_in_chinese_locale():
    with translation.override("zh-hans"):
        html = str(PublishForm(initial={"starts_on": dt.date(2023, 9, 25), "working_days": 5})["starts_on"])
    assert 'type="date"' in html and 'value="2023-09-25"' in html
