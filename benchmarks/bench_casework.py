"""Benchmark the case work's costs: a document's encryption and decryption by size, and the
demo seeder's case work on ``seed_demo --size small``'s 30 cases.

Usage::

    DJANGO_SETTINGS_MODULE=config.settings.test python benchmarks/bench_casework.py

Runs in an in-memory SQLite test database of its own (nothing is kept). Prints figures; it
asserts nothing (timings belong here, not in tests).
"""

import os
import random
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _timed(function, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def bench_files() -> None:
    from rihai.cases.casework import files

    print("document encryption (per-file Fernet key), median / max ms of 10")
    for mb in (0.1, 1, 5):
        data = b"%PDF-" + os.urandom(int(mb * 2**20) - 5)
        key, ciphertext = files.encrypt(data)
        enc = _timed(lambda data=data: files.encrypt(data), 10)
        dec = _timed(lambda key=key, ciphertext=ciphertext: files.decrypt(key, ciphertext), 10)
        print(
            f"  {mb:>4} MB  encrypt {enc[0]:7.1f} / {enc[1]:7.1f}   decrypt {dec[0]:7.1f} / "
            f"{dec[1]:7.1f}   stored {len(ciphertext) / len(data):.2f}x"
        )


def bench_demo() -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection
    from django.test.utils import setup_databases

    setup_databases(verbosity=0, interactive=False)
    from rihai.accounts import demo as accounts_demo
    from rihai.cases import demo
    from rihai.cases.casework import demo as casework_demo

    accounts_demo.seed()
    real_seed, timing = casework_demo.seed, {}

    def timed_seed(**kwargs):
        start = time.perf_counter()
        counts = real_seed(**kwargs)
        timing["casework"] = time.perf_counter() - start
        return counts

    demo.casework_demo.seed = timed_seed
    start = time.perf_counter()
    counts = demo.seed(stdout=StringIO(), rng=random.Random(7), size="small")
    total = time.perf_counter() - start
    print(
        f"cases demo, size small ({connection.vendor}): {total:.1f} s in all, of which case work "
        f"{timing['casework']:.1f} s for {counts}"
    )


if __name__ == "__main__":
    import django

    django.setup()
    bench_files()
    bench_demo()
