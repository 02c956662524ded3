"""The dependency checks that work without a network, for CI and for a release.

    .venv/bin/python deploy/audit_dependencies.py           # the checks below; exit 1 on a problem
    .venv/bin/python deploy/audit_dependencies.py --strict  # also fail if .venv drifted from the lock

1. ``pip check``: every installed package's requirements are met, with no conflicts.
2. Every pin in deploy/requirements.lock is at or above the first safe version that
   deploy/advisories.txt (kept by hand from the advisories read) names for it.
3. Every pin carries a ``--hash`` (pip then refuses an archive that differs from the one tested).
4. The lock matches the environment (a warning; an error with ``--strict``). CI installs the
   newest versions pyproject.toml allows, which may be newer than the lock.

Not done offline, and why: matching the lock against a live advisory database (pip-audit,
OSV, GitHub advisories) needs the network, which these machines lack. On a machine that has it:
``pip-audit -r deploy/requirements.lock --require-hashes --disable-pip``.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from lock_requirements import LOCK, closure  # noqa: E402


def locked_pins() -> dict[str, tuple[str, bool]]:
    """{name: (version, hashed)} from the lock."""
    pins: dict[str, tuple[str, bool]] = {}
    current = None
    for line in LOCK.read_text().splitlines():
        match = re.match(r"^([^=\s#]+)==(\S+)", line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), "--hash=" in line)
        elif current and "--hash=" in line:
            pins[current] = (pins[current][0], True)
    return pins


def advisories() -> list[tuple[str, str, str]]:
    found = []
    for line in (HERE / "advisories.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, safe, why = line.split(None, 2)
            found.append((canonicalize_name(name), safe, why))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description="offline dependency checks")
    parser.add_argument("--strict", action="store_true", help="fail when .venv drifted")
    args = parser.parse_args()
    problems, warnings = [], []

    check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    if check.returncode != 0:
        problems.append("pip check: " + check.stdout.strip())

    pins = locked_pins()
    for name, safe, why in advisories():
        if name in pins and Version(pins[name][0]) < Version(safe):
            problems.append(f"{name}=={pins[name][0]} is below {safe}: {why}")
    unhashed = sorted(name for name, (_v, hashed) in pins.items() if not hashed)
    if unhashed:
        problems.append(f"pins without --hash: {', '.join(unhashed)}")

    installed = closure()
    drift = sorted(
        f"{name} locked {pins.get(name, ('-',))[0]}, installed {installed.get(name, '-')}"
        for name in set(pins) | set(installed)
        if pins.get(name, ("-",))[0] != installed.get(name, "-")
    )
    if drift:
        (problems if args.strict else warnings).append(
            "lock differs from .venv: " + "; ".join(drift)
        )

    for warning in warnings:
        print(f"warning: {warning}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if not problems:
        print(
            f"dependencies: pip check clean; {len(pins)} pins hashed and above "
            f"{len(advisories())} known advisories"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
