"""Benchmark ad ingestion through the app, and the review queue's page latency.

Usage::

    python benchmarks/bench_ingest.py                      # 5,000 ads, in-memory SQLite
    python benchmarks/bench_ingest.py --ads 20000 --requests 40

    # The issue's figures (PostgreSQL, Redis, a real prefork worker with 2 processes, then the
    # queue with a million ads stored); takes its own database, dropped at the end:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python benchmarks/bench_ingest.py --ads 100000 --worker 2 --queue-ads 1000000

Generates synthetic ads (``adscreen.synthetic``, every number visibly fake) and uploads them
as one JSONL batch through ``do_upload_ad_batch``.

* In-process (default): the batch task runs here, as the embedded default runs it (chunks
  stored one after another while ``--jobs`` processes score ahead), then the network update.
* ``--worker N``: starts ``celery worker --pool prefork --concurrency N`` on a queue of its
  own (Redis at ``--broker``), and the upload queues the work as production does: the batch
  task splits the file, the worker's processes score the chunks side by side, the last chunk
  queues the network update. The clock runs from the upload until every ad is stored, linked
  into networks and the queue page answers. CPU is the benchmark's and the worker's (all its
  processes, counted when it exits); PostgreSQL's own CPU is not included.

Then ``--queue-ads M`` fills the store up to M ads with a server-side bulk copy of the scored
ads (``INSERT ... SELECT`` over ``generate_series``, PostgreSQL only: the ciphertext is copied,
scores and review states are drawn at random; copies are never linked into networks), runs
``VACUUM ANALYZE`` and times the review queue (``/screening/``, signed in as an investigator,
through the Django test client: authentication, two-factor check, access, the capped count,
one page of 50 ads decrypted, the audit row): p50/p95 over ``--requests`` requests per page.
With ``--explain`` it prints PostgreSQL's plan summary for each query a page runs on the ad
table (index names, and any sequential scan of the ad table), with its execution time. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUEUE_PAGES = (
    ("queue, first page", "/screening/"),
    ("queue, high risk not reviewed", "/screening/?band=high&status=new"),
    ("queue, page 20", "/screening/?page=20"),
    ("queue, Urdu ads", "/screening/?language=ur"),
    ("queue, one flag", "/screening/?flag=azad-visa"),
    ("API queue, first page", "/api/ads/"),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", default="test_rihai_bench_ingest")
    parser.add_argument(
        "--jobs", type=int, default=0, help="in-process scoring processes (default: CPU count)"
    )
    parser.add_argument(
        "--worker", type=int, default=0, help="score through a prefork worker of N processes"
    )
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds to wait for a worker")
    parser.add_argument(
        "--queue-ads", type=int, default=0, help="fill the store to this many ads for the queue"
    )
    parser.add_argument("--explain", action="store_true", help="print the queue's query plans")
    parser.add_argument(
        "--later",
        type=int,
        default=1000,
        help="then a later batch of N new ads: its network update alone (0: skip)",
    )
    args = parser.parse_args()
    if (args.worker or args.queue_ads) and not os.environ.get("DATABASE_URL"):
        parser.error("--worker and --queue-ads need PostgreSQL: set DATABASE_URL")
    return args


def setup_django(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if os.environ.get("DATABASE_URL"):  # else the test settings' in-memory SQLite
        os.environ["DATABASE_TEST_NAME"] = args.db
    if args.worker:
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
        os.environ["CELERY_BROKER_URL"] = args.broker
        os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"rihai-bench-{uuid.uuid4().hex[:10]}"
    else:
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
    """CPU time of this process and of the processes it has waited for (scoring processes,
    the worker and, through it, its pool's processes)."""
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


# ---------------------------------------------------------------- ingestion


def ingest_in_process(user, content: bytes, args) -> dict:
    from unittest import mock

    from rihai.screening import actions, tasks

    began = time.perf_counter()
    with mock.patch("rihai.screening.tasks.enqueue_scoring"):
        batch, _ = actions.do_upload_ad_batch(acting_user=user, content=content)
    uploading = time.perf_counter() - began
    with mock.patch("rihai.screening.tasks.link_networks"):
        start, cpu_start = time.perf_counter(), cpu_seconds()
        tasks.score_batch(batch.pk)
        scoring, scoring_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    start, cpu_start = time.perf_counter(), cpu_seconds()
    counts = actions.do_update_networks(acting_user=user)
    linking, linking_cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    return {
        "began": began,
        "upload": uploading,
        "scoring": scoring,
        "scoring_cpu": scoring_cpu,
        "linking": linking,
        "linking_cpu": linking_cpu,
        "counts": counts,
        "processes": tasks.scoring_jobs(max(2, args.ads // 500)),
    }


def worker_database_url(connection) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(connection, args, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": worker_database_url(connection),  # the benchmark's own database
        "CELERY_BROKER_URL": args.broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    env.pop("DATABASE_TEST_NAME", None)
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue]
    command += ["--pool", "prefork", "--concurrency", str(args.worker), "-n", f"{queue}@%h"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    command += ["--loglevel", "WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def ingest_through_worker(user, content: bytes, args, connection) -> dict:
    from rihai.screening import actions
    from rihai.screening.models import Ad, AdBatch, Network

    log = tempfile.TemporaryFile()
    worker = start_worker(connection, args, log)
    cpu_start = cpu_seconds()
    try:
        time.sleep(3)  # the worker connects before the clock starts
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited: {read_log(log)}")
        began = time.perf_counter()
        batch, _ = actions.do_upload_ad_batch(acting_user=user, content=content)
        uploading = time.perf_counter() - began
        deadline, shown = began + args.timeout, 0.0
        while True:
            batch.refresh_from_db()
            now = time.perf_counter()
            if batch.status in ("done", "cancelled"):
                scoring = now - began
                break
            if now > deadline or worker.poll() is not None:
                raise SystemExit(f"not scored in time ({batch.cursor} lines): {read_log(log)}")
            if now - shown >= 15:
                shown = now
                print(f"  {now - began:6.0f} s: {batch.cursor:,} of {batch.total_lines:,} lines")
            time.sleep(0.5)
        while Ad.objects.filter(template_root=None).exists():  # the network update
            if time.perf_counter() > deadline or worker.poll() is not None:
                raise SystemExit(f"networks not linked in time: {read_log(log)}")
            time.sleep(0.5)
        linked = time.perf_counter() - began
    finally:
        worker.terminate()  # warm shutdown: the pool's processes exit and are waited for
        worker.wait(timeout=120)
    chunks = batch.chunks.values_list("scored_by", flat=True)
    return {
        "began": began,
        "upload": uploading,
        "scoring": scoring,
        "scoring_cpu": cpu_seconds() - cpu_start,  # everything the worker did, networks too
        "linking": linked - scoring,
        "linking_cpu": 0.0,
        "counts": {"networks": Network.objects.count()},
        "processes": args.worker,
        "pids": len({c.split("@")[0] for c in chunks}),
        "status": AdBatch.objects.get(pk=batch.pk).status,
    }


def read_log(log) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-3000:]


def later_batch(user, args) -> None:
    """A later, small batch scored here, then its network update: the update reads the stored
    ads the batch touches, so its time follows the batch, not the store."""
    from unittest import mock

    from rihai.screening import actions, tasks
    from rihai.screening.models import Ad

    content = corpus(args.later, args.seed + 1)
    content = content.replace(b"(ref ", b"(later ref ")  # new ads, not the first batch again
    with mock.patch("rihai.screening.tasks.enqueue_scoring"):
        batch, _ = actions.do_upload_ad_batch(acting_user=user, content=content)
    with (
        mock.patch("rihai.screening.tasks.link_networks"),
        mock.patch.object(tasks, "runs_eagerly", return_value=True),
    ):
        tasks.score_batch(batch.pk)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    counts = actions.do_update_networks(acting_user=user)
    took, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    print(
        f"a later batch of {counts['ads_linked']:,} ads joins {Ad.objects.count():,} stored: "
        f"network update {took:.2f} s (CPU {cpu:.2f} s; {counts['networks_touched']} networks "
        "touched)"
    )


# ---------------------------------------------------------------- a million ads in the queue


def seed_queue(total: int) -> tuple[int, float]:
    """Copies the stored, scored ads server-side until the store holds ``total`` ads."""
    from django.db import connection

    from rihai.screening.models import Ad

    start, stored = time.perf_counter(), Ad.objects.count()
    if stored == 0 or stored >= total:
        return stored, 0.0
    fields = [f for f in Ad._meta.concrete_fields if not f.primary_key]
    drawn = {
        "content_hash": "'seed-' || s.g || '-' || a.id",
        "url_key": "''",
        "score": "s.score",
        "band": "CASE WHEN s.score >= 0.5 THEN 'high' WHEN s.score >= 0.2 "
        "THEN 'medium' ELSE 'low' END",
        "review_status": "CASE WHEN s.u < 0.9 THEN 'new' WHEN s.u < 0.95 THEN 'dismiss' "
        "ELSE 'watch' END",
        "created_on": "now() - s.u * interval '365 days'",
        "network_id": "NULL",
        # Copies are never linked (no band keys, no contacts): 0 keeps them out of the
        # network update's "not linked yet" and out of every group.
        "template_root": "0",
        "contact_root": "0",
        "shares_contact": "false",
    }
    columns = ", ".join(f.column for f in fields)
    values = ", ".join(drawn.get(f.column, f"a.{f.column}") for f in fields)
    sql = f"""
        WITH base AS MATERIALIZED (
            SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM screening_ad
            WHERE content_hash NOT LIKE 'seed-%%'
        )
        INSERT INTO screening_ad ({columns})
        SELECT {values}
        FROM (SELECT g, random() AS score, random() AS u FROM generate_series(%s, %s) g) s
        JOIN base a ON a.k = s.g %% %s
    """  # noqa: S608  (identifiers from the model; numbers as parameters)
    base = stored
    step = 200_000
    with connection.cursor() as cursor:
        for first in range(0, total - stored, step):
            last = min(total - stored, first + step) - 1
            cursor.execute(sql, [first, last, base])
            print(f"  seeded {stored + last + 1:,} ads ({time.perf_counter() - start:.0f} s)")
        cursor.execute("VACUUM ANALYZE screening_ad")
    return Ad.objects.count(), time.perf_counter() - start


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


def explain(client, url: str) -> list[str]:
    """PostgreSQL's plan of each query the page runs on the ad table: its top nodes, any
    sequential scan of the ad table, and the execution time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    lines = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "screening_ad" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        nodes = list(_plan_nodes(plan["Plan"]))
        scans = [n for n in nodes if n == "Seq Scan screening_ad"]
        # Under a Limit the scan stops at the limit's rows; a filter matching few ads still
        # reads the whole table.
        head = sql.split(" FROM ")[0][:40]
        lines.append(
            f"    {plan['Execution Time']:7.1f} ms  {head} ...: {' > '.join(nodes[:5])}"
            + ("  [sequential scan of the ad table]" if scans else "")
        )
    return lines


def _plan_nodes(node):
    """Node names of a JSON plan, depth first, with the index or table each one reads."""
    label = node["Node Type"]
    if node.get("Index Name"):
        label += f" {node['Index Name']}"
    elif node["Node Type"] == "Seq Scan":
        label += f" {node.get('Relation Name', '')}"
    yield label
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def main():
    args = parse_args()
    connection = setup_django(args)
    from django.conf import settings

    from rihai.screening.models import Ad, Network

    settings.SCREENING_SCORING_JOBS = args.jobs
    user = world()
    content = corpus(args.ads, args.seed)
    client = signed_in_client(user)
    load = os.getloadavg()[0]
    if args.worker:
        figures = ingest_through_worker(user, content, args, connection)
    else:
        figures = ingest_in_process(user, content, args)
    assert client.get("/screening/?band=high&status=new").status_code == 200
    total = time.perf_counter() - figures["began"]
    stored = Ad.objects.count()
    where = f"a prefork worker of {args.worker} processes" if args.worker else "this process"
    print(
        f"database: {connection.vendor}; ads generated: {args.ads}; stored: {stored}; "
        f"scored in {where}; scoring processes: {figures['processes']}"
        + (f" (chunks stored by {figures['pids']} pids)" if args.worker else "")
        + f"; load average before: {load:.1f}"
    )
    print(f"upload (stored, encrypted): {figures['upload']:.1f} s")
    print(
        f"upload to scored and stored: {figures['scoring']:.1f} s, "
        f"{args.ads / figures['scoring']:,.0f} ads/s"
    )
    cpu = figures["scoring_cpu"] + figures["linking_cpu"]
    print(
        f"network update (new ads joining {stored:,} stored): {figures['linking']:.1f} s more "
        f"({figures['counts']['networks']} networks, "
        f"{Network.objects.filter(strength='strong').count()} strong)"
    )
    print(
        f"CPU, all processes but PostgreSQL's: {cpu:.1f} s ({1000 * cpu / args.ads:.2f} ms per ad); "
        f"on {os.cpu_count()} idle cores 100,000 ads would take about "
        f"{100_000 * cpu / args.ads / os.cpu_count() / 60:.1f} min"
    )
    print(
        f"upload to scored, in networks and queryable: {total:.1f} s "
        f"({args.ads / total:,.0f} ads/s; 100,000 ads at this rate: "
        f"{100_000 / (args.ads / total) / 60:.1f} min)"
    )
    if args.later:
        later_batch(user, args)
    if args.queue_ads:
        stored, seeding = seed_queue(args.queue_ads)
        print(f"store filled to {stored:,} ads in {seeding:.0f} s (server-side copy)")
    pages = () if args.requests == 0 else QUEUE_PAGES
    print(f"review queue with {Ad.objects.count():,} ads stored, {args.requests} requests each:")
    for label, url in pages:
        figures = measure(client, url, requests=args.requests, warmup=args.warmup)
        print(f"  {label:32} p50 {figures['p50_ms']:7.1f} ms   p95 {figures['p95_ms']:7.1f} ms")
        if args.explain and connection.vendor == "postgresql":
            print("\n".join(explain(client, url)))
    connection.creation.destroy_test_db(args.db, verbosity=0)


if __name__ == "__main__":
    main()
