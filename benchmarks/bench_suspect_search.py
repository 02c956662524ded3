"""Benchmark suspect search on PostgreSQL: 50,000 investigations, 200,000 suspects; p50/p95.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python benchmarks/bench_suspect_search.py          # 50,000 / 200,000, 60 requests each
    python benchmarks/bench_suspect_search.py --investigations 5000 --suspects 20000 --rebuild

It builds its own database (``test_rihai_bench_suspects`` unless ``--db`` says otherwise) with
the test settings' throwaway keys and keeps it, so a second run measures at once. Suspects are
made through ``bulk_create`` (names in both scripts, CNIC and phone encrypted row by row; CNIC,
phone and name-key blind indexes computed by the real fields), spread over 20 FIA circles, and
each is named in one investigation. A few hundred "ring" recruiters recur in several circles.

Each measured request is the real API call (``GET /api/suspects/?q=...``) through the Django
test client, signed in as an investigator of the largest circle: authentication, two-factor
check, scoping, the blind-index lookup, the "elsewhere" agencies, decryption of the names on the
page, and the audit row. Not part of the test suite; no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

AGENCIES = 20
MEASURED_SHARE = 0.3
BATCH = 5000
ROMAN = ["Rashid", "Naveed", "Akram", "Tariq", "Imran", "Bilal", "Asif", "Sajid", "Waqas", "Javed"]
URDU = ["راشد", "نوید", "اکرم", "طارق", "عمران", "بلال", "آصف", "ساجد", "وقاص", "جاوید"]
FAMILY = [
    ("Khan", "خان"),
    ("Butt", "بٹ"),
    ("Gondal", "گوندل"),
    ("Baloch", "بلوچ"),
    ("Afridi", "آفریدی"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--investigations", type=int, default=50_000)
    parser.add_argument("--suspects", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--db", default="test_rihai_bench_suspects")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=2018)
    return parser.parse_args()


def build(n_inv: int, n_sus: int, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
    from rihai.geo.models import Province
    from rihai.justice.models import Accused, Investigation, Suspect

    provinces = list(Province.objects.order_by("id"))
    role = Role.objects.get(code="investigator")
    password = make_password("bench-pass-not-secret")
    agencies, officers = [], {}
    for i in range(AGENCIES):
        agency = Agency.objects.create(
            name=f"Bench circle {i}",
            code=f"BCIR{i:02d}",
            agency_type=AgencyType.FIA_AHTC,
            province=provinces[i % len(provinces)],
        )
        agencies.append(agency)
        officers[agency.pk] = User.objects.create(
            username=f"bench.io.{i}", password=password, agency=agency, role=role, sex=Sex.MALE
        )
    weights = [MEASURED_SHARE] + [(1 - MEASURED_SHARE) / (AGENCIES - 1)] * (AGENCIES - 1)
    started = time.perf_counter()
    investigations = []
    for n in range(n_inv):
        agency = rng.choices(agencies, weights=weights)[0]
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
        investigations.append(
            Investigation(
                agency=agency,
                reference=f"{agency.code}-INV-{day.year}-{n:06d}",
                complaint_number=f"B-{n}",
                complaint_date=day,
                investigating_officer=officers[agency.pk],
                stage="complaint",
                stage_since=day,
                created_by=officers[agency.pk],
            )
        )
    Investigation.objects.bulk_create(investigations, batch_size=2000)
    print(f"  {n_inv} investigations  {time.perf_counter() - started:6.1f} s", flush=True)
    by_agency: dict[int, list] = {}
    for inv in investigations:
        by_agency.setdefault(inv.agency_id, []).append(inv)
    done = 0
    while done < n_sus:
        size = min(BATCH, n_sus - done)
        suspects, accused = [], []
        for k in range(size):
            n = done + k
            inv = investigations[rng.randrange(n_inv)]
            ring = n % 500  # ring members recur across circles under the same CNIC/phone
            recurring = rng.random() < 0.01
            g, f = rng.randrange(len(ROMAN)), rng.randrange(len(FAMILY))
            number = 9_000_000 + ring if recurring else n
            suspects.append(
                Suspect(
                    agency_id=inv.agency_id,
                    kind="person",
                    role="recruiter",
                    name_roman=f"{ROMAN[g]} {FAMILY[f][0]} {n}",
                    name_ur=f"{URDU[g]} {FAMILY[f][1]}",
                    cnic=f"99999-{number:07d}-1",
                    phone=f"0301-{number:07d}" if rng.random() < 0.7 else "",
                    created_by_id=inv.investigating_officer_id,
                )
            )
        Suspect.objects.bulk_create(suspects, batch_size=1000)
        for s in suspects:
            # Named in an investigation of the circle that recorded them.
            inv = by_agency[s.agency_id][rng.randrange(len(by_agency[s.agency_id]))]
            accused.append(Accused(investigation_id=inv.pk, suspect=s, added_by_id=s.created_by_id))
        Accused.objects.bulk_create(accused, batch_size=2000, ignore_conflicts=True)
        done += size
        print(f"  {done:>7} suspects  {time.perf_counter() - started:6.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.1f} s")


def main():
    args = parse_args()
    from bench_case_list import setup_django, signed_in_client

    setup_django(args.db, args.rebuild)
    from django.conf import settings

    from rihai.accounts.models import User
    from rihai.justice.models import Suspect

    settings.ALLOWED_HOSTS = ["testserver"]
    existing = Suspect.objects.count()
    if existing < args.suspects:
        if existing:
            sys.exit(f"{existing} suspects already in {args.db}; run with --rebuild")
        build(args.investigations, args.suspects, random.Random(args.seed))
    officer = User.objects.get(username="bench.io.0")
    mine = Suspect.objects.filter(agency=officer.agency).count()
    print(f"\n{Suspect.objects.count()} suspects; the measured investigator's circle holds {mine}")
    client = signed_in_client(officer)
    sample = Suspect.objects.filter(agency=officer.agency).exclude(phone_bidx="").order_by("id")[10]
    scenarios = [
        ("CNIC", sample.cnic),
        ("phone (other format)", "+92 " + sample.phone[1:].replace("-", " ")),
        ("ring CNIC (many circles)", "99999-9000007-1"),
        ("name, Roman script", f"{ROMAN[3]} {FAMILY[1][0]}"),
        ("name, Urdu script", f"{URDU[3]} {FAMILY[1][1]}"),
        ("no match", "99999-0000000-0"),
    ]
    print(f"{'scenario':<26} {'rows':>5} {'elsewhere':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for label, q in scenarios:
        for _ in range(args.warmup):
            assert client.get("/api/suspects/", {"q": q}).status_code == 200
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get("/api/suspects/", {"q": q})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings.sort()
        body = response.json()
        p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
        print(
            f"{label:<26} {len(body['results']):>5} {len(body['elsewhere']):>9} "
            f"{statistics.median(timings):>8.1f} {p95:>8.1f}"
        )


if __name__ == "__main__":
    main()
