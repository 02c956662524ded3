"""Benchmark ``adscreen screen``: ads per second and peak memory at 10k, 100k and 1M ads.

Usage::

    python benchmarks/bench_screen.py                 # 10k and 100k, --jobs 1 and 2
    python benchmarks/bench_screen.py --sizes 1000000 --jobs 1 2

The corpus is a realistic mix, generated on the fly and written to a temporary JSONL file
(never held in memory): 80% short social-media style posts (synthetic Pakistani ads in
English, Urdu and Roman Urdu, with random variations: emoji, extra words, obfuscated numbers)
and 20% long job-board ads. The long ads are variations of the EMSCAD subset in
``../shared/data/job-ads/`` when that folder exists; otherwise (a user's clone) synthetic
paragraphs are used instead and the script says so.

Each measurement runs the real CLI in a fresh process and reports wall time and the peak
resident memory of that process (and of its worker processes for --jobs > 1).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_ADS = ROOT.parent / "shared" / "data" / "job-ads" / "emscad_subset_train.jsonl"
# Set by --long-ads (a git worktree does not sit next to the shared folder).
_LONG_ADS: list[Path] = []
sys.path.insert(0, str(ROOT))

from adscreen.io import record_text  # noqa: E402
from adscreen.synthetic import generate  # noqa: E402

_EMOJI = ["🔥", "✅", "📞", "✈️", "💰", "🇸🇦", "🇦🇪", "‼️"]
_EXTRA = ["urgent", "jaldi", "apply now", "DM", "share karein", "limited", "only serious", "inbox"]


def long_seeds() -> tuple[list[str], str]:
    path = _LONG_ADS[0] if _LONG_ADS else SHARED_ADS
    if path.exists():
        texts = [record_text(json.loads(line)) for line in path.open(encoding="utf-8")]
        return texts, f"long ads: variations of {len(texts)} EMSCAD subset ads"
    print(f"note: {SHARED_ADS} not found; long ads are synthetic paragraphs", file=sys.stderr)
    paragraphs = [a["text"] for a in generate(300, seed=99)]
    return [" ".join(random.Random(i).sample(paragraphs, 8)) for i in range(200)], (
        "long ads: synthetic paragraphs (EMSCAD subset absent)"
    )


def vary(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_EXTRA))
    if rng.random() < 0.4:
        words.append(rng.choice(_EMOJI) * rng.randint(1, 3))
    if rng.random() < 0.2:
        words.append(f"call 03{rng.randint(0, 4)}O-OOOO{rng.randint(100, 999)}")
    return " ".join(words)


def write_corpus(path: Path, n: int, *, seed: int = 0) -> str:
    rng = random.Random(seed)
    short = [a["text"] for a in generate(5000, seed=seed)]
    long_texts, note = long_seeds()
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            base = rng.choice(long_texts) if rng.random() < 0.2 else rng.choice(short)
            f.write(json.dumps({"id": f"b{i}", "text": vary(base, rng)}, ensure_ascii=False) + "\n")
    return note


_RUNNER = """
import json, resource, sys, time
from adscreen import cli
start = time.perf_counter()
code = cli.main(sys.argv[1:])
elapsed = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
print(json.dumps({"code": code, "seconds": elapsed, "cpu_seconds": cpu, "rss_kb": me.ru_maxrss,
                  "worker_rss_kb": children.ru_maxrss}), file=sys.stderr)
"""


def measure(corpus: Path, n: int, jobs: int, *, compiled: bool = True) -> dict:
    # "pure" switches off both compiled helpers: the Hyperscan pre-filter and the C word scorer.
    switch = "1" if compiled else "0"
    env = dict(os.environ, ADSCREEN_HYPERSCAN=switch, ADSCREEN_NATIVE=switch)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUNNER,
            "screen",
            str(corpus),
            "-o",
            os.devnull,
            "--jobs",
            str(jobs),
            "--chunk-size",
            "1000",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    result = json.loads(done.stderr.strip().splitlines()[-1])
    result.update(n=n, jobs=jobs, ads_per_second=n / result["seconds"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--compare-pure",
        action="store_true",
        help="also run each size with Hyperscan and the C word scorer switched off",
    )
    parser.add_argument(
        "--long-ads",
        type=Path,
        help="JSONL of long job-board ads to vary (default: the EMSCAD subset in the shared "
        "data folder next to the repository)",
    )
    args = parser.parse_args()
    if args.long_ads is not None:
        _LONG_ADS.append(args.long_ads)
    from adscreen import accel, features

    print(f"cpus available: {len(os.sched_getaffinity(0))}")
    print(f"Hyperscan accelerator: {'installed' if accel._hs is not None else 'not installed'}")
    print(f"C word scorer: {'built' if features._wordscore is not None else 'not built'}")
    modes = [True, False] if args.compare_pure else [True]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"ads_{n}.jsonl"
            note = write_corpus(corpus, n)
            size_mb = corpus.stat().st_size / 1e6
            print(f"\n{n:,} ads ({size_mb:.1f} MB; 80% short posts, 20% {note})")
            for jobs, compiled in [(j, c) for j in args.jobs for c in modes]:
                r = measure(corpus, n, jobs, compiled=compiled)
                label = "" if len(modes) == 1 else (" compiled" if compiled else " pure    ")
                print(
                    f"  --jobs {jobs}{label}: {r['ads_per_second']:8,.0f} ads/s  "
                    f"({r['seconds']:.1f} s, CPU {r['cpu_seconds'] / n * 1e6:.0f} us/ad)  "
                    f"peak RSS {r['rss_kb'] / 1024:.0f} MB"
                    + (f", workers {r['worker_rss_kb'] / 1024:.0f} MB" if jobs > 1 else "")
                    + ("" if r["code"] == 0 else f"  exit {r['code']}")
                )
            corpus.unlink()


if __name__ == "__main__":
    main()
