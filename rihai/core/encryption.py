"""Field-level encryption and keyed blind indexes for personal data.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256). ``FIELD_ENCRYPTION_KEYS`` is a
list: the first key encrypts, every key decrypts, so a new key can be put first and old rows
re-encrypted in the background (``manage.py rotate_field_keys``) with no downtime.

Exact lookups (a CNIC, a phone number) cannot search ciphertext, so such fields carry a
blind index: HMAC-SHA256 under ``BLIND_INDEX_KEYS`` of the normalised value. The first key
writes; lookups try every key, so rotating the index key is also done without downtime.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CIPHERTEXT_PREFIX = "enc1:"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: personal data cannot be stored without a key."
        )
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a key that is not a valid Fernet key."
        ) from exc


def _fernet() -> MultiFernet:
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    token = _fernet().encrypt(plaintext.encode("utf-8"))
    return CIPHERTEXT_PREFIX + token.decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(CIPHERTEXT_PREFIX):
        raise DecryptionError("value is not Rihai ciphertext")
    try:
        return _fernet().decrypt(stored[len(CIPHERTEXT_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("no configured key decrypts this value") from exc


def rotate(stored: str) -> str:
    """Re-encrypts a stored value under the first (newest) key."""
    token = stored[len(CIPHERTEXT_PREFIX) :].encode("ascii")
    return CIPHERTEXT_PREFIX + _fernet().rotate(token).decode("ascii")


def is_current(stored: str) -> bool:
    """True if the value is already encrypted under the newest key."""
    first = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())
    try:
        first.decrypt(stored[len(CIPHERTEXT_PREFIX) :].encode("ascii"))
    except InvalidToken:
        return False
    return True


def _index_keys() -> list[str]:
    keys = settings.BLIND_INDEX_KEYS
    if not keys:
        raise ImproperlyConfigured("BLIND_INDEX_KEYS is empty: blind indexes cannot be computed.")
    return keys


def blind_index(normalised: str, *, key: str | None = None) -> str:
    """HMAC-SHA256 of an already-normalised value under ``key`` (default: the newest key)."""
    key = key or _index_keys()[0]
    return hmac.new(key.encode(), normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_index_candidates(normalised: str) -> list[str]:
    """Every index the value may be stored under while keys rotate: search with ``__in``."""
    return [blind_index(normalised, key=key) for key in _index_keys()]
