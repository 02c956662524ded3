"""Encrypted export packages: a document sealed with a passphrase for its recipient.

AES-256-GCM (authenticated: a changed byte makes opening fail, it never yields altered data)
under a key derived from the passphrase with scrypt (n=2**15, r=8, p=1: memory-hard, so
guessing passphrases offline is slow), both from ``cryptography``, which Rihai already uses
for its field encryption. No new dependency, and unlike an AES zip (WinZip AE-2) nothing is
left in clear: file names, sizes and the format's own metadata are inside the ciphertext.
The recipient opens it with ``manage.py open_package`` or ``open_package()`` below.

The passphrase is the exporter's, at least ``MIN_PASSPHRASE`` characters, and must reach the
recipient by another channel (a phone call), never with the file. Rihai does not keep it.

Layout: ``MAGIC`` (8 bytes) | salt (16) | nonce (12) | ciphertext with GCM tag. The magic
and the scrypt parameters are authenticated as associated data.
"""

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.http import HttpResponse

MAGIC = b"RIHAIPK1"
MIN_PASSPHRASE = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SALT, _NONCE = 16, 12
MEDIA_TYPE = "application/vnd.rihai.package"
SUFFIX = ".rihai-package"


class PackageError(ValueError):
    """Not a package, or the wrong passphrase, or the package was changed."""


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8")
    )


def _associated() -> bytes:
    return MAGIC + f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}".encode()


def seal(data: bytes, passphrase: str) -> bytes:
    """``data`` encrypted for whoever knows ``passphrase``."""
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValueError(f"a package passphrase has at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, data, _associated())
    return MAGIC + salt + nonce + sealed


def open_package(package: bytes, passphrase: str) -> bytes:
    """The data sealed in ``package``; PackageError if the passphrase or package is wrong."""
    if not package.startswith(MAGIC) or len(package) < len(MAGIC) + _SALT + _NONCE + 16:
        raise PackageError("this is not a Rihai package")
    body = package[len(MAGIC) :]
    salt, nonce, sealed = body[:_SALT], body[_SALT : _SALT + _NONCE], body[_SALT + _NONCE :]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, _associated())
    except InvalidTag:
        raise PackageError("wrong passphrase, or the package was changed") from None


def export_response(case, document: dict, passphrase: str) -> HttpResponse:
    """A case's HTCDS document as a download: JSON, or sealed with ``passphrase``."""
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    # The file is named by the case's reference only where the purpose carries it (research
    # blanks it in the document, so the name must not give it back).
    stem = document.get("case", {}).get("x_rihai", {}).get("reference") or "rihai-case"
    if passphrase:
        response = HttpResponse(seal(body, passphrase), content_type=MEDIA_TYPE)
        name = f"{stem}.htcds{SUFFIX}"
    else:
        response = HttpResponse(body, content_type="application/json")
        name = f"{stem}.htcds.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
