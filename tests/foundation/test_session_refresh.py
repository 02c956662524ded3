"""The idle timeout holds without a session write on every request: the expiry is renewed by
activity at most once per SESSION_REFRESH_SECONDS, and an idle session still ends."""

from datetime import timedelta
from unittest import mock

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rihai.core import sessions
from tests.base import RihaiTestCase


def _session_writes(captured) -> int:
    return sum(
        1
        for q in captured.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


class SessionRefreshTest(RihaiTestCase):
    def setUp(self):
        self.sign_in(self.fia_case_worker)
        self.client.get("/")  # the first request after sign-in stamps the session

    def expiry(self):
        return Session.objects.get(session_key=self.client.session.session_key).expire_date

    def test_a_request_inside_the_interval_writes_no_session(self):
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(_session_writes(captured), 0)

    def test_activity_after_the_interval_renews_the_idle_expiry(self):
        before = self.expiry()
        later = sessions.time.time() + 120
        with (
            mock.patch.object(sessions.time, "time", return_value=later),
            mock.patch(
                "django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=120)
            ),
        ):
            self.client.get("/")
        self.assertGreaterEqual(self.expiry() - before, timedelta(seconds=110))

    def test_an_idle_session_still_ends(self):
        Session.objects.filter(session_key=self.client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = self.client.get("/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
