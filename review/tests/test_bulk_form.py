"""The work list's empty bulk form is drawn once per process (review.forms.bulk_form_html)."""

from review.forms import BulkForm, bulk_form_html


def test_the_drawn_form_is_the_empty_forms_html_and_is_kept():
    html = bulk_form_html()
    assert html == BulkForm().as_div() and bulk_form_html() is html
    assert 'name="decision"' in html and 'name="reason"' in html and "errorlist" not in html
