"""Production refuses to start without its secrets and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": "x" * 60 + "-production-like-secret-for-the-check-only",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "check.sqlite3"),
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "BLIND_INDEX_KEYS": "an-index-key-for-the-check",
    "ALLOWED_HOSTS": "rihai.example.org",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/13",
}


def run_manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "DJANGO_SETTINGS_MODULE"
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_each_secret(tmp_path):
    for missing in (
        "SECRET_KEY",
        "DATABASE_URL",
        "FIELD_ENCRYPTION_KEYS",
        "BLIND_INDEX_KEYS",
        "CELERY_BROKER_URL",
        "REDIS_CACHE_URL",
    ):
        env = {k: v for k, v in PROD_ENV.items() if k != missing}
        # An empty .env must not supply the secret either: run from a clean environment.
        result = run_manage("check", env=env)
        assert result.returncode != 0, missing
        assert missing in result.stderr, (missing, result.stderr[-500:])


def test_production_passes_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
