"""Benchmark the directory search and a provider's incoming referrals on PostgreSQL.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python benchmarks/bench_referrals.py           # 5,000 providers, 200,000 referrals
    python benchmarks/bench_referrals.py --providers 1000 --referrals 20000 --rebuild

It builds its own database (``test_rihai_bench_referrals`` unless ``--db`` says otherwise) with
the test settings' throwaway keys and keeps it, so a second run measures at once. Providers get
1–3 needs and 1–8 districts of their province; referrals (snapshots encrypted row by row, as the
real field does) spread over the providers, one measured shelter agency receiving 10% of them.
Each measured request is the real API call through the Django test client (sign-in, two-factor
check, scoping, filters, pagination, count, serialisation, the audit row a referral list writes).
Prints p50/p95 and query counts. Not part of the test suite; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5000)
    parser.add_argument("--referrals", type=int, default=200_000)
    parser.add_argument("--cases", type=int, default=2000, help="cases the referrals point to")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--db", default="test_rihai_bench_referrals")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=2018)
    return parser.parse_args()


def build(args, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
    from rihai.cases.models import Case, CaseMember, Person
    from rihai.geo.models import District, Province
    from rihai.referrals.choices import ServiceType
    from rihai.referrals.models import Provider, ProviderService, Referral

    started = time.perf_counter()
    punjab = Province.objects.get(iso_code="PK-PB")
    provinces = list(Province.objects.order_by("id"))
    districts = {p.pk: list(District.objects.filter(province=p)) for p in provinces}
    password = make_password("bench-pass-not-secret")
    roles = {r.code: r for r in Role.objects.all()}
    sender = Agency.objects.create(
        name="Bench sender", code="BSEND", agency_type=AgencyType.FIA_AHTC, province=punjab
    )
    shelter = Agency.objects.create(
        name="Bench shelter", code="BSHEL", agency_type=AgencyType.SHELTER, province=punjab
    )
    worker = User.objects.create(
        username="bench.cw",
        password=password,
        agency=sender,
        role=roles["case-worker"],
        sex=Sex.FEMALE,
    )
    User.objects.create(
        username="bench.sp",
        password=password,
        agency=shelter,
        role=roles["service-provider"],
        sex=Sex.FEMALE,
    )
    others = [
        Agency.objects.create(
            name=f"Bench provider agency {i}",
            code=f"BPA{i:03d}",
            agency_type=AgencyType.NGO,
            province=provinces[i % len(provinces)],
        )
        for i in range(50)
    ]
    persons = Person.objects.bulk_create(
        [
            Person(
                agency=sender,
                created_by=worker,
                name_roman=f"Bench {n}",
                sex="female",
                estimated_age=rng.randint(18, 50),
            )
            for n in range(args.cases)
        ],
        batch_size=1000,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                agency=sender,
                reference=f"BSEND-2026-{n:06d}",
                created_by=worker,
                assigned_to=worker,
                province=punjab,
                district=districts[punjab.pk][n % 30],
            )
            for n in range(args.cases)
        ],
        batch_size=1000,
    )
    CaseMember.objects.bulk_create(
        [CaseMember(case=c, person=p) for c, p in zip(cases, persons, strict=True)],
        batch_size=2000,
    )
    needs = ServiceType.values
    providers = []
    for n in range(args.providers):
        province = punjab if n % 2 == 0 else rng.choice(provinces)
        agency = shelter if n == 0 else (rng.choice(others) if n % 5 == 0 else None)
        providers.append(
            Provider(
                name=f"Bench provider {n}",
                name_ur=f"بینچ ادارہ {n}",
                kind="ngo",
                agency=agency,
                province=province,
                district=rng.choice(districts[province.pk]),
            )
        )
    providers = Provider.objects.bulk_create(providers, batch_size=2000)
    ProviderService.objects.bulk_create(
        [
            ProviderService(provider=p, service_type=s)
            for i, p in enumerate(providers)
            for s in ({"shelter"} if i == 0 else set()) | set(rng.sample(needs, rng.randint(1, 3)))
        ],
        batch_size=5000,
    )
    through = Provider.districts_served.through
    through.objects.bulk_create(
        [
            through(provider_id=p.pk, district_id=d.pk)
            for p in providers
            for d in rng.sample(
                districts[p.province_id], min(len(districts[p.province_id]), rng.randint(1, 8))
            )
        ],
        batch_size=5000,
    )
    print(f"  directory built {time.perf_counter() - started:6.1f} s", flush=True)
    in_rihai = [p for p in providers if p.agency_id]
    now = timezone.now()
    snapshot = json.dumps(
        {
            "first_name": {"roman": "Bench", "ur": "بینچ"},
            "age": 30,
            "sex": "female",
            "needs": "A bed",
        }
    )
    done = 0
    while done < args.referrals:
        size = min(BATCH, args.referrals - done)
        rows = []
        for _k in range(size):
            provider = providers[0] if rng.random() < 0.1 else rng.choice(in_rihai)
            i = rng.randrange(args.cases)
            requested = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            rows.append(
                Referral(
                    case=cases[i],
                    person=persons[i],
                    from_agency=sender,
                    referred_by=worker,
                    provider=provider,
                    to_agency_id=provider.agency_id,
                    service_type="shelter" if provider is providers[0] else "psychosocial",
                    status=rng.choice(
                        [
                            "requested",
                            "accepted",
                            "declined",
                            "in-service",
                            "completed",
                            "withdrawn",
                        ]
                    ),
                    person_sex="female",
                    person_age=30,
                    shared_fields=["first_name"],
                    snapshot=snapshot,
                    basis_kind="legal-basis",
                    legal_basis="court-order",
                    legal_reference="Bench",
                    requested_on=requested,
                    due_by=requested + timedelta(hours=24),
                )
            )
        Referral.objects.bulk_create(rows, batch_size=1000)
        done += size
        print(f"  {done:>7} referrals  {time.perf_counter() - started:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f} s")


def measure(client, url, args) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(args.warmup):
        client.get(url)
    times = []
    for _ in range(args.requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    count = response.json().get("count", 0)
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries), count


def main():
    args = parse_args()
    from bench_case_list import setup_django, signed_in_client

    setup_django(args.db, args.rebuild)
    from rihai.accounts.models import User
    from rihai.geo.models import District

    if not User.objects.filter(username="bench.cw").exists():
        build(args, random.Random(args.seed))
    lahore = District.objects.get(slug__startswith="lahore")
    worker = signed_in_client(User.objects.get(username="bench.cw"))
    staff = signed_in_client(User.objects.get(username="bench.sp"))
    scenarios = [
        (
            "directory: district + need",
            worker,
            f"/api/services/?district={lahore.code}&need=shelter",
        ),
        ("directory: need only", worker, "/api/services/?need=legal-aid"),
        (
            "directory: Urdu name",
            worker,
            "/api/services/?q=%D8%A8%DB%8C%D9%86%DA%86%20%D8%A7%D8%AF%D8%A7%D8%B1%DB%81%2012",
        ),
        ("incoming referrals (page 1)", staff, "/api/referrals/?box=incoming"),
        ("incoming, waiting for answer", staff, "/api/referrals/?box=incoming&status=requested"),
        ("incoming, overdue", staff, "/api/referrals/?box=incoming&overdue=true"),
    ]
    print(f"{'scenario':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'matches':>8}")
    for label, client, url in scenarios:
        p50, p95, queries, count = measure(client, url, args)
        print(f"{label:<32} {p50:8.1f} {p95:8.1f} {queries:8d} {count:8d}")


if __name__ == "__main__":
    main()
