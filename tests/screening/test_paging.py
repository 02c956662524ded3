"""The queue's count stops at a limit, so a page costs the same at a million ads."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rihai.screening import paging
from rihai.screening.models import Ad

from .helpers import ScreeningTestCase


class CappedQueueTest(ScreeningTestCase):
    def setUp(self):
        self.upload()  # three ads

    def test_the_count_stops_past_the_limit_and_the_page_says_more_than(self):
        self.sign_in(self.fia_investigator)
        with mock.patch.object(paging, "COUNT_LIMIT", 2):
            page = self.client.get("/screening/").content.decode()
            self.assertIn("Page 1 of more than 1", page)
            answer = self.client.get("/api/ads/?page_size=1").json()
        self.assertEqual(answer["count"], 3)  # limit + 1: "more than 2"
        page = self.client.get("/screening/").content.decode()
        self.assertIn("Page 1 of 1", page)
        self.assertEqual(self.client.get("/api/ads/").json()["count"], 3)

    def test_the_count_query_has_a_limit(self):
        paginator = paging.CappedPaginator(Ad.objects.order_by("-score", "-id"), 50)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(paginator.count, 3)
        self.assertIn("LIMIT", queries.captured_queries[0]["sql"].upper())
