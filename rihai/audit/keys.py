"""The audit log's keys, read from settings (the environment), never from the database.

Two kinds, each a list so it can rotate (the first signs, every one verifies):

- ``AUDIT_CHAIN_KEYS``: HMAC-SHA256 secrets that key the hash chain. Without one, an attacker
  who can write to the database can recompute every hash after a deletion; with one, they
  cannot, unless they also hold the key.
- ``AUDIT_CHECKPOINT_KEYS``: Ed25519 private keys (32 bytes, URL-safe base64) that sign the
  checkpoints written outside the database. Ed25519 rather than HMAC so that anyone holding
  only the public key (``AUDIT_CHECKPOINT_PUBLIC_KEYS``: an auditor's laptop, a second site)
  can check the checkpoints without being able to forge one, and so that a leaked chain key
  does not also forge checkpoints.

A key is named by a short fingerprint (its *id*), stored with each row or checkpoint it signed,
so rotating keys never makes old rows unverifiable as long as the old key stays in the list.
"""

import base64
import binascii
import hashlib
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Fewer bytes than this is not a secret an attacker cannot guess offline.
MIN_CHAIN_KEY_BYTES = 32


def key_id_for(secret: bytes) -> str:
    """A 12-hex-digit fingerprint naming a key; reveals nothing usable about the key."""
    return hashlib.sha256(b"rihai-audit-key-id:" + secret).hexdigest()[:12]


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64decode(value: str, setting: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value.strip() + "=" * (-len(value.strip()) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{setting} holds a value that is not base64") from exc


@cache
def _chain_keys(keys: tuple[str, ...]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for key in keys:
        secret = key.encode("utf-8")
        if len(secret) < MIN_CHAIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"every AUDIT_CHAIN_KEYS entry needs at least {MIN_CHAIN_KEY_BYTES} characters"
            )
        found[key_id_for(secret)] = secret
    return found


def chain_keys() -> dict[str, bytes]:
    """{key id: secret} of every configured chain key, the signing key first."""
    return _chain_keys(tuple(getattr(settings, "AUDIT_CHAIN_KEYS", ())))


def signing_chain_key() -> tuple[str, bytes]:
    """(key id, secret) that signs new rows; ImproperlyConfigured (fail closed) if none is set."""
    keys = chain_keys()
    if not keys:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEYS is empty: audit rows cannot be signed")
    return next(iter(keys.items()))


@cache
def _checkpoint_private_keys(keys: tuple[str, ...]) -> dict[str, Ed25519PrivateKey]:
    found: dict[str, Ed25519PrivateKey] = {}
    for key in keys:
        raw = _b64decode(key, "AUDIT_CHECKPOINT_KEYS")
        if len(raw) != 32:
            raise ImproperlyConfigured("AUDIT_CHECKPOINT_KEYS entries are 32-byte Ed25519 keys")
        private = Ed25519PrivateKey.from_private_bytes(raw)
        found[key_id_for(_raw(private.public_key()))] = private
    return found


@cache
def _checkpoint_public_keys(
    private: tuple[str, ...], public: tuple[str, ...]
) -> dict[str, Ed25519PublicKey]:
    found = {kid: key.public_key() for kid, key in _checkpoint_private_keys(private).items()}
    for key in public:
        raw = _b64decode(key, "AUDIT_CHECKPOINT_PUBLIC_KEYS")
        if len(raw) != 32:
            raise ImproperlyConfigured("AUDIT_CHECKPOINT_PUBLIC_KEYS entries are 32-byte keys")
        found[key_id_for(raw)] = Ed25519PublicKey.from_public_bytes(raw)
    return found


def signing_checkpoint_key() -> tuple[str, Ed25519PrivateKey]:
    keys = _checkpoint_private_keys(tuple(getattr(settings, "AUDIT_CHECKPOINT_KEYS", ())))
    if not keys:
        raise ImproperlyConfigured("AUDIT_CHECKPOINT_KEYS is empty: checkpoints cannot be signed")
    return next(iter(keys.items()))


def checkpoint_verify_keys() -> dict[str, Ed25519PublicKey]:
    """{key id: public key} from the private keys and any public-only keys configured."""
    return _checkpoint_public_keys(
        tuple(getattr(settings, "AUDIT_CHECKPOINT_KEYS", ())),
        tuple(getattr(settings, "AUDIT_CHECKPOINT_PUBLIC_KEYS", ())),
    )


def new_checkpoint_key() -> str:
    """A fresh Ed25519 private key, URL-safe base64 (for ``dev.py`` and operators)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.urlsafe_b64encode(raw).decode()


def public_key_of(private_b64: str) -> str:
    """The public half of a checkpoint key, to give to whoever verifies elsewhere."""
    raw = _b64decode(private_b64, "AUDIT_CHECKPOINT_KEYS")
    public = Ed25519PrivateKey.from_private_bytes(raw).public_key()
    return base64.urlsafe_b64encode(_raw(public)).decode()
