"""Keeping floods out without a third-party service and without JavaScript.

- A question any person can answer ("What is 4 + 3?"), asked in the form and checked
  statelessly: the numbers travel in a signed, time-limited token, so nothing is stored.
- A hidden field people do not see and bots fill in.
- A per-client budget per hour, counted in the cache under a keyed hash of the client's
  address that changes every day. The address itself is never written anywhere; the hash
  lives only in the cache, only for the budget's window.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

SALT = "rihai.portal.challenge"
MAX_AGE_SECONDS = 60 * 60


def new_question() -> tuple[str, str]:
    """(the question's two numbers as text, a signed token holding their sum)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"sum": a + b, "nonce": secrets.token_hex(4)}, salt=SALT)
    return f"{a} + {b}", token


def answer_is_right(token: str, answer) -> bool:
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    try:
        return int(str(answer).strip()) == data["sum"]
    except (TypeError, ValueError):
        return False


def _client_key(request, bucket: str) -> str:
    day = timezone.now().strftime("%Y-%m-%d")
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(
        f"{settings.SECRET_KEY}:{day}".encode(), address.encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"portal:{bucket}:{digest}"


def within_budget(request, bucket: str, *, per_hour: int) -> bool:
    """Counts this request against the client's hourly budget; False once it is spent."""
    key = _client_key(request, bucket)
    cache.add(key, 0, timeout=60 * 60)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        used = 1
    return used <= per_hour
