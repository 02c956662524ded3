"""Production: refuses to start without its secrets; every transport and cookie hardened."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BACKUP_ENCRYPTION_KEY, BACKUP_SIGNING_KEY, LOGGING, METRICS_TOKEN, env
from .key_checks import (
    RAW_KEY_HINT,
    check_blind_index_keys,
    check_distinct,
    check_fernet_keys,
    check_hmac_keys,
    check_raw_keys,
    check_secret_key,
)


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
check_secret_key("SECRET_KEY", SECRET_KEY)
_required("DATABASE_URL")
# Format and strength, not just presence: a placeholder key must stop the server, and the
# message names the setting to fix (config/settings/key_checks.py).
check_fernet_keys("FIELD_ENCRYPTION_KEYS", env.list("FIELD_ENCRYPTION_KEYS", default=[]))
check_blind_index_keys("BLIND_INDEX_KEYS", env.list("BLIND_INDEX_KEYS", default=[]))
# The audit chain's key must be a real secret of its own: a short, guessable or reused key lets
# whoever reads the database (or the other secret) recompute the chain after deleting rows.
check_hmac_keys("AUDIT_CHAIN_KEYS", env.list("AUDIT_CHAIN_KEYS", default=[]))
# Ed25519 private keys (checkpoints) and the backup's AES key: 32 random bytes each.
check_raw_keys(
    "AUDIT_CHECKPOINT_KEYS", env.list("AUDIT_CHECKPOINT_KEYS", default=[]), hint=RAW_KEY_HINT
)
check_raw_keys(
    "BACKUP_ENCRYPTION_KEY",
    [v for v in [BACKUP_ENCRYPTION_KEY] if v],
    required=False,
    hint=RAW_KEY_HINT,
)
if BACKUP_SIGNING_KEY:  # optional (only the backup commands need it), never weak
    check_hmac_keys("BACKUP_SIGNING_KEY", [BACKUP_SIGNING_KEY])
check_distinct(
    {
        "SECRET_KEY": [SECRET_KEY],
        **{
            name: env.list(name, default=[])
            for name in (
                "FIELD_ENCRYPTION_KEYS",
                "BLIND_INDEX_KEYS",
                "AUDIT_CHAIN_KEYS",
                "AUDIT_CHECKPOINT_KEYS",
            )
        },
        "BACKUP_ENCRYPTION_KEY": [BACKUP_ENCRYPTION_KEY],
        "BACKUP_SIGNING_KEY": [BACKUP_SIGNING_KEY],
        "METRICS_TOKEN": [METRICS_TOKEN],
    }
)
# Checkpoints anchor the chain only where the database cannot reach: say where, explicitly.
AUDIT_CHECKPOINT_DIR = Path(_required("AUDIT_CHECKPOINT_DIR"))
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Links in e-mails (referral notices, digests) start here: the laptop default would send staff
# to 127.0.0.1, so production must say where Rihai is.
RIHAI_SITE_URL = _required("RIHAI_SITE_URL")
if not RIHAI_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "RIHAI_SITE_URL must be the address staff open Rihai at, such as https://rihai.example.gov.pk"
    )
RIHAI_ENFORCE_MFA = True

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work runs on workers through Redis, never eagerly inside a web request.
CELERY_BROKER_URL = _required("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
# Views of personal data are sealed into the audit chain by workers, not in web requests.
AUDIT_JOURNAL_SEAL = env.str("AUDIT_JOURNAL_SEAL", default="worker")
# Throttles and rate limits count across every web process, so the cache is shared.
_required("REDIS_CACHE_URL")


# --- Operations (rihai/ops, docs/operations.md) ----------------------------------------------
from rihai.ops import config as _ops  # noqa: E402

# Load balancers and Prometheus probe the application server directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Production logs one JSON object per line unless told otherwise (LOG_FORMAT=plain).
LOG_FORMAT = _ops.choice(env, "LOG_FORMAT", _ops.LOG_FORMATS, "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
