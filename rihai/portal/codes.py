"""Tracking codes: 80 random bits shown as XXXX-XXXX-XXXX-XXXX, stored only as a keyed hash.

At 80 bits, guessing a code is hopeless even without the lookup budget that limits tries.
"""

import base64
import secrets

from rihai.core.encryption import blind_index, blind_index_candidates

ALPHABET_FIX = str.maketrans({"0": "O", "1": "I", "8": "B"})  # what people mistype


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 16 characters, no padding
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise(code: str) -> str:
    letters = "".join(ch for ch in (code or "").upper() if ch.isalnum()).translate(ALPHABET_FIX)
    return letters if len(letters) == 16 else ""


def code_hash(code: str) -> str:
    return blind_index("portal-report:" + normalise(code))


def code_hashes(code: str) -> list[str]:
    normalised = normalise(code)
    return blind_index_candidates("portal-report:" + normalised) if normalised else []
