"""/healthz, /readyz and /metrics: open where they must be, closed where they must be, and
never a word of personal data or internals."""

import json
import logging
from unittest import mock

from django.test import override_settings

from rihai.core.request_context import acting_through
from rihai.ops import health
from rihai.ops.logs import JsonFormatter, RequestContextFilter, without_query_strings
from tests.base import RihaiTestCase

TOKEN = "metrics-token-0123456789abcdef"


class HealthTest(RihaiTestCase):
    def test_healthz_answers_anonymously_without_touching_dependencies(self):
        with mock.patch.object(health, "check_database", side_effect=RuntimeError("down")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})

    def test_readyz_names_each_check_and_is_ready(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(
            set(body["checks"]), {"database", "cache", "disk", "audit_chain_head", "audit_journal"}
        )

    @override_settings(AUDIT_JOURNAL_SEAL="worker", AUDIT_JOURNAL_MAX_UNSEALED_SECONDS=60)
    def test_readyz_reports_views_waiting_too_long_to_be_sealed_but_stays_ready(self):
        from datetime import timedelta

        from django.utils import timezone

        from rihai.audit.journal import record_read

        with mock.patch("rihai.audit.journal.transaction.on_commit"):  # no worker here
            record_read(event="record-viewed", object_type="t", object_id=1)
        self.assertEqual(self.client.get("/readyz").json()["checks"]["audit_journal"], "ok")
        later = timezone.now() + timedelta(seconds=120)
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            self.assertLogs("rihai.ops.health"),
        ):
            response = self.client.get("/readyz")
        # The views are safe in the journal; leaving the pool would not start the sealer.
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["checks"]["audit_journal"], "behind")

    def test_readyz_is_503_when_a_dependency_fails_and_leaks_no_detail(self):
        secret_detail = "connection to 10.0.0.5:5432 refused for user rihai"
        with (
            mock.patch.object(health, "check_database", side_effect=RuntimeError(secret_detail)),
            self.assertLogs("rihai.ops.health", level="ERROR") as logs,
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["database"], "failing")
        self.assertNotIn("10.0.0.5", response.content.decode())
        self.assertIn("database", logs.output[0])  # the operator learns which, from the log

    def test_readyz_checks_free_disk_space(self):
        with override_settings(READYZ_MIN_FREE_MB=10**12), self.assertLogs("rihai.ops.health"):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["disk"], "failing")

    def test_readyz_checks_the_broker_when_one_is_configured(self):
        settings = {"CELERY_TASK_ALWAYS_EAGER": False, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
        with (
            override_settings(**settings),
            mock.patch.object(health, "check_broker", side_effect=OSError("refused")),
            self.assertLogs("rihai.ops.health"),
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["broker"], "failing")

    def test_health_pages_refuse_writes(self):
        for url in ("/healthz", "/readyz", "/metrics"):
            self.assertEqual(self.client.post(url).status_code, 405)


class MetricsTest(RihaiTestCase):
    def test_metrics_are_off_until_someone_is_allowed(self):
        self.assertEqual(self.client.get("/metrics").status_code, 404)

    @override_settings(METRICS_TOKEN=TOKEN)
    def test_metrics_need_the_token(self):
        self.assertEqual(self.client.get("/metrics").status_code, 403)
        wrong = self.client.get("/metrics", headers={"Authorization": "Bearer nope"})
        self.assertEqual(wrong.status_code, 403)
        self.sign_in(self.fia_administrator)  # a session is not a token
        self.assertEqual(self.client.get("/metrics").status_code, 403)
        self.client.get("/cases/?q=03001234567")
        response = self.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn("rihai_http_requests_total", text)
        self.assertIn("rihai_http_request_duration_seconds_bucket", text)
        self.assertIn("rihai_audit_rows", text)
        self.assertIn("rihai_audit_journal_rows", text)
        self.assertIn("rihai_audit_journal_oldest_seconds", text)
        self.assertIn('route="cases:list"', text)
        self.assertNotIn("03001234567", text)  # labels are route names, never paths or queries

    @override_settings(METRICS_ALLOWED_IPS=["10.1.2.3"])
    def test_metrics_for_an_allowed_address_only(self):
        self.assertEqual(self.client.get("/metrics").status_code, 403)
        allowed = self.client.get("/metrics", REMOTE_ADDR="10.1.2.3")
        self.assertEqual(allowed.status_code, 200)
        spoofed = self.client.get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3")
        self.assertEqual(spoofed.status_code, 403)


class QueueDepthTest(RihaiTestCase):
    """The queue's length is read from Redis (a db of the ops tests' own) when scraped."""

    URL = "redis://127.0.0.1:6379/13"
    QUEUE = "rihai-ops-test-queue"

    def test_metrics_show_how_many_tasks_wait(self):
        import redis

        client = redis.Redis.from_url(self.URL, socket_connect_timeout=1)
        try:
            client.delete(self.QUEUE)
            client.rpush(self.QUEUE, "a", "b", "c")
        except redis.RedisError:
            self.skipTest("no Redis on 127.0.0.1")
        self.addCleanup(client.delete, self.QUEUE)
        with override_settings(
            METRICS_TOKEN=TOKEN, CELERY_BROKER_URL=self.URL, CELERY_TASK_DEFAULT_QUEUE=self.QUEUE
        ):
            response = self.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        self.assertIn(
            f'rihai_celery_queue_length{{queue="{self.QUEUE}"}} 3.0', response.content.decode()
        )


class JsonLogTest(RihaiTestCase):
    def format(self, message, *args, exc_info=None):
        record = logging.LogRecord(
            "rihai.test", logging.WARNING, __file__, 1, message, args, exc_info
        )
        record.request = object()  # Django attaches the request; it must never be written
        RequestContextFilter().filter(record)
        return json.loads(JsonFormatter().format(record))

    def test_a_line_carries_the_request_id_and_no_query_string(self):
        with acting_through("web") as context:
            line = self.format("Not Found: %s", "/cases/?q=35202-1234567-1&phone=0300")
        self.assertEqual(line["request_id"], context.request_id)
        self.assertEqual(line["interface"], "web")
        self.assertEqual(line["message"], "Not Found: /cases/?…")
        self.assertNotIn("request", line)

    def test_query_strings_are_cut_from_tracebacks_too(self):
        try:
            raise ValueError("bad /api/cases/?cnic=35202-1234567-1")
        except ValueError:
            import sys

            line = self.format("boom", exc_info=sys.exc_info())
        self.assertEqual(line["exception"], "ValueError")
        self.assertNotIn("35202", line["traceback"])

    def test_without_query_strings(self):
        self.assertEqual(
            without_query_strings('"GET /a/b?x=1 HTTP/1.1" and /c?d'),
            '"GET /a/b?… HTTP/1.1" and /c?…',
        )

    def test_a_request_writes_its_own_id_into_its_log_lines(self):
        lines = []

        class Capture(logging.Handler):
            def emit(self, record):
                lines.append(json.loads(self.format(record)))

        handler = Capture()
        handler.addFilter(RequestContextFilter())
        handler.setFormatter(JsonFormatter())
        logger = logging.getLogger("django.request")
        logger.addHandler(handler)
        try:
            first = self.client.get("/no-such-page/?q=03001234567")
            self.client.get("/no-such-page/?q=35202-1234567-1")
        finally:
            logger.removeHandler(handler)
        self.assertEqual(len(lines), 2)
        self.assertEqual({line["interface"] for line in lines}, {"web"})
        self.assertNotEqual(lines[0]["request_id"], lines[1]["request_id"])
        self.assertEqual(lines[0]["request_id"], first["X-Request-ID"])
        text = json.dumps(lines)
        self.assertNotIn("03001234567", text)
        self.assertNotIn("35202", text)


class VerifyChainTaskTest(RihaiTestCase):
    def test_the_task_reports_an_intact_chain_and_where_it_ran(self):
        import os

        from rihai.audit.actions import record_audit
        from rihai.ops.tasks import verify_audit_chain

        record_audit(event="record-viewed", object_type="t", object_id=1)
        answer = verify_audit_chain.delay().get()
        self.assertTrue(answer["intact"])
        self.assertGreaterEqual(answer["rows"], 1)
        self.assertEqual(answer["pid"], os.getpid())  # eager here; the smoke test uses a worker
