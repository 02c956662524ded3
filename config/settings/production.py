"""Production: refuses to start without its secrets; every transport and cookie hardened."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
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
