"""Where a request's time goes: the case list, case detail and person pages (and their API
twins) under cProfile, in-process, on the database ``bench_load.py`` seeded.

Usage::

    python benchmarks/profile_pages.py                    # after bench_load.py has seeded
    python benchmarks/profile_pages.py --db test_rihai_bench_load_small --requests 20 --top 25

Prints, per page: mean milliseconds, queries per request, and the functions with the most
cumulative time (Rihai's own and Django's). Production settings, as the benchmark serves.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_load import environment  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="test_rihai_bench_load")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--sql", action="store_true", help="print one request's queries")
    parser.add_argument(
        "--before",
        action="store_true",
        help="as before issue 17: session written on every request, read from the database, "
        "views audited under the chain's head lock (for before/after figures)",
    )
    args = parser.parse_args()
    env = environment(args, Path(tempfile.mkdtemp(prefix="rihai-profile-")))
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rihai.accounts.models import User
    from rihai.cases import queries

    settings.ALLOWED_HOSTS = ["testserver"]
    if args.before:
        from unittest import mock

        from rihai.audit.actions import record_audit

        settings.SESSION_SAVE_EVERY_REQUEST = True
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
        settings.MIDDLEWARE = [
            m for m in settings.MIDDLEWARE if m != "rihai.core.sessions.SessionRefreshMiddleware"
        ]
        mock.patch("rihai.cases.actions.record_read", record_audit).start()
        mock.patch("rihai.audit.journal.record_read", record_audit).start()
    user = User.objects.get(username="bench.cw.0.0")
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    case = queries.case_list(user, filters={}).order_by("-id").first()
    person_id = case.members.first().person_id
    pages = [
        ("case list", "/cases/"),
        ("case detail", f"/cases/{case.pk}/"),
        ("person", f"/cases/persons/{person_id}/"),
        ("api case list", "/api/cases/"),
        ("api case detail", f"/api/cases/{case.pk}/"),
    ]
    for label, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as captured:
            # CPU time of this process: on a shared machine wall time measures the neighbours.
            cpu_started = time.process_time()
            for _ in range(args.requests):
                client.get(url)
            cpu = (time.process_time() - cpu_started) * 1000 / args.requests
        if args.top:
            profiler.enable()
            for _ in range(args.requests):
                client.get(url)
            profiler.disable()
        print(
            f"\n== {label} {url}: {cpu:.1f} ms CPU/request (without the profiler), "
            f"{len(captured.captured_queries) / args.requests:.0f} queries/request"
        )
        if args.sql:
            per_request = len(captured.captured_queries) // args.requests
            for query in captured.captured_queries[:per_request]:
                print(f"   {query['time']}s  {query['sql'][:150]}")
        if args.top:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(
                r"rihai|django/(contrib|db/models/query)", args.top
            )


if __name__ == "__main__":
    main()
