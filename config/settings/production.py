"""Production: refuses to start without its secrets; every transport and cookie hardened."""

import base64
import binascii
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env
from .key_checks import check_blind_index_keys, check_fernet_keys, check_secret_key


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
check_secret_key("SECRET_KEY", SECRET_KEY)
_required("DATABASE_URL")
# Format and strength, not just presence: a placeholder key must stop the server.
check_fernet_keys("FIELD_ENCRYPTION_KEYS", env.list("FIELD_ENCRYPTION_KEYS", default=[]))
check_blind_index_keys("BLIND_INDEX_KEYS", env.list("BLIND_INDEX_KEYS", default=[]))
# The audit chain's key must be a real secret of its own: a short or reused key lets whoever
# reads the database (or the other secret) recompute the chain after deleting rows.
_audit_chain_keys = env.list("AUDIT_CHAIN_KEYS", default=[])
if (
    not _audit_chain_keys
    or any(len(key) < 32 for key in _audit_chain_keys)
    or {SECRET_KEY, *env.list("BLIND_INDEX_KEYS")} & set(_audit_chain_keys)
):
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEYS must be set in the environment for production: keys of at least 32 "
        "characters used for nothing else (python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))')."
    )


def _is_ed25519_key(value: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == 32
    except (binascii.Error, ValueError):
        return False


_checkpoint_keys = env.list("AUDIT_CHECKPOINT_KEYS", default=[])
if not _checkpoint_keys or not all(_is_ed25519_key(key) for key in _checkpoint_keys):
    raise ImproperlyConfigured(
        "AUDIT_CHECKPOINT_KEYS must be set in the environment for production: Ed25519 private "
        "keys, 32 random bytes each in URL-safe base64."
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
