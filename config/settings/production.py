"""Production: refuses to start without its secrets; every transport and cookie hardened."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
_required("DATABASE_URL")
if not env.list("FIELD_ENCRYPTION_KEYS", default=[]):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set in the environment for production."
    )
if not env.list("BLIND_INDEX_KEYS", default=[]):
    raise ImproperlyConfigured("BLIND_INDEX_KEYS must be set in the environment for production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
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
# Throttles and rate limits count across every web process, so the cache is shared.
_required("REDIS_CACHE_URL")


# --- Operations (rihai/ops, docs/operations.md) ----------------------------------------------
from rihai.ops import config as _ops  # noqa: E402

# Load balancers and Prometheus probe the application server directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Production logs one JSON object per line unless told otherwise (LOG_FORMAT=plain).
LOG_FORMAT = _ops.choice(env, "LOG_FORMAT", _ops.LOG_FORMATS, "json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
