"""Pages of the review queue that cost the same with a thousand ads or a million.

Django's paginator counts every matching ad to number the pages; at a million ads that count
reads the whole table (or the whole index) on every page view. A reviewer works from the
top of the queue and narrows it with filters, so the count stops at ``COUNT_LIMIT``: the
page says "more than 200 pages" and the query walks the queue's index no further than that.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

COUNT_LIMIT = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_LIMIT + 1`` (meaning "more than the limit")."""

    @cached_property
    def count(self) -> int:
        # A sliced queryset counts in a subquery with LIMIT: SELECT COUNT(*) FROM (... LIMIT n).
        # Without the order: how many match does not depend on it, and the database may then
        # stop at the limit on any index or scan instead of sorting every match first.
        return self.object_list.order_by()[: COUNT_LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_LIMIT

    @property
    def known_pages(self) -> int:
        """The full pages under the limit: "page 3 of more than 200"."""
        return max(1, COUNT_LIMIT // self.per_page)


class CappedPagination(PageNumberPagination):
    """The API's queue pages: ``count`` is exact up to 10,000 and 10,001 beyond."""

    django_paginator_class = CappedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
