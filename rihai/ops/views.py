"""/healthz, /readyz and /metrics: for load balancers, orchestrators and Prometheus.

None of them needs a session, and none says more than it must: /healthz only that the process
answers, /readyz the name and state of each check, /metrics only to a configured token or
address.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from . import health, metrics


@never_cache
@require_safe
def healthz(request):
    """The process is alive and serving; checks no dependency (a restart would not help)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Every dependency answers: 200 to take traffic, 503 to be left out of the pool."""
    results = health.run_checks()
    ready = all(ok for name, ok in results.items() if name not in health.ADVISORY)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {
            name: "ok" if ok else ("behind" if name in health.ADVISORY else "failing")
            for name, ok in results.items()
        },
    }
    return JsonResponse(body, status=200 if ready else 503)


def metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy rewrites it.
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


@never_cache
@require_safe
def metrics_view(request):
    if not settings.METRICS_TOKEN and not settings.METRICS_ALLOWED_IPS:
        raise Http404  # metrics are off until someone says who may read them
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST)
