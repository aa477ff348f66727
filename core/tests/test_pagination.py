"""core.pagination.CountedPaginator: the total from the queryset it is given to count, the page from the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Jurisdiction
from core.pagination import CountedPaginator

pytestmark = pytest.mark.django_db


def test_the_count_is_the_counted_querysets_and_the_page_is_sliced_from_the_rows():
    jurisdictions = Jurisdiction.objects.order_by("code")
    rows = jurisdictions.values_list("code", "name", named=True)
    total = jurisdictions.count()
    assert total > 5
    paginator = CountedPaginator(rows, 5, counted=jurisdictions.values("pk"))
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(2)
        codes = [row.code for row in page]
    assert paginator.count == total and paginator.num_pages == -(-total // 5)
    assert codes == list(jurisdictions.values_list("code", flat=True)[5:10])
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and '"name"' not in counts[0]  # counted from `counted`, which reads no name
    with CaptureQueriesContext(connection) as again:
        assert paginator.count == total
    assert again.captured_queries == []  # counted once per paginator
