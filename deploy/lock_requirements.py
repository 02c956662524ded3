"""Writes deploy/requirements.lock: the exact versions of Rihai's run-time dependencies.

Read from the virtual environment Rihai is installed in (the one its tests passed in), so a
deployment installs what was tested: every package ``rihai`` needs at run time, followed
through their own requirements (markers evaluated for this interpreter and platform; the
``dev`` extra left out), each pinned with ``==``.

    .venv/bin/python deploy/lock_requirements.py            # write the lock (no network)
    .venv/bin/python deploy/lock_requirements.py --check    # fail if it differs from .venv
    .venv/bin/python deploy/lock_requirements.py --hashes DIR
        # add --hash lines for the archives in DIR (made by
        # `pip download --no-deps -r deploy/requirements.lock -d DIR` on a machine that
        # reaches the package index: pip then installs with --require-hashes)

Installing on a server:  pip install -r deploy/requirements.lock && pip install --no-deps .
"""

import argparse
import hashlib
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = Path(__file__).with_name("requirements.lock")


def closure(root: str = "rihai") -> dict[str, str]:
    """{canonical name: installed version} of everything ``root`` needs at run time."""
    found: dict[str, str] = {}
    pending = [(root, frozenset())]
    while pending:
        name, extras = pending.pop()
        dist = metadata.distribution(name)
        for line in dist.requires or []:
            requirement = Requirement(line)
            environments = [{"extra": e} for e in extras] or [{"extra": ""}]
            if requirement.marker and not any(
                requirement.marker.evaluate(env) for env in environments
            ):
                continue
            key = canonicalize_name(requirement.name)
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                sys.exit(f"{requirement.name} is required but not installed: install first")
            if key not in found or requirement.extras:
                found[key] = version
                pending.append((requirement.name, frozenset(requirement.extras)))
    found.pop(canonicalize_name(root), None)
    return dict(sorted(found.items()))


def _hashes(directory: Path) -> dict[tuple[str, str], list[str]]:
    """{(name, version): sha256 of each archive} for the wheels and sdists in ``directory``."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(directory.iterdir()):
        match = re.match(r"^(.+?)-(\d[^-]*?)(?:-|\.tar\.gz$|\.zip$)", path.name)
        if not match:
            continue
        key = (canonicalize_name(match.group(1)), match.group(2))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found.setdefault(key, []).append(digest)
    return found


def render(pins: dict[str, str], hashes: dict | None = None) -> str:
    lines = [
        "# Exact run-time dependencies of Rihai, from the tested virtual environment.",
        "# Made by deploy/lock_requirements.py; do not edit by hand.",
        f"# Python {platform.python_version()} on {sys.platform}/{platform.machine()}.",
    ]
    for name, version in pins.items():
        digests = (hashes or {}).get((name, version), [])
        if digests:
            joined = " \\\n    ".join(f"--hash=sha256:{d}" for d in digests)
            lines.append(f"{name}=={version} \\\n    {joined}")
        else:
            lines.append(f"{name}=={version}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the lock is stale")
    parser.add_argument("--hashes", type=Path, help="directory of downloaded archives")
    args = parser.parse_args()
    pins = closure()
    if args.check:
        locked = dict(
            re.match(r"^([^=\s]+)==(\S+)", line).groups()
            for line in LOCK.read_text().splitlines()
            if re.match(r"^[^#\s-]", line)
        )
        if locked != pins:
            stale = sorted(set(locked.items()) ^ set(pins.items()))
            sys.exit(f"deploy/requirements.lock differs from the environment: {stale}")
        print(f"deploy/requirements.lock matches the environment ({len(pins)} packages)")
        return
    LOCK.write_text(render(pins, _hashes(args.hashes) if args.hashes else None))
    print(f"wrote {LOCK.name}: {len(pins)} packages")


if __name__ == "__main__":
    main()
