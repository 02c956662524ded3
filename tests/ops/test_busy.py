"""A wait or statement cut off by the database's timeouts is a clear, retryable 503: JSON with
Retry-After on the API, a page in both languages elsewhere; never a 500. The errors are real
ones, raised by PostgreSQL's lock_timeout and statement_timeout."""

import threading
from unittest import mock

from django.db import OperationalError, connection, connections, transaction

from rihai.ops.busy import retryable_reason
from tests.base import RihaiTestCase

URDU_BUSY = "مصروف"
LOCK = 424242  # an advisory lock number of this test's own


def _statement_timeout() -> OperationalError:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = '20ms'")
            cursor.execute("SELECT pg_sleep(2)")
    except OperationalError as exc:
        return exc
    raise AssertionError("statement_timeout did not fire")


def _lock_timeout() -> OperationalError:
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
                held.set()
                release.wait(30)
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '20ms'")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
    except OperationalError as exc:
        return exc
    finally:
        release.set()
        holder.join()
    raise AssertionError("lock_timeout did not fire")


class DatabaseBusyTest(RihaiTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("the timeouts are PostgreSQL's")

    def _answers(self, exc):
        self.sign_in(self.fia_case_worker)
        with (
            mock.patch("rihai.cases.actions.log_personal_data_view", side_effect=exc),
            self.assertLogs("rihai.ops.busy", level="WARNING"),
        ):
            api = self.client.get("/api/cases/")
            page = self.client.get("/cases/")
        return api, page

    def _check(self, exc, reason):
        self.assertEqual(retryable_reason(exc), reason)
        api, page = self._answers(exc)
        self.assertEqual(api.status_code, 503)
        self.assertEqual(api["Retry-After"], "2")
        body = api.json()
        self.assertTrue(body["retryable"])
        self.assertIn("try again", body["detail"])
        self.assertIn("دوبارہ", body["detail_ur"])
        self.assertEqual(page.status_code, 503)
        self.assertEqual(page["Retry-After"], "2")
        text = page.content.decode()
        self.assertIn("try again in a few seconds", text)
        self.assertIn(URDU_BUSY, text)

    def test_a_lock_wait_past_lock_timeout_is_a_retryable_503(self):
        self._check(_lock_timeout(), "lock_timeout")

    def test_a_statement_past_statement_timeout_is_a_retryable_503(self):
        self._check(_statement_timeout(), "statement_timeout")

    def test_any_other_database_error_stays_a_server_error(self):
        self.assertIsNone(retryable_reason(OperationalError("connection refused")))
        self.sign_in(self.fia_case_worker)
        self.client.raise_request_exception = False
        with (
            mock.patch(
                "rihai.cases.actions.log_personal_data_view",
                side_effect=OperationalError("connection refused"),
            ),
            self.assertLogs("rihai.errors"),
        ):
            api = self.client.get("/api/cases/")
        self.assertEqual(api.status_code, 500)
