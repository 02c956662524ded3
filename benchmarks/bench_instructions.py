"""Instructions per ad for ``adscreen screen``, counted by valgrind: a figure that does not move
with the machine's speed or load.

Usage::

    python benchmarks/bench_instructions.py               # 2,000 and 4,000 ads
    python benchmarks/bench_instructions.py --ads 5000 --compare-pure

Seconds per ad differ by up to 2x between machines of this workplace and with whatever else
runs; instruction counts (callgrind) are repeatable for the same code and input. The CLI runs
on the benchmark corpus (bench_screen.py's mix) of N and of 2N ads, and the difference divided
by N is the cost of one ad with start-up, model loading and compiling the rules left out.
Instructions are not time (cache misses and branch mispredictions are not counted), so use
this to compare versions of the code, and bench_screen.py for throughput. Needs valgrind;
takes about a minute per run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_screen import write_corpus  # noqa: E402

_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(corpus: Path, *, compiled: bool) -> int:
    switch = "1" if compiled else "0"
    env = dict(os.environ, ADSCREEN_HYPERSCAN=switch, ADSCREEN_NATIVE=switch)
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "adscreen.cli",
            "screen",
            str(corpus),
            "-o",
            os.devnull,
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    found = _COLLECTED.findall(done.stderr)
    if not found:
        sys.exit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=2000, help="N: runs on N and 2N ads")
    parser.add_argument(
        "--compare-pure",
        action="store_true",
        help="also count with Hyperscan and the C word scorer switched off",
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.jsonl", Path(tmp) / "large.jsonl"
        write_corpus(large, 2 * args.ads)
        with large.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
            for _ in range(args.ads):
                dst.write(src.readline())
        for compiled in [True, False] if args.compare_pure else [True]:
            low = instructions(small, compiled=compiled)
            high = instructions(large, compiled=compiled)
            label = "compiled helpers" if compiled else "pure Python     "
            print(
                f"{label}: {(high - low) / args.ads / 1e6:.3f} M instructions per ad "
                f"({args.ads:,} -> {2 * args.ads:,} ads: {low:,} -> {high:,})"
            )


if __name__ == "__main__":
    main()
