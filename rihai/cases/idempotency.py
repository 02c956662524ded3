"""``Idempotency-Key`` on the API's create endpoints: a client that retries a create (a
timeout, a dropped connection) gets the record its first request created, never a second one.

Keys are per user and stored as a SHA-256 hash next to the endpoint and the created record's
id, nothing else: no request body, no personal data. The key row is written inside the create
action's own transaction (``rihai.core.actions.before_commit``), so the record and its key
commit together; two requests with one key at once cannot both create (the unique key row
makes the second roll back, and it then answers with the first's record).
"""

import hashlib
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rihai.core.actions import before_commit

from .models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY_LENGTH = 200


class KeyReused(ValidationError):
    """The key was already used by this user for another endpoint."""

    def __init__(self):
        super().__init__(
            {"Idempotency-Key": _("This Idempotency-Key was already used for another request.")}
        )


class AlreadyCreated(Exception):
    """Raised inside the action when the key was taken meanwhile: roll back, then replay."""


def _key_hash(request) -> str | None:
    raw = request.META.get(HEADER, "")
    if not raw:
        return None
    if len(raw) > MAX_KEY_LENGTH:
        raise ValidationError(
            {"Idempotency-Key": _("An Idempotency-Key is at most 200 characters.")}
        )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def previous(request, endpoint: str) -> int | None:
    """The id of what this user's earlier request with the same key created here, if any."""
    key_hash = _key_hash(request)
    if key_hash is None:
        return None
    row = IdempotencyKey.objects.filter(user=request.user, key_hash=key_hash).first()
    if row is None:
        return None
    if row.endpoint != endpoint:
        raise KeyReused
    return row.object_id


@contextmanager
def recording(request, endpoint: str):
    """Around the create action: its key row is written in the action's transaction."""
    key_hash = _key_hash(request)
    if key_hash is None:
        yield
        return

    def record(result):
        try:
            with transaction.atomic():  # a savepoint: the conflict is reported, not a 500
                IdempotencyKey.objects.create(
                    user=request.user,
                    key_hash=key_hash,
                    endpoint=endpoint,
                    object_id=result.pk,
                )
        except IntegrityError:
            raise AlreadyCreated from None

    with before_commit(record):
        yield


def create_once(request, endpoint: str, create, answer):
    """``create()`` (one action) once per key; ``answer(request, object_id, replayed)`` makes
    the response. Without the header it simply creates."""
    earlier = previous(request, endpoint)
    if earlier is not None:
        return answer(request, earlier, True)
    try:
        with recording(request, endpoint):
            created = create()
    except AlreadyCreated:
        return answer(request, previous(request, endpoint), True)
    return answer(request, created.pk, False)
