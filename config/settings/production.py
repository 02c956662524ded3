"""Production: refuses to start without its secrets; every transport and cookie hardened."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


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
# The audit chain's key must be a real secret: a guessable key lets anyone with database
# access recompute the chain after deleting rows.
if not env.list("AUDIT_CHAIN_KEYS", default=[]) or any(
    len(key) < 32 for key in env.list("AUDIT_CHAIN_KEYS", default=[])
):
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEYS must be set in the environment for production, each key at least "
        "32 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )
if not env.list("AUDIT_CHECKPOINT_KEYS", default=[]):
    raise ImproperlyConfigured(
        "AUDIT_CHECKPOINT_KEYS must be set in the environment for production (an Ed25519 key, "
        "32 bytes in URL-safe base64)."
    )
_required("AUDIT_CHECKPOINT_DIR")
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
