"""Start-up checks of the production secrets: refuse weak or malformed keys by name.

A mistyped key (``FIELD_ENCRYPTION_KEYS=notakey``) or a guessable one (``BLIND_INDEX_KEYS=a``)
must stop the server before it stores a survivor's data under it. The strength test is a
heuristic (length and the spread of characters), enough to refuse placeholders and
hand-typed words; generate real keys as ``docs/security.md`` shows.
"""

import base64
import binascii
import math
from collections import Counter

from django.core.exceptions import ImproperlyConfigured

GENERATE_HINT = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
FERNET_HINT = (
    "generate one with: python -c "
    '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


def estimated_bits(value: str) -> float:
    """Shannon entropy of the characters times the length: low for repeats and words."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return per_char * len(value)


def _refuse_weak(name: str, value: str, *, min_length: int, hint: str) -> None:
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name}: each key must be at least {min_length} characters long; {hint}."
        )
    bits = estimated_bits(value)
    if bits / len(value) < 3.0 or bits < 100:
        raise ImproperlyConfigured(f"{name}: a key is too predictable (repeated text); {hint}.")


def check_fernet_keys(name: str, keys: list[str]) -> None:
    """Each key is urlsafe base64 of exactly 32 random bytes (what Fernet needs)."""
    if not keys:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (urlsafe base64 of 32 bytes); "
                f"{FERNET_HINT}."
            )
        if len(set(raw)) < 16:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not random (too few distinct bytes); {FERNET_HINT}."
            )


def check_blind_index_keys(name: str, keys: list[str]) -> None:
    """Keys of at least 32 characters that are not repeated text (HMAC keys: blind indexes,
    the audit chain)."""
    if not keys:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    for key in keys:
        _refuse_weak(name, key, min_length=32, hint=GENERATE_HINT)


check_hmac_keys = check_blind_index_keys


def _raw_32_bytes(value: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode((value + "=" * (-len(value) % 4)).encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return b""
    return raw if len(raw) == 32 else b""


def check_raw_keys(name: str, keys: list[str], *, required: bool = True, hint: str) -> None:
    """Each key is 32 bytes in URL-safe base64 (Ed25519 private keys, the backup's AES key),
    and not a placeholder such as 32 equal bytes or a typed sentence."""
    if required and not keys:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    for position, key in enumerate(keys, start=1):
        raw = _raw_32_bytes(key)
        if not raw:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not 32 bytes in URL-safe base64; {hint}."
            )
        if len(set(raw)) < 16 or all(32 <= b < 127 for b in raw):
            raise ImproperlyConfigured(
                f"{name}: key {position} is not random (repeated or typed text); {hint}."
            )


RAW_KEY_HINT = (
    "generate one with: python -c "
    '"import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
)


def check_distinct(keys_by_setting: dict[str, list[str]]) -> None:
    """No secret serves two purposes: whoever learns one setting (a leaked backup key, the
    SECRET_KEY in a crash report) must not learn another with it."""
    seen: dict[str, str] = {}
    for name, keys in keys_by_setting.items():
        for key in keys:
            if key and seen.get(key, name) != name:
                raise ImproperlyConfigured(
                    f"{name} reuses a key of {seen[key]}: each setting needs its own keys; "
                    f"{GENERATE_HINT}."
                )
            seen.setdefault(key, name)


def check_secret_key(name: str, value: str) -> None:
    if value.startswith("django-insecure-"):
        raise ImproperlyConfigured(f"{name} is Django's insecure example key; {GENERATE_HINT}.")
    _refuse_weak(name, value, min_length=50, hint=GENERATE_HINT)
