"""Documents and photos: what type a file is (by its first bytes, never its name), how large it
may be, and its encryption with a key of its own.

Each file gets a fresh Fernet key; the key is stored field-encrypted beside the ciphertext, so
rotating the field keys re-encrypts 100 bytes per file, not the file, and a leaked database
dump without the field keys reveals no document.
"""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

# (first bytes, content type). Only these types: what a case file needs (scans, photos, PDFs),
# and none that a browser would run (no HTML, SVG or office macros).
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}


def max_bytes() -> int:
    return int(getattr(settings, "CASE_DOCUMENT_MAX_BYTES", MAX_DOCUMENT_BYTES))


def sniff(data: bytes) -> str:
    """The content type of ``data`` from its signature, or ValidationError."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    raise ValidationError(
        {"file": _("This kind of file cannot be added: upload a PDF, PNG or JPEG.")}
    )


def check(data: bytes) -> str:
    """Size and type of an upload; the content type, or ValidationError (bilingual)."""
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > max_bytes():
        raise too_large()
    return sniff(data)


def too_large() -> ValidationError:
    return ValidationError(
        {"file": _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes() // 2**20}}
    )


def encrypt(data: bytes) -> tuple[str, bytes]:
    """(the new file key, the ciphertext)."""
    key = Fernet.generate_key()
    return key.decode("ascii"), Fernet(key).encrypt(data)


def decrypt(key: str, ciphertext: bytes) -> bytes:
    return Fernet(key.encode("ascii")).decrypt(bytes(ciphertext))
