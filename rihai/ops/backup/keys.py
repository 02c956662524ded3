"""The two backup keys, read from settings (the environment) and checked before any use.

BACKUP_ENCRYPTION_KEY seals the archive (AES-256-GCM): whoever holds it can read a backup.
BACKUP_SIGNING_KEY signs the manifest (HMAC-SHA256): whoever holds it can vouch that a backup
came from this deployment. They are different secrets so that an escrow agent who can read
backups for recovery cannot forge one. Neither is ever written into a backup.
"""

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SIGNING_KEY = 32


def encryption_key() -> bytes:
    value = getattr(settings, "BACKUP_ENCRYPTION_KEY", "") or ""
    if not value:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY is not set: 32 random bytes in URL-safe base64 "
            "(python -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')."
        )
    try:
        key = base64.urlsafe_b64decode(value.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY is malformed: it must be 32 bytes in URL-safe base64 (44 characters)."
        )
    return key


def signing_key() -> bytes:
    value = getattr(settings, "BACKUP_SIGNING_KEY", "") or ""
    if len(value) < MIN_SIGNING_KEY:
        raise ImproperlyConfigured(
            f"BACKUP_SIGNING_KEY is {'not set' if not value else 'too short'}: at least "
            f"{MIN_SIGNING_KEY} random characters, used for nothing else."
        )
    if value in (settings.SECRET_KEY, getattr(settings, "BACKUP_ENCRYPTION_KEY", "")):
        raise ImproperlyConfigured(
            "BACKUP_SIGNING_KEY must differ from SECRET_KEY and BACKUP_ENCRYPTION_KEY."
        )
    return value.encode("utf-8")
