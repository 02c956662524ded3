"""``Idempotency-Key`` on every app's API create endpoints: a client that retries a create (a
timeout, a dropped connection) gets what its first request created, never a second record.

- Keys are per user, stored as a SHA-256 hash with the endpoint's name, a SHA-256 of the request
  (endpoint, path arguments, body) and the created record's id: no body, no personal data.
- The same key with the same request answers like the first time (the endpoint's ``replay``
  re-reads the record through its access function and audits the view when it shows personal
  data) with the header ``Idempotent-Replayed: true``. The same key with another request or
  another endpoint is refused with 409 (``KeyReused``).
- The key row is claimed first inside the create action's own transaction, before the action
  takes any lock (``rihai.core.actions.around_next_action``), and completed with the record's
  id before commit: the record and its key commit together or not at all. A second request with
  the same key at the same moment waits on the first's claim (the unique key row), then rolls
  back and replays the first's answer: never two records, and never a validation error about the
  record the first one just made.

A view uses ``@idempotent(endpoint, replay)`` around its ``post``; a view whose create and
answer are already two functions may call ``create_once``. Both run the same code.
"""

import functools
import hashlib
import json
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema

from .actions import around_next_action
from .models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="A unique key per create (at most 200 characters): a retry with the same key "
    "and the same body answers like the first request (header Idempotent-Replayed: true), never "
    "with a second record; the same key with another body or endpoint answers 409.",
)


class KeyReused(ValidationError):
    """The user already sent this key with another request (body, path or endpoint)."""

    def __init__(self):
        super().__init__(
            {"Idempotency-Key": _("This Idempotency-Key was already used for another request.")}
        )


class AlreadyCreated(Exception):
    """The key was claimed meanwhile by a request that committed: roll back, then replay."""


class _Create:
    """One create request that carries a key: who, which key, which request."""

    def __init__(self, request, endpoint: str, key_hash: str):
        self.user = request.user
        self.endpoint = endpoint
        self.key_hash = key_hash
        self.request_hash = _request_hash(request, endpoint)

    def earlier(self) -> IdempotencyKey | None:
        """The committed row of this user's earlier request with the key; refuses another
        request with it."""
        row = IdempotencyKey.objects.filter(user=self.user, key_hash=self.key_hash).first()
        if row is None:
            return None
        if row.endpoint != self.endpoint:
            raise KeyReused
        # A row kept before request hashes were stored (blank) matches any body of its endpoint.
        if row.request_hash and row.request_hash != self.request_hash:
            raise KeyReused
        return row

    @contextmanager
    def claimed(self, object_id):
        """The key row is the next action's first write, and carries its result's id."""
        claim = {}

        def begin():
            try:
                with transaction.atomic():  # a savepoint: the conflict is reported, not a 500
                    claim["row"] = IdempotencyKey.objects.create(
                        user=self.user,
                        key_hash=self.key_hash,
                        endpoint=self.endpoint,
                        request_hash=self.request_hash,
                    )
            except IntegrityError:
                raise AlreadyCreated from None

        def end(result):
            IdempotencyKey.objects.filter(pk=claim["row"].pk).update(object_id=object_id(result))

        with around_next_action(begin=begin, end=end):
            yield


def _key_hash(request) -> str | None:
    raw = request.META.get(HEADER, "")
    if not raw:
        return None
    if len(raw) > MAX_KEY_LENGTH:
        raise ValidationError(
            {"Idempotency-Key": _("An Idempotency-Key is at most 200 characters.")}
        )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _request_hash(request, endpoint: str) -> str:
    """SHA-256 of what the request asks: the endpoint, its path arguments and its body, in a
    canonical form (JSON key order and a multipart boundary do not count; a file's bytes do)."""
    path = (getattr(request, "parser_context", None) or {}).get("kwargs") or {}
    canonical = {"endpoint": endpoint, "path": path, "body": _canonical(request.data)}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(data):
    if hasattr(data, "lists"):  # a form or multipart QueryDict: every value of every field
        return {name: [_canonical(v) for v in values] for name, values in data.lists()}
    if isinstance(data, UploadedFile):
        digest = hashlib.sha256()
        for chunk in data.chunks():
            digest.update(chunk)
        data.seek(0)  # the view reads it next
        return {"file": data.name, "sha256": digest.hexdigest()}
    return data


def _pk(result):
    return getattr(result, "pk", None)


def _mark_replayed(response):
    response[REPLAYED_HEADER] = "true"
    return response


def create_once(request, endpoint: str, create, answer, *, object_id=_pk):
    """``create()`` (one action) once per key; ``answer(request, object_id, replayed)`` makes
    the response (and audits the view when ``replayed`` shows personal data). Without the
    header it simply creates."""
    key_hash = _key_hash(request)
    if key_hash is None:
        return answer(request, object_id(create()), False)
    once = _Create(request, endpoint, key_hash)
    earlier = once.earlier()
    if earlier is not None:
        return answer(request, earlier.object_id, True)
    try:
        with once.claimed(object_id):
            created = create()
    except AlreadyCreated:
        return answer(request, once.earlier().object_id, True)
    return answer(request, object_id(created), False)


def idempotent(endpoint: str, replay, *, object_id=_pk):
    """Makes an APIView's create method (``post``) safe to retry with an ``Idempotency-Key``.

    The method runs as written and its first action is the create; ``object_id(result)`` is what
    the key keeps of that action's result (its ``pk`` by default). A repeat of the request is
    answered by ``replay(request, object_id, **path_kwargs)``, which re-reads the record through
    the app's access function, audits the view if it shows personal data and returns the
    response the first request got. Declares the header in the OpenAPI schema (the 409 is added
    by ``core.openapi_errors`` to every operation that takes the header).
    """

    def decorate(view_method):
        @functools.wraps(view_method)
        def wrapped(view, request, *args, **kwargs):
            key_hash = _key_hash(request)
            if key_hash is None:
                return view_method(view, request, *args, **kwargs)
            once = _Create(request, endpoint, key_hash)
            earlier = once.earlier()
            if earlier is not None:
                return _mark_replayed(replay(request, earlier.object_id, **kwargs))
            try:
                with once.claimed(object_id):
                    return view_method(view, request, *args, **kwargs)
            except AlreadyCreated:
                return _mark_replayed(replay(request, once.earlier().object_id, **kwargs))

        return extend_schema(parameters=[IDEMPOTENCY_KEY])(wrapped)

    return decorate
