"""Production refuses to start without its secrets and passes Django's deployment checks."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "check.sqlite3"),
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "BLIND_INDEX_KEYS": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "rihai.example.org",
    "RIHAI_SITE_URL": "https://rihai.example.org",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/13",
    "AUDIT_CHAIN_KEYS": "an-audit-chain-key-for-the-check-only-0123456789",
    "AUDIT_CHECKPOINT_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "AUDIT_CHECKPOINT_DIR": str(ROOT / "var" / "check-audit-checkpoints"),
}


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PROD_ENV and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
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
        "AUDIT_CHAIN_KEYS",
        "AUDIT_CHECKPOINT_KEYS",
        "AUDIT_CHECKPOINT_DIR",
        "RIHAI_SITE_URL",
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


def test_production_refuses_a_weak_or_reused_audit_chain_key():
    for weak in ("short-key", PROD_ENV["SECRET_KEY"], f"{'y' * 40},tiny"):
        result = run_manage("check", env={**PROD_ENV, "AUDIT_CHAIN_KEYS": weak})
        assert result.returncode != 0, weak
        assert "AUDIT_CHAIN_KEYS" in result.stderr, (weak, result.stderr[-500:])


WEAK_SECRETS = [
    ("FIELD_ENCRYPTION_KEYS", "notakey"),
    ("FIELD_ENCRYPTION_KEYS", base64.urlsafe_b64encode(b"k" * 32).decode()),  # 32 bytes, not random
    ("FIELD_ENCRYPTION_KEYS", "q6bgV3Dz3a0y2Tq3gxm5m1kqg2mZrj6c0m5y4XnF7dE=,notakey"),  # 2nd bad
    ("BLIND_INDEX_KEYS", "a"),
    ("BLIND_INDEX_KEYS", "a" * 40),
    ("SECRET_KEY", "x" * 60 + "-production-like-secret-for-the-check-only"),
    ("SECRET_KEY", "django-insecure-Zk1n3bq8mE9y4kz8W6v0u1t2s3r4q5p6o7n8m9l0k1EqQ7rT2vX9"),
    ("AUDIT_CHAIN_KEYS", "a" * 48),
    ("AUDIT_CHECKPOINT_KEYS", "notakey"),
    ("AUDIT_CHECKPOINT_KEYS", base64.urlsafe_b64encode(bytes(32)).decode()),  # 32 zero bytes
    (
        "AUDIT_CHECKPOINT_KEYS",
        base64.urlsafe_b64encode(b"test-only-checkpoint-key-one-000").decode(),
    ),
    ("BACKUP_ENCRYPTION_KEY", "notakey"),
    ("BACKUP_ENCRYPTION_KEY", base64.urlsafe_b64encode(b"k" * 32).decode()),
    ("BACKUP_SIGNING_KEY", "short"),
    ("BACKUP_SIGNING_KEY", "s" * 40),
    # One secret in two settings: whoever learns one learns the other.
    ("BLIND_INDEX_KEYS", PROD_ENV["SECRET_KEY"]),
    ("AUDIT_CHAIN_KEYS", PROD_ENV["BLIND_INDEX_KEYS"]),
    ("BACKUP_SIGNING_KEY", PROD_ENV["AUDIT_CHAIN_KEYS"]),
    ("BACKUP_ENCRYPTION_KEY", PROD_ENV["AUDIT_CHECKPOINT_KEYS"]),
]


@pytest.mark.parametrize(
    ("name", "value"), WEAK_SECRETS, ids=[f"{n}-{i}" for i, (n, _v) in enumerate(WEAK_SECRETS)]
)
def test_production_refuses_weak_or_malformed_keys_naming_the_setting(name, value):
    result = run_manage("check", env={**PROD_ENV, name: value})
    assert result.returncode != 0, (name, value)
    assert name in result.stderr.splitlines()[-1], result.stderr[-500:]


def test_key_checks_accept_generated_keys_and_refuse_short_ones():
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import key_checks

    key_checks.check_fernet_keys("F", [Fernet.generate_key().decode()])
    key_checks.check_blind_index_keys("B", [secrets.token_urlsafe(32), secrets.token_hex(32)])
    key_checks.check_secret_key("S", secrets.token_urlsafe(50))
    with pytest.raises(ImproperlyConfigured, match="B: each key must be at least 32"):
        key_checks.check_blind_index_keys("B", [secrets.token_urlsafe(16)])
    with pytest.raises(ImproperlyConfigured, match="F must be set"):
        key_checks.check_fernet_keys("F", [])
    raw = base64.urlsafe_b64encode(os.urandom(32)).decode()
    key_checks.check_raw_keys("R", [raw, raw.rstrip("=")], hint="h")
    key_checks.check_raw_keys("R", [], required=False, hint="h")
    with pytest.raises(ImproperlyConfigured, match="R must be set"):
        key_checks.check_raw_keys("R", [], hint="h")
    key_checks.check_distinct({"A": ["x", "x"], "B": ["y", ""], "C": [""]})
    with pytest.raises(ImproperlyConfigured, match="B reuses a key of A"):
        key_checks.check_distinct({"A": ["x"], "B": ["y", "x"]})


def test_the_deployment_env_example_names_every_setting_production_requires():
    """deploy/systemd/rihai.env.example is what operators copy: a required setting missing from
    it is a server that will not start on the day it is installed."""
    example = (ROOT / "deploy" / "systemd" / "rihai.env.example").read_text()
    named = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line}
    missing = [name for name in PROD_ENV if name not in named]
    assert missing == [], missing
