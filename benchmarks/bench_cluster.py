"""Benchmark ``adscreen cluster``: ads per second and peak memory at 10k, 100k (and 1M) ads.

Generates realistic synthetic ads — recruitment templates in English, Urdu script and
Roman Urdu with varied names, salaries, cities and phone numbers, spelling drift, a share
of ads reusing an agent's phone, and one-off free-form ads — writes them to a JSONL file,
then runs the real CLI pipeline on it in a fresh process per configuration so that peak
memory (``ru_maxrss`` of the process and its workers) belongs to that run alone.

    python benchmarks/bench_cluster.py                       # 10k and 100k, --jobs 1 and 2
    python benchmarks/bench_cluster.py --sizes 10000 100000 1000000 --jobs 1 2
    python benchmarks/bench_cluster.py --sizes 100000 --graph  # also write GraphML and JSON

All data is synthetic: names, salaries and cities are drawn from short lists, and phone
numbers are generated arithmetically (one per ad, one per "agent"), not taken from anyone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    "Urgent: {job} required for a {company} in {city}. Salary {salary} {currency} per month, "
    "free accommodation and food, visa and ticket provided. Contact {name} on WhatsApp {phone}.",
    "{city} jobs! {job} needed, no interview, direct selection. {salary} {currency} monthly, "
    "azad visa in 2 weeks. Processing fee only. Call {name}: {phone}",
    "Hiring {job}s for a reputed {company}, {city}. Two-year contract, overtime available, "
    "salary {salary} {currency}. Send CV to {email} or call {phone}. OEP licence {licence}.",
    "{city} mein {job} ki naukri, fori zaroorat hai. Tankhwah {salary} {currency} mahana, "
    "rehaish aur khana company ki taraf se. Visa aur ticket free. Rabta karein {name} {phone}",
    "Ladies staff chahiye {city} ke liye, {job} ka kaam, tankhwah {salary} {currency}. "
    "Bina interview selection, passport jama karwayen. WhatsApp {phone}",
    "{city} ke {company} ko {job} chahiye. Umar 20 se 35 saal, tajurba zaroori nahi. "
    "Tankhwah {salary} {currency}, overtime alag. {name} se rabta: {phone}",
    "{city} میں {job} کی فوری ضرورت ہے۔ تنخواہ {salary} {currency} ماہانہ، رہائش اور کھانا "
    "کمپنی کی طرف سے۔ ویزا اور ٹکٹ مفت۔ رابطہ کریں {name} {phone}",
    "آزاد ویزا دستیاب ہے، {city} کے لیے {job} درکار ہیں۔ بغیر انٹرویو سلیکشن، تنخواہ {salary} "
    "{currency}۔ پاسپورٹ جمع کروائیں۔ واٹس ایپ {phone}",
    "High salary IT jobs in {city}: {job}, customer service and call centre staff. "
    "{salary} {currency} plus bonus, free flight. Apply on WhatsApp {phone} ({name}).",
    "{company} {city} is recruiting {job}s through licensed OEP {licence}. Salary {salary} "
    "{currency}. Interviews at our office; no fee is charged. Email {email}.",
]
JOBS = [
    "driver", "electrician", "plumber", "cook", "security guard", "helper", "mason",
    "welder", "nurse", "cleaner", "waiter", "salesman", "data entry operator", "tailor",
]  # fmt: skip
URDU_JOBS = ["ڈرائیور", "الیکٹریشن", "باورچی", "سیکیورٹی گارڈ", "ہیلپر", "ویٹر", "نرس"]
CITIES = [
    "Dubai", "Riyadh", "Jeddah", "Doha", "Muscat", "Kuwait", "Sharjah", "Dammam",
    "Kuala Lumpur", "Bangkok", "Baku", "Istanbul", "Lahore", "Karachi",
]  # fmt: skip
URDU_CITIES = ["دبئی", "ریاض", "جدہ", "دوحہ", "مسقط", "کویت", "شارجہ"]
COMPANIES = [
    "construction company", "hotel group", "logistics firm", "hospital", "cleaning company",
    "restaurant chain", "factory", "security company",
]  # fmt: skip
NAMES = [
    "Adeel", "Bushra", "Farhan", "Hina", "Kamran", "Sana", "Bilal", "Ayesha", "Usman",
    "Nadia", "Imran", "Zainab", "Tariq", "Rabia", "Saad", "Mehwish",
]  # fmt: skip
CURRENCIES = ["AED", "SAR", "QAR", "OMR", "KWD", "MYR", "USD", "Rs"]
# Roman Urdu spelling drift applied at random.
DRIFT = [
    ("naukri", "nokri"), ("zaroorat", "zarurat"), ("chahiye", "chahye"), ("karein", "karen"),
    ("tankhwah", "tankhwa"), ("mein", "main"), ("rabta", "raabta"), ("aur", "or"),
]  # fmt: skip
FREE_SENTENCES = [
    "We are a family business looking for honest people.",
    "Experience in a similar role is preferred.",
    "Applicants from all provinces are welcome.",
    "Training will be given on the job.",
    "Only shortlisted candidates will be contacted.",
    "Duty timings are flexible and weekly off is given.",
    "Please bring your original documents.",
    "The company provides transport from the city centre.",
    "Fresh graduates may also apply.",
    "Knowledge of basic computer use is required.",
    "Dukaan ke liye larka chahiye, subah 9 se shaam 6.",
    "Ghar ke kaam ke liye khatoon darkar hain.",
    "دفتر کے لیے تجربہ کار اکاؤنٹنٹ درکار ہے۔",
    "اسکول کے لیے استاد کی ضرورت ہے۔",
]


def synthetic_phone(serial: int) -> str:
    """A distinct made-up number per ``serial`` (7919 is coprime to 10^7, so no repeats).

    Random draws would collide by the birthday effect at 100k ads and invent shared
    contacts, i.e. fake strong networks.
    """
    return f"0300-{(serial * 7919) % 10**7:07d}"


def generate_ads(count: int, *, seed: int = 2024):
    """Yield ``count`` synthetic ad records (dicts), deterministically for ``seed``."""
    rng = random.Random(seed)
    # Agents: a phone, e-mail and (sometimes) licence reused across many of their ads.
    agents = [
        {
            "phone": synthetic_phone(10**7 - 1 - n),
            "email": f"agent{n}@example.com",
            "licence": f"{rng.randrange(1000, 9999)}/{rng.choice(['LHR', 'RWP', 'KHI', 'PSH'])}",
        }
        for n in range(max(10, count // 200))
    ]
    for number in range(count):
        if rng.random() < 0.25:
            # A one-off ad written from scratch: mostly unique text.
            text = " ".join(rng.sample(FREE_SENTENCES, k=rng.randint(3, 6)))
            text += f" {rng.choice(CITIES)}. Call {synthetic_phone(number)}."
        else:
            template = rng.choice(TEMPLATES)
            urdu = any("\u0600" <= ch <= "\u06ff" for ch in template[:40])
            agent = rng.choice(agents) if rng.random() < 0.3 else None
            text = template.format(
                job=rng.choice(URDU_JOBS if urdu else JOBS),
                company=rng.choice(COMPANIES),
                city=rng.choice(URDU_CITIES if urdu else CITIES),
                salary=rng.randrange(800, 6000, 50),
                currency=rng.choice(CURRENCIES),
                name=rng.choice(NAMES),
                phone=agent["phone"] if agent else synthetic_phone(number),
                email=agent["email"] if agent else f"hr{rng.randrange(10**6)}@example.org",
                licence=agent["licence"] if agent else f"{rng.randrange(1000, 9999)}/ISB",
            )
            for standard, variant in DRIFT:
                if standard in text and rng.random() < 0.3:
                    text = text.replace(standard, variant)
        yield {"id": f"ad-{number:07d}", "text": text, "source": "synthetic"}


def write_corpus(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as file:
        for ad in generate_ads(count):
            file.write(json.dumps(ad, ensure_ascii=False) + "\n")


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (waited-for) children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_once(corpus: Path, jobs: int, *, graph: bool = False) -> dict:
    """Run the CLI pipeline on ``corpus`` in this process and measure it."""
    from adscreen import cluster_cli

    count = sum(1 for _ in corpus.open("rb"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        graph_options = [
            "--graphml", os.path.join(scratch, "networks.graphml"),
            "--graph-json", os.path.join(scratch, "networks.json"),
        ] if graph else []  # fmt: skip
        code = cluster_cli.main(
            [
                str(corpus),
                "-o", os.path.join(scratch, "out.jsonl"),
                "--networks", os.path.join(scratch, "networks.jsonl"),
                "--jobs", str(jobs),
                *graph_options,
            ]
        )  # fmt: skip
    seconds = time.perf_counter() - started
    own, children = peak_rss_mb()
    return {
        "ads": count,
        "jobs": jobs,
        "exit_code": code,
        "seconds": round(seconds, 2),
        "ads_per_second": round(count / seconds),
        "peak_rss_mb": round(own),
        "peak_rss_worker_mb": round(children),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--data-dir", help="where to keep generated corpora (default: temp)")
    parser.add_argument("--graph", action="store_true", help="also write GraphML and JSON")
    parser.add_argument("--run", metavar="CORPUS", help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()

    if args.run:
        print(json.dumps(run_once(Path(args.run), args.jobs[0], graph=args.graph)))
        return

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="adscreen-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"{'ads':>9} {'jobs':>4} {'seconds':>8} {'ads/s':>8} {'peak MB':>8} {'worker MB':>9}")
    for size in args.sizes:
        corpus = data_dir / f"ads-{size}.jsonl"
        if not corpus.exists():
            write_corpus(corpus, size)
        for jobs in args.jobs:
            # A fresh interpreter per run, so ru_maxrss is this run's peak alone.
            child = subprocess.run(
                [sys.executable, __file__, "--run", str(corpus), "--jobs", str(jobs)]
                + (["--graph"] if args.graph else []),
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"{row['ads']:>9} {row['jobs']:>4} {row['seconds']:>8} {row['ads_per_second']:>8}"
                f" {row['peak_rss_mb']:>8} {row['peak_rss_worker_mb']:>9}",
                flush=True,
            )
            print("    " + child.stderr.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
