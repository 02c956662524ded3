"""Benchmark ad ingestion through the app, and the review queue's page latency.

Usage::

    python benchmarks/bench_ingest.py                      # 5,000 ads, in-memory SQLite
    python benchmarks/bench_ingest.py --ads 20000 --requests 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python benchmarks/bench_ingest.py --ads 20000      # on PostgreSQL (own test database)

Generates synthetic ads (``adscreen.synthetic``, every number visibly fake), uploads them as
one JSONL batch through ``do_upload_ad_batch`` and scores it with the batch task in this
process (what a Celery worker runs: adscreen's chunk function, dedupe, encryption of text,
URL and entities, registry flags, one audit row per chunk), then the network update. It
prints ads/s for scoring and for the network update separately. Then it times the review
queue page (``/screening/``, signed in as an investigator, through the Django test client:
authentication, two-factor check, access, the count, one page of 50 ads decrypted, the audit
row) and a filtered page, p50/p95 over ``--requests`` requests. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default="test_rihai_bench_ingest")
    parser.add_argument(
        "--jobs", type=int, default=0, help="scoring processes (default: the CPU count)"
    )
    return parser.parse_args()


def setup_django(db_name: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if os.environ.get("DATABASE_URL"):  # else the test settings' in-memory SQLite
        os.environ["DATABASE_TEST_NAME"] = db_name
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection


def world():
    from rihai.accounts.models import Agency, AgencyType, Role, User
    from rihai.geo.models import Province

    agency = Agency.objects.create(
        name="Bench FIA",
        code="BFIA",
        agency_type=AgencyType.FIA_AHTC,
        province=Province.objects.get(iso_code="PK-PB"),
    )
    return User.objects.create_user(
        username="bench-investigator",
        password="bench-pass-123456",
        agency=agency,
        role=Role.objects.get(code="investigator"),
    )


def corpus(n: int, seed: int) -> bytes:
    from adscreen.synthetic import generate

    lines = []
    for i, ad in enumerate(generate(n, seed=seed)):
        source = ("facebook", "olx", "whatsapp", "rozee")[i % 4]
        # A serial number keeps variations of one base ad apart: n distinct ads.
        text = f"{ad['text']} (ref {i})"
        record = {"id": ad["id"], "text": text, "source": source}
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def cpu_seconds() -> float:
    """CPU time of this process and of the scoring processes it has waited for."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def signed_in_client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, url: str, *, requests: int, warmup: int) -> dict:
    for _ in range(warmup):
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def main():
    args = parse_args()
    connection = setup_django(args.db)
    from unittest import mock

    from django.conf import settings

    from rihai.screening import actions, tasks
    from rihai.screening.models import Ad, Network

    settings.SCREENING_SCORING_JOBS = args.jobs
    user = world()
    content = corpus(args.ads, args.seed)
    client = signed_in_client(user)
    began = time.perf_counter()
    with mock.patch("rihai.screening.tasks.enqueue_scoring"):
        batch, _ = actions.do_upload_ad_batch(acting_user=user, content=content)
    uploading = time.perf_counter() - began
    with mock.patch("rihai.screening.tasks.update_networks"):
        start, cpu_start = time.perf_counter(), cpu_seconds()
        tasks.score_batch(batch.pk)
        scoring, scoring_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    start, cpu_start = time.perf_counter(), cpu_seconds()
    counts = actions.do_update_networks(acting_user=user)
    clustering, clustering_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    assert client.get("/screening/?band=high&status=new").status_code == 200
    total = time.perf_counter() - began
    stored = Ad.objects.count()
    jobs = tasks.scoring_jobs(max(2, args.ads // 500))
    print(
        f"database: {connection.vendor}; ads generated: {args.ads}; stored: {stored}; "
        f"scoring processes: {jobs}; load average before: {os.getloadavg()[0]:.1f}"
    )
    print(f"upload (stored, encrypted): {uploading:.1f} s")
    print(
        f"scoring + storing: {scoring:.1f} s, {args.ads / scoring:,.0f} ads/s; "
        f"CPU {scoring_cpu:.1f} s in all processes ({1000 * scoring_cpu / args.ads:.2f} ms per ad)"
    )
    print(
        f"network update over {stored} ads: {clustering:.1f} s, {stored / clustering:,.0f} ads/s "
        f"({counts['networks']} networks, {Network.objects.filter(strength='strong').count()} strong)"
    )
    cpu_per_ad = (scoring_cpu + clustering_cpu) / args.ads
    print(
        f"CPU per ad, scoring and networks: {1000 * cpu_per_ad:.2f} ms; on {os.cpu_count()} idle "
        f"cores that is {os.cpu_count() / cpu_per_ad:,.0f} ads/s, 100,000 ads in "
        f"{100_000 * cpu_per_ad / os.cpu_count() / 60:.1f} min (the network update runs on one)"
    )
    print(
        f"upload to scored, in networks and queryable: {total:.1f} s "
        f"({args.ads / total:,.0f} ads/s; 100,000 ads at this rate: {100_000 / (args.ads / total) / 60:.1f} min)"
    )
    for label, url in (
        ()
        if args.requests == 0
        else (
            ("queue, first page", "/screening/"),
            ("queue, high risk not reviewed", "/screening/?band=high&status=new"),
            ("queue, page 20", "/screening/?page=20"),
            ("API queue, first page", "/api/ads/"),
        )
    ):
        figures = measure(client, url, requests=args.requests, warmup=args.warmup)
        print(f"{label:32} p50 {figures['p50_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms")
    connection.creation.destroy_test_db(args.db, verbosity=0)


if __name__ == "__main__":
    main()
