"""Slow clients (slow loris) cannot starve gunicorn behind the deployment's nginx recipe.

gunicorn runs with deploy/gunicorn.conf.py sized to one worker of two threads; nginx with the
recipe's own server block (``slow_clients.nginx_config``). Three times as many connections
as gunicorn has threads trickle never-ending headers or never-ending form bodies through
nginx; a normal request must still be answered. nginx holds the trickling connections itself
(it reads whole requests before passing them on: ``proxy_request_buffering on``), so gunicorn
never sees them. Turning that buffering off lets the trickling bodies through, and this test
then fails (checked when it was written). What the same connections do to gunicorn without
nginx is measured, not asserted: ``benchmarks/bench_slow_clients.py``.

Needs nginx (``apt-get install nginx-light``): skipped without it, except where
RIHAI_REQUIRE_NGINX=1 (``.ci/smoke`` installs nginx, sets it and runs this test).
"""

import os

import pytest

from . import slow_clients as sc

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sc.nginx_available() and os.environ.get("RIHAI_REQUIRE_NGINX") != "1",
        reason="nginx is not installed",
    ),
]
THREADS = 2
TRICKLING = 3 * THREADS
# Generous: a loaded CI machine answers /healthz in well under a second; a starved worker
# never answers while the slow clients last (they outlast this).
PATIENCE = 20.0


@pytest.mark.parametrize("kind", ["headers", "body"])
def test_trickling_clients_behind_nginx_leave_the_workers_free(kind):
    with sc.gunicorn(workers=1, threads=THREADS), sc.nginx():
        with sc.SlowClients(sc.NGINX_PORT, TRICKLING, kind=kind, gap=1.0):
            answers = [sc.normal_request(sc.NGINX_PORT, timeout=PATIENCE)[0] for _ in range(3)]
    assert answers == [200, 200, 200]
