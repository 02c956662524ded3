"""The test suite: fast hashing, fixed throwaway keys, SQLite unless DATABASE_URL says otherwise."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

SECRET_KEY = "test-only-secret-key-not-for-any-deployment"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Throwaway keys for tests only: two of each, so rotation paths are exercised.
FIELD_ENCRYPTION_KEYS = [
    "q6bgV3Dz3a0y2Tq3gxm5m1kqg2mZrj6c0m5y4XnF7dE=",
    "Zk1n3bq8mE9y4kz8W6v0u1t2s3r4q5p6o7n8m9l0k1E=",
]
BLIND_INDEX_KEYS = ["test-blind-index-key-one", "test-blind-index-key-two"]
# Throwaway audit keys: two chain keys and two checkpoint keys, so rotation is exercised.
AUDIT_CHAIN_KEYS = [
    "test-audit-chain-key-one-0123456789abcdef",
    "test-audit-chain-key-two-0123456789abcdef",
]
AUDIT_CHECKPOINT_KEYS = [
    "dGVzdC1vbmx5LWNoZWNrcG9pbnQta2V5LW9uZS0wMDA=",
    "dGVzdC1vbmx5LWNoZWNrcG9pbnQta2V5LXR3by0wMDA=",
]
AUDIT_CHECKPOINT_PUBLIC_KEYS: list[str] = []
# One directory per test process; tests that write checkpoints override it per test.
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="rihai-test-checkpoints-"))
AUDIT_CHECKPOINT_EVERY = 0
AUDIT_CHAIN_LEGACY_UNTIL = 0
# A TestCase never commits, so views are sealed inside their transaction; the tests of the
# journal itself switch to "commit" on PostgreSQL.
AUDIT_JOURNAL_SEAL = "now"
RIHAI_ENFORCE_MFA = True
AXES_ENABLED = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env(
    "DATABASE_URL", default=""
):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
if env("DATABASE_TEST_NAME", default=""):
    # Lets two suites run against one PostgreSQL server at once (e.g. two developers' runs).
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
