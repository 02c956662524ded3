"""Load benchmark: gunicorn (production settings) on PostgreSQL with 100,000 cases, driven by
locust headless; prints throughput, p50/p95/p99 and errors for each mix at 10, 50 and 100 users.

Usage::

    python benchmarks/bench_load.py                       # 100,000 cases, 10/50/100 users, 60 s
    python benchmarks/bench_load.py --users 10,50 --duration 45 --mix read
    python benchmarks/bench_load.py --cases 20000 --rebuild

What it does:

1. **Seeds** its own database (``test_rihai_bench_load``), kept between runs (``--rebuild``
   starts again): ``migrate``, then ``bench_case_list.build`` — the fast bulk path:
   ``bulk_create`` of persons, cases, members and exploitation types, each personal field
   encrypted and blind-indexed row by row as the real fields do, but no audit rows for the
   seeded records (seeding through the actions would take hours). 20 agencies, one holding
   40% of the cases; per agency 5 case workers, 2 investigators and 1 analyst.
2. **Signs everyone in** by writing their sessions (two-factor verified) through the
   configured session engine, as a real sign-in leaves them; sign-in itself is not measured.
3. **Serves** with ``deploy/gunicorn.conf.py`` (4 gthread workers × 4 threads), production
   settings (``config.settings.production``) with throwaway keys, Redis (db 13/14) as cache
   and broker, and one Celery worker with beat, which seals the journal of views.
4. **Loads** each mix with locust (``benchmarks/locust_rihai.py``): *read* — case workers
   (70%: case list, search, case pages, API list and detail, person page), investigators
   (20%: filtered API list, case page, investigations) and analysts (10%: home); *write* —
   the same plus case workers registering a person with a case and moving it to presumed.
   Users think 1-3 s between requests; ``--duration`` seconds per level after ramp-up.

Needs locust (``pip install -e '.[bench]'``), PostgreSQL on 127.0.0.1:5432 (trust) and Redis
on 127.0.0.1:6379. Not part of the
test suite; synthetic data only. The machine's other load changes the figures: re-run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

# Throwaway keys for this benchmark's synthetic database only; never use them anywhere else.
BENCH_KEYS = {
    "SECRET_KEY": "bench-only-Zq8rT1vKx3LmW9pNc5HsY2dJf7GbA4eRu6QiO0tVwXyEkS",
    "FIELD_ENCRYPTION_KEYS": "dQ2zJ7pXr9Lk3VbN8mT5wYc1Hf6Gs4Ua0Ei2Oo7Rq3I=",
    "BLIND_INDEX_KEYS": "bench-only-blind-Pk4Wn8Xq2Lr6Tz0Yc3Hv7Bm5Js1Fd9Ga",
    "AUDIT_CHAIN_KEYS": "bench-only-chain-Mx5Qw1Er7Ty3Ui9Op2As6Df0Gh4Jk8Lz",
    "AUDIT_CHECKPOINT_KEYS": "x4mY1l0oC7a2WnRr9Qb8VtZ3kJ6hGfEd5cUsPiA-_Nk=",
}
ROLES_PER_AGENCY = {"investigator": 2, "analyst": 1}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", default="10,50,100", help="comma-separated levels")
    parser.add_argument("--mix", default="read,write", help="read, write or both")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured per level")
    parser.add_argument("--port", type=int, default=8163)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", default="test_rihai_bench_load")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--seed-only", action="store_true", help="fill the database and stop")
    return parser.parse_args()


def environment(args, workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(BENCH_KEYS)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RIHAI_SITE_URL": f"http://127.0.0.1:{args.port}",
            "SECURE_SSL_REDIRECT": "false",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
            "REDIS_CACHE_URL": "redis://127.0.0.1:6379/14",
            "AUDIT_CHECKPOINT_DIR": str(workdir / "checkpoints"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "ERROR",
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
            # No recycling during a run: a recycled worker would take its CPU count with it.
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONPATH": str(ROOT),
        }
    )
    (workdir / "checkpoints").mkdir(exist_ok=True)
    (workdir / "media").mkdir(exist_ok=True)
    return env


def ensure_database(args) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and args.rebuild:
            c.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
            exists = None
        if not exists:
            c.execute(f'CREATE DATABASE "{args.db}"')


def seed(args) -> None:
    """Runs in this process with the server's settings, so the keys and sessions match."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Production serves hashed static names from a manifest: without it every page fails.
    call_command("collectstatic", interactive=False, verbosity=0)
    from rihai.cases.models import Case

    existing = Case.objects.count()
    if existing < args.cases:
        if existing:
            sys.exit(f"{existing} cases already in {args.db}; run with --rebuild")
        from bench_case_list import build

        build(args.cases, random.Random(args.seed))
    _extra_users()


def _extra_users() -> None:
    from django.contrib.auth.hashers import make_password

    from rihai.accounts.models import Agency, Role, Sex, User

    password = make_password("bench-pass-not-secret")
    for i, agency in enumerate(Agency.objects.filter(code__startswith="BENCH").order_by("code")):
        for code, count in ROLES_PER_AGENCY.items():
            role = Role.objects.get(code=code)
            for j in range(count):
                User.objects.get_or_create(
                    username=f"bench.{code}.{i}.{j}",
                    defaults={
                        "password": password,
                        "agency": agency,
                        "role": role,
                        "sex": Sex.FEMALE,
                    },
                )


def plan(workdir: Path) -> Path:
    """Sessions for every bench user and the ids each may open (from their own scope)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rihai.accounts.models import User
    from rihai.cases import queries
    from rihai.cases.models import CaseMember

    store = import_module(settings.SESSION_ENGINE).SessionStore
    users: dict[str, list[dict]] = {"case-worker": [], "investigator": [], "analyst": []}
    accounts = User.objects.filter(username__startswith="bench.").select_related("role")
    for user in accounts.exclude(username__startswith="bench.sup."):
        role = user.role.code
        if role not in users:
            continue
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        cases, persons, references = [], [], []
        if role != "analyst":
            visible = queries.visible_cases(user).order_by("-id").values_list("id", "reference")
            for case_id, reference in visible[:200]:
                cases.append(case_id)
                references.append(reference)
            members = CaseMember.objects.filter(case_id__in=cases).values_list("person_id")
            persons = [person_id for (person_id,) in members]
        users[role].append(
            {
                "session": session.session_key,
                "cases": cases,
                "persons": persons[:200],
                "references": references[:50],
            }
        )
    path = workdir / "plan.json"
    path.write_text(json.dumps({"users": users}), encoding="utf-8")
    print(f"signed in {', '.join(f'{len(v)} {k}s' for k, v in users.items())}", flush=True)
    return path


def port_is_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url}")


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        cmd,
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds of each live process (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def _web_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [server.pid, *map(int, children.read_text().split())] if children.exists() else []


def _db_pids(db: str) -> list[int]:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        rows = c.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db]).fetchall()
    return [row[0] for row in rows]


class CpuMeter:
    """CPU spent by this benchmark's gunicorn workers and their PostgreSQL backends during a
    level. The machine is shared: CPU per request, unlike latency, does not depend on what
    else runs, so it says what 2 dedicated cores would sustain."""

    def __init__(self, server, db: str):
        self.server, self.db = server, db

    def snapshot(self) -> tuple[dict, dict]:
        return _cpu_seconds(_web_pids(self.server)), _cpu_seconds(_db_pids(self.db))

    @staticmethod
    def spent(before: dict, after: dict) -> float:
        # Processes that started during the level count from zero; ones that ended are lost.
        return sum(after[pid] - before.get(pid, 0.0) for pid in after)


def run_level(args, env, plan_path: Path, mix: str, users: int, workdir: Path, meter=None) -> dict:
    prefix = workdir / f"{mix}-{users}"
    ramp = max(5, users // 10)
    locust_env = dict(env, RIHAI_BENCH_PLAN=str(plan_path), RIHAI_BENCH_MIX=mix)
    cmd = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(BENCH / "locust_rihai.py"), "--headless",
        "-u", str(users), "-r", str(max(1, users // ramp)),
        "-t", f"{args.duration + ramp}s", "--host", f"http://127.0.0.1:{args.port}",
        "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
    ]  # fmt: skip
    web_before, db_before = meter.snapshot() if meter else ({}, {})
    subprocess.run(cmd, env=locust_env, cwd=ROOT, check=False, capture_output=True)  # noqa: S603
    web_after, db_after = meter.snapshot() if meter else ({}, {})
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        failures = [
            f"{r['Name']}: {r['Error'][:120]} ×{r['Occurrences']}" for r in csv.DictReader(handle)
        ]
    count = max(1, int(total["Request Count"]))
    return {
        "mix": mix,
        "users": users,
        "web_cpu_ms": CpuMeter.spent(web_before, web_after) * 1000 / count,
        "db_cpu_ms": CpuMeter.spent(db_before, db_after) * 1000 / count,
        "requests": int(total["Request Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "errors": int(total["Failure Count"]),
        "failures": failures,
        "routes": {
            name: (int(r["Request Count"]), float(r["50%"]), float(r["95%"]))
            for name, r in rows.items()
            if name != "Aggregated"
        },
    }


def main():
    args = parse_args()
    if not port_is_free(args.port):
        sys.exit(f"port {args.port} is in use: choose another with --port")
    workdir = Path(tempfile.mkdtemp(prefix="rihai-bench-load-"))
    env = environment(args, workdir)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    ensure_database(args)
    started = time.perf_counter()
    seed(args)
    if args.seed_only:
        return
    plan_path = plan(workdir)
    print(f"seeded and signed in in {time.perf_counter() - started:.0f} s", flush=True)
    venv_bin = Path(sys.executable).parent
    server = start(
        [str(venv_bin / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--access-logfile",
         "/dev/null", "config.wsgi:application"],
        env, workdir / "gunicorn.log",
    )  # fmt: skip
    worker = start(
        [str(venv_bin / "celery"), "-A", "config", "worker", "-B", "--concurrency", "1",
         "--loglevel", "ERROR", "-s", str(workdir / "beat-schedule")],
        env, workdir / "celery.log",
    )  # fmt: skip
    results = []
    try:
        wait_for(f"http://127.0.0.1:{args.port}/healthz")
        meter = CpuMeter(server, args.db)
        for mix in args.mix.split(","):
            for users in [int(u) for u in args.users.split(",")]:
                result = run_level(args, env, plan_path, mix, users, workdir, meter)
                results.append(result)
                print(
                    f"{mix:<5} {users:>4} users  {result['requests']:>6} req  "
                    f"{result['rps']:>6.1f} req/s  p50 {result['p50']:>6.0f}  "
                    f"p95 {result['p95']:>6.0f}  p99 {result['p99']:>6.0f} ms  "
                    f"errors {result['errors']}  CPU/request: web {result['web_cpu_ms']:.0f} "
                    f"ms, db {result['db_cpu_ms']:.0f} ms",
                    flush=True,
                )
                for line in result["failures"][:5]:
                    print(f"        {line}")
    finally:
        stop(server)
        stop(worker)
    from rihai.audit.chain import verify_chain
    from rihai.audit.journal import backlog, seal_journal

    seal_journal(wait=True)
    print(f"\naudit chain after the run: {verify_chain() or 'intact'}; journal {backlog()[0]} rows")
    print("\nper route (requests, p50 ms, p95 ms) at the highest level of each mix:")
    for mix in args.mix.split(","):
        last = [r for r in results if r["mix"] == mix][-1]
        for name, (count, p50, p95) in sorted(last["routes"].items()):
            print(f"  {mix:<5} {name:<32} {count:>6} {p50:>6.0f} {p95:>6.0f}")
    (workdir / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nlogs and CSVs: {workdir}")


if __name__ == "__main__":
    main()
