"""Prometheus metrics: requests by method, route and status, their latency, Celery task
failures and queue length, audit rows. Labels are route names, never paths: a path can hold an id, and a query
string a phone number or CNIC.

Each process keeps its own counters (prometheus_client's default registry). With several
gunicorn workers, set PROMETHEUS_MULTIPROC_DIR (see docs/operations.md) so /metrics adds up
every worker's counters.
"""

import os
import time

from celery.signals import task_failure
from django.apps import apps
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily

REQUESTS = Counter(
    "rihai_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "rihai_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASK_FAILURES = Counter("rihai_celery_task_failures_total", "Celery tasks that raised", ["task"])
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class AuditRowsCollector:
    """The number of audit rows, read from the chain head when /metrics is scraped, and the
    journal of views waiting to be sealed into the chain (rows, age of the oldest)."""

    def collect(self):
        gauge = GaugeMetricFamily("rihai_audit_rows", "Rows in the audit chain")
        waiting = GaugeMetricFamily(
            "rihai_audit_journal_rows", "Views of personal data waiting to be sealed"
        )
        oldest = GaugeMetricFamily(
            "rihai_audit_journal_oldest_seconds", "Age of the oldest view waiting to be sealed"
        )
        try:
            from rihai.audit.journal import backlog

            head = apps.get_model("audit", "AuditChainHead")._base_manager
            gauge.add_metric([], head.filter(id=1).values_list("last_id", flat=True).first() or 0)
            count, age = backlog()
            waiting.add_metric([], count)
            oldest.add_metric([], age)
        except Exception:  # noqa: BLE001, S110 - a scrape must not fail because the database did
            return
        yield gauge
        yield waiting
        yield oldest


class QueueDepthCollector:
    """Tasks waiting in the Celery queue (Redis ``LLEN``), read when /metrics is scraped.

    A growing queue means the workers do not keep up, or are down. Only a Redis broker is
    read (the laptop default runs tasks eagerly and has no queue)."""

    def collect(self):
        from django.conf import settings

        url = getattr(settings, "CELERY_BROKER_URL", "")
        if not url.startswith(("redis://", "rediss://")):
            return
        queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
        gauge = GaugeMetricFamily(
            "rihai_celery_queue_length", "Tasks waiting in the queue", labels=["queue"]
        )
        try:
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            gauge.add_metric([queue], client.llen(queue))
        except Exception:  # noqa: BLE001, S110 - a scrape must not fail because Redis did
            return
        yield gauge


_audit_collector = AuditRowsCollector()
_queue_collector = QueueDepthCollector()


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_audit_collector)
        registry.register(_queue_collector)
        return generate_latest(registry)
    return generate_latest(REGISTRY) + generate_latest(_single_audit_registry)


_single_audit_registry = CollectorRegistry()
_single_audit_registry.register(_audit_collector)
_single_audit_registry.register(_queue_collector)


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or "unnamed"


class MetricsMiddleware:
    """Counts and times every request; placed first so it sees every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in _METHODS else "other"
        route = route_of(request)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        LATENCY.labels(method, route).observe(time.perf_counter() - started)
        return response


@task_failure.connect
def _count_task_failure(sender=None, **kwargs):
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()
