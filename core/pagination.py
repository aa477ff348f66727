"""A paginator whose total comes from another queryset of the same rows.

A page's rows are often read with the columns of joined tables (values_list of `enterprise__name`, say): counted
that way, the COUNT keeps every join the columns need. Counting the same filter without the columns needs only the
joins of the filter: on PostgreSQL the county's work list (12,500 applications) counted in 14.7 ms instead of
20.9 ms (EXPLAIN ANALYZE on bench/load's data)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """Paginator(object_list, per_page) that counts `counted` instead of `object_list`; both must select the same
    rows (the page is sliced from `object_list`)."""

    def __init__(self, object_list, per_page, *, counted: QuerySet, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        return self.counted.count()
