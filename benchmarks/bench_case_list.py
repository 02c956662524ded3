"""Benchmark the case list API on PostgreSQL with 100,000 cases: p50/p95 and query counts.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python benchmarks/bench_case_list.py                # 100,000 cases, 60 requests each
    python benchmarks/bench_case_list.py --cases 20000 --requests 30 --rebuild

It builds its own database (``test_rihai_bench_cases`` unless ``--db`` says otherwise) with the
test settings' throwaway keys, fills it with synthetic persons and cases through
``bulk_create`` (names, parentage and phone encrypted row by row, blind indexes computed, as the
real fields do), and keeps it, so a second run measures at once; ``--rebuild`` starts again.

The load is skewed on purpose: one agency (the one measured) holds 40% of the cases, the
rest spread over 19 agencies in every province. Each measured request is the real API call
through the Django test client, signed in as a supervisor of that agency (its whole case load is
visible): authentication, the two-factor check, access scoping, filters, pagination, the
count, the prefetches, serialisation with decryption of the names on the page, and the audit row
the page writes. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AGENCIES = 20
MEASURED_SHARE = 0.4
BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--db", default="test_rihai_bench_cases")
    parser.add_argument("--rebuild", action="store_true", help="drop and refill the database")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after warm-up, as a WSGI worker can after start-up: the slowest "
        "requests are the ones that meet a full (generation 2) garbage collection",
    )
    return parser.parse_args()


def setup_django(db_name: str, rebuild: bool):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ["DATABASE_TEST_NAME"] = db_name
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL.")
    setup_test_environment()
    # keepdb: the filled database survives between runs; --rebuild drops it first.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=not rebuild)


def build(n_cases: int, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
    from rihai.cases.choices import CaseStatus, ExploitationType, MemberRole, PersonSex
    from rihai.cases.models import Case, CaseExploitation, CaseMember, Person
    from rihai.geo.models import District, Province

    provinces = list(Province.objects.order_by("id"))
    districts = {p.pk: list(District.objects.filter(province=p)) for p in provinces}
    supervisor_role = Role.objects.get(code="supervisor")
    worker_role = Role.objects.get(code="case-worker")
    password = make_password("bench-pass-not-secret")
    agencies, workers = [], {}
    for i in range(AGENCIES):
        province = provinces[i % len(provinces)] if i else Province.objects.get(iso_code="PK-PB")
        agency = Agency.objects.create(
            name=f"Bench agency {i}",
            code=f"BENCH{i:02d}",
            agency_type=AgencyType.FIA_AHTC if i % 2 == 0 else AgencyType.NGO,
            province=province,
            district=districts[province.pk][0],
        )
        agencies.append(agency)
        User.objects.create(
            username=f"bench.sup.{i}",
            password=password,
            agency=agency,
            role=supervisor_role,
            sex=Sex.FEMALE,
        )
        workers[agency.pk] = [
            User.objects.create(
                username=f"bench.cw.{i}.{j}",
                password=password,
                agency=agency,
                role=worker_role,
                sex=Sex.FEMALE if j % 2 == 0 else Sex.MALE,
            )
            for j in range(5)
        ]
    given = ["Samina", "Nasreen", "Shazia", "Kiran", "Imran", "Bilal", "Akram", "Naveed", "Zainab"]
    given_ur = ["ثمینہ", "نسرین", "شازیہ", "کرن", "عمران", "بلال", "اکرم", "نوید", "زینب"]
    statuses = CaseStatus.values
    types = ExploitationType.values
    now = timezone.now()
    weights = [MEASURED_SHARE] + [(1 - MEASURED_SHARE) / (AGENCIES - 1)] * (AGENCIES - 1)
    started = time.perf_counter()
    done = 0
    while done < n_cases:
        size = min(BATCH, n_cases - done)
        persons, cases = [], []
        for k in range(size):
            n = done + k
            agency = rng.choices(agencies, weights=weights)[0]
            worker = rng.choice(workers[agency.pk])
            district = rng.choice(districts[agency.province_id])
            g = rng.randrange(len(given))
            persons.append(
                Person(
                    agency=agency,
                    created_by=worker,
                    name_roman=f"{given[g]} Bench {n}",
                    name_ur=given_ur[g],
                    parentage_relation="d/o",
                    parentage_name=f"{rng.choice(given)} Bench",
                    sex=PersonSex.FEMALE if rng.random() < 0.8 else PersonSex.MALE,
                    estimated_age=rng.randint(8, 60),
                    birth_year=2026 - rng.randint(8, 60),
                    phone=f"0300-{n:07d}" if rng.random() < 0.5 else "",
                    province_id=agency.province_id,
                    district=district,
                )
            )
            created = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            cases.append(
                Case(
                    agency=agency,
                    reference=f"{agency.code}-{created.year}-{n:06d}",
                    status=rng.choice(statuses),
                    assigned_to=worker,
                    created_by=worker,
                    created_on=created,
                    province_id=agency.province_id,
                    district=district,
                    destination_country=rng.choice(["PK", "PK", "PK", "SA", "AE"]),
                )
            )
        Person.objects.bulk_create(persons, batch_size=1000)
        Case.objects.bulk_create(cases, batch_size=1000)
        CaseMember.objects.bulk_create(
            [
                CaseMember(case=c, person=p, role=MemberRole.PRIMARY)
                for c, p in zip(cases, persons, strict=True)
            ],
            batch_size=2000,
        )
        CaseExploitation.objects.bulk_create(
            [
                CaseExploitation(case=c, exploitation_type=t)
                for c in cases
                for t in rng.sample(types, k=rng.choice([1, 1, 1, 2]))
            ],
            batch_size=2000,
        )
        done += size
        print(f"  {done:>7} cases  {time.perf_counter() - started:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {n_cases} cases in {time.perf_counter() - started:.1f} s")


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


def measure(client, url: str, *, requests: int, warmup: int, gc_freeze: bool) -> dict:
    import gc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    if gc_freeze:
        gc.collect()
        gc.freeze()
    timings, queries, rows = [], set(), 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured.captured_queries))
        rows = len(response.json()["results"])
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[max(0, int(round(0.95 * len(timings))) - 1)],
        "queries": sorted(queries),
        "rows": rows,
    }


def main():
    args = parse_args()
    setup_django(args.db, args.rebuild)
    from django.conf import settings

    from rihai.accounts.models import User
    from rihai.cases.models import Case

    settings.ALLOWED_HOSTS = ["testserver"]
    existing = Case.objects.count()
    if existing < args.cases:
        if existing:
            sys.exit(f"{existing} cases already in {args.db}; run with --rebuild")
        build(args.cases, random.Random(args.seed))
    total = Case.objects.count()
    supervisor = User.objects.get(username="bench.sup.0")
    visible = Case.objects.filter(agency=supervisor.agency).count()
    print(f"\n{total} cases in the database; the measured supervisor sees {visible}")
    print(f"gc.freeze() after warm-up: {'yes' if args.gc_freeze else 'no'}")
    client = signed_in_client(supervisor)
    scenarios = [
        ("status filter", "status=assistance"),
        ("exploitation type filter", "exploitation_type=bonded-labour"),
        ("status + date range", "status=presumed&created_from=2025-01-01&created_to=2025-12-31"),
        ("no filter", ""),
    ]
    print(f"{'scenario':<28} {'page':>4} {'rows':>4} {'p50 ms':>8} {'p95 ms':>8}  queries")
    for label, query in scenarios:
        for size in (10, 50, 100):
            url = f"/api/cases/?page_size={size}" + (f"&{query}" if query else "")
            result = measure(
                client, url, requests=args.requests, warmup=args.warmup, gc_freeze=args.gc_freeze
            )
            print(
                f"{label:<28} {size:>4} {result['rows']:>4} {result['p50']:>8.1f} "
                f"{result['p95']:>8.1f}  {result['queries']}"
            )


if __name__ == "__main__":
    main()
