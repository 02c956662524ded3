#!/usr/bin/env python3
"""Rihai's two commands, using only the standard library so they run on a fresh machine.

python3 dev.py run    set up (virtualenv, install, keys, database, demo data) and serve
python3 dev.py test   run the whole test suite (SQLite; DATABASE_URL selects PostgreSQL)
"""

import base64
import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".rihai-installed"
ENV_FILE = ROOT / ".env"


def say(message: str) -> None:
    print(f"[rihai] {message}", flush=True)


def run(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, cwd=ROOT, check=True, env=env)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Rihai needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say("creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    # Reinstall when the dependencies or the C module change (pip builds it on install).
    build_inputs = ["pyproject.toml", "setup.py", "adscreen/_wordscore.c"]
    wanted = hashlib.sha256(b"".join((ROOT / p).read_bytes() for p in build_inputs)).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        say("installing Rihai and its dependencies (first run takes a minute or two)")
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)
        probe = subprocess.run(
            [str(PYTHON), "-c", "import adscreen._wordscore"], cwd=ROOT, stderr=subprocess.DEVNULL
        )
        if probe.returncode != 0:
            say("note: adscreen's C module was not built (no C compiler or Python headers);")
            say("      ad screening works the same, only slower")


def _local_keys() -> dict[str, str]:
    """A fresh random value for every key the laptop needs."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
        "AUDIT_CHAIN_KEYS": secrets.token_urlsafe(48),
        # Any 32 random bytes are an Ed25519 private key (the standard library cannot derive
        # the public half; rihai.audit.keys.public_key_of does).
        "AUDIT_CHECKPOINT_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def ensure_local_keys() -> None:
    """Writes random keys for this laptop to .env (never committed): all of them on the first
    run, and on later runs any key added since (an .env from before the keyed audit chain)."""
    keys = _local_keys()
    if not ENV_FILE.exists():
        say("writing fresh local keys to .env")
        ENV_FILE.write_text(
            "# Local keys for this machine only. Never commit; production sets its own.\n"
            + "".join(f"{name}={value}\n" for name, value in keys.items())
        )
        ENV_FILE.chmod(0o600)
        return
    text = ENV_FILE.read_text()
    present = {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line}
    missing = {name: value for name, value in keys.items() if name not in present}
    if not missing:
        return
    say(f"adding missing local keys to .env: {', '.join(missing)}")
    with ENV_FILE.open("a") as env_file:
        if text and not text.endswith("\n"):
            env_file.write("\n")
        env_file.writelines(f"{name}={value}\n" for name, value in missing.items())


def manage(*args: str, settings: str = "config.settings.local") -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    run(str(PYTHON), "manage.py", *args, env=env)


def cmd_run() -> None:
    ensure_venv()
    ensure_local_keys()
    (ROOT / "var").mkdir(exist_ok=True)
    say("migrating the database")
    manage("migrate", "--no-input", "-v", "0")
    say("loading demo data")
    manage("seed_demo")
    say("serving Rihai at http://127.0.0.1:8000 (Ctrl+C stops it)")
    manage("runserver", "127.0.0.1:8000")


def cmd_test() -> None:
    ensure_venv()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    args = sys.argv[2:]
    # In parallel by default (one process per core, at most 4): the suite grows with each app.
    # "-n 0" (or any -n / -p no:xdist / a collect-only run) chooses otherwise.
    if not any(
        a.startswith(("-n", "--numprocesses", "-p", "--co", "--collect-only")) for a in args
    ):
        args = ["-n", str(min(4, os.cpu_count() or 1)), *args]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


if __name__ == "__main__":
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
