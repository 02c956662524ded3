"""Identifiers shown masked unless revealed: least privilege inside an agency.

Everyone who may see a person sees their CNIC, B-Form, passport and phone masked
(``35202-•••••••-1``, ``+92•••••••67``): enough to tell two records apart and to read an
identifier back to the person, not enough to copy it. A holder of (identifiers, view) reveals
one value at a time through ``do_reveal_identifier`` (audited). Policy: docs/security.md.
"""

IDENTIFIER_FIELDS = ("cnic", "bform", "passport", "phone", "guardian_phone")
DOT = "•"


def mask(value: str) -> str:
    """``value`` with all but its first and last characters hidden; separators kept."""
    if not value:
        return value
    chars = list(value)
    positions = [i for i, ch in enumerate(chars) if ch.isalnum()]
    if len(positions) <= 4:
        return "".join(DOT if ch.isalnum() else ch for ch in chars)
    keep_head = 5 if len(positions) == 13 else 3  # a CNIC's district code stays readable
    keep = set(positions[:keep_head]) | set(
        positions[-1:] if len(positions) == 13 else positions[-2:]
    )
    return "".join(ch if i in keep or not ch.isalnum() else DOT for i, ch in enumerate(chars))


def masked_identifiers(person) -> dict[str, str]:
    return {field: mask(getattr(person, field) or "") for field in IDENTIFIER_FIELDS}
